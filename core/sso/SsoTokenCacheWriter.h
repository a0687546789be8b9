#pragma once

#include "base/Result.h"
#include "credentials/SsoProfileConfig.h"
#include "credentials/SsoToken.h"
#include "sso/SsoClientRegistration.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace dmsx {

// Writes ~/.aws/sso/cache as AWS CLI v2's `aws sso login` does (docs/protocol.md §7.8), so a
// token from our sign-in serves the AWS CLI and SDKs and theirs serves us (credentials/SsoTokenCache
// reads both):
// - the token: <sha1 hex of the sso_session name, or of the start URL for legacy profiles>.json
//   with startUrl, region, accessToken, expiresAt ("2026-12-06T22:40:00Z"), and for sso-session
//   profiles clientId, clientSecret, registrationExpiresAt and refreshToken (what refreshing needs);
// - the client registration, reused by the next sign-in of the same start URL, region, scopes and
//   session: <sha1 hex of botocore's JSON key>.json with clientId, clientSecret, expiresAt, scopes.
// Files are 0600 in 0700 folders, written whole or not at all.
class SsoTokenCacheWriter
{
public:
    explicit SsoTokenCacheWriter(const QProcessEnvironment& env);

    QString cacheDirectory() const; // $HOME/.aws/sso/cache

    // The JSON botocore hashes: json.dumps({"region", "scopes", "session_name", "startUrl",
    // "tool": "botocore"}, sort_keys=True), with null for no session or no scopes.
    static QByteArray registrationKeyJson(const SsoProfileConfig& config);
    static QString registrationFileName(const SsoProfileConfig& config); // "<sha1 hex>.json"

    // The cached registration when it is still good for kRegistrationMarginSeconds (the CLI's
    // window): a sign-in then skips RegisterClient.
    std::optional<SsoClientRegistration> loadRegistration(const SsoProfileConfig& config,
                                                          const QDateTime& now) const;
    Result<void> writeRegistration(const SsoProfileConfig& config,
                                   const SsoClientRegistration& registration) const;

    static QByteArray tokenJson(const SsoProfileConfig& config, const SsoToken& token);
    Result<void> writeToken(const SsoProfileConfig& config, const SsoToken& token) const;

    // Every file of the cache that holds an accessToken (what `aws sso logout` signs out and
    // removes), with the region it names; client registrations are not tokens and stay.
    QList<SsoToken> cachedTokens() const;
    // Removes a token file; false if it could not be removed.
    static bool removeTokenFile(const QString& path);

    // "2026-12-06T22:40:00Z": UTC, whole seconds.
    static QString formatTime(const QDateTime& time);

    static constexpr int kRegistrationMarginSeconds = 15 * 60;

private:
    Result<void> writeFile(const QString& path, const QByteArray& contents) const;

    QString m_home;
};

} // namespace dmsx
