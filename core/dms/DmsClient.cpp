#include "dms/DmsClient.h"

#include "base/FaultCodes.h"
#include "base/JsonFields.h"
#include "dms/DmsPageReader.h"
#include "net/AwsJsonTransport.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace dmsx {

using L = QLatin1String;

namespace {

template <typename T> Page<T> parsePage(const QJsonObject& output, QLatin1String listKey)
{
    Page<T> page;
    page.marker = JsonFields::string(output, L("Marker"));
    const QJsonArray items = JsonFields::array(output, listKey);
    page.items.reserve(items.size());
    for (const QJsonValue& v : items) {
        if (v.isObject())
            page.items.append(T::fromJson(v.toObject()));
    }
    return page;
}

} // namespace

DmsClient::DmsClient(AwsJsonTransport* transport) : m_transport(transport) {}

template <typename T>
PendingCall* DmsClient::run(const QString& operation, const QJsonObject& input, QObject* context,
                            Handler<T> done, std::function<Result<T>(const QJsonObject&)> parse,
                            const CallOptions& options)
{
    PendingCall* call = m_transport->call(operation, input, options);
    QObject* receiver = context ? context : call;
    QObject::connect(call, &PendingCall::finished, receiver, [call, done, parse] {
        if (!done)
            return;
        const Result<QJsonObject>& r = call->result();
        if (!r.ok())
            done(Result<T>(r.fault()));
        else
            done(parse(r.value()));
    });
    return call;
}

template <typename T> PendingCall* DmsClient::refuse(QObject* context, Handler<T> done, const Fault& fault)
{
    QTimer::singleShot(0, context ? context : static_cast<QObject*>(m_transport), [done, fault] {
        if (done)
            done(Result<T>(fault));
    });
    return nullptr;
}

QJsonObject DmsClient::describeInput(const QList<Filter>& filters, std::optional<int> maxRecords,
                                     const QString& marker)
{
    QJsonObject in;
    if (!filters.isEmpty()) {
        QJsonArray a;
        for (const Filter& f : filters)
            a.append(f.toJson());
        in.insert(L("Filters"), a);
    }
    JsonFields::putInt(in, L("MaxRecords"), maxRecords);
    if (!marker.isEmpty())
        in.insert(L("Marker"), marker);
    return in;
}

Page<MigrationProject> DmsClient::parseMigrationProjects(const QJsonObject& output)
{
    return parsePage<MigrationProject>(output, L("MigrationProjects"));
}

Page<DataProvider> DmsClient::parseDataProviders(const QJsonObject& output)
{
    return parsePage<DataProvider>(output, L("DataProviders"));
}

Page<InstanceProfile> DmsClient::parseInstanceProfiles(const QJsonObject& output)
{
    return parsePage<InstanceProfile>(output, L("InstanceProfiles"));
}

Page<SchemaConversionRequest> DmsClient::parseExtensionPackAssociations(const QJsonObject& output)
{
    return parsePage<SchemaConversionRequest>(output, L("Requests"));
}

Result<void> DmsClient::validateProjectIdentifier(const QString& id)
{
    if (id.trimmed().isEmpty())
        return Fault::make(FaultKind::Usage, FaultCode::InvalidProjectIdentifier,
                           QStringLiteral("A migration project name or ARN is required"));
    if (id.size() > 255)
        return Fault::make(
            FaultKind::Usage, FaultCode::InvalidProjectIdentifier,
            QStringLiteral("A migration project identifier has at most 255 characters (got %1)")
                .arg(id.size()));
    return {};
}

QString DmsClient::regionOfArn(const QString& identifier)
{
    // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
    if (!identifier.startsWith(QLatin1String("arn:")))
        return {};
    return identifier.section(QLatin1Char(':'), 3, 3);
}

Result<void> DmsClient::checkProjectIdentifier(const QString& id) const
{
    if (const Result<void> valid = validateProjectIdentifier(id); !valid.ok())
        return valid;
    const QString projectRegion = regionOfArn(id);
    const QString inUse = m_transport->config().region;
    if (projectRegion.isEmpty() || inUse.isEmpty() || projectRegion == inUse)
        return {};
    Fault f = Fault::make(
        FaultKind::Configuration, FaultCode::ProjectInAnotherRegion,
        QStringLiteral("this project is in %1; you are using %2: add --region %1").arg(projectRegion, inUse));
    f.detail = projectRegion;
    f.requestWasSent = false;
    return f;
}

