#include "dms/DmsPageReader.h"

#include "base/AwsTime.h"
#include "base/JsonPullReader.h"

#include <QJsonArray>

namespace dmsx {

using L = QLatin1String;
using Kind = JsonPullReader::Kind;

namespace {

// JsonFields::string(): a string, else null.
QString string(JsonPullReader& in)
{
    if (in.peek() == Kind::String)
        return in.readString();
    in.skipValue();
    return {};
}

SchemaConversionApplicationAttributes attributes(JsonPullReader& in)
{
    SchemaConversionApplicationAttributes a;
    QByteArrayView key;
    in.enterObject();
    while (in.nextMember(&key)) {
        if (key == "S3BucketPath")
            a.s3BucketPath = string(in);
        else if (key == "S3BucketRoleArn")
            a.s3BucketRoleArn = string(in);
        else
            in.skipValue();
    }
    return a;
}

QList<DataProviderDescriptor> descriptors(JsonPullReader& in)
{
    QList<DataProviderDescriptor> out;
    if (in.peek() != Kind::Array) {
        in.skipValue();
        return out;
    }
    in.enterArray();
    while (in.nextElement()) {
        if (in.peek() != Kind::Object) {
            in.skipValue();
            continue;
        }
        DataProviderDescriptor d;
        QByteArrayView key;
        in.enterObject();
        while (in.nextMember(&key)) {
            if (key == "SecretsManagerSecretId")
                d.secretsManagerSecretId = string(in);
            else if (key == "SecretsManagerAccessRoleArn")
                d.secretsManagerAccessRoleArn = string(in);
            else if (key == "DataProviderName")
                d.dataProviderName = string(in);
            else if (key == "DataProviderArn")
                d.dataProviderArn = string(in);
            else
                in.skipValue();
        }
        out.append(std::move(d));
    }
    return out;
}

MigrationProject project(JsonPullReader& in)
{
    MigrationProject p;
    QByteArrayView key;
    in.enterObject();
    while (in.nextMember(&key)) {
        if (key == "MigrationProjectName") {
            p.migrationProjectName = string(in);
        } else if (key == "MigrationProjectArn") {
            p.migrationProjectArn = string(in);
        } else if (key == "MigrationProjectCreationTime") {
            p.migrationProjectCreationTime = AwsTime::fromJson(in.readScalar());
        } else if (key == "SourceDataProviderDescriptors") {
            p.sourceDataProviderDescriptors = descriptors(in);
        } else if (key == "TargetDataProviderDescriptors") {
            p.targetDataProviderDescriptors = descriptors(in);
        } else if (key == "InstanceProfileArn") {
            p.instanceProfileArn = string(in);
        } else if (key == "InstanceProfileName") {
            p.instanceProfileName = string(in);
        } else if (key == "TransformationRules") {
            p.transformationRules = string(in);
        } else if (key == "Description") {
            p.description = string(in);
        } else if (key == "SchemaConversionApplicationAttributes") {
            p.schemaConversionApplicationAttributes.reset();
            if (in.peek() == Kind::Object)
                p.schemaConversionApplicationAttributes = attributes(in);
            else
                in.skipValue();
        } else {
            in.skipValue();
        }
    }
    return p;
}

} // namespace

std::optional<Page<MigrationProject>> DmsPageReader::migrationProjects(QByteArrayView body)
{
    JsonPullReader in(body);
    Page<MigrationProject> page;
    // An empty body is {} to the protocol; not worth a path of its own.
    if (in.peek() != Kind::Object)
        return std::nullopt;
    QByteArrayView key;
    in.enterObject();
    while (in.nextMember(&key)) {
        if (key == "Marker") {
            page.marker = string(in);
        } else if (key == "MigrationProjects") {
            page.items.clear();
            if (in.peek() != Kind::Array) {
                in.skipValue();
                continue;
            }
            in.enterArray();
            while (in.nextElement()) {
                if (in.peek() == Kind::Object)
                    page.items.append(project(in));
                else
                    in.skipValue();
            }
        } else {
            in.skipValue();
        }
    }
    if (!in.atEnd())
        return std::nullopt;
    return page;
}

QJsonObject DmsPageReader::forObservers(const Page<MigrationProject>& page)
{
    QJsonArray projects;
    for (const MigrationProject& p : page.items) {
        QJsonObject o;
        if (!p.migrationProjectArn.isNull())
            o.insert(L("MigrationProjectArn"), p.migrationProjectArn);
        if (!p.migrationProjectName.isNull())
            o.insert(L("MigrationProjectName"), p.migrationProjectName);
        projects.append(o);
    }
    QJsonObject out;
    out.insert(L("MigrationProjects"), projects);
    if (!page.marker.isNull())
        out.insert(L("Marker"), page.marker);
    return out;
}

} // namespace dmsx
