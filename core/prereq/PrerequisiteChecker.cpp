#include "prereq/PrerequisiteChecker.h"

#include "apply/ApplyPreflight.h"
#include "base/FaultCodes.h"
#include "base/ShellWord.h"
#include "config/Partition.h"
#include "iam/TrustPolicy.h"
#include "prereq/AwsConsoleLinks.h"
#include "prereq/PrerequisiteServices.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QCoreApplication>
#include <QStringList>

namespace dmsx {

namespace {

using Id = PrerequisiteCheck::Id;
using Status = PrerequisiteCheck::Status;

QString words(const char* text)
{
    return QCoreApplication::translate("PrerequisiteChecker", text);
}

Fault finding(const QString& code, const QString& message, const QString& detail = QString())
{
    Fault f = Fault::make(FaultKind::Usage, code, message);
    f.detail = detail;
    f.requestWasSent = false;
    return f;
}

PrerequisiteCheck passed(Id id, const QString& subject, const QString& text)
{
    PrerequisiteCheck c;
    c.id = id;
    c.status = Status::Passed;
    c.subject = subject;
    c.passedText = text;
    return c;
}

PrerequisiteCheck withFault(Id id, Status status, const QString& subject, const Fault& fault)
{
    PrerequisiteCheck c;
    c.id = id;
    c.status = status;
    c.subject = subject;
    c.fault = fault;
    return c;
}

QString awsCli(const QStringList& words)
{
    QStringList out;
    for (const QString& w : words)
        out << shellWord(w);
    return out.join(QLatin1Char(' '));
}

PrerequisiteCheck notCheckable(Id id, const QString& subject, const QString& why)
{
    return withFault(id, Status::CouldNotCheck, subject,
                     finding(FaultCode::PrereqNotCheckable, QStringLiteral("Not checked: %1").arg(why), why));
}

// A fault that answers nothing about the subject: no permission, no network, an answer that
// could not be read.
PrerequisiteCheck couldNotCheck(Id id, const QString& subject, const Fault& fault)
{
    return withFault(id, Status::CouldNotCheck, subject, fault);
}

// The trust policy the fix commands give a role: the DMS principals of the region.
QString dmsTrustPolicy(const QString& region)
{
    QJsonArray services;
    for (const QString& p : TrustPolicy::dmsPrincipals(region))
        services.append(p);
    const QJsonObject statement{
        {QStringLiteral("Effect"), QStringLiteral("Allow")},
        {QStringLiteral("Principal"), QJsonObject{{QStringLiteral("Service"), services}}},
        {QStringLiteral("Action"), QStringLiteral("sts:AssumeRole")}};
    return QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("Version"), QStringLiteral("2012-10-17")},
                                  {QStringLiteral("Statement"), QJsonArray{statement}}})
            .toJson(QJsonDocument::Compact));
}

QString regionOfArn(const QString& arn, const QString& fallback)
{
    const QString region = arn.startsWith(QLatin1String("arn:")) ? arn.section(u':', 3, 3) : QString();
    return region.isEmpty() ? fallback : region;
}

} // namespace

PrerequisiteChecker::PrerequisiteChecker(DmsClient* client, const QString& projectIdentifier, QObject* parent)
    : QObject(parent), m_client(client), m_identifier(projectIdentifier)
{}

PrerequisiteChecker::~PrerequisiteChecker() = default;

