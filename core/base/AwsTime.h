#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

namespace dmsx {

// Timestamps as DMS sends them. QDateTime::fromString accepts neither 7-9 fraction digits
// nor every offset form RFC 3339 allows, so the parser is written out here.
class AwsTime
{
public:
    // RFC 3339 / ISO-8601 extended form: YYYY-MM-DD'T'hh:mm:ss[.f{0,9}](Z|±hh:mm|±hhmm).
    // Returns an invalid QDateTime when the text is not such a timestamp. The result is UTC,
    // with the fraction truncated to milliseconds (QDateTime's resolution).
    static QDateTime parseIso8601(const QString& text);

    // awsJson's default timestamp form: seconds since the epoch, possibly fractional.
    static QDateTime fromEpochSeconds(double seconds);

    // A JSON member that may be either form; null, absent or malformed gives an invalid QDateTime.
    static QDateTime fromJson(const QJsonValue& value);

    // "2026-01-09T12:30:00.123000Z": 6 fraction digits like the AWS examples.
    static QString formatIso8601(const QDateTime& time);
};

} // namespace dmsx
