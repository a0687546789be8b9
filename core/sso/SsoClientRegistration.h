#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace dmsx {

// What RegisterClient gave: the OIDC client a sign-in (and later refreshes) go through. The
// client secret is a secret.
struct SsoClientRegistration
{
    QString clientId;
    QString clientSecret;
    QDateTime expiresAt; // UTC, clientSecretExpiresAt
    QStringList scopes;  // as requested; empty: none
};

} // namespace dmsx