PrerequisiteReport PrerequisiteChecker::projectChecks(const ApplyPlan& plan)
{
    PrerequisiteReport report;
    report.projectName = plan.project.migrationProjectName;
    report.projectArn = plan.project.migrationProjectArn;
    const QString region = plan.region;

    PrerequisiteCheck target =
        plan.target.isVirtual.value_or(false)
            ? withFault(Id::TargetDataProvider, Status::Problem, plan.target.dataProviderName,
                        finding(FaultCode::PreflightVirtualTarget,
                                QStringLiteral("The target data provider '%1' is virtual")
                                    .arg(plan.target.dataProviderName),
                                plan.target.dataProviderName))
            : passed(Id::TargetDataProvider, plan.target.dataProviderName,
                     words("%1 is a real %2 database.")
                         .arg(plan.target.dataProviderName,
                              plan.target.engine.isEmpty() ? words("target") : plan.target.engine));
    target.consoleUrl = AwsConsoleLinks::dataProviders(region);
    report.set(target);

    const std::optional<SchemaConversionApplicationAttributes>& s3 =
        plan.project.schemaConversionApplicationAttributes;
    QStringList missingS3;
    if (!s3 || s3->s3BucketPath.trimmed().isEmpty())
        missingS3 << QStringLiteral("S3BucketPath");
    if (!s3 || s3->s3BucketRoleArn.trimmed().isEmpty())
        missingS3 << QStringLiteral("S3BucketRoleArn");
    PrerequisiteCheck s3Row =
        missingS3.isEmpty()
            ? passed(Id::ProjectS3Settings, s3->s3BucketPath,
                     words("The project keeps its files in %1, through the role %2.")
                         .arg(s3->s3BucketPath, s3->s3BucketRoleArn))
            : withFault(Id::ProjectS3Settings, Status::Problem, plan.project.migrationProjectName,
                        finding(FaultCode::PrereqS3SettingsMissing,
                                QStringLiteral("SchemaConversionApplicationAttributes lacks %1")
                                    .arg(missingS3.join(QStringLiteral(" and "))),
                                missingS3.join(QStringLiteral(" and "))));
    s3Row.consoleUrl = AwsConsoleLinks::migrationProjects(region);
    if (!missingS3.isEmpty())
        s3Row.cliCommand =
            awsCli({QStringLiteral("aws"), QStringLiteral("dms"), QStringLiteral("modify-migration-project"),
                    QStringLiteral("--migration-project-identifier"), plan.project.migrationProjectArn,
                    QStringLiteral("--schema-conversion-application-attributes"),
                    QStringLiteral("S3BucketPath=s3://BUCKET/PATH,S3BucketRoleArn=ROLE_ARN"),
                    QStringLiteral("--region"), region});
    report.set(s3Row);

    const DataProviderDescriptor descriptor = plan.project.targetDataProviderDescriptors.value(0);
    QStringList missingSecret;
    if (descriptor.secretsManagerSecretId.trimmed().isEmpty())
        missingSecret << QStringLiteral("SecretsManagerSecretId");
    if (descriptor.secretsManagerAccessRoleArn.trimmed().isEmpty())
        missingSecret << QStringLiteral("SecretsManagerAccessRoleArn");
    PrerequisiteCheck secretRow =
        missingSecret.isEmpty()
            ? passed(Id::TargetSecretSettings, descriptor.secretsManagerSecretId,
                     words("DMS reads the target's credentials from %1 through the role %2.")
                         .arg(descriptor.secretsManagerSecretId, descriptor.secretsManagerAccessRoleArn))
            : withFault(Id::TargetSecretSettings, Status::Problem, plan.target.dataProviderName,
                        finding(FaultCode::PrereqSecretSettingsMissing,
                                QStringLiteral("The target data provider descriptor lacks %1")
                                    .arg(missingSecret.join(QStringLiteral(" and "))),
                                missingSecret.join(QStringLiteral(" and "))));
    secretRow.consoleUrl = AwsConsoleLinks::migrationProjects(region);
    report.set(secretRow);

    QStringList queued;
    for (const SchemaConversionRequest& r : plan.previousRequests)
        if (!r.isTerminal())
            queued << r.requestIdentifier + QStringLiteral(" (") + r.status + u')';
    PrerequisiteCheck queue =
        queued.isEmpty()
            ? passed(Id::Queue, plan.project.migrationProjectName,
                     words("No other extension pack request of the project is waiting or running."))
            : withFault(Id::Queue, Status::Notice, queued.join(QStringLiteral(", ")),
                        finding(FaultCode::PrereqRequestsQueued,
                                QStringLiteral("Requests ahead: %1").arg(queued.join(QStringLiteral(", "))),
                                queued.size() == 1 ? words("1 queued request")
                                                   : words("%1 queued requests").arg(queued.size())));
    queue.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("dms"),
                               QStringLiteral("describe-extension-pack-associations"),
                               QStringLiteral("--migration-project-identifier"),
                               plan.project.migrationProjectArn, QStringLiteral("--region"), region});
    report.set(queue);
    return report;
}

