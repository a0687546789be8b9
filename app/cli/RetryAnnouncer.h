#pragma once

#include "net/CallObserver.h"

#include <QTextStream>

namespace dmsx::cli {

// Says on stderr when a call is tried again, and why, for every call of the command: the DMS
// calls, the polls and the credential chain's STS calls alike.
class RetryAnnouncer final : public CallObserver
{
public:
    explicit RetryAnnouncer(QTextStream& err) : m_err(err) {}

    void callStarted(const CallEvent&) override {}
    void callFinished(const CallEvent&) override {}
    void callRetrying(const CallEvent& event, int nextAttempt, qint64 delayMs, const Fault& fault) override;

private:
    QTextStream& m_err;
};

} // namespace dmsx::cli
