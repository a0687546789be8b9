#include "cli/CliContext.h"

#include "base/FaultCatalogue.h"
#include "cli/ExitCode.h"
#include "cli/ProgressLine.h"

namespace dmsx::cli {

QString outputFormatName(OutputFormat format)
{
    switch (format) {
    case OutputFormat::Table:
        return QStringLiteral("table");
    case OutputFormat::Json:
        return QStringLiteral("json");
    case OutputFormat::Text:
        return QStringLiteral("text");
    case OutputFormat::Csv:
        return QStringLiteral("csv");
    }
    return QString();
}

std::optional<OutputFormat> outputFormatFromName(const QString& name)
{
    for (OutputFormat f : {OutputFormat::Table, OutputFormat::Json, OutputFormat::Text, OutputFormat::Csv})
        if (name == outputFormatName(f))
            return f;
    return std::nullopt;
}

CliContext::CliContext() = default;

void CliContext::endLiveProgress()
{
    if (ProgressLine* line = m_liveProgress) {
        m_liveProgress = nullptr;
        line->end();
    }
}

void CliContext::writeOut(const QByteArray& bytes)
{
    out().flush();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

int CliContext::reportFault(const Fault& fault)
{
    const QString text = FaultCatalogue::formatText(fault);
    endLiveProgress();
    m_err << text;
    if (!text.endsWith(QLatin1Char('\n')))
        m_err << '\n';
    m_err.flush();
    return exitCodeFor(fault);
}

int CliContext::usageError(const QString& message)
{
    endLiveProgress();
    const QString help = commandPath.isEmpty() ? QStringLiteral("dms-extpack-cli --help")
                                               : QStringLiteral("dms-extpack-cli %1 --help").arg(commandPath);
    m_err << "dms-extpack-cli: " << message << "\nTry '" << help << "'.\n";
    m_err.flush();
    return ExitUsage;
}

} // namespace dmsx::cli
