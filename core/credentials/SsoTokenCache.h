#pragma once

#include "base/Result.h"
#include "credentials/SsoProfileConfig.h"
#include "credentials/SsoToken.h"

#include <QProcessEnvironment>
#include <QString>

namespace dmsx {

// Read-only view of ~/.aws/sso/cache as `aws sso login` writes it: one JSON file per sso_session
// name (or per start URL for legacy profiles), named after the SHA-1 hex of that key. The writer
// is sso/SsoTokenCacheWriter, in the same format, so either program's token serves the other.
class SsoTokenCache
{
public:
    explicit SsoTokenCache(const QProcessEnvironment& env);

    // sessionName when set, else startUrl.
    static QString cacheKey(const SsoProfileConfig& config);
    static QString cacheFileName(const SsoProfileConfig& config); // "<sha1 hex>.json"

    QString cacheDirectory() const; // $HOME/.aws/sso/cache
    QString cacheFilePath(const SsoProfileConfig& config) const;

    // Faults (kind Credentials): SsoTokenMissing when there is no file, SsoTokenInvalid when it
    // cannot be read or lacks accessToken/expiresAt. Expiry is the caller's decision (it owns the
    // clock). The access token, refresh token and client secret are registered with Redactor.
    Result<SsoToken> load(const SsoProfileConfig& config) const;

    // expiresAt as the AWS CLI wrote it over the years: RFC 3339 ("...Z", offsets) or "...UTC".
    static QDateTime parseExpiresAt(const QString& text);

private:
    QString m_home;
};

} // namespace dmsx
