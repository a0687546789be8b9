#include "dms/model/ErrorDetails.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

ErrorDetails ErrorDetails::fromJson(const QJsonObject& o)
{
    ErrorDetails e;
    // Note the lower-case union member name, unlike every other DMS member.
    const QJsonValue def = o.value(L("defaultErrorDetails"));
    if (def.isObject()) {
        e.variant = Variant::Default;
        e.message = JsonFields::string(def.toObject(), L("Message"));
        return e;
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isNull())
            continue;
        e.variant = Variant::Unknown;
        e.unknownVariantName = it.key();
        e.unknownBody = it.value().toObject();
        // Unknown variants most likely still carry a Message; show it rather than nothing.
        e.message = JsonFields::string(e.unknownBody, L("Message"));
        break;
    }
    return e;
}

QJsonObject ErrorDetails::toJson() const
{
    QJsonObject o;
    if (variant == Variant::Default) {
        QJsonObject d;
        JsonFields::putString(d, L("Message"), message);
        o.insert(L("defaultErrorDetails"), d);
    } else if (variant == Variant::Unknown && !unknownVariantName.isEmpty()) {
        o.insert(unknownVariantName, unknownBody);
    }
    return o;
}

} // namespace dmsx
