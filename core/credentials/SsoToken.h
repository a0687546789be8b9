#pragma once

#include <QDateTime>
#include <QString>

namespace dmsx {

// The access token `aws sso login` (or our sign-in) cached for a session or start URL. The
// access token, the refresh token and the client secret are secrets.
struct SsoToken
{
    QString accessToken;
    QDateTime expiresAt; // UTC
    QString region;
    QString startUrl;
    QString filePath; // the cache file it came from
    // sso-session tokens only: what refreshing needs (the client registration it came from).
    QString refreshToken;
    QString clientId;
    QString clientSecret;
    QDateTime registrationExpiresAt; // UTC
};

} // namespace dmsx
