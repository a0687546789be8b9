#include "dms/model/ProcessedObject.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

ProcessedObject ProcessedObject::fromJson(const QJsonObject& o)
{
    ProcessedObject p;
    p.name = JsonFields::string(o, L("Name"));
    p.type = JsonFields::string(o, L("Type"));
    p.endpointType = JsonFields::string(o, L("EndpointType"));
    return p;
}

QJsonObject ProcessedObject::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("Name"), name);
    JsonFields::putString(o, L("Type"), type);
    JsonFields::putString(o, L("EndpointType"), endpointType);
    return o;
}

} // namespace dmsx
