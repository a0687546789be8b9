#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>

struct evp_md_ctx_st;

namespace dmsx {

// SHA-256 over OpenSSL 3 EVP. The algorithm is fetched once per process and each
// instance keeps its own context, so hashing in a loop allocates nothing.
// Not thread-safe: one instance per thread.
class Sha256
{
public:
    static constexpr std::size_t DigestSize = 32;

    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    // Returns false only if OpenSSL fails (no default provider), never for valid input.
    bool digest(const void* data, std::size_t size, std::uint8_t out[DigestSize]);

    // Lower-case hex of SHA-256(data). Thread-safe.
    static QByteArray hex(const QByteArray& data);

    // Appends the lower-case hex form of `size` bytes.
    static void appendHex(QByteArray& to, const std::uint8_t* bytes, std::size_t size);

private:
    evp_md_ctx_st* m_ctx = nullptr;
};

} // namespace dmsx
