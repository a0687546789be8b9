#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace dmsx {

// A DMS request filter: {"Name": …, "Values": […]}.
struct Filter
{
    QString name;
    QStringList values;

    static Filter fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
