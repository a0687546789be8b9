#include "cli/RetryAnnouncer.h"

#include "base/FaultCatalogue.h"
#include "cli/CliContext.h"
#include "net/CallEvent.h"

namespace dmsx::cli {

void RetryAnnouncer::callRetrying(const CallEvent& event, int nextAttempt, qint64 delayMs, const Fault& fault)
{
    Q_UNUSED(event);
    const FaultExplanation why = FaultCatalogue::explain(fault);
    QTextStream& err = m_context.err();
    err << QStringLiteral("%1 (%2); retrying in %3 ms (attempt %4)…")
               .arg(why.title, fault.code)
               .arg(delayMs)
               .arg(nextAttempt)
        << '\n';
    err.flush();
}

} // namespace dmsx::cli
