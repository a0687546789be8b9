#pragma once

#include "dms/model/ProcessedObject.h"

#include <QString>

#include <QJsonObject>
#include <optional>

namespace dmsx {

// Progress of a schema-conversion request. ProgressPercent is per step, not overall.
struct Progress
{
    std::optional<double> progressPercent; // may arrive as "NaN"/"Infinity" strings
    std::optional<qint64> totalObjects;    // a long in the model
    QString progressStep;
    std::optional<ProcessedObject> processedObject;

    static Progress fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
