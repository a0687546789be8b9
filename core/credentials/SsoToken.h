#pragma once

#include <QDateTime>
#include <QString>

namespace dmsx {

// The access token `aws sso login` cached for a session or start URL. accessToken is a secret.
struct SsoToken
{
    QString accessToken;
    QDateTime expiresAt; // UTC
    QString region;
    QString startUrl;
    QString filePath; // the cache file it came from
};

} // namespace dmsx
