#include "dms/model/Progress.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

Progress Progress::fromJson(const QJsonObject& o)
{
    Progress p;
    p.progressPercent = JsonFields::number(o, L("ProgressPercent"));
    p.totalObjects = JsonFields::int64(o, L("TotalObjects"));
    p.progressStep = JsonFields::string(o, L("ProgressStep"));
    const QJsonValue po = o.value(L("ProcessedObject"));
    if (po.isObject())
        p.processedObject = ProcessedObject::fromJson(po.toObject());
    return p;
}

QJsonObject Progress::toJson() const
{
    QJsonObject o;
    JsonFields::putNumber(o, L("ProgressPercent"), progressPercent);
    JsonFields::putInt64(o, L("TotalObjects"), totalObjects);
    JsonFields::putString(o, L("ProgressStep"), progressStep);
    if (processedObject)
        o.insert(L("ProcessedObject"), processedObject->toJson());
    return o;
}

} // namespace dmsx
