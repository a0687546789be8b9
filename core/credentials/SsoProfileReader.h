#pragma once

#include "base/Result.h"
#include "config/AwsConfigFile.h"
#include "credentials/SsoProfileConfig.h"

#include <QString>
#include <QStringList>

namespace dmsx {

// An SSO profile's settings from ~/.aws/config, its [sso-session] merged in, the way the AWS CLI
// reads them: for the credential chain and for `sso login --profile` / `--sso-session`.
class SsoProfileReader
{
public:
    // True when the profile names sso_session or sso_start_url.
    static bool isSsoProfile(const AwsConfigSection& profile);
    // InvalidConfigurationValue (Configuration) when the profile names a missing sso-session;
    // ProfileNotFound when there is no such profile; SsoProfileIncomplete when it is no SSO profile.
    static Result<SsoProfileConfig> fromProfile(const AwsConfigFile& files, const QString& profileName);
    // An [sso-session NAME] alone (`aws sso login --sso-session NAME`): no account or role.
    static Result<SsoProfileConfig> fromSession(const AwsConfigFile& files, const QString& sessionName);
    // sso_registration_scopes: comma-separated, blanks dropped.
    static QStringList parseScopes(const QString& value);
};

} // namespace dmsx
