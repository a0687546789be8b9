#pragma once

#include "net/CallEvent.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace dmsx {

// Told about every call an AwsJsonTransport makes, so that recording (the request history) can
// hook in without the transport knowing about storage. Called in the transport's thread;
// implementations must be quick and must not throw.
class CallObserver
{
public:
    virtual ~CallObserver() = default;
    // Before the first attempt is sent.
    virtual void callStarted(const CallEvent& event) = 0;
    // Once, after the last attempt (success, failure or cancel).
    virtual void callFinished(const CallEvent& event) = 0;
    // An attempt failed and the next one follows after `delayMs`.
    virtual void callRetrying(const CallEvent& event, int nextAttempt, qint64 delayMs, const Fault& fault)
    {
        Q_UNUSED(event);
        Q_UNUSED(nextAttempt);
        Q_UNUSED(delayMs);
        Q_UNUSED(fault);
    }
    // The caller of a call that ended with Fault::requestMayHaveBeenProcessed found out what it
    // did: `output` is what the lost answer would have carried (StartExtensionPackAssociation: the
    // RequestIdentifier of the request it found), or nullopt when it found no trace and the
    // outcome stays unknown. Told through AwsTransport::reportAmbiguousCallChecked(); callers
    // that never look say nothing.
    virtual void ambiguousCallChecked(const QString& invocationId, const std::optional<QJsonObject>& output)
    {
        Q_UNUSED(invocationId);
        Q_UNUSED(output);
    }
};

} // namespace dmsx
