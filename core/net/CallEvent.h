#pragma once

#include "base/Fault.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>
#include <utility>

namespace dmsx {

// What the transport tells its observers about one logical call (all attempts together). The
// same struct serves the start (before the first byte is sent) and the end; the end fills the
// outcome members. Secrets are never in it: the input is the awsJson request body, which holds
// no credentials, and the fault is already redacted.
struct CallEvent
{
    // What the observers see of an answer that CallOptions::bodyReader read, made only when one
    // asks: a listing whose pages no observer looks into builds nothing for them (for 10,000
    // projects, a seventh of the CLI's instructions). `make` may be called from any thread, and
    // more than once.
    struct DeferredOutput
    {
        std::function<QJsonObject()> make;
        qsizetype items = 0; // how many items the answer lists, for observers that keep answers unread
        // The identifier (ARN) and name of each item listed, sharing the answer's strings: for
        // observers that name other calls' resources, without making the output.
        QList<std::pair<QString, QString>> itemNames;
    };

    QString invocationId; // amz-sdk-invocation-id, stable across the call's attempts
    QString operation;
    QString groupKey;        // CallOptions::groupKey: calls sharing it form one history entry
    bool background = false; // CallOptions::background: a read the user did not ask for
    QString actionKey;       // CallOptions::actionKey: calls made for one user action
    QString subjectName;     // CallOptions::subjectName: what the call is about, by name
    QJsonObject input;
    QString region;
    QString endpointHost; // host[:port]
    QDateTime startedAt;  // UTC

    // Set on finish only.
    QDateTime finishedAt;
    int attempts = 0;
    int httpStatus = 0;
    QString requestId; // x-amzn-RequestId of the last answer
    // On success: the answer as the observers see it. For a body the call's
    // CallOptions::bodyReader read, `output` is empty and `deferredOutput` makes it.
    QJsonObject output;
    std::optional<DeferredOutput> deferredOutput;
    std::optional<Fault> fault; // on failure

    QJsonObject outputObject() const { return deferredOutput ? deferredOutput->make() : output; }
};

} // namespace dmsx
