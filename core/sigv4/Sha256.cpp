#include "sigv4/Sha256.h"

#include <openssl/evp.h>

namespace dmsx {

namespace {

// Fetching resolves the provider by name and takes a lock; doing it once keeps it out
// of the per-request path. The fetched object is immutable and shared between threads.
EVP_MD* sha256Algorithm()
{
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

} // namespace

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

bool Sha256::digest(const void* data, std::size_t size, std::uint8_t out[DigestSize])
{
    EVP_MD* md = sha256Algorithm();
    if (!md || !m_ctx)
        return false;
    unsigned int len = 0;
    return EVP_DigestInit_ex2(m_ctx, md, nullptr) == 1 && EVP_DigestUpdate(m_ctx, data, size) == 1 &&
           EVP_DigestFinal_ex(m_ctx, out, &len) == 1 && len == DigestSize;
}

QByteArray Sha256::hex(const QByteArray& data)
{
    // Every signature hashes twice (body, canonical request): one context per thread, not a new
    // one per call.
    static thread_local Sha256 sha;
    std::uint8_t out[DigestSize];
    if (!sha.digest(data.constData(), std::size_t(data.size()), out))
        return QByteArray();
    QByteArray result;
    appendHex(result, out, DigestSize);
    return result;
}

void Sha256::appendHex(QByteArray& to, const std::uint8_t* bytes, std::size_t size)
{
    static const char digits[] = "0123456789abcdef";
    const qsizetype start = to.size();
    to.resize(start + qsizetype(size) * 2);
    char* p = to.data() + start;
    for (std::size_t i = 0; i < size; ++i) {
        *p++ = digits[bytes[i] >> 4];
        *p++ = digits[bytes[i] & 0x0f];
    }
}

} // namespace dmsx
