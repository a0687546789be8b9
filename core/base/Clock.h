#pragma once

#include <QDateTime>

namespace dmsx {

// Injected wherever time matters (signing, clock skew, token expiry) so tests control it.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
    static SystemClock* instance()
    {
        static SystemClock clock;
        return &clock;
    }
};

// A clock that only moves when told to.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start) : m_now(start.toUTC()) {}
    QDateTime nowUtc() const override { return m_now; }
    void set(const QDateTime& t) { m_now = t.toUTC(); }
    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
};

} // namespace dmsx
