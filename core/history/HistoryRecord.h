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
struct HistoryRecord
{
    enum class Outcome
    {
        Pending, // sent or about to be sent, no answer yet
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
    QString faultCode;
    QString faultMessage;

    // Extension pack association: what the polls saw.
    QString associationStatus;
    QStringList associationTransitions; // "2026-05-01T10:00:00Z IN_PROGRESS", oldest first
    QString associationStep;
    QString associationError;

    QString groupKey;
    QString invocationId;
    qint64 processId = 0;
    QString processToken; // tells a dead process from a live one that got its pid

    static QString outcomeName(Outcome outcome);
    static std::optional<Outcome> outcomeFromName(const QString& name);
    // What to tell the user about this entry beyond its fields, e.g. for an unknown outcome.
    QString advice() const;
    // Member names in camelCase; times as ISO 8601 UTC with milliseconds.
    QJsonObject toJson() const;
};

} // namespace dmsx
