#pragma once

#include <QJsonObject>
#include <QString>

namespace dmsx {

class JsonWriter;

// How a migration project refers to a data provider; carries no engine (docs/protocol.md §3.1).
struct DataProviderDescriptor
{
    QString secretsManagerSecretId;
    QString secretsManagerAccessRoleArn;
    QString dataProviderName;
    QString dataProviderArn;

    static DataProviderDescriptor fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
    // The bytes QJsonDocument writes for toJson(), without building it.
    void writeJson(JsonWriter& out) const;
};

} // namespace dmsx
