#pragma once

#include "dms/model/DataProviderDescriptor.h"
#include "dms/model/SchemaConversionApplicationAttributes.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <QJsonObject>
#include <optional>

namespace dmsx {

class JsonWriter;

// One element of DescribeMigrationProjects.MigrationProjects. Every member is optional in the model.
struct MigrationProject
{
    QString migrationProjectName;
    QString migrationProjectArn;
    QDateTime migrationProjectCreationTime;
    QList<DataProviderDescriptor> sourceDataProviderDescriptors;
    QList<DataProviderDescriptor> targetDataProviderDescriptors;
    QString instanceProfileArn;
    QString instanceProfileName;
    QString transformationRules; // a JSON document held in a string
    QString description;
    std::optional<SchemaConversionApplicationAttributes> schemaConversionApplicationAttributes;

    static MigrationProject fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
    // The bytes QJsonDocument writes for toJson(), without building it.
    void writeJson(JsonWriter& out) const;
};

} // namespace dmsx
