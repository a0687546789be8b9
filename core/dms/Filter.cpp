#include "dms/Filter.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

Filter Filter::fromJson(const QJsonObject& o)
{
    Filter f;
    f.name = JsonFields::string(o, L("Name"));
    f.values = JsonFields::stringList(o, L("Values"));
    return f;
}

QJsonObject Filter::toJson() const
{
    // Both members are required by the model, so an empty Values list is still sent.
    QJsonObject o;
    o.insert(L("Name"), name);
    o.insert(L("Values"), QJsonArray::fromStringList(values));
    return o;
}

} // namespace dmsx
