#include "prereq/PrerequisiteChecker.h"

#include "apply/ApplyPreflight.h"
#include "base/FaultCodes.h"
#include "base/ShellWord.h"
#include "prereq/AwsConsoleLinks.h"

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
    m_plan.checks = m_report;
    emit planReady(m_plan);
    if (m_done)
        return; // cancelled from a slot
    for (int i = 0; i < m_report.checks.size(); ++i)
        emit checkUpdated(i, m_report.checks.at(i));
    if (m_done)
        return;
    finishWith(m_plan);
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