PendingCall* DmsClient::describeMigrationProjects(const QList<Filter>& filters, std::optional<int> maxRecords,
                                                  const QString& marker, QObject* context,
                                                  Handler<Page<MigrationProject>> done,
                                                  const CallOptions& options)
{
    for (const Filter& f : filters) {
        if (f.name != QLatin1String("migration-project-identifier"))
            continue;
        for (const QString& value : f.values) {
            if (const Result<void> checked = checkProjectIdentifier(value); !checked.ok())
                return refuse(context, std::move(done), checked.fault());
        }
    }
    // The page read from the answer's bytes when DmsPageReader takes them (each answered attempt
    // replaces it), else parsed from the protocol's document.
    auto read = std::make_shared<std::optional<Page<MigrationProject>>>();
    CallOptions readOptions = options;
    readOptions.bodyReader = [read](const QByteArray& body) -> std::optional<CallEvent::DeferredOutput> {
        *read = DmsPageReader::migrationProjects(body);
        if (!*read)
            return std::nullopt;
        // What the observers see is each project's ARN and name, copied into one buffer and made
        // into their output only if one asks. Not a share of the page, which the caller is handed:
        // its last owner would otherwise be an observer's copy, on another thread.
        const Page<MigrationProject>& page = **read;
        CallEvent::DeferredOutput::ItemNames names;
        qsizetype size = 0;
        for (const MigrationProject& p : page.items)
            size += p.migrationProjectArn.size() + p.migrationProjectName.size();
        names.text.reserve(size);
        names.ends.reserve(2 * page.items.size());
        for (const MigrationProject& p : page.items)
            names.append(p.migrationProjectArn, p.migrationProjectName);
        return CallEvent::DeferredOutput{
            [names, marker = page.marker] { return DmsPageReader::forObservers(names, marker); }, names};
    };
    return run<Page<MigrationProject>>(
        QStringLiteral("DescribeMigrationProjects"), describeInput(filters, maxRecords, marker), context,
        std::move(done),
        [read](const QJsonObject& o) {
            return Result<Page<MigrationProject>>(*read ? std::move(**read) : parseMigrationProjects(o));
        },
        readOptions);
}

PendingCall* DmsClient::describeDataProviders(const QList<Filter>& filters, std::optional<int> maxRecords,
                                              const QString& marker, QObject* context,
                                              Handler<Page<DataProvider>> done, const CallOptions& options)
{
    // As describeMigrationProjects(); no observer reads a data provider page's output.
    auto read = std::make_shared<std::optional<Page<DataProvider>>>();
    CallOptions readOptions = options;
    readOptions.bodyReader = [read](const QByteArray& body) -> std::optional<CallEvent::DeferredOutput> {
        *read = DmsPageReader::dataProviders(body);
        if (!*read)
            return std::nullopt;
        return CallEvent::DeferredOutput{[] { return QJsonObject(); }, {}};
    };
    return run<Page<DataProvider>>(
        QStringLiteral("DescribeDataProviders"), describeInput(filters, maxRecords, marker), context,
        std::move(done),
        [read](const QJsonObject& o) {
            return Result<Page<DataProvider>>(*read ? std::move(**read) : parseDataProviders(o));
        },
        readOptions);
}

PendingCall* DmsClient::describeInstanceProfiles(const QList<Filter>& filters, std::optional<int> maxRecords,
                                                 const QString& marker, QObject* context,
                                                 Handler<Page<InstanceProfile>> done,
                                                 const CallOptions& options)
{
    return run<Page<InstanceProfile>>(
        QStringLiteral("DescribeInstanceProfiles"), describeInput(filters, maxRecords, marker), context,
        std::move(done),
        [](const QJsonObject& o) { return Result<Page<InstanceProfile>>(parseInstanceProfiles(o)); },
        options);
}

PendingCall* DmsClient::startExtensionPackAssociation(const QString& projectIdentifier, QObject* context,
                                                      Handler<QString> done, const CallOptions& options)
{
    if (const Result<void> checked = checkProjectIdentifier(projectIdentifier); !checked.ok())
        return refuse(context, std::move(done), checked.fault());
    QJsonObject in;
    in.insert(L("MigrationProjectIdentifier"), projectIdentifier);
    CallOptions startOptions = options;
    startOptions.idempotent.reset(); // a repeated Start queues a second installation
    // A 200 without it was still taken by AWS: the transport makes it a fault that may have been
    // processed, so the caller looks for the request instead of recording a success.
    startOptions.requiredOutputMember = L("RequestIdentifier");
    return run<QString>(
        QStringLiteral("StartExtensionPackAssociation"), in, context, std::move(done),
        [](const QJsonObject& o) -> Result<QString> {
            const QString id = JsonFields::string(o, L("RequestIdentifier"));
            if (id.isEmpty()) {
                Fault f = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                                      QStringLiteral("The response has no RequestIdentifier"));
                f.operation = QStringLiteral("StartExtensionPackAssociation");
                f.requestMayHaveBeenProcessed = true;
                return f;
            }
            return id;
        },
        startOptions);
}

PendingCall* DmsClient::describeExtensionPackAssociations(
    const QString& projectIdentifier, const QList<Filter>& filters, const QString& marker, QObject* context,
    Handler<Page<SchemaConversionRequest>> done, std::optional<int> maxRecords, const CallOptions& options)
{
    if (const Result<void> checked = checkProjectIdentifier(projectIdentifier); !checked.ok())
        return refuse(context, std::move(done), checked.fault());
    QJsonObject in = describeInput(filters, maxRecords, marker);
    in.insert(L("MigrationProjectIdentifier"), projectIdentifier);
    return run<Page<SchemaConversionRequest>>(
        QStringLiteral("DescribeExtensionPackAssociations"), in, context, std::move(done),
        [](const QJsonObject& o) {
            return Result<Page<SchemaConversionRequest>>(parseExtensionPackAssociations(o));
        },
        options);
}

} // namespace dmsx
