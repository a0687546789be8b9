#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

// Tolerant readers and writers for awsJson members (docs/protocol.md §1.4): a null is the same as
// absent, a member of the wrong type is treated as absent rather than failing the whole page,
// and writers omit unset members.
class JsonFields
{
public:
    static QString string(const QJsonObject& o, QLatin1String key);
    static std::optional<bool> boolean(const QJsonObject& o, QLatin1String key);
    static std::optional<int> integer(const QJsonObject& o, QLatin1String key);
    // Longs may exceed 2^53 only in theory; a string of digits is accepted too.
    static std::optional<qint64> int64(const QJsonObject& o, QLatin1String key);
    // Accepts the Smithy spellings "NaN", "Infinity" and "-Infinity".
    static std::optional<double> number(const QJsonObject& o, QLatin1String key);
    static QDateTime timestamp(const QJsonObject& o, QLatin1String key);
    static QStringList stringList(const QJsonObject& o, QLatin1String key);
    static QJsonObject object(const QJsonObject& o, QLatin1String key);
    static QJsonArray array(const QJsonObject& o, QLatin1String key);

    static void putString(QJsonObject& o, QLatin1String key, const QString& v);
    static void putBool(QJsonObject& o, QLatin1String key, const std::optional<bool>& v);
    static void putInt(QJsonObject& o, QLatin1String key, const std::optional<int>& v);
    static void putInt64(QJsonObject& o, QLatin1String key, const std::optional<qint64>& v);
    static void putNumber(QJsonObject& o, QLatin1String key, const std::optional<double>& v);
    static void putTimestamp(QJsonObject& o, QLatin1String key, const QDateTime& v);
    static void putStringList(QJsonObject& o, QLatin1String key, const QStringList& v);
};

} // namespace dmsx