PrerequisiteCheck PrerequisiteChecker::bucketCheck(const Result<BucketVersioning>& answer,
                                                   const QString& bucketPath, const QString& region)
{
    const QString bucket = S3Client::bucketOfPath(bucketPath);
    const QString bucketRegion = answer.ok() ? answer->region : region;
    PrerequisiteCheck c;
    if (answer.ok() && answer->isEnabled()) {
        c = passed(
            Id::S3Bucket, bucketPath,
            words("Bucket %1 exists (%2) and keeps versions of its objects.").arg(bucket, answer->region));
    } else if (answer.ok()) {
        const QString state = answer->status.isEmpty() ? QStringLiteral("never enabled") : answer->status;
        c = withFault(Id::S3Bucket, Status::Problem, bucketPath,
                      finding(FaultCode::PrereqBucketVersioningOff,
                              QStringLiteral("Versioning of bucket %1 is %2").arg(bucket, state),
                              QStringLiteral("%1 (%2)").arg(bucket, state)));
        c.cliCommand =
            awsCli({QStringLiteral("aws"), QStringLiteral("s3api"), QStringLiteral("put-bucket-versioning"),
                    QStringLiteral("--bucket"), bucket, QStringLiteral("--versioning-configuration"),
                    QStringLiteral("Status=Enabled"), QStringLiteral("--region"), bucketRegion});
    } else if (answer.fault().code == QLatin1String("NoSuchBucket") ||
               answer.fault().code == QLatin1String("NotFound")) {
        Fault f =
            finding(FaultCode::PrereqBucketNotFound,
                    QStringLiteral("S3 has no bucket %1: %2").arg(bucket, answer.fault().message), bucket);
        f.requestId = answer.fault().requestId;
        c = withFault(Id::S3Bucket, Status::Problem, bucketPath, f);
        c.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("s3"), QStringLiteral("mb"),
                               QStringLiteral("s3://") + bucket, QStringLiteral("--region"), region});
    } else {
        c = couldNotCheck(Id::S3Bucket, bucketPath, answer.fault());
    }
    if (c.cliCommand.isEmpty())
        c.cliCommand =
            awsCli({QStringLiteral("aws"), QStringLiteral("s3api"), QStringLiteral("get-bucket-versioning"),
                    QStringLiteral("--bucket"), bucket, QStringLiteral("--region"), bucketRegion});
    c.consoleUrl = AwsConsoleLinks::s3BucketProperties(bucket, bucketRegion);
    return c;
}

