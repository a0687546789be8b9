#include "base/AwsTime.h"

#include <cmath>
#include <iterator>

namespace dmsx {

namespace {

constexpr double kMinEpochSeconds = -62135596800.0; // 0001-01-01T00:00:00Z
constexpr double kMaxEpochSeconds = 253402300799.0; // 9999-12-31T23:59:59Z

// Reads exactly `count` ASCII digits at `pos`; -1 when any is missing.
int readDigits(const QString& s, qsizetype pos, int count)
{
    if (pos + count > s.size())
        return -1;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = s.at(pos + i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return -1;
        v = v * 10 + (c.unicode() - '0');
    }
    return v;
}

bool expect(const QString& s, qsizetype pos, char c)
{
    return pos < s.size() && s.at(pos) == QLatin1Char(c);
}

} // namespace

QDateTime AwsTime::parseIso8601(const QString& input)
{
    const QString s = input.trimmed();
    // Date part: YYYY-MM-DD
    const int year = readDigits(s, 0, 4);
    if (year < 0 || !expect(s, 4, '-'))
        return {};
    const int month = readDigits(s, 5, 2);
    if (month < 0 || !expect(s, 7, '-'))
        return {};
    const int day = readDigits(s, 8, 2);
    if (day < 0 || s.size() < 11)
        return {};
    const QChar sep = s.at(10);
    if (sep != QLatin1Char('T') && sep != QLatin1Char('t') && sep != QLatin1Char(' '))
        return {};
    const int hour = readDigits(s, 11, 2);
    if (hour < 0 || !expect(s, 13, ':'))
        return {};
    const int minute = readDigits(s, 14, 2);
    if (minute < 0 || !expect(s, 16, ':'))
        return {};
    const int second = readDigits(s, 17, 2);
    if (second < 0)
        return {};
    qsizetype pos = 19;

    int millis = 0;
    if (expect(s, pos, '.') || expect(s, pos, ',')) {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s.at(pos) >= QLatin1Char('0') && s.at(pos) <= QLatin1Char('9')) {
            if (digits < 3)
                millis = millis * 10 + (s.at(pos).unicode() - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0 || digits > 9)
            return {};
        for (int i = digits; i < 3; ++i)
            millis *= 10;
    }

    int offsetSeconds = 0;
    if (pos >= s.size())
        return {}; // RFC 3339 requires a zone; a local time would be ambiguous
    const QChar z = s.at(pos);
    if (z == QLatin1Char('Z') || z == QLatin1Char('z')) {
        ++pos;
    } else if (z == QLatin1Char('+') || z == QLatin1Char('-')) {
        const int oh = readDigits(s, pos + 1, 2);
        if (oh < 0)
            return {};
        qsizetype mpos = pos + 3;
        if (expect(s, mpos, ':'))
            ++mpos;
        const int om = readDigits(s, mpos, 2);
        if (om < 0 || oh > 23 || om > 59)
            return {};
        offsetSeconds = (oh * 3600 + om * 60) * (z == QLatin1Char('-') ? -1 : 1);
        pos = mpos + 2;
    } else {
        return {};
    }
    if (pos != s.size())
        return {};

    const QDate date(year, month, day);
    if (!date.isValid() || hour > 23 || minute > 59 || second > 60)
        return {};
    // A leap second (:60) is the last instant of the minute; QTime cannot hold it.
    const bool leap = second == 60;
    const QTime time(hour, minute, leap ? 59 : second, millis);
    if (!time.isValid())
        return {};
    QDateTime dt(date, time, Qt::UTC);
    if (leap)
        dt = dt.addSecs(1);
    dt = dt.addSecs(-offsetSeconds);
    // An offset can carry 0001-01-01 or 9999-12-31 out of years 1-9999 in UTC: a time
    // fromEpochSeconds refuses and formatIso8601 could not write back as four digits.
    const qint64 ms = dt.toMSecsSinceEpoch();
    if (ms < qint64(kMinEpochSeconds) * 1000 || ms > qint64(kMaxEpochSeconds) * 1000 + 999)
        return {};
    return dt;
}

QDateTime AwsTime::fromEpochSeconds(double seconds)
{
    // Outside years 1–9999 is no time an AWS service sends, and past ±2^63 ms the conversion
    // below would be undefined (1e300 arrives as a valid JSON number).
    if (!std::isfinite(seconds) || seconds < kMinEpochSeconds || seconds > kMaxEpochSeconds)
        return {};
    const double ms = std::floor(seconds * 1000.0 + 0.5);
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms), Qt::UTC);
}

QDateTime AwsTime::fromJson(const QJsonValue& value)
{
    if (value.isString())
        return parseIso8601(value.toString());
    if (value.isDouble())
        return fromEpochSeconds(value.toDouble());
    return {};
}

QString AwsTime::formatIso8601(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    const QDateTime utc = time.toUTC();
    int year = 0;
    int month = 0;
    int day = 0;
    utc.date().getDate(&year, &month, &day);
    if (year < 1 || year > 9999)
        return utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z");
    // Written digit by digit: a listing formats one per project, and QDateTime::toString's
    // format parsing cost more than the rest of the project's JSON.
    const QTime t = utc.time();
    char16_t text[] = u"0000-00-00T00:00:00.000000Z";
    auto put = [&text](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char16_t(u'0' + value % 10);
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, t.hour(), 2);
    put(14, t.minute(), 2);
    put(17, t.second(), 2);
    put(20, t.msec(), 3);
    return QString::fromUtf16(text, qsizetype(std::size(text)) - 1);
}

} // namespace dmsx
