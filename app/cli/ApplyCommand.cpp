#include "cli/ApplyCommand.h"

#include "apply/ApplyPreflight.h"
#include "base/FaultCatalogue.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"

#include <QCommandLineParser>
#include <QFile>

#include <unistd.h>

namespace dmsx::cli {

using namespace CommandSupport;

QString ApplyCommand::synopsis() const
{
    return QStringLiteral("apply PROJECT [--yes] [--wait] [--poll-interval S]");
}

namespace {

bool confirm(CliContext& ctx)
{
    ctx.err() << "Apply the extension pack? Type 'yes' to continue: ";
    ctx.err().flush();
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return false;
    const QByteArray answer = in.readLine().trimmed().toLower();
    return answer == "yes" || answer == "y";
}

} // namespace

int ApplyCommand::run(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Applies (installs or reinstalls) the extension pack on the target of a migration project.\n"
        "Checks first that the target exists and is not virtual and that no request is already running,\n"
        "then asks for confirmation (--yes skips it; without a terminal --yes is required)."));
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project name or ARN."));
    const QCommandLineOption yesOpt(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation."));
    const QCommandLineOption waitOpt(QStringLiteral("wait"),
                                     QStringLiteral("Follow the request until SUCCESS, FAILED or CANCELED."));
    const QCommandLineOption pollOpt(
        QStringLiteral("poll-interval"),
        QStringLiteral("Seconds between status checks (default 10 growing to 60)."), QStringLiteral("S"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Show this help."));
    parser.addOptions({yesOpt, waitOpt, pollOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("apply")} + args))
        return ctx.usageError(parser.errorText());
    if (parser.isSet(helpOpt)) {
        ctx.out() << CommandSupport::commandHelpText(parser, QStringLiteral("apply"));
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1)
        return ctx.usageError(QStringLiteral("apply takes exactly one PROJECT (name or ARN)"));
    const QString identifier = parser.positionalArguments().first();
    const Result<QList<int>> schedule = pollSchedule(parser.value(pollOpt));
    if (!schedule.ok())
        return ctx.usageError(schedule.fault().message);
    const bool assumeYes = parser.isSet(yesOpt);
    if (!assumeYes && !::isatty(STDIN_FILENO))
        return ctx.usageError(QStringLiteral("refusing to apply without confirmation: no terminal to ask on; "
                                             "add --yes"));

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    ctx.err() << "Checking project " << identifier << "…\n";
    ctx.err().flush();
    ApplyPreflight preflight(session.client(), identifier);
    QEventLoop loop;
    QObject::connect(&preflight, &ApplyPreflight::finished, &loop, &QEventLoop::quit);
    preflight.start();
    loop.exec();
    if (!preflight.result().ok())
        return ctx.reportFault(preflight.result().fault());
    const ApplyPlan& plan = preflight.result().value();

    QTextStream& err = ctx.err();
    err << "\nAbout to apply the extension pack:\n"
        << "  Account:  " << plan.accountId << '\n'
        << "  Region:   " << plan.region << '\n'
        << "  Project:  " << plan.project.migrationProjectName << " (" << plan.project.migrationProjectArn
        << ")\n"
        << "  Target:   " << plan.target.dataProviderName << ", engine " << plan.target.engine;
    if (!plan.target.serverName().isEmpty())
        err << ", server " << plan.target.serverName();
    if (plan.target.port())
        err << ':' << *plan.target.port();
    if (!plan.target.databaseName().isEmpty())
        err << ", database " << plan.target.databaseName();
    err << '\n'
        << "  Schema:   " << plan.schemaDescription << " will be "
        << (plan.reinstall ? "REINSTALLED: the installed extension pack is replaced"
                           : "installed (or replaced if "
                             "already installed)")
        << "\n\n";
    err.flush();
    if (!assumeYes && !confirm(ctx)) {
        err << "Not applied.\n";
        return ExitCancelled;
    }

    const QString projectArn = plan.project.migrationProjectArn;
    const Result<QString> started = session.await<QString>([&](QObject* c, DmsClient::Handler<QString> done) {
        return session.client()->startExtensionPackAssociation(projectArn, c, done);
    });
    if (!started.ok()) {
        const Fault fault = started.fault();
        if (fault.requestMayHaveBeenProcessed) {
            // The call is not idempotent: tell the user whether it arrived before they try again.
            err << "The request may have reached AWS. Checking whether a new request appeared…\n";
            const auto requests = loadRequests(session, projectArn);
            if (requests.ok()) {
                for (const SchemaConversionRequest& r : requests.value()) {
                    if (!r.isTerminal())
                        err << "  Request " << r.requestIdentifier << " is " << r.status
                            << ": it was received. Do not apply again; follow it with\n"
                            << "  dms-extpack-cli status " << projectArn << " --request-id "
                            << r.requestIdentifier << " --wait\n";
                }
            }
        }
        return ctx.reportFault(fault);
    }
    const QString requestId = started.value();
    if (!parser.isSet(waitOpt)) {
        if (ctx.output == OutputFormat::Json)
            writeJson(ctx, QJsonObject{{QStringLiteral("RequestIdentifier"), requestId}});
        else
            ctx.out() << requestId << '\n';
        err << "Started. Follow it with: dms-extpack-cli status " << projectArn << " --request-id "
            << requestId << " --wait\n";
        return ExitOk;
    }
    err << "Started request " << requestId << "; following it…\n";
    err.flush();
    return followRequest(ctx, session, projectArn, requestId, schedule.value());
}

} // namespace dmsx::cli
