#pragma once

#include "base/Fault.h"
#include "net/CallObserver.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <chrono>
#include <deque>
#include <functional>

class QThread;

namespace dmsx {

class HistoryRecorder;
class HistoryStore;

// Records the request history off the caller's thread: the transport's call events are copied
// into a queue and a HistoryRecorder on a thread of its own writes them, through a connection
// of its own to the same file. A call therefore costs its caller a copy, never an SQLite write.
// The calls of a series (a listing's pages, a poll series: HistoryRecorder::isSeriesCall) are
// written in one batch HistoryRecorder::kSeriesDelay after the first of a burst: their shared row
// is then written once per burst instead of twice per page, and the burst is announced by one
// written(). Every other event is written at once, with everything handed over before it.
//
// Every event handed over is written, in the order given: flush() waits for that, and the
// destructor flushes, so a process that ends right after a call still records it. Requests the
// history could not keep reach the loss handler on the caller's thread, as with HistoryRecorder.
// The file should have been opened once by a HistoryStore first (created, migrated); that store
// shows what is written, and written() says when.
class HistoryWriter : public QObject, public CallObserver
{
    Q_OBJECT

public:
    explicit HistoryWriter(const QString& path, QObject* parent = nullptr);
    ~HistoryWriter() override;

    QString path() const { return m_path; }
    // HistoryRecorder::kSeriesDelay unless set.
    void setSeriesDelay(std::chrono::milliseconds delay);

    // Who is calling; recorded on every row of the calls that start from now on.
    void setProfile(const QString& profile);
    void setCredentialsSource(const QString& source);
    void setAccountId(const QString& accountId);
    // Told on this object's thread, once per request the history could not keep.
    void setLossHandler(std::function<void(const Fault&)> handler) { m_onLoss = std::move(handler); }

    void callStarted(const CallEvent& event) override;
    void callFinished(const CallEvent& event) override;
    void ambiguousCallChecked(const QString& invocationId, const std::optional<QJsonObject>& output) override;

    // Returns once everything handed over so far is in the file, or reported lost.
    void flush();
    // Calls `done` on this object's thread once everything handed over so far is written,
    // without waiting for it; never if `context` (of this thread) is gone by then.
    void afterWritten(QObject* context, std::function<void()> done);

signals:
    // Rows of this process were written (from the writer's thread; queued to receivers here).
    void written();

private:
    class Worker;

    // `now`: drained at once, with everything queued before it; else within the series' delay.
    void post(std::function<void(HistoryRecorder&)> op, bool now = true);
    // From the writer's thread: kept, and told on this object's thread.
    void reportLoss(const Fault& fault);
    void deliverLosses();

    QString m_path;
    QThread* m_thread;
    Worker* m_worker; // lives on m_thread
    std::function<void(const Fault&)> m_onLoss;
    QMutex m_mutex; // guards what follows
    std::deque<std::function<void(HistoryRecorder&)>> m_queue;
    bool m_drainPosted = false; // a drain is queued to the writer's thread
    bool m_drainTimed = false;  // the writer's thread drains when its timer fires
    QList<Fault> m_losses;      // reported by the writer's thread, not yet told
};

} // namespace dmsx
