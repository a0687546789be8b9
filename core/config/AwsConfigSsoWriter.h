#pragma once

#include "base/Result.h"
#include "credentials/SsoProfileConfig.h"

#include <QProcessEnvironment>
#include <QString>

namespace dmsx {

// Adds an IAM Identity Center profile to ~/.aws/config (AWS_CONFIG_FILE) as `aws configure sso`
// writes one: a [profile NAME] naming an [sso-session SESSION] with the start URL, SSO region and
// sso_registration_scopes, so the AWS CLI and SDKs sign in and refresh as this program does.
// Appends only, never rewrites what is there: a profile or sso-session of the same name already
// in the file is refused (AwsConfigNotWritable). Only when the person asks for it.
class AwsConfigSsoWriter
{
public:
    // The text appended (tests, and the preview a dialog may show).
    static QString sectionsText(const SsoProfileConfig& sso, const QString& region);
    static Result<void> append(const QProcessEnvironment& env, const SsoProfileConfig& sso,
                               const QString& region);
};

} // namespace dmsx
