#pragma once

#include <QJsonObject>
#include <QString>

namespace dmsx {

// The object a schema-conversion request is working on.
struct ProcessedObject
{
    QString name;
    QString type;         // table, view, procedure…
    QString endpointType; // SOURCE | TARGET

    static ProcessedObject fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
