#include "dms/model/ExportSqlDetails.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

ExportSqlDetails ExportSqlDetails::fromJson(const QJsonObject& o)
{
    ExportSqlDetails d;
    d.s3ObjectKey = JsonFields::string(o, L("S3ObjectKey"));
    d.objectUrl = JsonFields::string(o, L("ObjectURL"));
    return d;
}

QJsonObject ExportSqlDetails::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("S3ObjectKey"), s3ObjectKey);
    JsonFields::putString(o, L("ObjectURL"), objectUrl);
    return o;
}

} // namespace dmsx
