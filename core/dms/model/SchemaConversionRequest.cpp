#include "dms/model/SchemaConversionRequest.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

SchemaConversionRequest::State SchemaConversionRequest::stateFromString(const QString& s)
{
    if (s == QLatin1String("RECEIVED"))
        return State::Received;
    if (s == QLatin1String("IN_PROGRESS"))
        return State::InProgress;
    if (s == QLatin1String("SUCCESS"))
        return State::Success;
    if (s == QLatin1String("FAILED"))
        return State::Failed;
    if (s == QLatin1String("CANCELING"))
        return State::Canceling;
    if (s == QLatin1String("CANCELED"))
        return State::Canceled;
    return State::Unknown;
}

SchemaConversionRequest::State SchemaConversionRequest::state() const
{
    return stateFromString(status);
}

bool SchemaConversionRequest::isTerminal() const
{
    const State s = state();
    return s == State::Success || s == State::Failed || s == State::Canceled;
}

SchemaConversionRequest SchemaConversionRequest::fromJson(const QJsonObject& o)
{
    SchemaConversionRequest r;
    r.status = JsonFields::string(o, L("Status"));
    r.requestIdentifier = JsonFields::string(o, L("RequestIdentifier"));
    r.migrationProjectArn = JsonFields::string(o, L("MigrationProjectArn"));
    const QJsonValue err = o.value(L("Error"));
    if (err.isObject())
        r.error = ErrorDetails::fromJson(err.toObject());
    const QJsonValue sql = o.value(L("ExportSqlDetails"));
    if (sql.isObject())
        r.exportSqlDetails = ExportSqlDetails::fromJson(sql.toObject());
    const QJsonValue progress = o.value(L("Progress"));
    if (progress.isObject())
        r.progress = Progress::fromJson(progress.toObject());
    return r;
}

QJsonObject SchemaConversionRequest::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("Status"), status);
    JsonFields::putString(o, L("RequestIdentifier"), requestIdentifier);
    JsonFields::putString(o, L("MigrationProjectArn"), migrationProjectArn);
    if (error)
        o.insert(L("Error"), error->toJson());
    if (exportSqlDetails)
        o.insert(L("ExportSqlDetails"), exportSqlDetails->toJson());
    if (progress)
        o.insert(L("Progress"), progress->toJson());
    return o;
}

} // namespace dmsx
