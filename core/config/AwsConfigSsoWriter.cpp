#include "config/AwsConfigSsoWriter.h"

#include "base/FaultCodes.h"
#include "base/PrivateFiles.h"
#include "config/AwsConfigFile.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

namespace dmsx {

QString AwsConfigSsoWriter::sectionsText(const SsoProfileConfig& sso, const QString& region)
{
    QString text = QStringLiteral("[profile %1]\nsso_session = %2\nsso_account_id = %3\nsso_role_name = %4\n")
                       .arg(sso.profileName, sso.sessionName, sso.accountId, sso.roleName);
    if (!region.isEmpty())
        text += QStringLiteral("region = %1\n").arg(region);
    text += QStringLiteral("\n[sso-session %1]\nsso_start_url = %2\nsso_region = %3\n")
                .arg(sso.sessionName, sso.startUrl, sso.ssoRegion);
    if (!sso.registrationScopes.isEmpty())
        text += QStringLiteral("sso_registration_scopes = %1\n")
                    .arg(sso.registrationScopes.join(QLatin1Char(',')));
    return text;
}

Result<void> AwsConfigSsoWriter::append(const QProcessEnvironment& env, const SsoProfileConfig& sso,
                                        const QString& region)
{
    const QString path = AwsConfigFile::defaultPaths(env).configFile;
    auto refused = [&path](const QString& why) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::AwsConfigNotWritable,
                              QStringLiteral("%1 was not changed: %2").arg(path, why));
        f.detail = path;
        return f;
    };
    if (path.isEmpty())
        return refused(QStringLiteral("no home directory is known"));
    // Every value lands on one line of its own: a line break would add settings nobody chose.
    for (const QString& value :
         {sso.profileName, sso.sessionName, sso.accountId, sso.roleName, sso.startUrl, sso.ssoRegion, region})
        if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) ||
            value.contains(QLatin1Char('[')))
            return refused(QStringLiteral("a value holds a line break or '['"));
    AwsConfigFile::Paths only;
    only.configFile = path;
    const AwsConfigFile existing = AwsConfigFile::load(only);
    if (existing.profile(sso.profileName))
        return refused(QStringLiteral("it already has a profile named %1").arg(sso.profileName));
    if (existing.ssoSession(sso.sessionName))
        return refused(QStringLiteral("it already has an sso-session named %1").arg(sso.sessionName));

    PrivateFiles::makeFolder(QFileInfo(path).absolutePath());
    const bool existed = QFile::exists(path);
    if (!existed)
        PrivateFiles::createFile(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::AwsConfigNotWritable,
                              QStringLiteral("%1 cannot be written: %2").arg(path, file.errorString()));
        f.detail = path;
        return f;
    }
    // A blank line between what was there and ours; none at the top of a new file.
    QByteArray text;
    if (file.size() > 0) {
        file.seek(file.size() - 1);
        text = file.read(1) == "\n" ? QByteArrayLiteral("\n") : QByteArrayLiteral("\n\n");
    }
    text += sectionsText(sso, region).toUtf8();
    file.seek(file.size());
    if (file.write(text) != text.size() || !file.flush()) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::AwsConfigNotWritable,
                              QStringLiteral("%1 cannot be written: %2").arg(path, file.errorString()));
        f.detail = path;
        return f;
    }
    return {};
}

} // namespace dmsx
