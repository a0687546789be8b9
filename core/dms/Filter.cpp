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

QStringList Filter::namesFor(const QString& operation)
{
    if (operation == L("DescribeMigrationProjects"))
        return {QStringLiteral("migration-project-identifier"), QStringLiteral("instance-profile-identifier"),
                QStringLiteral("data-provider-identifier"), QStringLiteral("source-data-provider-identifier"),
                QStringLiteral("target-data-provider-identifier")};
    if (operation == L("DescribeExtensionPackAssociations"))
        return {QStringLiteral("request-id"), QStringLiteral("status")};
    if (operation == L("DescribeDataProviders"))
        return {QStringLiteral("data-provider-identifier")};
    if (operation == L("DescribeInstanceProfiles"))
        return {QStringLiteral("instance-profile-identifier")};
    return {};
}

} // namespace dmsx
