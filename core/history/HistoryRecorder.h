#pragma once

#include "base/Result.h"
#include "history/HistoryRecord.h"
#include "net/CallObserver.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace dmsx {

class HistoryStore;

// Writes the request history from the transport's call events: a pending row before each call
// is sent, completed when it ends. Calls sharing a CallOptions::groupKey (a listing's pages, a
// poll series) share one row; StartExtensionPackAssociation always gets its own.
// DescribeExtensionPackAssociations answers update the matching StartExtensionPackAssociation
// rows (status transitions, step, error, and so the installation's outcome) and resolve rows
// whose outcome is unknown. A call that may have been processed although it failed
// (Fault::requestMayHaveBeenProcessed) is recorded as unknown; its caller then says what it found
// (ambiguousCallChecked). The calls of one user action (CallOptions::actionKey) are folded under
// its Start, or under its first call until a Start comes; background reads are marked as such.
// Storage failures never disturb the calls, and never go unsaid: a row that could not be written
// is tried again when its call ends, and a request still missing (or its outcome) is handed to
// the loss handler once, as a HistoryRequestNotRecorded fault naming it.
class HistoryRecorder : public CallObserver
{
public:
    explicit HistoryRecorder(HistoryStore* store);
    // Writes what a batch still holds.
    ~HistoryRecorder() override;

    // Who is calling; recorded on every row from now on.
    void setProfile(const QString& profile) { m_profile = profile; }
    void setCredentialsSource(const QString& source) { m_credentialsSource = source; }
    void setAccountId(const QString& accountId) { m_accountId = accountId; }
    // Told once per request the history could not keep (the CLI's stderr, the window's message bar).
    void setLossHandler(std::function<void(const Fault&)> handler) { m_onLoss = std::move(handler); }

    // Between them, a row that several events change (a listing's pages) is written once, with
    // its last state: at endBatch(), or before this recorder next reads or writes the file. For a
    // caller that hands over events in bursts (HistoryWriter, HistorySeriesBatcher); batches do
    // not nest.
    void beginBatch() { m_batching = true; }
    void endBatch();

    void callStarted(const CallEvent& event) override;
    void callFinished(const CallEvent& event) override;
    // A found request gives the row its RequestIdentifier and the outcome succeeded (the call
    // reached AWS); nothing found leaves it unknown, to be re-checked.
    void ambiguousCallChecked(const QString& invocationId, const std::optional<QJsonObject>& output) override;

    // The row of a call (by invocation id) while it is in flight or after; 0 if none.
    qint64 rowOf(const QString& invocationId) const { return m_rowByInvocation.value(invocationId); }
    int failures() const { return m_failures; }
    QString lastError() const { return m_lastError; }

    static bool isAlwaysOwnRow(const QString& operation);
    // How long a caller that batches (HistoryWriter, HistorySeriesBatcher) holds a series' writes.
    static constexpr std::chrono::milliseconds kSeriesDelay{50};
    // A call of a series sharing one row (a listing's pages, a poll series): its writes may be
    // batched. Never a Start: its row is what tells that an installation may exist.
    static bool isSeriesCall(const CallEvent& event)
    {
        return !event.groupKey.isEmpty() && !isAlwaysOwnRow(event.operation);
    }

private:
    struct Entry
    {
        HistoryRecord record;
        int inFlight = 0;
    };
    // The rows of one user action recorded so far by this process.
    struct Action
    {
        qint64 headId = 0;
        bool headIsStart = false;
    };

    // A row's last state, held in a batch.
    struct HeldWrite
    {
        HistoryRecord record;
        bool isEnd = false; // holds a call's end: reported if it cannot be written
    };

    // False when the write failed (noted, not yet reported). In a batch, a row already in the file
    // is held instead (true); `isEnd` says the write holds a call's end.
    bool store(Entry& entry, bool isNew, bool isEnd = false);
    // The held rows to the file: before anything else reads or writes it.
    void writeHeld();
    void noteFailure(const Fault& fault);
    void reportLoss(const HistoryRecord& record, const Fault& cause);
    void applyAssociations(const CallEvent& event, HistoryRecord& row);
    // The project a call names; by ARN, with `name` (CallEvent::subjectName) or else the name the
    // listings of this process gave it.
    void setProject(HistoryRecord& row, const QString& identifier, const QString& name);
    // Adds the projects of the answers kept unread to m_projectNameByArn.
    void readProjectNames();
    void placeInAction(Entry& entry, bool isStart);
    void foldUnder(const QString& actionKey, qint64 headId);

    HistoryStore* m_store;
    QString m_profile;
    QString m_credentialsSource;
    QString m_accountId;
    QHash<QString, Entry> m_entries;           // by entry key (group key or invocation id)
    QHash<QString, QString> m_keyByInvocation; // invocation id -> entry key
    QHash<QString, qint64> m_rowByInvocation;
    QHash<QString, QString> m_projectNameByArn; // from DescribeMigrationProjects answers
    // The listings' (ARN, name) lists, read into m_projectNameByArn only when a call names a
    // project by ARN alone: a listing never does, and the window's status lookups, details and
    // applies say the name (CallEvent::subjectName). Only the newest pages, up to about
    // kMaxUnreadProjects names, are kept: the older ones are dropped unread, so memory stays
    // bounded and a window refreshing its listing never reads them.
    static constexpr qsizetype kMaxUnreadProjects = 20000;
    QList<CallEvent::DeferredOutput::ItemNames> m_unreadProjectPages;
    qsizetype m_unreadProjects = 0;
    QHash<QString, Action> m_actions; // by action key
    bool m_batching = false;
    QHash<qint64, HeldWrite> m_held; // by row id
    // Unknown rows of this process whose caller may still say what it found: the guess of
    // applyAssociations() must not pre-empt a caller that knows which requests are new.
    QSet<qint64> m_beingChecked;
    std::function<void(const Fault&)> m_onLoss;
    QSet<QString> m_lossReported; // invocation ids (or row ids) already reported
    int m_failures = 0;
    QString m_lastError;
    Fault m_lastFault;
};

} // namespace dmsx
