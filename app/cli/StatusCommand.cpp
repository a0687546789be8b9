#include "cli/StatusCommand.h"

#include "base/FaultCodes.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"
#include "dms/AssociationPoller.h"

namespace dmsx::cli {

using namespace CommandSupport;

QList<CommandLine::Command> StatusCommand::commands() const
{
    CommandLine::Command status;
    status.path = QStringList{QStringLiteral("status")};
    status.arguments = QStringLiteral("PROJECT");
    status.minArguments = status.maxArguments = 1;
    status.argumentsError = QStringLiteral("status takes exactly one PROJECT (name or ARN)");
    status.summary = QStringLiteral("Show (or follow with --wait) the extension pack requests of a project");
    status.description = QStringLiteral(
        "Shows the extension pack requests of a project. With --request-id only that request, and the\n"
        "exit code is 5 when it ended FAILED or CANCELED (its explanation on stderr). --wait follows the\n"
        "request (by default the project's running one) until it ends, or until DMS has not listed it\n"
        "for several checks in a row.");
    status.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    status.textFields = QStringLiteral("one line per request: id, status, step, percent, error (with --wait: "
                                       "the request's id and final status)");
    status.options = {
        {QStringLiteral("request-id"), QStringLiteral("ID"), QStringLiteral("One request.")},
        {QStringLiteral("wait"), QString(), QStringLiteral("Follow the request until it ends.")},
        pollIntervalOption(),
        maxPollErrorsOption(),
    };
    return {status};
}

int StatusCommand::run(CliContext& ctx, const CommandLine& line)
{
    const QString project = line.arguments().first();
    if (const Result<void> valid = DmsClient::validateProjectIdentifier(project); !valid.ok())
        return ctx.usageError(valid.fault().message);
    const QString requestId = line.value(QStringLiteral("request-id"));
    const bool wait = line.isSet(QStringLiteral("wait"));
    const Result<QList<int>> schedule = pollSchedule(ctx, line);
    if (!schedule.ok())
        return ctx.usageError(schedule.fault().message);
    const Result<int> maxErrors = maxPollErrors(line);
    if (!maxErrors.ok())
        return ctx.usageError(maxErrors.fault().message);
    const int pollErrors = maxErrors.value();

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    // A request just started may be listed a moment late: following it looks a few times
    // before saying it is not listed.
    if (wait && !requestId.isEmpty())
        return followRequest(ctx, session, project, requestId, schedule.value(), pollErrors);

    QList<Filter> filters;
    if (!requestId.isEmpty())
        filters.append(Filter{QStringLiteral("request-id"), {requestId}});
    const auto requests = loadRequests(session, project, filters);
    if (!requests.ok())
        return ctx.reportFault(requests.fault());
    if (!requestId.isEmpty() && requests->isEmpty()) {
        Fault f = Fault::make(
            FaultKind::Service, FaultCode::AssociationNotListed,
            QStringLiteral("Project '%1' has no extension pack request %2.").arg(project, requestId));
        f.operation = QStringLiteral("DescribeExtensionPackAssociations");
        f.detail = QStringLiteral("request %1").arg(requestId);
        return ctx.reportFault(f);
    }

    if (wait) {
        QString follow;
        for (const SchemaConversionRequest& r : requests.value())
            if (!r.isTerminal())
                follow = r.requestIdentifier;
        if (!follow.isEmpty())
            return followRequest(ctx, session, project, follow, schedule.value(), pollErrors);
        ctx.err() << "No request of this project is running.\n";
    }

    if (ctx.output == OutputFormat::Json) {
        QJsonArray array;
        for (const SchemaConversionRequest& r : requests.value())
            array.append(r.toJson());
        writeJson(ctx, QJsonObject{{QStringLiteral("Requests"), array}});
    } else if (requests->isEmpty()) {
        ctx.err() << "No extension pack requests for this project.\n";
    } else {
        TableWriter table({QStringLiteral("REQUEST ID"), QStringLiteral("STATUS"), QStringLiteral("STEP"),
                           QStringLiteral("PERCENT"), QStringLiteral("ERROR")});
        for (const SchemaConversionRequest& r : requests.value())
            table.addRow({terminalSafe(r.requestIdentifier), terminalSafe(r.status),
                          terminalSafe(r.progress ? r.progress->progressStep : QString()), percentText(r),
                          terminalSafe(r.error ? r.error->message : QString())});
        writeRows(ctx, table);
    }
    if (!requestId.isEmpty()) {
        const SchemaConversionRequest& r = requests->first();
        const auto state = r.state();
        if (state == SchemaConversionRequest::State::Failed ||
            state == SchemaConversionRequest::State::Canceled) {
            // The same explanation as when the request was followed to its end.
            Fault fault = AssociationPoller::failureOf(r);
            fault.message = terminalSafe(fault.message);
            fault.detail = terminalSafe(fault.detail);
            return ctx.reportFault(fault); // exit code 5
        }
    }
    return ExitOk;
}

} // namespace dmsx::cli
