#include "dms/model/SchemaConversionApplicationAttributes.h"

#include "base/JsonFields.h"
#include "base/JsonWriter.h"

namespace dmsx {

using L = QLatin1String;

SchemaConversionApplicationAttributes SchemaConversionApplicationAttributes::fromJson(const QJsonObject& o)
{
    SchemaConversionApplicationAttributes a;
    a.s3BucketPath = JsonFields::string(o, L("S3BucketPath"));
    a.s3BucketRoleArn = JsonFields::string(o, L("S3BucketRoleArn"));
    return a;
}

QJsonObject SchemaConversionApplicationAttributes::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("S3BucketPath"), s3BucketPath);
    JsonFields::putString(o, L("S3BucketRoleArn"), s3BucketRoleArn);
    return o;
}

void SchemaConversionApplicationAttributes::writeJson(JsonWriter& out) const
{
    out.beginObject();
    out.putString(L("S3BucketPath"), s3BucketPath);
    out.putString(L("S3BucketRoleArn"), s3BucketRoleArn);
    out.endObject();
}

} // namespace dmsx
