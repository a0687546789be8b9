#include "cli/DiagnoseCommand.h"

#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"
#include "diagnostics/DiagnosticsReport.h"

namespace dmsx::cli {

QList<CommandLine::Command> DiagnoseCommand::commands() const
{
    CommandLine::Command diagnose;
    diagnose.path = QStringList{QStringLiteral("diagnose")};
    diagnose.summary = QStringLiteral("Show the effective settings and where each came from");
    diagnose.description =
        QStringLiteral("Shows each effective setting and its source. Sends nothing to AWS and fetches no\n"
                       "credentials (no STS call, no MFA prompt, no credential_process run).");
    diagnose.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    diagnose.textFields = QStringLiteral("one line per setting: setting, value, source");
    return {diagnose};
}

int DiagnoseCommand::run(CliContext& context, const CommandLine&)
{
    CliSession session(context, /*regionOptional=*/true);
    const Result<void> resolved = session.resolve();
    if (!resolved.ok())
        return context.reportFault(resolved.fault());

    // The CLI's report is the configuration only: its JSON keys are what scripts parse.
    const DiagnosticsReport report =
        DiagnosticsReport::collect(session.config(), session.chain(), context.environment);

    if (context.output == OutputFormat::Json) {
        CommandSupport::writeJson(context, report.toJson());
    } else {
        TableWriter table({QStringLiteral("Setting"), QStringLiteral("Value"), QStringLiteral("Source")});
        for (const DiagnosticsEntry& e : report.entries())
            table.addRow({DiagnosticsReport::jsonKey(e.key),
                          e.value.isNull() ? QStringLiteral("(not set)") : e.value.toString(), e.source});
        CommandSupport::writeRows(context, table);
    }
    context.out().flush();
    return ExitOk;
}

} // namespace dmsx::cli