PrerequisiteCheck PrerequisiteChecker::roleCheck(Id id, const Result<IamRole>& answer, const QString& roleArn,
                                                 const QString& region)
{
    const QString name = IamClient::roleNameOfArn(roleArn);
    PrerequisiteCheck c;
    if (answer.ok()) {
        const Result<TrustPolicy> policy = TrustPolicy::parse(answer->trustPolicy);
        if (!policy.ok()) {
            c = couldNotCheck(id, roleArn, policy.fault());
        } else if (policy->trustsDms(region)) {
            c = passed(id, roleArn,
                       words("Role %1 lets DMS (%2) assume it.")
                           .arg(name, TrustPolicy::dmsPrincipals(region).join(QStringLiteral(", "))));
        } else {
            const QStringList trusted = policy->allowedServices();
            c = withFault(id, Status::Problem, roleArn,
                          finding(FaultCode::PrereqRoleNotTrusted,
                                  QStringLiteral("The trust policy of %1 lets %2 assume it, not DMS")
                                      .arg(name, trusted.isEmpty() ? QStringLiteral("no service")
                                                                   : trusted.join(QStringLiteral(", "))),
                                  name));
            c.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("iam"),
                                   QStringLiteral("update-assume-role-policy"), QStringLiteral("--role-name"),
                                   name, QStringLiteral("--policy-document"), dmsTrustPolicy(region)});
        }
    } else if (answer.fault().code == QLatin1String("NoSuchEntity")) {
        c = withFault(id, Status::Problem, roleArn,
                      finding(FaultCode::PrereqRoleNotFound,
                              QStringLiteral("IAM has no role %1: %2").arg(name, answer.fault().message),
                              name));
        c.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("iam"), QStringLiteral("create-role"),
                               QStringLiteral("--role-name"), name,
                               QStringLiteral("--assume-role-policy-document"), dmsTrustPolicy(region)});
    } else {
        c = couldNotCheck(id, roleArn, answer.fault());
    }
    if (c.cliCommand.isEmpty())
        c.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("iam"), QStringLiteral("get-role"),
                               QStringLiteral("--role-name"), name});
    c.consoleUrl = AwsConsoleLinks::iamRole(name, region);
    return c;
}

PrerequisiteCheck PrerequisiteChecker::secretCheck(const Result<SecretDescription>& answer,
                                                   const QString& secretId, const QString& region)
{
    const QString secretRegion = regionOfArn(secretId, region);
    PrerequisiteCheck c;
    if (answer.ok() && answer->deletedDate.isValid()) {
        const QString when = answer->deletedDate.toUTC().toString(Qt::ISODate);
        c = withFault(
            Id::Secret, Status::Problem, secretId,
            finding(
                FaultCode::PrereqSecretPendingDeletion,
                QStringLiteral("Secret %1 is scheduled for deletion on %2").arg(secretId, when),
                QStringLiteral("%1 (on %2)").arg(answer->name.isEmpty() ? secretId : answer->name, when)));
        c.cliCommand =
            awsCli({QStringLiteral("aws"), QStringLiteral("secretsmanager"), QStringLiteral("restore-secret"),
                    QStringLiteral("--secret-id"), secretId, QStringLiteral("--region"), secretRegion});
    } else if (answer.ok()) {
        c = passed(Id::Secret, secretId,
                   words("Secret %1 exists, encrypted with %2.")
                       .arg(answer->name.isEmpty() ? secretId : answer->name,
                            answer->kmsKeyId.isEmpty() ? words("the AWS managed key aws/secretsmanager")
                                                       : answer->kmsKeyId));
    } else if (answer.fault().code == QLatin1String("ResourceNotFoundException")) {
        c = withFault(
            Id::Secret, Status::Problem, secretId,
            finding(
                FaultCode::PrereqSecretNotFound,
                QStringLiteral("Secrets Manager has no secret %1: %2").arg(secretId, answer.fault().message),
                secretId));
    } else {
        c = couldNotCheck(Id::Secret, secretId, answer.fault());
    }
    if (c.cliCommand.isEmpty())
        c.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("secretsmanager"),
                               QStringLiteral("describe-secret"), QStringLiteral("--secret-id"), secretId,
                               QStringLiteral("--region"), secretRegion});
    c.consoleUrl = AwsConsoleLinks::secret(answer.ok() && !answer->name.isEmpty() ? answer->name : secretId,
                                           secretRegion);
    return c;
}

