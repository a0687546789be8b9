#include "apply/ApplyPreflight.h"

#include "apply/ExtensionPackSchema.h"
#include "base/FaultCodes.h"
#include "dms/DmsClient.h"
#include "dms/Filter.h"
#include "dms/Pager.h"
#include "net/PendingCall.h"

#include <QCoreApplication>

namespace dmsx {

QString ApplyPlan::arnField(const QString& arn, int index)
{
    const QStringList parts = arn.split(QLatin1Char(':'));
    return index < parts.size() ? parts.at(index) : QString();
}

QStringList ApplyPlan::queuedRequestIds() const
{
    QStringList out;
    for (const SchemaConversionRequest& r : previousRequests)
        if (!r.isTerminal())
            out << r.requestIdentifier;
    return out;
}

ApplyPreflight::ApplyPreflight(DmsClient* client, const QString& projectIdentifier, QObject* parent)
    : QObject(parent), m_client(client), m_identifier(projectIdentifier)
{}

Fault ApplyPreflight::refusal(const QString& code, const QString& message) const
{
    Fault f = Fault::make(FaultKind::Service, code, message);
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    return f;
}

void ApplyPreflight::start()
{
    const Result<void> valid = DmsClient::validateProjectIdentifier(m_identifier);
    if (!valid.ok()) {
        QMetaObject::invokeMethod(
            this, [this, f = valid.fault()] { finishWith(f); }, Qt::QueuedConnection);
        return;
    }
    const QList<Filter> filters{{QStringLiteral("migration-project-identifier"), {m_identifier}}};
    m_call = m_client->describeMigrationProjects(
        filters, std::nullopt, QString(), this,
        [this](const Result<Page<MigrationProject>>& page) {
            if (!page.ok())
                return finishWith(page.fault());
            if (page->items.isEmpty()) {
                return finishWith(refusal(FaultCode::ResourceNotFoundFault,
                                          QCoreApplication::translate(
                                              "ApplyPreflight", "No migration project named or with ARN '%1' "
                                                                "was found in this region.")
                                              .arg(m_identifier)));
            }
            m_plan.project = page->items.first();
            const QString arn = m_plan.project.migrationProjectArn;
            m_plan.region = ApplyPlan::arnField(arn, 3);
            m_plan.accountId = ApplyPlan::arnField(arn, 4);
            if (m_plan.project.targetDataProviderDescriptors.isEmpty()) {
                return finishWith(
                    refusal(FaultCode::PreflightNoTarget,
                            QCoreApplication::translate("ApplyPreflight",
                                                        "The project '%1' has no target data provider.")
                                .arg(m_plan.project.migrationProjectName)));
            }
            loadProviders();
        },
        m_callOptions);
}

static QString providerKey(const DataProviderDescriptor& d)
{
    return d.dataProviderArn.isEmpty() ? d.dataProviderName : d.dataProviderArn;
}

void ApplyPreflight::loadProviders()
{
    const DataProviderDescriptor target = m_plan.project.targetDataProviderDescriptors.first();
    QStringList wanted{providerKey(target)};
    if (!m_plan.project.sourceDataProviderDescriptors.isEmpty())
        wanted.append(providerKey(m_plan.project.sourceDataProviderDescriptors.first()));

    const QList<Filter> filters{{QStringLiteral("data-provider-identifier"), wanted}};
    m_call = m_client->describeDataProviders(
        filters, std::nullopt, QString(), this,
        [this, target](const Result<Page<DataProvider>>& page) {
            if (!page.ok())
                return finishWith(page.fault());
            auto matches = [](const DataProvider& p, const DataProviderDescriptor& d) {
                return (!d.dataProviderArn.isEmpty() && p.dataProviderArn == d.dataProviderArn) ||
                       (d.dataProviderArn.isEmpty() && p.dataProviderName == d.dataProviderName);
            };
            bool targetFound = false;
            for (const DataProvider& p : page->items) {
                if (matches(p, target)) {
                    m_plan.target = p;
                    targetFound = true;
                } else if (!m_plan.project.sourceDataProviderDescriptors.isEmpty() &&
                           matches(p, m_plan.project.sourceDataProviderDescriptors.first())) {
                    m_plan.source = p;
                }
            }
            if (!targetFound) {
                return finishWith(refusal(
                    FaultCode::PreflightNoTarget,
                    QCoreApplication::translate(
                        "ApplyPreflight", "The target data provider '%1' of project '%2' was not found.")
                        .arg(providerKey(target), m_plan.project.migrationProjectName)));
            }
            m_plan.schemaDescription = ExtensionPackSchema::describeForSourceEngine(
                m_plan.source ? m_plan.source->engine : QString());
            loadRequests();
        },
        m_callOptions);
}

void ApplyPreflight::loadRequests()
{
    // Every page: a request queued on page 2 counts as much as one on page 1.
    Pager::readAll<SchemaConversionRequest>(
        QStringLiteral("DescribeExtensionPackAssociations"),
        [this](const QString& marker, Pager::Done<SchemaConversionRequest> done) {
            m_call = m_client->describeExtensionPackAssociations(
                m_plan.project.migrationProjectArn, {}, marker, this, done, std::nullopt, m_callOptions);
        },
        [this](const Result<QList<SchemaConversionRequest>>& all) {
            if (!all.ok())
                return finishWith(all.fault());
            m_plan.previousRequests = all.value();
            for (const SchemaConversionRequest& r : all.value())
                if (r.state() == SchemaConversionRequest::State::Success)
                    m_plan.reinstall = true;
            finishWith(m_plan);
        });
}

void ApplyPreflight::cancel()
{
    if (m_call)
        m_call->cancel();
    else if (!m_done)
        finishWith(Fault::make(FaultKind::Cancelled, FaultCode::Cancelled));
}

void ApplyPreflight::finishWith(Result<ApplyPlan> result)
{
    if (m_done)
        return;
    m_done = true;
    m_call = nullptr;
    m_result = std::move(result);
    emit finished();
}

} // namespace dmsx
