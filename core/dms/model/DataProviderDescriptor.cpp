#include "dms/model/DataProviderDescriptor.h"

#include "base/JsonFields.h"
#include "base/JsonWriter.h"

namespace dmsx {

using L = QLatin1String;

DataProviderDescriptor DataProviderDescriptor::fromJson(const QJsonObject& o)
{
    DataProviderDescriptor d;
    d.secretsManagerSecretId = JsonFields::string(o, L("SecretsManagerSecretId"));
    d.secretsManagerAccessRoleArn = JsonFields::string(o, L("SecretsManagerAccessRoleArn"));
    d.dataProviderName = JsonFields::string(o, L("DataProviderName"));
    d.dataProviderArn = JsonFields::string(o, L("DataProviderArn"));
    return d;
}

QJsonObject DataProviderDescriptor::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("SecretsManagerSecretId"), secretsManagerSecretId);
    JsonFields::putString(o, L("SecretsManagerAccessRoleArn"), secretsManagerAccessRoleArn);
    JsonFields::putString(o, L("DataProviderName"), dataProviderName);
    JsonFields::putString(o, L("DataProviderArn"), dataProviderArn);
    return o;
}

void DataProviderDescriptor::writeJson(JsonWriter& out) const
{
    out.beginObject();
    out.putString(L("DataProviderArn"), dataProviderArn);
    out.putString(L("DataProviderName"), dataProviderName);
    out.putString(L("SecretsManagerAccessRoleArn"), secretsManagerAccessRoleArn);
    out.putString(L("SecretsManagerSecretId"), secretsManagerSecretId);
    out.endObject();
}

} // namespace dmsx