PrerequisiteCheck PrerequisiteChecker::keyCheck(const Result<KeyDescription>& answer, const QString& keyId,
                                                const QString& region)
{
    const QString keyRegion = KmsClient::regionOf(keyId, region);
    PrerequisiteCheck c;
    if (answer.ok() && answer->isUsable()) {
        c = passed(Id::SecretKey, keyId, words("Key %1 is enabled.").arg(answer->keyId));
    } else if (answer.ok()) {
        const QString state = answer->keyState.isEmpty() ? QStringLiteral("Disabled") : answer->keyState;
        c = withFault(Id::SecretKey, Status::Problem, keyId,
                      finding(FaultCode::PrereqKeyNotUsable,
                              QStringLiteral("Key %1 is %2").arg(answer->keyId, state),
                              QStringLiteral("%1 (%2)").arg(answer->keyId, state)));
        c.cliCommand =
            awsCli({QStringLiteral("aws"), QStringLiteral("kms"),
                    state == QLatin1String("PendingDeletion") ? QStringLiteral("cancel-key-deletion")
                                                              : QStringLiteral("enable-key"),
                    QStringLiteral("--key-id"), answer->keyId, QStringLiteral("--region"), keyRegion});
    } else if (answer.fault().code == QLatin1String("NotFoundException")) {
        c = withFault(Id::SecretKey, Status::Problem, keyId,
                      finding(FaultCode::PrereqKeyNotFound,
                              QStringLiteral("KMS has no key %1: %2").arg(keyId, answer.fault().message),
                              keyId));
    } else {
        c = couldNotCheck(Id::SecretKey, keyId, answer.fault());
    }
    if (c.cliCommand.isEmpty())
        c.cliCommand = awsCli({QStringLiteral("aws"), QStringLiteral("kms"), QStringLiteral("describe-key"),
                               QStringLiteral("--key-id"), keyId, QStringLiteral("--region"), keyRegion});
    c.consoleUrl = AwsConsoleLinks::kmsKey(answer.ok() ? answer->keyId : keyId, keyRegion);
    return c;
}

void PrerequisiteChecker::startServiceChecks()
{
    for (const Id id : {Id::S3Bucket, Id::S3Role, Id::S3RoleAccess, Id::SecretRole, Id::SecretRoleAccess,
                        Id::Secret, Id::SecretKey}) {
        PrerequisiteCheck pending;
        pending.id = id;
        m_report.set(pending);
    }
    m_plan.checks = m_report;
}

void PrerequisiteChecker::complete(const PrerequisiteCheck& check)
{
    if (m_done)
        return;
    const int index = m_report.set(check);
    emit checkUpdated(index, m_report.checks.at(index));
    if (!m_done && m_report.isComplete())
        finishWith(m_plan);
}

void PrerequisiteChecker::checkBucket()
{
    const auto& attributes = m_plan.project.schemaConversionApplicationAttributes;
    const QString path = attributes ? attributes->s3BucketPath : QString();
    const QString bucket = S3Client::bucketOfPath(path);
    if (bucket.isEmpty())
        return complete(notCheckable(Id::S3Bucket, path,
                                     path.isEmpty() ? words("the project names no S3 bucket")
                                                    : words("%1 names no valid S3 bucket").arg(path)));
    if (const std::optional<Fault> f = m_services->notCallable(AwsService::S3))
        return complete(couldNotCheck(Id::S3Bucket, path, *f));
    const QString region = m_plan.region;
    m_services->s3().getBucketVersioning(
        bucket, this,
        [this, path, region](const Result<BucketVersioning>& r) { complete(bucketCheck(r, path, region)); },
        m_callOptions);
}

void PrerequisiteChecker::checkRole(Id id, Id accessId, const QString& roleArn)
{
    const QString name = IamClient::roleNameOfArn(roleArn);
    if (name.isEmpty()) {
        const QString why =
            roleArn.isEmpty() ? words("no role is named") : words("%1 is not a role ARN").arg(roleArn);
        complete(notCheckable(id, roleArn, why));
        return complete(notCheckable(accessId, roleArn, why));
    }
    if (const std::optional<Fault> f = m_services->notCallable(AwsService::Iam)) {
        complete(couldNotCheck(id, roleArn, *f));
        return complete(couldNotCheck(accessId, roleArn, *f));
    }
    const QString region = m_plan.region;
    m_services->iam().getRole(
        name, this,
        [this, id, accessId, roleArn, region](const Result<IamRole>& r) {
            complete(roleCheck(id, r, roleArn, region));
            if (m_done)
                return;
            if (!r.ok())
                return complete(notCheckable(accessId, roleArn, words("the role could not be read")));
            checkRoleAccess(accessId, r->arn.isEmpty() ? roleArn : r->arn);
        },
        m_callOptions);
}

