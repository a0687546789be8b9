#pragma once

#include <cstddef>
#include <cstdint>

struct evp_mac_ctx_st;

namespace dmsx {

// HMAC-SHA256 over OpenSSL 3 EVP_MAC. The MAC algorithm is fetched once per process;
// each instance owns one context with the digest already set, and keys it per call.
// Not thread-safe: one instance per thread.
class HmacSha256
{
public:
    static constexpr std::size_t MacSize = 32;

    HmacSha256();
    ~HmacSha256();
    HmacSha256(const HmacSha256&) = delete;
    HmacSha256& operator=(const HmacSha256&) = delete;

    // Returns false only if OpenSSL fails, never for valid input.
    bool mac(const void* key, std::size_t keySize, const void* data, std::size_t dataSize,
             std::uint8_t out[MacSize]);

private:
    evp_mac_ctx_st* m_ctx = nullptr;
};

} // namespace dmsx
