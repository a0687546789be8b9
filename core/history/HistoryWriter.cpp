#include "history/HistoryWriter.h"

#include "base/FaultCodes.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"

#include <QMutexLocker>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <memory>

namespace dmsx {

// The writer thread's half: the store and the recorder are made, used and destroyed there, as
// an SQLite connection must be.
class HistoryWriter::Worker : public QObject
{
public:
    explicit Worker(HistoryWriter* owner) : m_owner(owner) {}

    void open()
    {
        m_store = std::make_unique<HistoryStore>(m_owner->m_path);
        m_openResult = m_store->open();
        QObject::connect(m_store.get(), &HistoryStore::changed, this, [this] { m_wrote = true; });
        m_recorder = std::make_unique<HistoryRecorder>(m_store.get());
        m_recorder->setLossHandler([this](const Fault& fault) { m_owner->reportLoss(fault); });
        m_timer = std::make_unique<QTimer>();
        m_timer->setSingleShot(true);
        m_timer->setInterval(HistoryRecorder::kSeriesDelay);
        QObject::connect(m_timer.get(), &QTimer::timeout, this, [this] { drain(); });
    }

    void setDelay(std::chrono::milliseconds delay) { m_timer->setInterval(delay); }

    void drainSoon()
    {
        if (!m_timer->isActive())
            m_timer->start();
    }

    void close()
    {
        m_timer.reset();
        m_recorder.reset();
        m_store.reset();
    }

    void drain()
    {
        std::deque<std::function<void(HistoryRecorder&)>> batch;
        {
            const QMutexLocker lock(&m_owner->m_mutex);
            batch.swap(m_owner->m_queue);
            m_owner->m_drainPosted = false;
            m_owner->m_drainTimed = false;
        }
        m_timer->stop();
        if (!m_openResult.ok() && !batch.empty() && !m_openReported) {
            // Nothing at all can be recorded: said once, not once per call.
            m_openReported = true;
            m_owner->reportLoss(Fault::make(
                FaultKind::Configuration, FaultCode::HistoryRequestNotRecorded,
                QStringLiteral("The requests of this session are not written to the history file %1: %2")
                    .arg(m_owner->m_path, m_openResult.fault().message)));
        }
        m_recorder->beginBatch();
        for (auto& op : batch)
            op(*m_recorder);
        m_recorder->endBatch();
        if (m_wrote) {
            m_wrote = false;
            emit m_owner->written();
        }
    }

private:
    HistoryWriter* m_owner;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<HistoryRecorder> m_recorder;
    std::unique_ptr<QTimer> m_timer; // the series' delay
    Result<void> m_openResult;
    bool m_openReported = false;
    bool m_wrote = false;
};

HistoryWriter::HistoryWriter(const QString& path, QObject* parent)
    : QObject(parent), m_path(path), m_thread(new QThread(this)), m_worker(new Worker(this))
{
    m_thread->setObjectName(QStringLiteral("history writer"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
    // Queued before any event: the thread opens the file while the caller goes on.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->open(); }, Qt::QueuedConnection);
}

HistoryWriter::~HistoryWriter()
{
    flush();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void HistoryWriter::post(std::function<void(HistoryRecorder&)> op, bool now)
{
    const QMutexLocker lock(&m_mutex);
    m_queue.push_back(std::move(op));
    if (m_drainPosted)
        return;
    if (now) {
        m_drainPosted = true;
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->drain(); }, Qt::QueuedConnection);
    } else if (!m_drainTimed) {
        m_drainTimed = true;
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->drainSoon(); }, Qt::QueuedConnection);
    }
}

void HistoryWriter::setSeriesDelay(std::chrono::milliseconds delay)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, delay] { worker->setDelay(delay); }, Qt::QueuedConnection);
}

void HistoryWriter::setProfile(const QString& profile)
{
    post([profile](HistoryRecorder& r) { r.setProfile(profile); });
}

void HistoryWriter::setCredentialsSource(const QString& source)
{
    post([source](HistoryRecorder& r) { r.setCredentialsSource(source); });
}

void HistoryWriter::setAccountId(const QString& accountId)
{
    post([accountId](HistoryRecorder& r) { r.setAccountId(accountId); });
}

void HistoryWriter::callStarted(const CallEvent& event)
{
    post([event](HistoryRecorder& r) { r.callStarted(event); }, !HistoryRecorder::isSeriesCall(event));
}

void HistoryWriter::callFinished(const CallEvent& event)
{
    post([event](HistoryRecorder& r) { r.callFinished(event); }, !HistoryRecorder::isSeriesCall(event));
}

void HistoryWriter::ambiguousCallChecked(const QString& invocationId,
                                         const std::optional<QJsonObject>& output)
{
    post([invocationId, output](HistoryRecorder& r) { r.ambiguousCallChecked(invocationId, output); });
}

void HistoryWriter::afterWritten(QObject* context, std::function<void()> done)
{
    QPointer<QObject> guard(context);
    post([this, guard, done = std::move(done)](HistoryRecorder&) {
        // Back on this object's thread, where `context` lives and can be asked whether it does.
        QMetaObject::invokeMethod(
            this,
            [guard, done] {
                if (guard)
                    done();
            },
            Qt::QueuedConnection);
    });
}

void HistoryWriter::flush()
{
    // Everything queued so far, without waiting for the series' delay.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->drain(); }, Qt::BlockingQueuedConnection);
    deliverLosses();
}

void HistoryWriter::reportLoss(const Fault& fault)
{
    {
        const QMutexLocker lock(&m_mutex);
        m_losses.append(fault);
    }
    QMetaObject::invokeMethod(this, &HistoryWriter::deliverLosses, Qt::QueuedConnection);
}

void HistoryWriter::deliverLosses()
{
    QList<Fault> losses;
    {
        const QMutexLocker lock(&m_mutex);
        losses.swap(m_losses);
    }
    if (!m_onLoss)
        return;
    for (const Fault& fault : std::as_const(losses))
        m_onLoss(fault);
}

} // namespace dmsx
