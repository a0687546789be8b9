#pragma once

#include "net/CallEvent.h"

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
};

} // namespace dmsx
