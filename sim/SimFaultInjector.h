#pragma once

#include "base/Result.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

namespace dmsx {

// What the simulator does to one request besides (or instead of) answering it.
struct SimFaultDecision
{
    enum class Action
    {
        None,            // answer normally
        Error,           // answer with status/code/message (throttling, 5xx)
        ConnectionReset, // close the socket instead of answering (after handling it when `processed`)
        TruncatedBody,   // announce a longer Content-Length than sent, then close
        Html502,         // a proxy's HTML 502 page
        RepeatMarker,    // Describe*: always the first page, with the same marker every time
        EndlessMarkers,  // Describe*: always the first page, with a new marker every time
        PageSize,        // Describe*: at most `records` items per page
        EmptyAnswer,     // handled as usual, then answered 200 with `{}`
    };
    Action action = Action::None;
    int status = 0;
    QString code;
    QString message;
    qint64 retryAfterMs = -1;
    int latencyMs = 0;     // added delay before the answer, for any action
    bool processed = true; // ConnectionReset: the request is handled before the socket closes
    int records = 0;       // PageSize
    QString rule;          // the fault type that fired, for the request log
};

// Global, run-time replaceable fault rules (sim/README.md "Faults"). Deterministic: "every Nth"
// counts matching requests, and probabilities use a seeded generator.
class SimFaultInjector
{
public:
    // Replaces every rule; counters restart. Accepts {"faults":[...]} or the bare array.
    Result<void> setConfig(const QJsonValue& config);
    QJsonValue config() const { return m_config; }

    SimFaultDecision decide(const QString& operation);

private:
    struct Rule
    {
        // throttle | latency | serverError | connectionReset | truncatedBody | html502 |
        // repeatMarker | endlessMarkers | pageSize | emptyAnswer
        QString type;
        QStringList operations;
        int after = 0;          // let this many matching requests through first
        int count = -1;         // fire at most this many times (-1: unlimited)
        int everyNth = 0;       // throttle: every Nth matching request
        double probability = 0; // throttle: chance per matching request
        int status = 0;
        QString code;
        QString message;
        qint64 retryAfterMs = -1;
        int ms = 0;            // latency
        bool processed = true; // connectionReset: handle the request before closing
        int records = 1;       // pageSize
        int matched = 0;
        int fired = 0;
        QRandomGenerator rng;
    };

    QList<Rule> m_rules;
    QJsonValue m_config = QJsonArray();
};

} // namespace dmsx
