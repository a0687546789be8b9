#include "base/JsonFields.h"

#include "base/AwsTime.h"

#include <cmath>
#include <limits>

namespace dmsx {

QString JsonFields::string(const QJsonObject& o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

std::optional<bool> JsonFields::boolean(const QJsonObject& o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (v.isBool())
        return v.toBool();
    return std::nullopt;
}

std::optional<int> JsonFields::integer(const QJsonObject& o, QLatin1String key)
{
    const auto v = int64(o, key);
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max())
        return std::nullopt;
    return static_cast<int>(*v);
}

std::optional<qint64> JsonFields::int64(const QJsonObject& o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble()) {
        const double d = v.toDouble();
        // QJsonValue keeps integers exactly when they fit in a qint64.
        const qint64 i = v.toInteger(std::numeric_limits<qint64>::min());
        if (i != std::numeric_limits<qint64>::min() || d == static_cast<double>(i))
            return i;
        if (std::isfinite(d) && std::fabs(d) < 9.2e18)
            return static_cast<qint64>(d);
        return std::nullopt;
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 i = v.toString().toLongLong(&ok);
        if (ok)
            return i;
    }
    return std::nullopt;
}

std::optional<double> JsonFields::number(const QJsonObject& o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        const QString s = v.toString();
        if (s == QLatin1String("NaN"))
            return std::numeric_limits<double>::quiet_NaN();
        if (s == QLatin1String("Infinity"))
            return std::numeric_limits<double>::infinity();
        if (s == QLatin1String("-Infinity"))
            return -std::numeric_limits<double>::infinity();
    }
    return std::nullopt;
}

QDateTime JsonFields::timestamp(const QJsonObject& o, QLatin1String key)
{
    return AwsTime::fromJson(o.value(key));
}

QStringList JsonFields::stringList(const QJsonObject& o, QLatin1String key)
{
    QStringList out;
    const QJsonArray a = array(o, key);
    for (const QJsonValue& v : a) {
        if (v.isString())
            out.append(v.toString());
    }
    return out;
}

QJsonObject JsonFields::object(const QJsonObject& o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isObject() ? v.toObject() : QJsonObject();
}

QJsonArray JsonFields::array(const QJsonObject& o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isArray() ? v.toArray() : QJsonArray();
}

void JsonFields::putString(QJsonObject& o, QLatin1String key, const QString& v)
{
    if (!v.isNull())
        o.insert(key, v);
}

void JsonFields::putBool(QJsonObject& o, QLatin1String key, const std::optional<bool>& v)
{
    if (v)
        o.insert(key, *v);
}

void JsonFields::putInt(QJsonObject& o, QLatin1String key, const std::optional<int>& v)
{
    if (v)
        o.insert(key, *v);
}

void JsonFields::putInt64(QJsonObject& o, QLatin1String key, const std::optional<qint64>& v)
{
    if (v)
        o.insert(key, *v);
}

void JsonFields::putNumber(QJsonObject& o, QLatin1String key, const std::optional<double>& v)
{
    if (!v)
        return;
    // JSON has no NaN or infinities: write them the way Smithy does.
    if (std::isnan(*v))
        o.insert(key, QStringLiteral("NaN"));
    else if (std::isinf(*v))
        o.insert(key, *v > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity"));
    else
        o.insert(key, *v);
}

void JsonFields::putTimestamp(QJsonObject& o, QLatin1String key, const QDateTime& v)
{
    if (v.isValid())
        o.insert(key, AwsTime::formatIso8601(v));
}

void JsonFields::putStringList(QJsonObject& o, QLatin1String key, const QStringList& v)
{
    if (!v.isEmpty())
        o.insert(key, QJsonArray::fromStringList(v));
}

} // namespace dmsx
