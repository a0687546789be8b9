#pragma once

#include "sigv4/HmacSha256.h"
#include "sigv4/Sha256.h"

#include <QByteArray>
#include <QString>

#include <array>
#include <cstdint>
#include <map>

namespace dmsx {

// SigV4 signing keys (docs/protocol.md §1.3), derived from the secret once per date, region,
// service and key pair rather than with four HMACs on every request. The secret enters a
// cache entry's identity only as its SHA-256, so a rotated secret under the same key id gets
// a fresh key and the cache never holds the secret. Keys are secrets too: they are wiped when
// dropped, and the cache holds at most MaxKeys (a long-running process sees a new date every
// day). Not thread-safe: one instance per thread.
class SigningKeyCache
{
public:
    static constexpr std::size_t MaxKeys = 32;

    SigningKeyCache() = default;
    ~SigningKeyCache();
    SigningKeyCache(const SigningKeyCache&) = delete;
    SigningKeyCache& operator=(const SigningKeyCache&) = delete;

    // Lower-case hex HMAC-SHA256 of `stringToSign` under the key for `date` (yyyymmdd),
    // `region` and `service`; empty if OpenSSL fails.
    QByteArray signature(const QString& accessKeyId, const QString& secretAccessKey, const QByteArray& date,
                         const QString& region, const QString& service, const QByteArray& stringToSign);

    std::size_t size() const;
    void clear();

private:
    using Key = std::array<std::uint8_t, HmacSha256::MacSize>;

    Sha256 m_sha;
    HmacSha256 m_hmac;
    // Node-based: a key never moves once stored, so no unwiped copy of it is left behind.
    std::map<QByteArray, Key> m_keys;
};

} // namespace dmsx
