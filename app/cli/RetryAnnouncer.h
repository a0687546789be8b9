#pragma once

#include "net/CallObserver.h"

namespace dmsx::cli {

class CliContext;

// Says on stderr when a call is tried again, and why, for every call of the command: the DMS
// calls, the polls and the credential chain's STS calls alike.
class RetryAnnouncer final : public CallObserver
{
public:
    explicit RetryAnnouncer(CliContext& context) : m_context(context) {}

    void callStarted(const CallEvent&) override {}
    void callFinished(const CallEvent&) override {}
    void callRetrying(const CallEvent& event, int nextAttempt, qint64 delayMs, const Fault& fault) override;

private:
    CliContext& m_context; // its stderr ends a progress line first
};

} // namespace dmsx::cli
