#pragma once

#include <QJsonObject>
#include <QString>

namespace dmsx {

// Never populated for extension packs; kept so a round trip loses nothing.
struct ExportSqlDetails
{
    QString s3ObjectKey;
    QString objectUrl;

    static ExportSqlDetails fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
