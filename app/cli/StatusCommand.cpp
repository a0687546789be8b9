#include "cli/StatusCommand.h"

#include "base/FaultCodes.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"

#include <QCommandLineParser>

namespace dmsx::cli {

using namespace CommandSupport;

QString StatusCommand::synopsis() const
{
    return QStringLiteral("status PROJECT [--request-id ID] [--wait] [--poll-interval S]");
}

int StatusCommand::run(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Shows the extension pack requests of a project. With --request-id only that request, and the\n"
        "exit code is 5 when it ended FAILED or CANCELED. --wait follows the request (by default the\n"
        "project's running one) until it ends."));
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project name or ARN."));
    const QCommandLineOption idOpt(QStringLiteral("request-id"), QStringLiteral("One request."),
                                   QStringLiteral("ID"));
    const QCommandLineOption waitOpt(QStringLiteral("wait"),
                                     QStringLiteral("Follow the request until it ends."));
    const QCommandLineOption pollOpt(
        QStringLiteral("poll-interval"),
        QStringLiteral("Seconds between status checks (default 10 growing to 60)."), QStringLiteral("S"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Show this help."));
    parser.addOptions({idOpt, waitOpt, pollOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("status")} + args))
        return ctx.usageError(parser.errorText());
    if (parser.isSet(helpOpt)) {
        ctx.out() << CommandSupport::commandHelpText(parser, QStringLiteral("status"));
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1)
        return ctx.usageError(QStringLiteral("status takes exactly one PROJECT (name or ARN)"));
    const QString project = parser.positionalArguments().first();
    const QString requestId = parser.value(idOpt);
    const Result<QList<int>> schedule = pollSchedule(parser.value(pollOpt));
    if (!schedule.ok())
        return ctx.usageError(schedule.fault().message);

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    QList<Filter> filters;
    if (!requestId.isEmpty())
        filters.append(Filter{QStringLiteral("request-id"), {requestId}});
    const auto requests = loadRequests(session, project, filters);
    if (!requests.ok())
        return ctx.reportFault(requests.fault());
    if (!requestId.isEmpty() && requests->isEmpty()) {
        Fault f = Fault::make(
            FaultKind::Service, FaultCode::ResourceNotFoundFault,
            QStringLiteral("Project '%1' has no extension pack request %2.").arg(project, requestId));
        f.operation = QStringLiteral("DescribeExtensionPackAssociations");
        return ctx.reportFault(f);
    }

    if (parser.isSet(waitOpt)) {
        QString follow = requestId;
        if (follow.isEmpty()) {
            for (const SchemaConversionRequest& r : requests.value())
                if (!r.isTerminal())
                    follow = r.requestIdentifier;
        }
        if (!follow.isEmpty())
            return followRequest(ctx, session, project, follow, schedule.value());
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
            table.addRow({r.requestIdentifier, r.status, r.progress ? r.progress->progressStep : QString(),
                          percentText(r), r.error ? r.error->message : QString()});
        table.write(ctx.out());
    }
    if (!requestId.isEmpty()) {
        const SchemaConversionRequest& r = requests->first();
        const auto state = r.state();
        if (state == SchemaConversionRequest::State::Failed ||
            state == SchemaConversionRequest::State::Canceled)
            return ExitAssociationFailed;
    }
    return ExitOk;
}

} // namespace dmsx::cli
