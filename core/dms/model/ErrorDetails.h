#pragma once

#include <QJsonObject>
#include <QString>

namespace dmsx {

// The ErrorDetails union; today only "defaultErrorDetails" {Message} exists. An unknown
// variant is kept so a newer service does not break polling.
struct ErrorDetails
{
    enum class Variant
    {
        None,
        Default,
        Unknown
    };
    Variant variant = Variant::None;
    QString message;            // defaultErrorDetails.Message
    QString unknownVariantName; // the member name when variant == Unknown
    QJsonObject unknownBody;

    static ErrorDetails fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
