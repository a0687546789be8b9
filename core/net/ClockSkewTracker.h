#pragma once

#include "base/Clock.h"
#include "base/Fault.h"

#include <QByteArray>
#include <QDateTime>

namespace dmsx {

// Keeps the difference between the server's clock and ours (docs/protocol.md §5.6) so requests are
// signed with the server's idea of "now" and a rejected request can be re-signed and retried.
class ClockSkewTracker
{
public:
    // The offset applied to signing time (0 while disabled).
    qint64 offsetMs() const;
    // The last offset measured from a response, even while correction is disabled, so the UI can
    // still tell the user that the local clock is wrong.
    qint64 measuredOffsetMs() const;

    void setDisabled(bool disabled);
    bool isDisabled() const;

    QDateTime correctedNow(const Clock& clock) const; // clock.nowUtc() + offset

    // Call after every response with the server time (Date header, or Fault::serverTime for errors).
    // Ignored when serverTime is invalid, an Age header was present (a cache answered) or the round
    // trip took 15 minutes or more. Returns true ("clock skew corrected") when this was an error,
    // |new offset| >= 4 min and the offset moved by at least the Date header's 1 s resolution.
    bool update(const QDateTime& serverTime, const QDateTime& receivedAtLocal, qint64 roundTripMs,
                bool hasAgeHeader, bool isError);

    // The codes of the older JS clock-skew list, or a message saying "Signature expired" or
    // "not yet current".
    static bool isClockSkewError(const Fault& fault);

    // RFC 7231 IMF-fixdate, RFC 850 and asctime forms; invalid QDateTime when it is none of them.
    static QDateTime parseHttpDate(const QByteArray& value);

    static constexpr qint64 kSkewThresholdMs = 240000;
    static constexpr qint64 kMaxRoundTripMs = 15 * 60 * 1000;
    static constexpr qint64 kMinChangeMs = 1000;
    // A server clock further off than this is not believed (a broken or hostile answer): signing
    // every request days away from our own clock would help no one. Still measured, for diagnose.
    static constexpr qint64 kMaxOffsetMs = 7ll * 24 * 3600 * 1000;

private:
    qint64 m_offsetMs = 0;
    qint64 m_measuredOffsetMs = 0;
    bool m_disabled = false;
};

} // namespace dmsx