void PrerequisiteChecker::checkRoleAccess(Id accessId, const QString& roleArn)
{
    QStringList actions;
    QStringList resources;
    const QString partition = Partition::forRegion(m_plan.region).id;
    if (accessId == Id::S3RoleAccess) {
        const auto& attributes = m_plan.project.schemaConversionApplicationAttributes;
        QString path = attributes ? attributes->s3BucketPath.trimmed() : QString();
        if (path.startsWith(QLatin1String("s3://"), Qt::CaseInsensitive))
            path = path.mid(5);
        while (path.endsWith(u'/'))
            path.chop(1);
        if (S3Client::bucketOfPath(path).isEmpty())
            return complete(notCheckable(accessId, roleArn, words("the project names no S3 bucket")));
        actions = {QStringLiteral("s3:GetObject"), QStringLiteral("s3:PutObject")};
        resources = {QStringLiteral("arn:%1:s3:::%2/*").arg(partition, path)};
    } else {
        const QString secretId = m_plan.project.targetDataProviderDescriptors.value(0).secretsManagerSecretId;
        if (!secretId.startsWith(QLatin1String("arn:")))
            return complete(notCheckable(accessId, roleArn, words("the secret is not named by its ARN")));
        actions = {QStringLiteral("secretsmanager:GetSecretValue")};
        resources = {secretId};
    }
    m_services->iam().simulatePrincipalPolicy(
        roleArn, actions, resources, this,
        [this, accessId, roleArn](const Result<QList<PolicyDecision>>& r) {
            if (!r.ok())
                return complete(couldNotCheck(accessId, roleArn, r.fault()));
            QStringList denied;
            for (const PolicyDecision& d : r.value())
                if (!d.isAllowed())
                    denied << QStringLiteral("%1 (%2)").arg(d.action, d.decision);
            if (r->isEmpty())
                return complete(notCheckable(accessId, roleArn, words("IAM gave no decision")));
            if (denied.isEmpty()) {
                QStringList allowed;
                for (const PolicyDecision& d : r.value())
                    allowed << d.action;
                return complete(passed(accessId, roleArn,
                                       words("Its policies allow %1 on %2.")
                                           .arg(allowed.join(QStringLiteral(", ")), r->first().resource)));
            }
            PrerequisiteCheck c =
                withFault(accessId, Status::Problem, roleArn,
                          finding(FaultCode::PrereqRoleAccessDenied,
                                  QStringLiteral("%1 may not %2 on %3")
                                      .arg(IamClient::roleNameOfArn(roleArn),
                                           denied.join(QStringLiteral(", ")), r->first().resource),
                                  QStringLiteral("%1: %2").arg(IamClient::roleNameOfArn(roleArn),
                                                               denied.join(QStringLiteral(", ")))));
            c.consoleUrl = AwsConsoleLinks::iamRole(IamClient::roleNameOfArn(roleArn), m_plan.region);
            QStringList cli{QStringLiteral("aws"),
                            QStringLiteral("iam"),
                            QStringLiteral("simulate-principal-policy"),
                            QStringLiteral("--policy-source-arn"),
                            roleArn,
                            QStringLiteral("--action-names")};
            for (const PolicyDecision& d : r.value())
                cli << d.action;
            cli << QStringLiteral("--resource-arns") << r->first().resource;
            c.cliCommand = awsCli(cli);
            complete(c);
        },
        m_callOptions);
}

