#include "dms/DmsPageReader.h"

#include "base/AwsTime.h"
#include "base/JsonPullReader.h"

#include <QJsonArray>

#include <QVarLengthArray>

#include <algorithm>

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

// A data provider; nothing for one whose Settings it leaves to the parser.
std::optional<DataProvider> provider(JsonPullReader& in)
{
    DataProvider p;
    QByteArrayView settings;
    QByteArrayView key;
    in.enterObject();
    while (in.nextMember(&key)) {
        if (key == "DataProviderName") {
            p.dataProviderName = string(in);
        } else if (key == "DataProviderArn") {
            p.dataProviderArn = string(in);
        } else if (key == "DataProviderCreationTime") {
            p.dataProviderCreationTime = AwsTime::fromJson(in.readScalar());
        } else if (key == "Description") {
            p.description = string(in);
        } else if (key == "Engine") {
            p.engine = string(in);
        } else if (key == "Virtual") {
            const QJsonValue v = in.readScalar();
            p.isVirtual = v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
        } else if (key == "Settings") {
            settings = in.peek() == Kind::Object ? in.skipValueRaw() : QByteArrayView();
            if (settings.isEmpty())
                in.skipValue();
        } else {
            in.skipValue();
        }
    }
    if (settings.isEmpty())
        return p;
    // The union's member: the first by name that is not null, as DataProvider::fromJson() walks
    // the parsed object (sorted, the last of a repeated member kept). Names compare as Qt sorts
    // them only when they are ASCII. A union has one member: a short list, no map.
    QVarLengthArray<std::pair<QByteArrayView, QByteArrayView>, 4> members;
    JsonPullReader union_(settings);
    union_.enterObject();
    while (union_.nextMember(&key)) {
        for (const char c : key) {
            if (static_cast<unsigned char>(c) >= 0x80)
                return std::nullopt;
        }
        const QByteArrayView value = union_.skipValueRaw();
        const auto same = std::find_if(members.begin(), members.end(),
                                       [key](const auto& member) { return member.first == key; });
        if (same != members.end())
            same->second = value;
        else
            members.append({key, value});
    }
    if (!union_.ok())
        return std::nullopt;
    const std::pair<QByteArrayView, QByteArrayView>* chosen = nullptr;
    for (const auto& member : members) {
        if (member.second != "null" && (!chosen || member.first.compare(chosen->first) < 0))
            chosen = &member;
    }
    if (chosen) {
        p.settingsVariant = QString::fromLatin1(chosen->first);
        p.settingsVariantKnown = DataProvider::isKnownSettingsVariant(p.settingsVariant);
        // Bytes the reader has checked as thoroughly as Qt's parser: read when asked.
        if (chosen->second.startsWith('{'))
            p.settingsJson = chosen->second.toByteArray();
    }
    return p;
}

template <typename T, typename ReadItem>
std::optional<Page<T>> readPage(QByteArrayView body, const char* listKey, ReadItem readItem)
{
    JsonPullReader in(body);
    Page<T> page;
    // An empty body is {} to the protocol; not worth a path of its own.
    if (in.peek() != Kind::Object)
        return std::nullopt;
    QByteArrayView key;
    in.enterObject();
    while (in.nextMember(&key)) {
        if (key == "Marker") {
            page.marker = string(in);
        } else if (key == listKey) {
            page.items.clear();
            if (in.peek() != Kind::Array) {
                in.skipValue();
                continue;
            }
            in.enterArray();
            while (in.nextElement()) {
                if (in.peek() != Kind::Object) {
                    in.skipValue();
                    continue;
                }
                std::optional<T> item = readItem(in);
                if (!item)
                    return std::nullopt;
                page.items.append(std::move(*item));
            }
        } else {
            in.skipValue();
        }
    }
    if (!in.atEnd())
        return std::nullopt;
    return page;
}

} // namespace

std::optional<Page<MigrationProject>> DmsPageReader::migrationProjects(QByteArrayView body)
{
    return readPage<MigrationProject>(body, "MigrationProjects",
                                      [](JsonPullReader& in) { return std::optional(project(in)); });
}

std::optional<Page<DataProvider>> DmsPageReader::dataProviders(QByteArrayView body)
{
    return readPage<DataProvider>(body, "DataProviders", provider);
}

QJsonObject DmsPageReader::forObservers(const CallEvent::DeferredOutput::ItemNames& arnsAndNames,
                                        const QString& marker)
{
    QJsonArray projects;
    for (qsizetype i = 0; i < arnsAndNames.size(); ++i) {
        QJsonObject o;
        o.insert(L("MigrationProjectArn"), arnsAndNames.identifier(i).toString());
        o.insert(L("MigrationProjectName"), arnsAndNames.name(i).toString());
        projects.append(o);
    }
    QJsonObject out;
    out.insert(L("MigrationProjects"), projects);
    if (!marker.isNull())
        out.insert(L("Marker"), marker);
    return out;
}

} // namespace dmsx
