#include "credentials/AppProfileStore.h"

#include "base/AppIdentity.h"
#include "base/FaultCodes.h"
#include "base/PrivateFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>

namespace dmsx {

namespace {

const QString kGroup = QStringLiteral("profiles");
// Lets a later version migrate the layout, as Nextcloud's "version" key does.
const QString kVersionKey = QStringLiteral("profiles_version");

Result<void> syncOrFault(QSettings& settings)
{
    settings.sync();
    if (settings.status() != QSettings::NoError) {
        return Fault::make(
            FaultKind::Configuration, FaultCode::SettingsNotWritable,
            QStringLiteral("Could not write the profile settings file %1. Check that its folder "
                           "exists and is writable.")
                .arg(settings.fileName()));
    }
    return {};
}

} // namespace

AppProfileStore::AppProfileStore(const QString& filePath) : m_filePath(filePath) {}

QString AppProfileStore::defaultFilePath()
{
    return AppIdentity::configDirectory() + QStringLiteral("/profiles.ini");
}

bool AppProfileStore::isValidName(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._@-]{1,64}$"));
    return re.match(name).hasMatch() && name != QLatin1String(".") && name != QLatin1String("..");
}

QStringList AppProfileStore::names() const
{
    QSettings s(m_filePath, QSettings::IniFormat);
    s.beginGroup(kGroup);
    QStringList out = s.childGroups();
    out.sort();
    return out;
}

bool AppProfileStore::contains(const QString& name) const
{
    return isValidName(name) && names().contains(name);
}

std::optional<AppProfileStore::Profile> AppProfileStore::profile(const QString& name) const
{
    if (!contains(name))
        return std::nullopt;
    QSettings s(m_filePath, QSettings::IniFormat);
    s.beginGroup(kGroup + QLatin1Char('/') + name);
    Profile p;
    p.name = name;
    p.region = s.value(QStringLiteral("region")).toString();
    p.endpointUrl = s.value(QStringLiteral("endpoint_url")).toString();
    p.roleArn = s.value(QStringLiteral("role_arn")).toString();
    p.importedFrom = s.value(QStringLiteral("imported_from")).toString();
    p.ssoStartUrl = s.value(QStringLiteral("sso_start_url")).toString();
    p.ssoRegion = s.value(QStringLiteral("sso_region")).toString();
    p.ssoAccountId = s.value(QStringLiteral("sso_account_id")).toString();
    p.ssoRoleName = s.value(QStringLiteral("sso_role_name")).toString();
    p.ssoSession = s.value(QStringLiteral("sso_session")).toString();
    return p;
}

SsoProfileConfig AppProfileStore::Profile::ssoConfig() const
{
    SsoProfileConfig c;
    c.profileName = name;
    c.sessionName = ssoSession.isEmpty() ? name : ssoSession;
    c.startUrl = ssoStartUrl;
    c.ssoRegion = ssoRegion;
    c.accountId = ssoAccountId;
    c.roleName = ssoRoleName;
    c.registrationScopes = QStringList{QStringLiteral("sso:account:access")};
    return c;
}

QList<AppProfileStore::Profile> AppProfileStore::profiles() const
{
    QList<Profile> out;
    for (const QString& name : names()) {
        if (auto p = profile(name))
            out.append(*p);
    }
    return out;
}

Result<void> AppProfileStore::save(const Profile& profile)
{
    if (!isValidName(profile.name)) {
        return Fault::make(
            FaultKind::Usage, FaultCode::InvalidProfileName,
            QStringLiteral("'%1' cannot be a profile name: use 1 to 64 letters, digits, '.', '_', "
                           "'-' or '@'.")
                .arg(profile.name));
    }
    PrivateFiles::createFile(m_filePath);
    QSettings s(m_filePath, QSettings::IniFormat);
    s.setValue(kVersionKey, 1);
    s.beginGroup(kGroup + QLatin1Char('/') + profile.name);
    s.remove(QString()); // replace, not merge: a cleared setting must not survive
    // A group with no keys is not a child group; this key keeps an all-default profile listed.
    s.setValue(QStringLiteral("name"), profile.name);
    const auto put = [&s](const char* key, const QString& value) {
        if (!value.isEmpty())
            s.setValue(QString::fromLatin1(key), value);
    };
    put("region", profile.region);
    put("endpoint_url", profile.endpointUrl);
    put("role_arn", profile.roleArn);
    put("imported_from", profile.importedFrom);
    put("sso_start_url", profile.ssoStartUrl);
    put("sso_region", profile.ssoRegion);
    put("sso_account_id", profile.ssoAccountId);
    put("sso_role_name", profile.ssoRoleName);
    put("sso_session", profile.ssoSession);
    s.endGroup();
    return syncOrFault(s);
}

Result<bool> AppProfileStore::remove(const QString& name)
{
    if (!contains(name))
        return false;
    QSettings s(m_filePath, QSettings::IniFormat);
    s.remove(kGroup + QLatin1Char('/') + name);
    const Result<void> r = syncOrFault(s);
    if (!r)
        return r.fault();
    return true;
}

} // namespace dmsx
