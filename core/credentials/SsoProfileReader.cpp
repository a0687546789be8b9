#include "credentials/SsoProfileReader.h"

#include "base/FaultCodes.h"

namespace dmsx {

bool SsoProfileReader::isSsoProfile(const AwsConfigSection& profile)
{
    return !profile.value(QStringLiteral("sso_session")).isEmpty() ||
           profile.contains(QStringLiteral("sso_start_url"));
}

QStringList SsoProfileReader::parseScopes(const QString& value)
{
    QStringList out;
    for (const QString& part : value.split(QLatin1Char(','))) {
        const QString scope = part.trimmed();
        if (!scope.isEmpty())
            out << scope;
    }
    return out;
}

Result<SsoProfileConfig> SsoProfileReader::fromSession(const AwsConfigFile& files, const QString& sessionName)
{
    const AwsConfigSection* session = files.ssoSession(sessionName);
    if (!session)
        return Fault::make(
            FaultKind::Configuration, FaultCode::InvalidConfigurationValue,
            QStringLiteral("There is no [sso-session %1] section in the config file.").arg(sessionName));
    SsoProfileConfig sso;
    sso.sessionName = sessionName;
    sso.startUrl = session->value(QStringLiteral("sso_start_url"));
    sso.ssoRegion = session->value(QStringLiteral("sso_region"));
    sso.registrationScopes = parseScopes(session->value(QStringLiteral("sso_registration_scopes")));
    return sso;
}

Result<SsoProfileConfig> SsoProfileReader::fromProfile(const AwsConfigFile& files, const QString& profileName)
{
    const AwsConfigSection* profile = files.profile(profileName);
    if (!profile)
        return Fault::make(FaultKind::Configuration, FaultCode::ProfileNotFound,
                           QStringLiteral("The config profile (%1) could not be found").arg(profileName));
    if (!isSsoProfile(*profile))
        return Fault::make(
            FaultKind::Configuration, FaultCode::SsoProfileIncomplete,
            QStringLiteral("Profile %1 is not an SSO profile: it names neither sso_session nor "
                           "sso_start_url")
                .arg(profileName));
    SsoProfileConfig sso;
    const QString sessionName = profile->value(QStringLiteral("sso_session"));
    if (!sessionName.isEmpty()) {
        Result<SsoProfileConfig> session = fromSession(files, sessionName);
        if (!session) {
            Fault f = session.fault();
            f.message =
                QStringLiteral("Profile \"%1\" names sso_session %2, but there is no [sso-session %2] "
                               "section in the config file.")
                    .arg(profileName, sessionName);
            return f;
        }
        sso = session.value();
    } else {
        sso.startUrl = profile->value(QStringLiteral("sso_start_url"));
        sso.ssoRegion = profile->value(QStringLiteral("sso_region"));
    }
    sso.profileName = profileName;
    sso.accountId = profile->value(QStringLiteral("sso_account_id"));
    sso.roleName = profile->value(QStringLiteral("sso_role_name"));
    return sso;
}

} // namespace dmsx
