#include "credentials/AppProfileImport.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"

#include <QRegularExpression>

namespace dmsx {

Result<AppProfileImport> AppProfileImport::fromAwsFiles(const AwsConfigFile& files, const QString& source,
                                                        const QString& name)
{
    const AwsConfigSection* section = files.profile(source);
    if (!section) {
        return Fault::make(FaultKind::Configuration, FaultCode::UnknownProfile,
                           QStringLiteral("There is no profile '%1' in %2 or %3. Profiles found: %4.")
                               .arg(source, files.paths().credentialsFile, files.paths().configFile,
                                    files.profileNames().isEmpty() ? QStringLiteral("none")
                                                                   : files.profileNames().join(u", ")));
    }
    const AwsConfigValue* id = section->find(QStringLiteral("aws_access_key_id"));
    const AwsConfigValue* secret = section->find(QStringLiteral("aws_secret_access_key"));
    if (secret && !secret->value.isEmpty())
        Redactor::registerSecret(secret->value);
    if (!id || !secret || id->value.isEmpty() || secret->value.isEmpty()) {
        return Fault::make(
            FaultKind::Credentials, FaultCode::NoStaticKeys,
            QStringLiteral(
                "Profile '%1' has no aws_access_key_id and aws_secret_access_key pair in %2 or %3.")
                .arg(source, files.paths().credentialsFile, files.paths().configFile));
    }
    if (!section->value(QStringLiteral("aws_session_token")).isEmpty()) {
        return Fault::make(FaultKind::Credentials, FaultCode::NoStaticKeys,
                           QStringLiteral("Profile '%1' in %2 holds temporary credentials (it has "
                                          "aws_session_token); only long-term keys are imported.")
                               .arg(source, secret->filePath));
    }
    AppProfileImport out;
    out.profile.name = name.isEmpty() ? source : name;
    out.profile.region = section->value(QStringLiteral("region"));
    out.profile.endpointUrl = section->value(QStringLiteral("endpoint_url"));
    out.profile.importedFrom = QStringLiteral("%1 (profile %2)").arg(secret->filePath, source);
    out.accessKeyId = id->value;
    out.secretAccessKey = secret->value;
    return out;
}

bool AppProfileImport::isPlausibleAccessKeyId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9]{16,128}$"));
    return re.match(id).hasMatch();
}

bool AppProfileImport::isPlausibleSecretAccessKey(const QString& secret)
{
    static const QRegularExpression space(QStringLiteral("\\s"));
    return !secret.isEmpty() && !secret.contains(space);
}

} // namespace dmsx
