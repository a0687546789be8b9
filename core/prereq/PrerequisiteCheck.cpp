#include "prereq/PrerequisiteCheck.h"

#include "base/FaultCatalogue.h"

#include <QCoreApplication>
#include <QStringList>

namespace dmsx {

QString PrerequisiteCheck::label() const
{
    return label(id);
}

QString PrerequisiteCheck::label(Id id)
{
    const auto tr = [](const char* text) { return QCoreApplication::translate("PrerequisiteCheck", text); };
    switch (id) {
    case Id::TargetDataProvider:
        return tr("Target database");
    case Id::ProjectS3Settings:
        return tr("Project S3 settings");
    case Id::TargetSecretSettings:
        return tr("Target secret settings");
    case Id::Queue:
        return tr("Other requests");
    case Id::S3Bucket:
        return tr("S3 bucket and versioning");
    case Id::S3Role:
        return tr("S3 role trusts DMS");
    case Id::S3RoleAccess:
        return tr("S3 role may use the bucket");
    case Id::SecretRole:
        return tr("Secret role trusts DMS");
    case Id::SecretRoleAccess:
        return tr("Secret role may read the secret");
    case Id::Secret:
        return tr("Target secret");
    case Id::SecretKey:
        return tr("KMS key of the secret");
    }
    return QString();
}

QString PrerequisiteCheck::summary() const
{
    return fault ? FaultCatalogue::explain(*fault).title : passedText;
}

QString PrerequisiteCheck::finding() const
{
    if (!fault)
        return passedText;
    const FaultExplanation e = FaultCatalogue::explain(*fault);
    return e.title + QStringLiteral(": ") + e.cause;
}

QString PrerequisiteCheck::fix() const
{
    if (!fault || status == Status::Passed)
        return QString();
    return FaultCatalogue::explain(*fault).steps.join(QLatin1Char('\n'));
}

QString PrerequisiteCheck::statusName(Status status)
{
    switch (status) {
    case Status::Pending:
        return QStringLiteral("pending");
    case Status::Passed:
        return QStringLiteral("passed");
    case Status::Notice:
        return QStringLiteral("notice");
    case Status::Problem:
        return QStringLiteral("problem");
    case Status::CouldNotCheck:
        return QStringLiteral("could-not-check");
    }
    return QString();
}

QString PrerequisiteCheck::idName(Id id)
{
    switch (id) {
    case Id::TargetDataProvider:
        return QStringLiteral("target-data-provider");
    case Id::ProjectS3Settings:
        return QStringLiteral("project-s3-settings");
    case Id::TargetSecretSettings:
        return QStringLiteral("target-secret-settings");
    case Id::Queue:
        return QStringLiteral("queue");
    case Id::S3Bucket:
        return QStringLiteral("s3-bucket");
    case Id::S3Role:
        return QStringLiteral("s3-role");
    case Id::S3RoleAccess:
        return QStringLiteral("s3-role-access");
    case Id::SecretRole:
        return QStringLiteral("secret-role");
    case Id::SecretRoleAccess:
        return QStringLiteral("secret-role-access");
    case Id::Secret:
        return QStringLiteral("secret");
    case Id::SecretKey:
        return QStringLiteral("secret-kms-key");
    }
    return QString();
}

QJsonObject PrerequisiteCheck::toJson() const
{
    QJsonObject o{{QStringLiteral("check"), idName(id)},          {QStringLiteral("label"), label()},
                  {QStringLiteral("status"), statusName(status)}, {QStringLiteral("subject"), subject},
                  {QStringLiteral("summary"), summary()},         {QStringLiteral("finding"), finding()}};
    if (fault) {
        o.insert(QStringLiteral("code"), fault->code);
        const QString steps = fix();
        if (!steps.isEmpty())
            o.insert(QStringLiteral("fix"), steps);
        if (!fault->operation.isEmpty())
            o.insert(QStringLiteral("operation"), fault->operation);
    }
    if (!consoleUrl.isEmpty())
        o.insert(QStringLiteral("consoleUrl"), consoleUrl);
    if (!cliCommand.isEmpty())
        o.insert(QStringLiteral("cliCommand"), cliCommand);
    return o;
}

} // namespace dmsx
