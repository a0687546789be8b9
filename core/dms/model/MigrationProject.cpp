#include "dms/model/MigrationProject.h"

#include "base/JsonFields.h"
#include "base/JsonWriter.h"

namespace dmsx {

using L = QLatin1String;

namespace {

QList<DataProviderDescriptor> descriptors(const QJsonObject& o, QLatin1String key)
{
    QList<DataProviderDescriptor> out;
    const QJsonArray a = JsonFields::array(o, key);
    for (const QJsonValue& v : a) {
        if (v.isObject())
            out.append(DataProviderDescriptor::fromJson(v.toObject()));
    }
    return out;
}

void putDescriptors(QJsonObject& o, QLatin1String key, const QList<DataProviderDescriptor>& list)
{
    if (list.isEmpty())
        return;
    QJsonArray a;
    for (const auto& d : list)
        a.append(d.toJson());
    o.insert(key, a);
}

void writeDescriptors(JsonWriter& out, QLatin1String key, const QList<DataProviderDescriptor>& list)
{
    if (list.isEmpty())
        return;
    out.key(key);
    out.beginArray();
    for (const auto& d : list)
        d.writeJson(out);
    out.endArray();
}

} // namespace

MigrationProject MigrationProject::fromJson(const QJsonObject& o)
{
    MigrationProject p;
    p.migrationProjectName = JsonFields::string(o, L("MigrationProjectName"));
    p.migrationProjectArn = JsonFields::string(o, L("MigrationProjectArn"));
    p.migrationProjectCreationTime = JsonFields::timestamp(o, L("MigrationProjectCreationTime"));
    p.sourceDataProviderDescriptors = descriptors(o, L("SourceDataProviderDescriptors"));
    p.targetDataProviderDescriptors = descriptors(o, L("TargetDataProviderDescriptors"));
    p.instanceProfileArn = JsonFields::string(o, L("InstanceProfileArn"));
    p.instanceProfileName = JsonFields::string(o, L("InstanceProfileName"));
    p.transformationRules = JsonFields::string(o, L("TransformationRules"));
    p.description = JsonFields::string(o, L("Description"));
    const QJsonValue attrs = o.value(L("SchemaConversionApplicationAttributes"));
    if (attrs.isObject())
        p.schemaConversionApplicationAttributes =
            SchemaConversionApplicationAttributes::fromJson(attrs.toObject());
    return p;
}

QJsonObject MigrationProject::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("MigrationProjectName"), migrationProjectName);
    JsonFields::putString(o, L("MigrationProjectArn"), migrationProjectArn);
    JsonFields::putTimestamp(o, L("MigrationProjectCreationTime"), migrationProjectCreationTime);
    putDescriptors(o, L("SourceDataProviderDescriptors"), sourceDataProviderDescriptors);
    putDescriptors(o, L("TargetDataProviderDescriptors"), targetDataProviderDescriptors);
    JsonFields::putString(o, L("InstanceProfileArn"), instanceProfileArn);
    JsonFields::putString(o, L("InstanceProfileName"), instanceProfileName);
    JsonFields::putString(o, L("TransformationRules"), transformationRules);
    JsonFields::putString(o, L("Description"), description);
    if (schemaConversionApplicationAttributes)
        o.insert(L("SchemaConversionApplicationAttributes"), schemaConversionApplicationAttributes->toJson());
    return o;
}

void MigrationProject::writeJson(JsonWriter& out) const
{
    // Sorted by name, as toJson()'s QJsonObject keeps them.
    out.beginObject();
    out.putString(L("Description"), description);
    out.putString(L("InstanceProfileArn"), instanceProfileArn);
    out.putString(L("InstanceProfileName"), instanceProfileName);
    out.putString(L("MigrationProjectArn"), migrationProjectArn);
    out.putTimestamp(L("MigrationProjectCreationTime"), migrationProjectCreationTime);
    out.putString(L("MigrationProjectName"), migrationProjectName);
    if (schemaConversionApplicationAttributes) {
        out.key(L("SchemaConversionApplicationAttributes"));
        schemaConversionApplicationAttributes->writeJson(out);
    }
    writeDescriptors(out, L("SourceDataProviderDescriptors"), sourceDataProviderDescriptors);
    writeDescriptors(out, L("TargetDataProviderDescriptors"), targetDataProviderDescriptors);
    out.putString(L("TransformationRules"), transformationRules);
    out.endObject();
}

} // namespace dmsx
