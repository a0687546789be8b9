#include "cli/CliContext.h"

#include "base/FaultCatalogue.h"
#include "cli/ExitCode.h"

namespace dmsx::cli {

CliContext::CliContext() = default;

int CliContext::reportFault(const Fault& fault)
{
    const QString text = FaultCatalogue::formatText(fault);
    m_err << text;
    if (!text.endsWith(QLatin1Char('\n')))
        m_err << '\n';
    m_err.flush();
    return exitCodeFor(fault);
}

int CliContext::usageError(const QString& message)
{
    m_err << "dms-extpack-cli: " << message << "\nTry 'dms-extpack-cli --help'.\n";
    m_err.flush();
    return ExitUsage;
}

} // namespace dmsx::cli
