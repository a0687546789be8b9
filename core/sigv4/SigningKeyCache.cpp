#include "sigv4/SigningKeyCache.h"

#include <QScopeGuard>
#include <QStringEncoder>

#include <openssl/crypto.h>

#include <cstring>

namespace dmsx {

namespace {

using Key = std::array<std::uint8_t, HmacSha256::MacSize>;

bool derive(HmacSha256& hmac, const QByteArray& prefixedSecret, const QByteArray& date,
            const QByteArray& region, const QByteArray& service, Key& key)
{
    static constexpr char Terminator[] = "aws4_request";
    Key k1;
    Key k2;
    bool ok = hmac.mac(prefixedSecret.constData(), std::size_t(prefixedSecret.size()), date.constData(),
                       std::size_t(date.size()), k1.data());
    ok = ok && hmac.mac(k1.data(), k1.size(), region.constData(), std::size_t(region.size()), k2.data());
    ok = ok && hmac.mac(k2.data(), k2.size(), service.constData(), std::size_t(service.size()), k1.data());
    ok = ok && hmac.mac(k1.data(), k1.size(), Terminator, sizeof Terminator - 1, key.data());
    // Intermediate keys are as sensitive as the secret.
    OPENSSL_cleanse(k1.data(), k1.size());
    OPENSSL_cleanse(k2.data(), k2.size());
    return ok;
}

} // namespace

SigningKeyCache::~SigningKeyCache()
{
    clear();
}

QByteArray SigningKeyCache::signature(const QString& accessKeyId, const QString& secretAccessKey,
                                      const QByteArray& date, const QString& region, const QString& service,
                                      const QByteArray& stringToSign)
{
    // "AWS4" + the secret as UTF-8, the key of the first derivation step, encoded straight
    // into one buffer that is wiped on return: toUtf8() and a prepend would leave copies.
    QStringEncoder utf8(QStringEncoder::Utf8);
    QByteArray prefixedSecret(4 + utf8.requiredSpace(secretAccessKey.size()), Qt::Uninitialized);
    std::memcpy(prefixedSecret.data(), "AWS4", 4);
    prefixedSecret.truncate(utf8.appendToBuffer(prefixedSecret.data() + 4, secretAccessKey) -
                            prefixedSecret.constData());
    const auto wipe = qScopeGuard(
        [&prefixedSecret] { OPENSSL_cleanse(prefixedSecret.data(), std::size_t(prefixedSecret.size())); });

    Key secretHash;
    if (!m_sha.digest(prefixedSecret.constData() + 4, std::size_t(prefixedSecret.size() - 4),
                      secretHash.data()))
        return QByteArray();
    const QByteArray regionUtf8 = region.toUtf8();
    const QByteArray serviceUtf8 = service.toUtf8();
    const QByteArray identity =
        QByteArray(reinterpret_cast<const char*>(secretHash.data()), secretHash.size()) + date + '\0' +
        regionUtf8 + '\0' + serviceUtf8 + '\0' + accessKeyId.toUtf8();

    auto it = m_keys.find(identity);
    if (it == m_keys.end()) {
        Key key;
        const bool derived = derive(m_hmac, prefixedSecret, date, regionUtf8, serviceUtf8, key);
        if (derived) {
            if (m_keys.size() >= MaxKeys)
                clear(); // old keys are useless and are secrets: wiped rather than kept
            it = m_keys.emplace(identity, key).first;
        }
        OPENSSL_cleanse(key.data(), key.size());
        if (!derived)
            return QByteArray();
    }

    std::uint8_t mac[HmacSha256::MacSize];
    if (!m_hmac.mac(it->second.data(), it->second.size(), stringToSign.constData(),
                    std::size_t(stringToSign.size()), mac))
        return QByteArray();
    return QByteArray(reinterpret_cast<const char*>(mac), sizeof mac).toHex();
}

std::size_t SigningKeyCache::size() const
{
    return m_keys.size();
}

void SigningKeyCache::clear()
{
    for (auto& entry : m_keys)
        OPENSSL_cleanse(entry.second.data(), entry.second.size());
    m_keys.clear();
}

} // namespace dmsx
