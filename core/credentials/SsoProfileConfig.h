#pragma once

#include <QString>
#include <QStringList>

namespace dmsx {

// What an SSO profile in ~/.aws/config says, resolved (sso_session values already merged in).
// sessionName empty means a legacy profile that carries sso_start_url / sso_region itself.
struct SsoProfileConfig
{
    QString profileName;
    QString sessionName; // empty: legacy
    QString startUrl;
    QString ssoRegion;
    QString accountId;
    QString roleName;
    QStringList registrationScopes; // sso_registration_scopes of the sso-session; empty: none
    QString portalEndpoint;         // override, for the simulator
    QString oidcEndpoint;           // override of https://oidc.<ssoRegion>.amazonaws.com
    QString caBundlePath;           // AWS_CA_BUNDLE / ca_bundle: trusted roots for the portal too
    bool storedByApp = false;       // the app's own profile, which only the window can sign in
};

} // namespace dmsx
