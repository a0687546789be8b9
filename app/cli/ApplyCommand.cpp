#include "cli/ApplyCommand.h"

#include "apply/ApplyWorkflow.h"
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
    return QStringLiteral("apply PROJECT [--yes] [--wait] [--poll-interval S] [--max-poll-errors N]");
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

void printPlan(QTextStream& err, const ApplyPlan& plan)
{
    // Every name here comes from the server: a control character in one must not rewrite the
    // question the person answers.
    const auto safe = [](const QString& text) { return terminalSafe(text); };
    err << "\nAbout to apply the extension pack:\n"
        << "  Account:  " << safe(plan.accountId) << '\n'
        << "  Region:   " << safe(plan.region) << '\n'
        << "  Project:  " << safe(plan.project.migrationProjectName) << " ("
        << safe(plan.project.migrationProjectArn) << ")\n"
        << "  Target:   " << safe(plan.target.dataProviderName) << ", engine " << safe(plan.target.engine);
    if (!plan.target.serverName().isEmpty())
        err << ", server " << safe(plan.target.serverName());
    if (plan.target.port())
        err << ':' << *plan.target.port();
    if (!plan.target.databaseName().isEmpty())
        err << ", database " << safe(plan.target.databaseName());
    err << '\n'
        << "  Schema:   " << safe(plan.schemaDescription) << " will be "
        << (plan.reinstall ? "REINSTALLED: the installed extension pack is replaced"
                           : "installed (or replaced if "
                             "already installed)")
        << "\n\n";
    err.flush();
}

QString statusCommand(const QString& project, const QString& requestId)
{
    return QStringLiteral("dms-extpack-cli status %1 --request-id %2 --wait").arg(project, requestId);
}

} // namespace

int ApplyCommand::run(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Applies (installs or reinstalls) the extension pack on the target of a migration project.\n"
        "Checks first that the target exists and is not virtual and that no request is already running,\n"
        "then asks for confirmation (--yes skips it; without a terminal --yes is required) and, after\n"
        "the answer, checks again that no request was started meanwhile."));
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project name or ARN."));
    const QCommandLineOption yesOpt(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation."));
    const QCommandLineOption waitOpt(QStringLiteral("wait"),
                                     QStringLiteral("Follow the request until SUCCESS, FAILED or CANCELED."));
    const QCommandLineOption pollOpt(
        QStringLiteral("poll-interval"),
        QStringLiteral("Seconds between status checks (default 10 growing to 60)."), QStringLiteral("S"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Show this help."));
    const QCommandLineOption maxErrorsOpt = maxPollErrorsOption();
    parser.addOptions({yesOpt, waitOpt, pollOpt, maxErrorsOpt, helpOpt});
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
    const Result<int> maxErrors = maxPollErrors(parser, maxErrorsOpt);
    if (!maxErrors.ok())
        return ctx.usageError(maxErrors.fault().message);
    if (parser.isSet(maxErrorsOpt) && !parser.isSet(waitOpt))
        return ctx.usageError(QStringLiteral("--max-poll-errors applies to following: add --wait"));
    const bool assumeYes = parser.isSet(yesOpt);
    if (!assumeYes && !::isatty(STDIN_FILENO))
        return ctx.usageError(QStringLiteral("refusing to apply without confirmation: no terminal to ask on; "
                                             "add --yes"));

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    QTextStream& err = ctx.err();
    err << "Checking project " << terminalSafe(identifier) << "…\n";
    err.flush();
    const bool wait = parser.isSet(waitOpt);
    ApplyWorkflow workflow(session.client(), identifier);
    workflow.setConfirmationRequired(!assumeYes);
    workflow.setFollow(wait);
    workflow.setPollSchedule(schedule.value());
    workflow.setMaxPollErrors(maxErrors.value());
    QObject::connect(&workflow, &ApplyWorkflow::planReady, &workflow,
                     [&](const ApplyPlan& plan) { printPlan(err, plan); });
    QObject::connect(&workflow, &ApplyWorkflow::confirmationRequested, &workflow,
                     [&](const ApplyPlan&) { workflow.answerConfirmation(confirm(ctx)); });
    QObject::connect(&workflow, &ApplyWorkflow::stageChanged, &workflow, [&](ApplyWorkflow::Stage stage) {
        if (stage == ApplyWorkflow::Stage::Recovering) {
            // Not idempotent: find out whether it arrived rather than try again.
            err << "The request may have reached AWS. Checking whether a new request appeared…\n";
            err.flush();
        }
    });
    QObject::connect(&workflow, &ApplyWorkflow::requestIdentified, &workflow,
                     [&](const QString& requestId, ApplyWorkflow::RequestOrigin origin) {
                         if (origin == ApplyWorkflow::RequestOrigin::Recovery)
                             err << "Request " << terminalSafe(requestId) << " is "
                                 << terminalSafe(workflow.lastRequest().status)
                                 << ": it was received although the answer to the start was lost. Do not "
                                    "apply again.\n";
                         if (wait && origin == ApplyWorkflow::RequestOrigin::Recovery)
                             err << "Following it…\n";
                         else if (wait)
                             err << "Started request " << terminalSafe(requestId) << "; following it…\n";
                         err.flush();
                     });
    printProgress(ctx, workflow);
    runWorkflow(workflow, [&] { workflow.start(); });

    const QString project = workflow.hasPlan() ? workflow.plan().project.migrationProjectArn : identifier;
    switch (workflow.outcome()) {
    case ApplyWorkflow::Outcome::Declined:
        err << "Not applied.\n";
        return ExitCancelled;
    case ApplyWorkflow::Outcome::Started:
        if (ctx.output == OutputFormat::Json)
            writeJson(ctx, QJsonObject{{QStringLiteral("RequestIdentifier"), workflow.requestId()}});
        else
            ctx.out() << terminalSafe(workflow.requestId()) << '\n';
        err << (workflow.requestOrigin() == ApplyWorkflow::RequestOrigin::Recovery
                    ? "Follow it with: "
                    : "Started. Follow it with: ")
            << terminalSafe(statusCommand(project, workflow.requestId())) << '\n';
        return ExitOk;
    case ApplyWorkflow::Outcome::Succeeded:
    case ApplyWorkflow::Outcome::Failed:
    case ApplyWorkflow::Outcome::FollowingStopped:
        return reportFollowed(ctx, session, workflow);
    case ApplyWorkflow::Outcome::Unknown: {
        const int code = ctx.reportFault(workflow.fault().value_or(Fault()));
        err << "Re-check before applying again: dms-extpack-cli status " << terminalSafe(project) << '\n';
        return code;
    }
    case ApplyWorkflow::Outcome::None:
    case ApplyWorkflow::Outcome::Refused:
    case ApplyWorkflow::Outcome::Cancelled:
    case ApplyWorkflow::Outcome::StartFailed:
        break;
    }
    return ctx.reportFault(workflow.fault().value_or(Fault()));
}

} // namespace dmsx::cli
