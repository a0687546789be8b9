#pragma once

#include <QJsonObject>
#include <QString>

namespace dmsx {

// Where a migration project keeps its S3 artefacts.
struct SchemaConversionApplicationAttributes
{
    QString s3BucketPath;
    QString s3BucketRoleArn;

    static SchemaConversionApplicationAttributes fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
