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

    // The filter names DMS accepts for a Describe operation (docs/protocol.md §3), so a name it
    // would refuse with a ValidationException is caught before anything is sent; empty for an
    // operation without filters.
    static QStringList namesFor(const QString& operation);
};

} // namespace dmsx
