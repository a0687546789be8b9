#include "cli/DiagnoseCommand.h"

#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"
#include "diagnostics/DiagnosticsReport.h"

namespace dmsx::cli {

QString DiagnoseCommand::synopsis() const
{
    return QStringLiteral(
        "diagnose             Show the effective profile, region, endpoint, credentials source, "
        "keychain, proxy and CA bundle, each with where it came from");
}

int DiagnoseCommand::run(CliContext& context, const QStringList& args)
{
    if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"))) {
        context.out() << "Usage: dms-extpack-cli [global options] [--output json] diagnose\n\n"
                         "Shows each effective setting and its source. Sends nothing to AWS and fetches no\n"
                         "credentials (no STS call, no MFA prompt, no credential_process run).\n";
        return ExitOk;
    }
    if (!args.isEmpty())
        return context.usageError(QStringLiteral("diagnose takes no arguments"));

    CliSession session(context);
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
            table.addRow(
                {e.key, e.value.isNull() ? QStringLiteral("(not set)") : e.value.toString(), e.source});
        table.write(context.out());
    }
    context.out().flush();
    return ExitOk;
}

} // namespace dmsx::cli
