#pragma once

#include "net/CallObserver.h"

#include <QObject>
#include <QTimer>

#include <chrono>

namespace dmsx {

class HistoryRecorder;

// Hands the transport's call events to a HistoryRecorder on the caller's thread, the way
// HistoryWriter does on its own: the writes of a series (a listing's pages, a poll series:
// HistoryRecorder::isSeriesCall) are held for up to delay() after the first of a burst, so their
// shared row is written once per burst instead of twice per call. Any other event first writes
// what is held and is then written at once: a Start's row is in the file before its request is
// sent. The recorder sees every event as it comes (its rows and names are current); only the file
// lags, by at most delay(), and a process killed in that time loses the newest progress of a
// series, never a call outside one. The destructor writes what is held.
class HistorySeriesBatcher : public QObject, public CallObserver
{
public:
    explicit HistorySeriesBatcher(HistoryRecorder* recorder, QObject* parent = nullptr);
    ~HistorySeriesBatcher() override;

    std::chrono::milliseconds delay() const { return m_timer.intervalAsDuration(); }
    void setDelay(std::chrono::milliseconds delay) { m_timer.setInterval(delay); }
    // Writes what is held now.
    void writeHeld();

    void callStarted(const CallEvent& event) override;
    void callFinished(const CallEvent& event) override;
    void ambiguousCallChecked(const QString& invocationId, const std::optional<QJsonObject>& output) override;

private:
    // Before an event: holds a series' writes, or writes what is held for any other event.
    void prepareFor(const CallEvent& event);

    HistoryRecorder* m_recorder;
    QTimer m_timer;
    bool m_holding = false; // in a recorder batch, until m_timer fires or another event comes
};

} // namespace dmsx
