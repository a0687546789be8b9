#include "dms/AssociationPoller.h"

#include "base/FaultCodes.h"
#include "dms/DmsClient.h"
#include "net/PendingCall.h"
#include "net/RetryStrategy.h"

#include <QUuid>

#include <cmath>

namespace dmsx {

AssociationPoller::AssociationPoller(DmsClient* client, const QString& projectIdentifier,
                                     const QString& requestIdentifier, QObject* parent)
    : QObject(parent), m_client(client), m_project(projectIdentifier), m_requestId(requestIdentifier),
      m_schedule(defaultSchedule())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AssociationPoller::poll);
}

QList<int> AssociationPoller::defaultSchedule()
{
    return {10000, 10000, 15000, 20000, 30000, 45000, 60000};
}

void AssociationPoller::setUnlistedLimit(int polls, int minimumMs)
{
    m_unlistedPolls = qMax(1, polls);
    m_unlistedMinimumMs = qMax(0, minimumMs);
}

Fault AssociationPoller::failureOf(const SchemaConversionRequest& request)
{
    const bool canceled = request.state() == SchemaConversionRequest::State::Canceled;
    QString message = request.error ? request.error->message : QString();
    if (message.isEmpty())
        message = canceled ? QStringLiteral("The extension pack installation was canceled")
                           : QStringLiteral("The extension pack installation failed");
    // CANCELED has a code of its own: its message, if DMS gives one, need not say "cancel".
    Fault f = Fault::make(FaultKind::AssociationFailed,
                          canceled ? FaultCode::AssociationCanceled : FaultCode::AssociationFailed, message);
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    f.detail =
        QStringLiteral("extension pack request %1 ended %2").arg(request.requestIdentifier, request.status);
    f.requestWasSent = true;
    return f;
}

void AssociationPoller::start()
{
    if (m_running)
        return;
    ++m_generation;
    m_running = true;
    m_polls = 0;
    m_consecutiveErrors = 0;
    m_unlisted = 0;
    m_lastListed.start();
    m_lastStatus.clear();
    m_lastStep.clear();
    m_lastPercent = -2;
    m_groupKey = QStringLiteral("poll:") + m_requestId + QLatin1Char(':') +
                 QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_timer.start(0);
}

void AssociationPoller::cancel()
{
    if (!m_running)
        return;
    Fault f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled,
                          QStringLiteral("Stopped following the extension pack installation"));
    f.operation = QStringLiteral("DescribeExtensionPackAssociations");
    fail(f);
}

void AssociationPoller::fail(const Fault& fault)
{
    m_running = false;
    ++m_generation;
    m_timer.stop();
    if (m_call)
        m_call->cancel();
    m_call.clear();
    emit failed(fault);
}

void AssociationPoller::scheduleNext()
{
    if (!m_running)
        return;
    const int idx = qMin(m_polls - 1, int(m_schedule.size()) - 1);
    qint64 delay = m_schedule.isEmpty() ? 10000 : m_schedule.at(qMax(0, idx));
    // Failing polls back off: an unreachable endpoint is not asked at the normal pace.
    for (int i = 1; i < m_consecutiveErrors && delay < kMaxErrorDelayMs; ++i)
        delay *= 2;
    if (m_consecutiveErrors > 1)
        delay = qMin<qint64>(delay, qMax(kMaxErrorDelayMs, m_schedule.isEmpty() ? 0 : m_schedule.last()));
    m_timer.start(int(delay));
}

void AssociationPoller::poll()
{
    if (!m_running)
        return;
    ++m_polls;
    const quint64 generation = m_generation;
    const QList<Filter> filters{Filter{QStringLiteral("request-id"), {m_requestId}}};
    CallOptions callOptions = m_callOptions;
    callOptions.groupKey = m_groupKey;
    m_call = m_client->describeExtensionPackAssociations(
        m_project, filters, QString(), this,
        [this, generation](const Result<Page<SchemaConversionRequest>>& r) {
            if (generation != m_generation || !m_running)
                return;
            m_call.clear();
            if (!r.ok()) {
                const Fault& f = r.fault();
                const bool passing = f.kind == FaultKind::Transport || f.kind == FaultKind::Protocol ||
                                     RetryStrategy::classify(f, false) != RetryClass::None;
                ++m_consecutiveErrors;
                if (!passing) {
                    fail(f);
                    return;
                }
                if (m_maxConsecutiveErrors > 0 && m_consecutiveErrors >= m_maxConsecutiveErrors) {
                    // The last error's facts stay (status, AWS request id); the code says what
                    // happened to the following, and the detail names the request to resume.
                    Fault gaveUp = f;
                    gaveUp.kind = FaultKind::Transport;
                    gaveUp.code = FaultCode::FollowingGaveUp;
                    gaveUp.message =
                        QStringLiteral("Stopped following extension pack request %1 after %2 failed "
                                       "status checks in a row (last: %3)")
                            .arg(m_requestId)
                            .arg(m_consecutiveErrors)
                            .arg(f.code);
                    gaveUp.detail = m_requestId;
                    fail(gaveUp);
                    return;
                }
                emit pollFailed(f, m_consecutiveErrors);
                scheduleNext();
                return;
            }
            m_consecutiveErrors = 0;
            const SchemaConversionRequest* found = nullptr;
            for (const auto& req : r.value().items) {
                if (req.requestIdentifier == m_requestId) {
                    found = &req;
                    break;
                }
            }
            // Right after the start the request may not be listed yet: keep polling, for a while.
            if (!found) {
                ++m_unlisted;
                if (m_unlisted >= m_unlistedPolls && m_lastListed.elapsed() >= m_unlistedMinimumMs) {
                    Fault f = Fault::make(FaultKind::Service, FaultCode::AssociationNotListed,
                                          QStringLiteral("Extension pack request %1 is not listed for %2")
                                              .arg(m_requestId, m_project));
                    f.operation = QStringLiteral("DescribeExtensionPackAssociations");
                    f.detail = QStringLiteral("request %1, missing from %2 polls in a row")
                                   .arg(m_requestId)
                                   .arg(m_unlisted);
                    fail(f);
                    return;
                }
                scheduleNext();
                return;
            }
            m_unlisted = 0;
            m_lastListed.start();
            m_last = *found;
            emit updated(m_last);
            if (generation != m_generation)
                return;
            if (m_last.status != m_lastStatus) {
                m_lastStatus = m_last.status;
                emit statusChanged(m_last.status);
            }
            if (m_last.progress) {
                const double pct = m_last.progress->progressPercent.value_or(-1);
                const double shown = std::isfinite(pct) ? pct : -1;
                if (m_last.progress->progressStep != m_lastStep || shown != m_lastPercent) {
                    m_lastStep = m_last.progress->progressStep;
                    m_lastPercent = shown;
                    emit progressChanged(m_lastStep, shown);
                }
            }
            if (generation != m_generation || !m_running)
                return;
            const auto state = m_last.state();
            if (state == SchemaConversionRequest::State::Success) {
                m_running = false;
                ++m_generation;
                emit succeeded(m_last);
                return;
            }
            if (state == SchemaConversionRequest::State::Failed ||
                state == SchemaConversionRequest::State::Canceled) {
                fail(failureOf(m_last));
                return;
            }
            scheduleNext();
        },
        std::nullopt, callOptions);
}

} // namespace dmsx
