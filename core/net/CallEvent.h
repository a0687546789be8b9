#pragma once

#include "base/Fault.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace dmsx {

// What the transport tells its observers about one logical call (all attempts together). The
// same struct serves the start (before the first byte is sent) and the end; the end fills the
// outcome members. Secrets are never in it: the input is the awsJson request body, which holds
// no credentials, and the fault is already redacted.
struct CallEvent
{
    QString invocationId; // amz-sdk-invocation-id, stable across the call's attempts
    QString operation;
    QString groupKey;        // CallOptions::groupKey: calls sharing it form one history entry
    bool background = false; // CallOptions::background: a read the user did not ask for
    QString actionKey;       // CallOptions::actionKey: calls made for one user action
    QJsonObject input;
    QString region;
    QString endpointHost; // host[:port]
    QDateTime startedAt;  // UTC

    // Set on finish only.
    QDateTime finishedAt;
    int attempts = 0;
    int httpStatus = 0;
    QString requestId; // x-amzn-RequestId of the last answer
    // On success; for a body the call's CallOptions::bodyReader read, what that reader gives.
    QJsonObject output;
    std::optional<Fault> fault; // on failure
};

} // namespace dmsx