void PrerequisiteChecker::checkSecret()
{
    const QString secretId =
        m_plan.project.targetDataProviderDescriptors.value(0).secretsManagerSecretId.trimmed();
    if (secretId.isEmpty()) {
        complete(notCheckable(Id::Secret, secretId, words("the target names no secret")));
        return complete(notCheckable(Id::SecretKey, secretId, words("the target names no secret")));
    }
    if (const std::optional<Fault> f = m_services->notCallable(AwsService::SecretsManager)) {
        complete(couldNotCheck(Id::Secret, secretId, *f));
        return complete(couldNotCheck(Id::SecretKey, secretId, *f));
    }
    const QString region = m_plan.region;
    m_services->secretsManager().describeSecret(
        secretId, this,
        [this, secretId, region](const Result<SecretDescription>& r) {
            complete(secretCheck(r, secretId, region));
            if (m_done)
                return;
            if (!r.ok())
                return complete(notCheckable(Id::SecretKey, secretId, words("the secret could not be read")));
            // No key named: the AWS managed key of Secrets Manager in the secret's region.
            const QString keyId =
                r->kmsKeyId.isEmpty() ? QStringLiteral("alias/aws/secretsmanager") : r->kmsKeyId;
            checkKey(keyId, regionOfArn(r->arn.isEmpty() ? secretId : r->arn, region));
        },
        m_callOptions);
}

void PrerequisiteChecker::checkKey(const QString& keyId, const QString& region)
{
    if (const std::optional<Fault> f = m_services->notCallable(AwsService::Kms))
        return complete(couldNotCheck(Id::SecretKey, keyId, *f));
    // A bare key id or alias is in the secret's region.
    m_services->kms().describeKey(
        keyId, region, this,
        [this, keyId, region](const Result<KeyDescription>& r) { complete(keyCheck(r, keyId, region)); },
        m_callOptions);
}

void PrerequisiteChecker::start()
{
    auto* preflight = new ApplyPreflight(m_client, m_identifier, this);
    m_preflight = preflight;
    preflight->setCallOptions(m_callOptions);
    connect(preflight, &ApplyPreflight::finished, this, &PrerequisiteChecker::onPreflightFinished);
    preflight->start();
}

void PrerequisiteChecker::onPreflightFinished()
{
    if (!m_preflight)
        return;
    const Result<ApplyPlan> read = m_preflight->result();
    m_preflight->deleteLater();
    m_preflight = nullptr;
    if (!read.ok())
        return finishWith(read.fault());
    m_plan = read.value();
    m_report = projectChecks(m_plan);
    const int projectRows = int(m_report.checks.size());
    if (m_services)
        startServiceChecks();
    m_plan.checks = m_report;
    emit planReady(m_plan);
    if (m_done)
        return; // cancelled from a slot
    for (int i = 0; i < projectRows; ++i)
        emit checkUpdated(i, m_report.checks.at(i));
    if (m_done)
        return;
    if (!m_services)
        return finishWith(m_plan);
    const auto& attributes = m_plan.project.schemaConversionApplicationAttributes;
    const DataProviderDescriptor target = m_plan.project.targetDataProviderDescriptors.value(0);
    checkBucket();
    if (!m_done)
        checkRole(Id::S3Role, Id::S3RoleAccess,
                  attributes ? attributes->s3BucketRoleArn.trimmed() : QString());
    if (!m_done)
        checkRole(Id::SecretRole, Id::SecretRoleAccess, target.secretsManagerAccessRoleArn.trimmed());
    if (!m_done)
        checkSecret();
}

void PrerequisiteChecker::cancel()
{
    if (m_done)
        return;
    if (m_preflight) {
        m_preflight->disconnect(this);
        m_preflight->cancel();
        m_preflight->deleteLater();
        m_preflight = nullptr;
    }
    finishWith(Fault::make(FaultKind::Cancelled, FaultCode::Cancelled));
}

void PrerequisiteChecker::finishWith(Result<ApplyPlan> result)
{
    if (m_done)
        return;
    m_done = true;
    if (result.ok())
        result.value().checks = m_report;
    m_result = std::move(result);
    emit finished();
}

} // namespace dmsx
