#pragma once

#include <QJsonObject>
#include <QString>

namespace dmsx {

class JsonWriter;

// Where a migration project keeps its S3 artefacts.
struct SchemaConversionApplicationAttributes
{
    QString s3BucketPath;
    QString s3BucketRoleArn;

    static SchemaConversionApplicationAttributes fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
    // The bytes QJsonDocument writes for toJson(), without building it.
    void writeJson(JsonWriter& out) const;
};

} // namespace dmsx
