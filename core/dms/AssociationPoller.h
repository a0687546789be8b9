#pragma once

#include "base/Fault.h"
#include "dms/model/SchemaConversionRequest.h"
#include "net/CallOptions.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace dmsx {

class DmsClient;
class PendingCall;

// Follows one extension-pack installation (StartExtensionPackAssociation's RequestIdentifier)
// with DescribeExtensionPackAssociations filtered on request-id, until SUCCESS, FAILED or
// CANCELED. Poll errors that may pass (network, throttling, 5xx) are reported and polling goes
// on; errors that will not pass (access denied, unknown project) end it. A request DMS does not
// list is looked for again (a new one may be listed a moment late) and given up, with
// AssociationNotListed, once it has been missing from several polls in a row. Every run ends with
// exactly one of succeeded() or failed().
class AssociationPoller : public QObject
{
    Q_OBJECT
public:
    AssociationPoller(DmsClient* client, const QString& projectIdentifier, const QString& requestIdentifier,
                      QObject* parent = nullptr);

    // Carried by every poll (e.g. the apply's CallOptions::actionKey); the group key is the run's own.
    void setCallOptions(const CallOptions& options) { m_callOptions = options; }
    // Delays between polls; the last one repeats. Default 10 s growing to 60 s.
    void setSchedule(const QList<int>& intervalsMs) { m_schedule = intervalsMs; }
    static QList<int> defaultSchedule();
    // Consecutive poll errors tolerated before giving up with FollowingGaveUp (0: no limit).
    // After each error in a row the next delay doubles, up to kMaxErrorDelayMs: with the default
    // schedule the default bound gives up after about 25 minutes without an answer
    // (docs/protocol.md §6.2).
    void setMaxConsecutiveErrors(int n) { m_maxConsecutiveErrors = n; }
    static constexpr int kDefaultMaxConsecutiveErrors = 10;
    static constexpr int kMaxErrorDelayMs = 5 * 60 * 1000;
    // A request missing from `polls` polls in a row, for at least `minimumMs` since it was last
    // seen (or since start()), is given up. A fresh Start wants time as well as polls: with a
    // short schedule a few polls pass before AWS lists a new request.
    void setUnlistedLimit(int polls, int minimumMs);
    static constexpr int kDefaultUnlistedPolls = 5;

    // The fault a request that ended FAILED or CANCELED stands for (kind AssociationFailed; the
    // message DMS gave, the request id in the detail): what the window and the CLI explain, for a
    // followed request and a listed one alike. Meaningless for other states.
    static Fault failureOf(const SchemaConversionRequest& request);

    void start(); // polls at once, then per the schedule
    void cancel();
    bool isRunning() const { return m_running; }
    const SchemaConversionRequest& lastRequest() const { return m_last; }
    int polls() const { return m_polls; }

signals:
    void updated(const dmsx::SchemaConversionRequest& request);
    void statusChanged(const QString& status);
    void progressChanged(const QString& step, double percent); // percent of the current step, -1 if unknown
    void pollFailed(const dmsx::Fault& fault, int consecutiveErrors);
    void succeeded(const dmsx::SchemaConversionRequest& request);
    // AssociationFailed (FAILED/CANCELED, see failureOf()), AssociationNotListed, a poll error
    // that will not pass, FollowingGaveUp, or Cancelled.
    void failed(const dmsx::Fault& fault);

private:
    void poll();
    void scheduleNext();
    void fail(const Fault& fault);

    DmsClient* m_client;
    QString m_project;
    QString m_requestId;
    QList<int> m_schedule;
    int m_maxConsecutiveErrors = kDefaultMaxConsecutiveErrors;
    int m_unlistedPolls = kDefaultUnlistedPolls;
    int m_unlistedMinimumMs = 0;
    int m_unlisted = 0;         // polls in a row that did not list the request
    QElapsedTimer m_lastListed; // since the request was last listed, or since start()
    bool m_running = false;
    int m_polls = 0;
    int m_consecutiveErrors = 0;
    quint64 m_generation = 0;
    QString m_lastStatus;
    QString m_lastStep;
    double m_lastPercent = -2;
    SchemaConversionRequest m_last;
    QTimer m_timer;
    QPointer<PendingCall> m_call;
    QString m_groupKey; // one per run: the history shows a poll series as one entry
    CallOptions m_callOptions;
};

} // namespace dmsx
