#include "config/AwsProfileSummary.h"

#include <QCoreApplication>
#include <QStringList>

namespace dmsx {

namespace {

QString locationOf(const AwsConfigValue* value)
{
    if (!value)
        return QString();
    return value->line > 0 ? value->filePath + QLatin1Char(':') + QString::number(value->line)
                           : value->filePath;
}

// The program of a credential_process command line, without arguments: the arguments may carry
// anything (tokens, account names) and the column only needs to say what runs.
QString programOf(const QString& commandLine)
{
    const QString trimmed = commandLine.trimmed();
    if (trimmed.startsWith(QLatin1Char('"'))) {
        const int end = trimmed.indexOf(QLatin1Char('"'), 1);
        return end > 0 ? trimmed.mid(1, end - 1) : trimmed.mid(1);
    }
    const int space = trimmed.indexOf(QLatin1Char(' '));
    return space < 0 ? trimmed : trimmed.left(space);
}

QString maskedKeyId(const QString& keyId)
{
    if (keyId.size() <= 8)
        return QStringLiteral("****");
    return keyId.left(4) + QStringLiteral("…") + keyId.right(4);
}

} // namespace

AwsProfileSummary AwsProfileSummary::summarize(const QString& name, const AwsConfigSection& profile)
{
    AwsProfileSummary summary;
    summary.name = name;
    summary.region = profile.value(QStringLiteral("region"));
    const AwsConfigValue* akid = profile.find(QStringLiteral("aws_access_key_id"));
    const AwsConfigValue* secret = profile.find(QStringLiteral("aws_secret_access_key"));
    const bool hasKeys = akid && !akid->value.isEmpty() && secret && !secret->value.isEmpty();
    // The same order as CredentialChain::fromFileProfile: a role first, then keys, process, SSO.
    if (const AwsConfigValue* role = profile.find(QStringLiteral("role_arn"));
        role && !role->value.isEmpty()) {
        summary.kind = Kind::Role;
        summary.detail = role->value;
        summary.location = locationOf(role);
    } else if (hasKeys) {
        summary.kind = Kind::Keys;
        summary.detail = maskedKeyId(akid->value);
        summary.location = locationOf(akid);
    } else if (const AwsConfigValue* process = profile.find(QStringLiteral("credential_process"));
               process && !process->value.isEmpty()) {
        summary.kind = Kind::Process;
        summary.detail = programOf(process->value);
        summary.location = locationOf(process);
    } else if (const AwsConfigValue* sso = profile.find(QStringLiteral("sso_session"))
                                               ? profile.find(QStringLiteral("sso_session"))
                                               : profile.find(QStringLiteral("sso_start_url"));
               sso && !sso->value.isEmpty()) {
        summary.kind = Kind::Sso;
        summary.detail = profile.contains(QStringLiteral("sso_start_url"))
                             ? profile.value(QStringLiteral("sso_start_url"))
                             : QStringLiteral("sso-session %1").arg(sso->value);
        summary.location = locationOf(sso);
    } else {
        summary.kind = Kind::Incomplete;
        const AwsConfigValue* any = profile.values.isEmpty() ? nullptr : &profile.values.first();
        summary.location = locationOf(any);
    }
    return summary;
}

QList<AwsProfileSummary> AwsProfileSummary::list(const AwsConfigFile& files)
{
    QList<AwsProfileSummary> result;
    for (const QString& name : files.profileNames()) {
        if (const AwsConfigSection* profile = files.profile(name))
            result.append(summarize(name, *profile));
    }
    return result;
}

QString AwsProfileSummary::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Keys:
        return QCoreApplication::translate("AwsProfileSummary", "keys");
    case Kind::Role:
        return QCoreApplication::translate("AwsProfileSummary", "role");
    case Kind::Sso:
        return QCoreApplication::translate("AwsProfileSummary", "SSO");
    case Kind::Process:
        return QCoreApplication::translate("AwsProfileSummary", "process");
    case Kind::Incomplete:
        break;
    }
    return QCoreApplication::translate("AwsProfileSummary", "incomplete");
}

} // namespace dmsx
