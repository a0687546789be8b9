#include "net/ClockSkewTracker.h"

#include "base/FaultCodes.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cstdlib>
#include <iterator>

namespace dmsx {

namespace {

int monthFromName(QStringView name)
{
    static const char* const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.compare(QLatin1String(months[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

QDateTime makeUtc(int year, int month, int day, int hour, int minute, int second)
{
    const QDate date(year, month, day);
    // 60 is allowed by the grammar for a leap second; QTime rejects it, so clamp.
    const QTime time(hour, minute, second == 60 ? 59 : second);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

qint64 ClockSkewTracker::offsetMs() const
{
    return m_disabled ? 0 : m_offsetMs;
}

qint64 ClockSkewTracker::measuredOffsetMs() const
{
    return m_measuredOffsetMs;
}

void ClockSkewTracker::setDisabled(bool disabled)
{
    m_disabled = disabled;
}

bool ClockSkewTracker::isDisabled() const
{
    return m_disabled;
}

QDateTime ClockSkewTracker::correctedNow(const Clock& clock) const
{
    return clock.nowUtc().addMSecs(offsetMs());
}

bool ClockSkewTracker::update(const QDateTime& serverTime, const QDateTime& receivedAtLocal,
                              qint64 roundTripMs, bool hasAgeHeader, bool isError)
{
    // A cached answer (Age) or a very slow round trip says nothing reliable about the server clock.
    if (!serverTime.isValid() || !receivedAtLocal.isValid() || hasAgeHeader || roundTripMs >= kMaxRoundTripMs)
        return false;
    const qint64 newOffset = receivedAtLocal.msecsTo(serverTime);
    m_measuredOffsetMs = newOffset;
    if (m_disabled || std::llabs(newOffset) > kMaxOffsetMs)
        return false;
    const qint64 previous = m_offsetMs;
    m_offsetMs = newOffset;
    // The Date header has 1 s resolution, so sub-second movement is noise, not a correction; counting
    // it would re-retry a genuinely bad signature on every response.
    const bool changed = std::llabs(newOffset - previous) >= kMinChangeMs;
    return isError && std::llabs(newOffset) >= kSkewThresholdMs && changed;
}

bool ClockSkewTracker::isClockSkewError(const Fault& fault)
{
    static constexpr QLatin1StringView codes[] = {
        FaultCode::AccessDeniedException, FaultCode::AuthFailure,        FaultCode::InvalidSignatureException,
        FaultCode::RequestExpired,        FaultCode::RequestInTheFuture, FaultCode::RequestTimeTooSkewed,
        FaultCode::SignatureDoesNotMatch,
    };
    if (std::find(std::begin(codes), std::end(codes), fault.code) != std::end(codes))
        return true;
    return fault.message.contains(QLatin1String("Signature expired"), Qt::CaseInsensitive) ||
           fault.message.contains(QLatin1String("not yet current"), Qt::CaseInsensitive);
}

QDateTime ClockSkewTracker::parseHttpDate(const QByteArray& value)
{
    const QString text = QString::fromLatin1(value).trimmed();
    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    static const QRegularExpression imf(QStringLiteral(
        R"(^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$)"));
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    static const QRegularExpression rfc850(QStringLiteral(
        R"(^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$)"));
    // asctime: Sun Nov  6 08:49:37 1994
    static const QRegularExpression asctime(
        QStringLiteral(R"(^[A-Za-z]{3} ([A-Za-z]{3}) ( \d|\d{2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$)"));

    QRegularExpressionMatch m = imf.match(text);
    if (m.hasMatch()) {
        const int month = monthFromName(m.capturedView(2));
        if (month == 0)
            return {};
        return makeUtc(m.capturedView(3).toInt(), month, m.capturedView(1).toInt(), m.capturedView(4).toInt(),
                       m.capturedView(5).toInt(), m.capturedView(6).toInt());
    }
    m = rfc850.match(text);
    if (m.hasMatch()) {
        const int month = monthFromName(m.capturedView(2));
        if (month == 0)
            return {};
        // Two-digit years: a fixed pivot keeps parsing deterministic (70..99 -> 19xx, else 20xx).
        const int yy = m.capturedView(3).toInt();
        const int year = yy >= 70 ? 1900 + yy : 2000 + yy;
        return makeUtc(year, month, m.capturedView(1).toInt(), m.capturedView(4).toInt(),
                       m.capturedView(5).toInt(), m.capturedView(6).toInt());
    }
    m = asctime.match(text);
    if (m.hasMatch()) {
        const int month = monthFromName(m.capturedView(1));
        if (month == 0)
            return {};
        return makeUtc(m.capturedView(6).toInt(), month, m.capturedView(2).trimmed().toInt(),
                       m.capturedView(3).toInt(), m.capturedView(4).toInt(), m.capturedView(5).toInt());
    }
    return {};
}

} // namespace dmsx
