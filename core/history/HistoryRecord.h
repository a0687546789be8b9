#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

// One entry of the request history: a single call, or a group of calls recorded together (the
// pages of one listing, the polls of one series). Every text member passes through the Redactor
// before it is stored.
//
// Two outcomes: httpResult() is what the HTTP call(s) did; `outcome` is what the user sees. They
// are the same except for an entry that follows an extension pack installation (a Start, or the
// polls of one request), whose `outcome` is the installation's: sending -> queued -> in progress
// -> succeeded / failed / cancelled, or unknown while the Start's answer is lost.
struct HistoryRecord
{
    enum class Outcome
    {
        Pending, // sent or about to be sent, no answer yet ("sending")
        Queued,  // installation accepted by DMS (RECEIVED), or not polled since
        InProgress,
        Succeeded,
        Failed,
        Cancelled,
        Unknown // sent, but no answer came (connection lost, or the process ended): re-check
    };

    qint64 id = 0; // 0 until stored
    QDateTime startedAt;
    QDateTime finishedAt; // invalid while pending
    qint64 durationMs = -1;

    QString profile;
    QString credentialsSource;
    QString accountId;
    QString region;
    QString endpointHost;
    QString operation;
    QString projectName;
    QString projectArn;
    QString dmsRequestIdentifier; // StartExtensionPackAssociation's RequestIdentifier
    QString awsRequestId;         // x-amzn-RequestId (the last one for a group)
    int httpStatus = 0;
    int attempts = 0;
    int callCount = 1; // calls in this entry (pages, polls)
    Outcome outcome = Outcome::Pending;
    // The HTTP result (never Queued or InProgress); unset in a record made by hand: see httpResult().
    std::optional<Outcome> callOutcome;
    QString faultCode;
    QString faultMessage;

    // Extension pack association: what the polls saw.
    QString associationStatus;
    QStringList associationTransitions; // "2026-05-01T10:00:00Z IN_PROGRESS", oldest first
    QString associationStep;
    QString associationError;

    // A read the program made on its own (CallOptions::background): hidden unless asked for.
    bool background = false;
    // The entry this one is folded under (the Start of its apply, or the apply's first call); 0: none.
    qint64 parentId = 0;
    // Read with the entry, never stored: the entries folded under it and the calls they made.
    int childCount = 0;
    int childCalls = 0;

    QString groupKey;
    QString actionKey; // CallOptions::actionKey: the user action the call was made for
    QString invocationId;
    qint64 processId = 0;
    QString processToken; // tells a dead process from a live one that got its pid
    qint64 changeSeq = 0; // the store's change counter at the last write

    static QString outcomeName(Outcome outcome);
    // Also accepts "sending" for pending and "in-progress" / "inprogress" for in progress.
    static std::optional<Outcome> outcomeFromName(const QString& name);
    // An installation's outcome from DescribeExtensionPackAssociations' Status (docs/protocol.md §3.3):
    // CANCELING and statuses this program does not know are still in progress.
    static Outcome installationOutcome(const QString& associationStatus);

    // The HTTP result: `outcome` unless it is an installation's, then callOutcome, else what
    // `outcome` implies (a queued or running installation was accepted).
    Outcome httpResult() const;
    // Whether `outcome` is an installation's rather than the call's.
    bool followsInstallation() const;
    // Sets `outcome` from `callOutcome` and the association status.
    void settleOutcome();
    // What to tell the user about this entry beyond its fields, e.g. for an unknown outcome.
    QString advice() const;
    // Member names in camelCase; times as ISO 8601 UTC with milliseconds. The bookkeeping (group
    // and action keys, invocation id, process) is left out.
    QJsonObject toJson() const;
};

} // namespace dmsx
