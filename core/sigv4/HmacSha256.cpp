#include "sigv4/HmacSha256.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace dmsx {

namespace {

// Fetched once: EVP_MAC_fetch is a name lookup under a lock, far too slow per request.
EVP_MAC* hmacAlgorithm()
{
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return mac;
}

} // namespace

HmacSha256::HmacSha256()
{
    EVP_MAC* mac = hmacAlgorithm();
    if (!mac)
        return;
    m_ctx = EVP_MAC_CTX_new(mac);
    if (!m_ctx)
        return;
    // Setting the digest makes the provider fetch it by name, so it is done once here
    // and EVP_MAC_init() then only re-keys.
    char digestName[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_CTX_set_params(m_ctx, params) != 1) {
        EVP_MAC_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
}

HmacSha256::~HmacSha256()
{
    EVP_MAC_CTX_free(m_ctx);
}

bool HmacSha256::mac(const void* key, std::size_t keySize, const void* data, std::size_t dataSize,
                     std::uint8_t out[MacSize])
{
    if (!m_ctx)
        return false;
    std::size_t len = 0;
    return EVP_MAC_init(m_ctx, static_cast<const unsigned char*>(key), keySize, nullptr) == 1 &&
           EVP_MAC_update(m_ctx, static_cast<const unsigned char*>(data), dataSize) == 1 &&
           EVP_MAC_final(m_ctx, out, &len, MacSize) == 1 && len == MacSize;
}

} // namespace dmsx
