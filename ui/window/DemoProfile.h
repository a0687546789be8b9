#pragma once

#include "credentials/AwsCredentials.h"

#include <QString>

namespace dmsx::ui {

// The demo account: the in-process simulator's endpoint and key pair, held in memory only.
struct DemoProfile
{
    QString name = QStringLiteral("demo");
    QString endpointUrl;
    QString region;
    AwsCredentials credentials;

    // The demo's IAM Identity Center profile, signed in through the same simulator (empty name:
    // none). An app profile in a profiles file of the demo's own, whose sign-in is cached under
    // ssoHome/.aws/sso/cache: the demo never reads, writes or signs out the user's tokens.
    QString ssoName;
    QString ssoProfilesFile;
    QString ssoHome;
};

} // namespace dmsx::ui
