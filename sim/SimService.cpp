#include "SimService.h"

#include "base/FaultCodes.h"
#include "base/JsonWriter.h"
#include "iam/TrustPolicy.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace dmsx {

namespace {

const char* const kSteps[] = {"LOADING_METADATA", "COUNTING_OBJECTS", "ANALYZING", "CONVERTING", "APPLYING"};
constexpr int kStepCount = 5;
// RECEIVED lasts this share of the completion time; the steps share the rest equally.
constexpr double kReceivedShare = 0.1;
constexpr int kMaxPage = 100;
constexpr int kMaxIdentifierLength = 255;

struct Filter
{
    QString name;
    QStringList values;
};

// AWS validation wording, so clients can show messages as they would appear live.
QString validationMessage(const QString& member, const QString& value, const QString& constraint)
{
    return QStringLiteral("1 validation error detected: Value %1 at '%2' failed to satisfy constraint: %3")
        .arg(value, member, constraint);
}

// Checks the common members' JSON types; a wrong type is a SerializationException as in coral.
std::optional<SimReply> checkTypes(const QJsonObject& request, QList<Filter>* filters)
{
    auto serialization = [](const QString& what) {
        return SimService::commonError(400, FaultCode::SerializationException, what);
    };
    if (request.contains(QLatin1String("Marker")) && !request.value(QLatin1String("Marker")).isString() &&
        !request.value(QLatin1String("Marker")).isNull())
        return serialization(QStringLiteral("Marker must be a string"));
    if (request.contains(QLatin1String("MaxRecords"))) {
        const QJsonValue v = request.value(QLatin1String("MaxRecords"));
        if (!v.isNull() && (!v.isDouble() || v.toDouble() != std::floor(v.toDouble())))
            return serialization(QStringLiteral("MaxRecords must be an integer"));
    }
    for (const char* member : {"MigrationProjectIdentifier"}) {
        const QJsonValue v = request.value(QLatin1String(member));
        if (!v.isUndefined() && !v.isNull() && !v.isString())
            return serialization(QStringLiteral("%1 must be a string").arg(QLatin1String(member)));
    }
    const QJsonValue f = request.value(QLatin1String("Filters"));
    if (f.isUndefined() || f.isNull())
        return std::nullopt;
    if (!f.isArray())
        return serialization(QStringLiteral("Filters must be a list"));
    const QJsonArray array = f.toArray();
    for (const QJsonValue& item : array) {
        if (!item.isObject())
            return serialization(QStringLiteral("Filters entries must be structures"));
        const QJsonObject o = item.toObject();
        const QJsonValue name = o.value(QLatin1String("Name"));
        const QJsonValue values = o.value(QLatin1String("Values"));
        if ((!name.isUndefined() && !name.isString()) || (!values.isUndefined() && !values.isArray()))
            return serialization(QStringLiteral("Filter Name must be a string and Values a list"));
        if (name.isUndefined())
            return SimService::commonError(400, FaultCode::ValidationException,
                                           validationMessage(QStringLiteral("filters.member.name"),
                                                             QStringLiteral("null"),
                                                             QStringLiteral("Member must not be null")));
        if (values.isUndefined())
            return SimService::commonError(400, FaultCode::ValidationException,
                                           validationMessage(QStringLiteral("filters.member.values"),
                                                             QStringLiteral("null"),
                                                             QStringLiteral("Member must not be null")));
        Filter filter;
        filter.name = name.toString();
        const QJsonArray vals = values.toArray();
        for (const QJsonValue& v : vals) {
            if (!v.isString())
                return serialization(QStringLiteral("Filter Values must be strings"));
            filter.values << v.toString();
        }
        filters->append(filter);
    }
    return std::nullopt;
}

std::optional<SimReply> checkFilterNames(const QList<Filter>& filters, const QStringList& allowed)
{
    for (const Filter& f : filters) {
        if (!allowed.contains(f.name))
            return SimService::commonError(400, FaultCode::ValidationException,
                                           QStringLiteral("Invalid filter name '%1'. Valid filter names: %2")
                                               .arg(f.name, allowed.join(QStringLiteral(", "))));
    }
    return std::nullopt;
}

// Checks a required MigrationProjectIdentifier as the model's constraints would.
std::optional<SimReply> checkIdentifier(const QJsonObject& request, QString* identifier)
{
    const QJsonValue v = request.value(QLatin1String("MigrationProjectIdentifier"));
    if (!v.isString())
        return SimService::commonError(400, FaultCode::ValidationException,
                                       validationMessage(QStringLiteral("migrationProjectIdentifier"),
                                                         QStringLiteral("null"),
                                                         QStringLiteral("Member must not be null")));
    *identifier = v.toString();
    if (identifier->size() > kMaxIdentifierLength)
        return SimService::commonError(
            400, FaultCode::ValidationException,
            validationMessage(QStringLiteral("migrationProjectIdentifier"),
                              QLatin1Char('\'') + identifier->left(40) + QStringLiteral("...'"),
                              QStringLiteral("Member must have length less than or equal to 255")));
    if (identifier->isEmpty())
        return SimService::commonError(
            400, FaultCode::ValidationException,
            validationMessage(QStringLiteral("migrationProjectIdentifier"), QStringLiteral("''"),
                              QStringLiteral("Member must have length greater than or equal to 1")));
    return std::nullopt;
}

bool matchesAny(const QStringList& values, const QStringList& candidates)
{
    for (const QString& v : values) {
        if (candidates.contains(v))
            return true;
    }
    return false;
}

QString extensionSchemaFor(const QString& sourceEngine)
{
    if (sourceEngine == u"oracle")
        return QStringLiteral("aws_oracle_ext");
    if (sourceEngine == u"sqlserver")
        return QStringLiteral("aws_sqlserver_ext");
    if (sourceEngine.startsWith(u"db2"))
        return QStringLiteral("aws_db2_ext");
    if (sourceEngine == u"mysql" || sourceEngine == u"aurora" || sourceEngine == u"mariadb")
        return QStringLiteral("aws_mysql_ext");
    return QStringLiteral("aws_") + sourceEngine + QStringLiteral("_ext");
}

QString settingsKeyFor(const QString& engine)
{
    if (engine == u"oracle")
        return QStringLiteral("OracleSettings");
    if (engine == u"sqlserver")
        return QStringLiteral("MicrosoftSqlServerSettings");
    if (engine == u"mysql" || engine == u"aurora")
        return QStringLiteral("MySqlSettings");
    if (engine == u"postgres" || engine == u"aurora-postgresql")
        return QStringLiteral("PostgreSqlSettings");
    if (engine == u"db2")
        return QStringLiteral("IbmDb2LuwSettings");
    if (engine == u"db2-zos")
        return QStringLiteral("IbmDb2zOsSettings");
    if (engine == u"mariadb")
        return QStringLiteral("MariaDbSettings");
    if (engine == u"redshift")
        return QStringLiteral("RedshiftSettings");
    if (engine == u"sybase")
        return QStringLiteral("SybaseAseSettings");
    if (engine == u"docdb")
        return QStringLiteral("DocDbSettings");
    if (engine == u"mongodb")
        return QStringLiteral("MongoDbSettings");
    return QStringLiteral("PostgreSqlSettings");
}

// Markers are opaque to clients: base64url of "dmsx1|operation|offset|nonce". The nonce makes
// every marker distinct so clients cannot rely on their content.
QString encodeMarker(const QString& operation, int offset)
{
    const QString nonce = QString::number(QRandomGenerator::global()->generate64(), 16);
    const QString raw = QStringLiteral("dmsx1|") + operation + QLatin1Char('|') + QString::number(offset) +
                        QLatin1Char('|') + nonce;
    return QString::fromLatin1(
        raw.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

int decodeMarker(const QString& operation, const QString& marker)
{
    const QByteArray raw = QByteArray::fromBase64(marker.toLatin1(), QByteArray::Base64UrlEncoding);
    const QStringList parts = QString::fromUtf8(raw).split(QLatin1Char('|'));
    if (parts.size() != 4 || parts.at(0) != u"dmsx1" || parts.at(1) != operation)
        return -1;
    bool ok = false;
    const int offset = parts.at(2).toInt(&ok);
    return ok && offset >= 0 ? offset : -1;
}

} // namespace

SimService::SimService(const Clock* clock) : m_clock(clock) {}

void SimService::setScenario(const SimScenario& scenario)
{
    m_scenario = scenario;
    m_associations.clear();
}

QDateTime SimService::now() const
{
    return m_clock->nowUtc().addSecs(m_clockOffsetSeconds);
}

QStringList SimService::operations()
{
    return {QStringLiteral("DescribeMigrationProjects"),
            QStringLiteral("DescribeDataProviders"),
            QStringLiteral("DescribeInstanceProfiles"),
            QStringLiteral("StartExtensionPackAssociation"),
            QStringLiteral("DescribeExtensionPackAssociations"),
            QStringLiteral("DescribeConversionConfiguration")};
}

QString SimService::isoTime(const QDateTime& t)
{
    const QDateTime u = t.toUTC();
    const QDate date = u.date();
    const QTime time = u.time();
    if (!u.isValid() || date.year() < 0 || date.year() > 9999)
        return u.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z");
    // Every item of a listing page carries one, and QDateTime::toString() with a format would be
    // a tenth of the simulator's work for a page.
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d000Z", date.year(), date.month(),
                  date.day(), time.hour(), time.minute(), time.second(), time.msec());
    return QString::fromLatin1(text);
}

SimReply SimService::commonError(int status, const QString& code, const QString& message)
{
    QString ns = QStringLiteral("com.amazon.coral.service#");
    if (code == FaultCode::ValidationException)
        ns = QStringLiteral("com.amazon.coral.validate#");
    else if (code == FaultCode::ThrottlingException)
        ns = QStringLiteral("com.amazon.coral.availability#");
    // coral spells this one's message with a capital M (docs/protocol.md §4.1).
    const bool capital = code == FaultCode::SerializationException;
    return SimReply::error(status, code, message, ns + code, QJsonObject(), capital);
}

SimReply SimService::dmsFault(const QString& code, const QString& message, int status,
                              const QJsonObject& extra) const
{
    QString type = code;
    if (m_scenario.errorTypeStyle == u"namespaced")
        type = QStringLiteral("com.amazonaws.dms#") + code;
    else if (m_scenario.errorTypeStyle == u"coral")
        type = code + QStringLiteral(":http://internal.amazon.com/coral/com.amazonaws.dms/");
    return SimReply::error(status, code, message, type, extra);
}

SimReply SimService::handle(const QString& operation, const QByteArray& body)
{
    if (!operations().contains(operation))
        return commonError(400, FaultCode::UnknownOperationException, QString());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return commonError(400, FaultCode::SerializationException,
                           body.trimmed().isEmpty() ? QStringLiteral("Request body is empty")
                                                    : QStringLiteral("Malformed JSON request body"));
    const QJsonObject request = doc.object();
    QList<Filter> filters;
    if (auto bad = checkTypes(request, &filters))
        return *bad;
    if (request.contains(QLatin1String("MaxRecords")) &&
        request.value(QLatin1String("MaxRecords")).isDouble()) {
        const int max = request.value(QLatin1String("MaxRecords")).toInt();
        if (max < 1 || max > kMaxPage)
            return commonError(400, FaultCode::ValidationException,
                               validationMessage(QStringLiteral("maxRecords"), QString::number(max),
                                                 QStringLiteral("Member must be between 1 and 100")));
    }

    if (operation == u"DescribeMigrationProjects")
        return describeMigrationProjects(request);
    if (operation == u"DescribeDataProviders")
        return describeDataProviders(request);
    if (operation == u"DescribeInstanceProfiles")
        return describeInstanceProfiles(request);
    if (operation == u"StartExtensionPackAssociation")
        return startExtensionPackAssociation(request);
    if (operation == u"DescribeExtensionPackAssociations")
        return describeExtensionPackAssociations(request);
    return describeConversionConfiguration(request);
}

SimReply SimService::page(const QString& operation, const QJsonObject& request, qsizetype count,
                          const std::function<void(JsonWriter&, qsizetype)>& writeItem,
                          QLatin1String listKey) const
{
    const int pageSize = request.value(QLatin1String("MaxRecords")).toInt(kMaxPage);
    int offset = 0;
    const QString marker = request.value(QLatin1String("Marker")).toString();
    if (!marker.isEmpty()) {
        offset = decodeMarker(operation, marker);
        if (offset < 0 || offset > count)
            return commonError(400, FaultCode::ValidationException,
                               QStringLiteral("Invalid Marker: %1").arg(marker.left(64)));
    }
    // Only the page's items are rendered, straight into the answer's bytes: rendering every match
    // per page would make a long listing quadratic, and building each item as a QJsonObject first
    // would make the simulator, not the client, most of a benchmark's listing.
    const qsizetype end = offset + std::clamp<qsizetype>(pageSize, 0, count - offset);
    JsonWriter out(JsonWriter::Format::Compact);
    auto writeList = [&] {
        out.key(listKey);
        out.beginArray();
        for (qsizetype i = offset; i < end; ++i)
            writeItem(out, i);
        out.endArray();
    };
    // Members in the order QJsonObject keeps them, as JsonWriter needs.
    const bool listFirst = QString(listKey) < QLatin1String("Marker");
    out.beginObject();
    if (listFirst)
        writeList();
    if (end < count)
        out.putString(QLatin1String("Marker"), encodeMarker(operation, int(end)));
    if (!listFirst)
        writeList();
    out.endObject();
    SimReply reply;
    reply.body = out.takeBytes();
    return reply;
}

SimReply SimService::page(const QString& operation, const QJsonObject& request, const QJsonArray& items,
                          QLatin1String listKey) const
{
    return page(
        operation, request, items.size(),
        [&](JsonWriter& out, qsizetype i) {
            out.compactValue(QJsonDocument(items.at(i).toObject()).toJson(QJsonDocument::Compact));
        },
        listKey);
}

// Each writer gives the members in the order QJsonObject sorts them (JsonWriter's rule), so the
// bytes are those QJsonDocument wrote for the same object.
void SimService::writeProject(JsonWriter& out, const SimProject& p) const
{
    using L = QLatin1String;
    auto descriptors = [&](L key, const QStringList& names) {
        out.key(key);
        out.beginArray();
        for (const QString& name : names) {
            const SimDataProvider* provider = m_scenario.findProvider(name);
            out.beginObject();
            out.key(L("DataProviderArn"));
            out.string(provider->arn);
            out.key(L("DataProviderName"));
            out.string(provider->name);
            if (!p.secretsManagerAccessRoleArn.isEmpty())
                out.putString(L("SecretsManagerAccessRoleArn"), p.secretsManagerAccessRoleArn);
            if (!p.secretsManagerSecretId.isEmpty())
                out.putString(L("SecretsManagerSecretId"), p.secretsManagerSecretId);
            out.endObject();
        }
        out.endArray();
    };
    out.beginObject();
    if (!p.description.isEmpty())
        out.putString(L("Description"), p.description);
    if (const SimInstanceProfile* profile = m_scenario.findInstanceProfile(p.instanceProfile)) {
        out.key(L("InstanceProfileArn"));
        out.string(profile->arn);
        out.key(L("InstanceProfileName"));
        out.string(profile->name);
    }
    out.key(L("MigrationProjectArn"));
    out.string(p.arn);
    out.key(L("MigrationProjectCreationTime"));
    out.string(isoTime(p.creationTime));
    out.key(L("MigrationProjectName"));
    out.string(p.name);
    if (!p.s3BucketPath.isEmpty() || !p.s3BucketRoleArn.isEmpty()) {
        out.key(L("SchemaConversionApplicationAttributes"));
        out.beginObject();
        out.key(L("S3BucketPath"));
        out.string(p.s3BucketPath);
        out.key(L("S3BucketRoleArn"));
        out.string(p.s3BucketRoleArn);
        out.endObject();
    }
    descriptors(L("SourceDataProviderDescriptors"), p.sourceProviders);
    descriptors(L("TargetDataProviderDescriptors"), p.targetProviders);
    if (!p.transformationRules.isEmpty())
        out.putString(L("TransformationRules"), p.transformationRules);
    out.endObject();
}

void SimService::writeProvider(JsonWriter& out, const SimDataProvider& p) const
{
    using L = QLatin1String;
    out.beginObject();
    out.key(L("DataProviderArn"));
    out.string(p.arn);
    out.key(L("DataProviderCreationTime"));
    out.string(isoTime(p.creationTime));
    out.key(L("DataProviderName"));
    out.string(p.name);
    if (!p.description.isEmpty())
        out.putString(L("Description"), p.description);
    out.key(L("Engine"));
    out.string(p.engine);
    out.key(L("Settings"));
    out.beginObject();
    out.key(L(settingsKeyFor(p.engine).toLatin1()));
    out.beginObject();
    if (!p.databaseName.isEmpty())
        out.putString(L("DatabaseName"), p.databaseName);
    if (p.port > 0) {
        out.key(L("Port"));
        out.integer(p.port);
    }
    if (!p.serverName.isEmpty())
        out.putString(L("ServerName"), p.serverName);
    if (!p.sslMode.isEmpty())
        out.putString(L("SslMode"), p.sslMode);
    out.endObject();
    out.endObject();
    out.key(L("Virtual"));
    out.boolean(p.isVirtual);
    out.endObject();
}

void SimService::writeProfile(JsonWriter& out, const SimInstanceProfile& p) const
{
    using L = QLatin1String;
    out.beginObject();
    if (!p.availabilityZone.isEmpty())
        out.putString(L("AvailabilityZone"), p.availabilityZone);
    if (!p.description.isEmpty())
        out.putString(L("Description"), p.description);
    out.key(L("InstanceProfileArn"));
    out.string(p.arn);
    out.key(L("InstanceProfileCreationTime"));
    out.string(isoTime(p.creationTime));
    out.key(L("InstanceProfileName"));
    out.string(p.name);
    if (!p.kmsKeyArn.isEmpty())
        out.putString(L("KmsKeyArn"), p.kmsKeyArn);
    if (!p.networkType.isEmpty())
        out.putString(L("NetworkType"), p.networkType);
    out.key(L("PubliclyAccessible"));
    out.boolean(p.publiclyAccessible);
    if (!p.subnetGroupIdentifier.isEmpty())
        out.putString(L("SubnetGroupIdentifier"), p.subnetGroupIdentifier);
    if (!p.vpcSecurityGroups.isEmpty()) {
        out.key(L("VpcSecurityGroups"));
        out.beginArray();
        for (const QString& group : p.vpcSecurityGroups)
            out.string(group);
        out.endArray();
    }
    out.endObject();
}

SimReply SimService::describeMigrationProjects(const QJsonObject& request)
{
    QList<Filter> filters;
    checkTypes(request, &filters);
    if (auto bad = checkFilterNames(filters, {QStringLiteral("migration-project-identifier"),
                                              QStringLiteral("instance-profile-identifier"),
                                              QStringLiteral("data-provider-identifier"),
                                              QStringLiteral("source-data-provider-identifier"),
                                              QStringLiteral("target-data-provider-identifier")}))
        return *bad;
    auto providerIds = [&](const QStringList& names) {
        QStringList ids;
        for (const QString& name : names) {
            ids << name;
            if (const SimDataProvider* p = m_scenario.findProvider(name))
                ids << p->arn;
        }
        return ids;
    };
    QList<const SimProject*> matches;
    matches.reserve(m_scenario.projects.size());
    for (const SimProject& p : m_scenario.projects) {
        bool match = true;
        for (const Filter& f : filters) {
            QStringList candidates;
            if (f.name == u"migration-project-identifier") {
                candidates = {p.name, p.arn};
            } else if (f.name == u"instance-profile-identifier") {
                if (const SimInstanceProfile* profile = m_scenario.findInstanceProfile(p.instanceProfile))
                    candidates = {profile->name, profile->arn};
            } else if (f.name == u"source-data-provider-identifier") {
                candidates = providerIds(p.sourceProviders);
            } else if (f.name == u"target-data-provider-identifier") {
                candidates = providerIds(p.targetProviders);
            } else {
                candidates = providerIds(p.sourceProviders + p.targetProviders);
            }
            match = match && matchesAny(f.values, candidates);
        }
        if (match)
            matches.append(&p);
    }
    return page(
        QStringLiteral("DescribeMigrationProjects"), request, matches.size(),
        [&](JsonWriter& out, qsizetype i) { writeProject(out, *matches.at(i)); },
        QLatin1String("MigrationProjects"));
}

template <typename T, typename WriteItem>
SimReply SimService::describeByNameOrArn(const QJsonObject& request, const QString& operation,
                                         const QString& filterName, const QList<T>& all, WriteItem writeItem,
                                         QLatin1String listKey) const
{
    QList<Filter> filters;
    checkTypes(request, &filters); // types were checked by handle(); this only reads the filters
    if (auto bad = checkFilterNames(filters, {filterName}))
        return *bad;
    QList<const T*> matches;
    matches.reserve(all.size());
    for (const T& item : all) {
        bool match = true;
        for (const Filter& f : filters)
            match = match && matchesAny(f.values, {item.name, item.arn});
        if (match)
            matches.append(&item);
    }
    return page(
        operation, request, matches.size(),
        [&](JsonWriter& out, qsizetype i) { writeItem(out, *matches.at(i)); }, listKey);
}

SimReply SimService::describeDataProviders(const QJsonObject& request)
{
    return describeByNameOrArn(
        request, QStringLiteral("DescribeDataProviders"), QStringLiteral("data-provider-identifier"),
        m_scenario.dataProviders,
        [this](JsonWriter& out, const SimDataProvider& p) { writeProvider(out, p); },
        QLatin1String("DataProviders"));
}

SimReply SimService::describeInstanceProfiles(const QJsonObject& request)
{
    return describeByNameOrArn(
        request, QStringLiteral("DescribeInstanceProfiles"), QStringLiteral("instance-profile-identifier"),
        m_scenario.instanceProfiles,
        [this](JsonWriter& out, const SimInstanceProfile& p) { writeProfile(out, p); },
        QLatin1String("InstanceProfiles"));
}

std::optional<SimReply> SimService::requireProject(const QString& identifier,
                                                   const SimProject** project) const
{
    *project = m_scenario.findProject(identifier);
    if (*project)
        return std::nullopt;
    return dmsFault(FaultCode::ResourceNotFoundFault,
                    QStringLiteral("Migration project '%1' was not found.").arg(identifier));
}

std::optional<SimReply> SimService::prerequisiteRefusal(const SimProject& project) const
{
    const QString bucket = SimAccountResources::bucketOfPath(project.s3BucketPath);
    if (!bucket.isEmpty() && !m_scenario.findBucket(bucket))
        return dmsFault(FaultCode::S3ResourceNotFoundFault,
                        QStringLiteral("The S3 bucket %1 of migration project %2 does not exist.")
                            .arg(bucket, project.name));
    return std::nullopt;
}

QString SimService::prerequisiteFailure(const SimProject& project) const
{
    // The words are those DMS Schema Conversion gives in a failed request's error details.
    const auto trusted = [this](const std::optional<SimIamRole>& role, const QString& deniedPrefix) {
        if (!role)
            return false;
        const Result<TrustPolicy> policy = TrustPolicy::parse(role->trustPolicy);
        if (!policy.ok() || !policy->trustsDms(m_scenario.region))
            return false;
        for (const QStringList* denied : {&role->deniedActions, &role->explicitlyDeniedActions})
            for (const QString& action : *denied)
                if (action == u"*" || action.startsWith(deniedPrefix, Qt::CaseInsensitive))
                    return false;
        return true;
    };
    const QString bucketName = SimAccountResources::bucketOfPath(project.s3BucketPath);
    if (const std::optional<SimBucket> bucket = m_scenario.findBucket(bucketName);
        bucket && !bucketName.isEmpty()) {
        if (!bucket->region.isEmpty() && bucket->region != m_scenario.region)
            return QStringLiteral(
                "Access to project storage denied. Check your S3 bucket, role, region, and try again.");
        if (bucket->versioning != u"Enabled")
            return QStringLiteral("S3 bucket versioning is disabled. Please turn it on and try again.");
    }
    if (!project.s3BucketRoleArn.isEmpty() &&
        !trusted(m_scenario.findRole(project.s3BucketRoleArn), QStringLiteral("s3:")))
        return QStringLiteral(
            "Access to the project storage is denied. Check you bucket, S3 role and try again.");
    if (!project.secretsManagerSecretId.isEmpty()) {
        const std::optional<SimSecret> secret = m_scenario.findSecret(project.secretsManagerSecretId);
        const bool roleOk = project.secretsManagerAccessRoleArn.isEmpty() ||
                            trusted(m_scenario.findRole(project.secretsManagerAccessRoleArn),
                                    QStringLiteral("secretsmanager:"));
        if (!secret || secret->deletedDate.isValid() || !roleOk)
            return QStringLiteral(
                "The Secret does not exist. Please check the Secret name, IAM secret role, and region.");
        if (!secret->kmsKeyId.isEmpty()) {
            const std::optional<SimKmsKey> key = m_scenario.findKey(secret->kmsKeyId);
            if (!key || key->state != u"Enabled")
                return QStringLiteral(
                           "Unable to access AWS Secrets Manager: the KMS key %1 that encrypts the "
                           "secret is not enabled.")
                    .arg(secret->kmsKeyId);
        }
    }
    return QString();
}

SimReply SimService::startExtensionPackAssociation(const QJsonObject& request)
{
    QString identifier;
    if (auto bad = checkIdentifier(request, &identifier))
        return *bad;
    const SimProject* project = nullptr;
    if (auto missing = requireProject(identifier, &project))
        return *missing;
    if (!project->startFaultCode.isEmpty()) {
        QJsonObject extra;
        if (project->startFaultCode == FaultCode::ResourceAlreadyExistsFault)
            extra.insert(QStringLiteral("resourceArn"), project->arn);
        return dmsFault(project->startFaultCode, project->startFaultMessage, project->startFaultStatus,
                        extra);
    }
    // Choice (unconfirmed, docs/protocol.md §8.1, §8.2): a virtual target gives InvalidResourceStateFault.
    for (const QString& name : project->targetProviders) {
        const SimDataProvider* target = m_scenario.findProvider(name);
        if (target && target->isVirtual)
            return dmsFault(FaultCode::InvalidResourceStateFault,
                            QStringLiteral("The target data provider %1 of migration project %2 is virtual. "
                                           "An extension pack requires a non-virtual target data provider.")
                                .arg(target->name, project->name));
    }
    if (auto refused = prerequisiteRefusal(*project))
        return *refused;
    // AWS queues a Start behind the project's running requests (runStart). The scenario option keeps the
    // refusal this simulator used to give, so clients can still meet ResourceAlreadyExistsFault.
    for (const Association& a : std::as_const(m_associations)) {
        if (!m_scenario.refuseStartWhileRunning)
            break;
        const QString status = associationStatus(a);
        if (a.projectArn == project->arn && (status == u"RECEIVED" || status == u"IN_PROGRESS")) {
            QJsonObject extra;
            extra.insert(QStringLiteral("resourceArn"), project->arn);
            return dmsFault(
                FaultCode::ResourceAlreadyExistsFault,
                QStringLiteral("An extension pack request (%1) is already in progress for migration "
                               "project %2.")
                    .arg(a.requestId, project->name),
                400, extra);
        }
    }
    Association a;
    a.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.projectArn = project->arn;
    a.start = now();
    a.completionSeconds =
        project->completionSeconds > 0 ? project->completionSeconds : m_scenario.defaultCompletionSeconds;
    a.failure = project->asyncFailure.isEmpty() ? prerequisiteFailure(*project) : project->asyncFailure;
    a.totalObjects = project->totalObjects;
    const SimDataProvider* source = project->sourceProviders.isEmpty()
                                        ? nullptr
                                        : m_scenario.findProvider(project->sourceProviders.first());
    a.extensionSchema = extensionSchemaFor(source ? source->engine : QString());
    m_associations.append(a);
    QJsonObject response;
    response.insert(QStringLiteral("RequestIdentifier"), a.requestId);
    return SimReply::json(response);
}

bool SimService::cancelAssociation(const QString& requestId)
{
    for (Association& a : m_associations) {
        if (a.requestId != requestId)
            continue;
        const QString status = associationStatus(a);
        if (status != u"RECEIVED" && status != u"IN_PROGRESS")
            return false;
        a.canceled = true;
        a.canceledAt = now();
        return true;
    }
    return false;
}

QDateTime SimService::runStart(const Association& a) const
{
    // One pass over the project's requests in order of their Start: each runs when it was started
    // or when the ones before it ended (completed, or cancelled), whichever is later.
    QDateTime previousEnd;
    for (const Association& b : m_associations) {
        if (b.projectArn != a.projectArn)
            continue;
        const QDateTime start = previousEnd.isValid() && previousEnd > b.start ? previousEnd : b.start;
        if (b.requestId == a.requestId)
            return start;
        QDateTime end = start.addMSecs(qint64(b.completionSeconds / m_timeScale * 1000.0));
        if (b.canceled && b.canceledAt < end)
            end = b.canceledAt;
        if (!previousEnd.isValid() || end > previousEnd)
            previousEnd = end;
    }
    return a.start;
}

double SimService::elapsedSeconds(const Association& a) const
{
    return double(runStart(a).msecsTo(now())) / 1000.0 * m_timeScale;
}

QString SimService::associationStatus(const Association& a) const
{
    if (a.canceled)
        return QStringLiteral("CANCELED");
    const double elapsed = elapsedSeconds(a);
    if (elapsed < a.completionSeconds * kReceivedShare)
        return QStringLiteral("RECEIVED");
    if (elapsed < a.completionSeconds)
        return QStringLiteral("IN_PROGRESS");
    return a.failure.isEmpty() ? QStringLiteral("SUCCESS") : QStringLiteral("FAILED");
}

QJsonObject SimService::associationJson(const Association& a) const
{
    QJsonObject o;
    o.insert(QStringLiteral("RequestIdentifier"), a.requestId);
    o.insert(QStringLiteral("MigrationProjectArn"), a.projectArn);
    const QString status = associationStatus(a);
    o.insert(QStringLiteral("Status"), status);
    if (status == u"IN_PROGRESS") {
        const double elapsed = elapsedSeconds(a);
        const double received = a.completionSeconds * kReceivedShare;
        const double stepLength = (a.completionSeconds - received) / kStepCount;
        const double intoSteps = std::max(0.0, elapsed - received);
        const int step = std::min(kStepCount - 1, int(intoSteps / stepLength));
        const double percent = std::min(100.0, (intoSteps - step * stepLength) / stepLength * 100.0);
        QJsonObject progress;
        progress.insert(QStringLiteral("ProgressStep"), QLatin1String(kSteps[step]));
        progress.insert(QStringLiteral("ProgressPercent"), std::round(percent * 10.0) / 10.0);
        progress.insert(QStringLiteral("TotalObjects"), a.totalObjects);
        if (step >= 2) {
            QJsonObject processed;
            const qint64 index = qint64(percent / 100.0 * double(std::max<qint64>(1, a.totalObjects)));
            processed.insert(QStringLiteral("Name"),
                             QString(a.extensionSchema +
                                     QStringLiteral(".routine_%1").arg(index + 1, 4, 10, QLatin1Char('0'))));
            processed.insert(QStringLiteral("Type"),
                             step == 2 ? QStringLiteral("procedure") : QStringLiteral("function"));
            processed.insert(QStringLiteral("EndpointType"),
                             step == 2 ? QStringLiteral("SOURCE") : QStringLiteral("TARGET"));
            progress.insert(QStringLiteral("ProcessedObject"), processed);
        }
        o.insert(QStringLiteral("Progress"), progress);
    } else if (status == u"FAILED") {
        QJsonObject details;
        details.insert(QStringLiteral("Message"), a.failure);
        QJsonObject error;
        error.insert(QStringLiteral("defaultErrorDetails"), details);
        o.insert(QStringLiteral("Error"), error);
    }
    return o;
}

SimReply SimService::describeExtensionPackAssociations(const QJsonObject& request)
{
    QString identifier;
    if (auto bad = checkIdentifier(request, &identifier))
        return *bad;
    QList<Filter> filters;
    checkTypes(request, &filters);
    if (auto bad = checkFilterNames(filters, {QStringLiteral("request-id"), QStringLiteral("status")}))
        return *bad;
    // Not modeled, but an unknown project most plausibly gives ResourceNotFoundFault (docs/protocol.md §3.3).
    const SimProject* project = nullptr;
    if (auto missing = requireProject(identifier, &project))
        return *missing;
    QJsonArray items;
    for (const Association& a : std::as_const(m_associations)) {
        if (a.projectArn != project->arn)
            continue;
        bool match = true;
        for (const Filter& f : filters) {
            if (f.name == u"request-id")
                match = match && f.values.contains(a.requestId);
            else
                match = match && f.values.contains(associationStatus(a));
        }
        if (match)
            items.append(associationJson(a));
    }
    return page(QStringLiteral("DescribeExtensionPackAssociations"), request, items,
                QLatin1String("Requests"));
}

SimReply SimService::describeConversionConfiguration(const QJsonObject& request)
{
    QString identifier;
    if (auto bad = checkIdentifier(request, &identifier))
        return *bad;
    const SimProject* project = nullptr;
    if (auto missing = requireProject(identifier, &project))
        return *missing;
    QJsonObject response;
    response.insert(QStringLiteral("MigrationProjectIdentifier"), identifier);
    response.insert(QStringLiteral("ConversionConfiguration"), QStringLiteral("{}"));
    return SimReply::json(response);
}

} // namespace dmsx
