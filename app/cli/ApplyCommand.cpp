#include "cli/ApplyCommand.h"

#include "apply/ApplyWorkflow.h"
#include "base/FaultCodes.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/InterruptWatcher.h"
#include "cli/ProgressLine.h"
#include "prereq/PrerequisiteCheck.h"

#include <QFile>

#include <unistd.h>

namespace dmsx::cli {

using namespace CommandSupport;

QList<CommandLine::Command> ApplyCommand::commands() const
{
    CommandLine::Command apply;
    apply.path = QStringList{QStringLiteral("apply")};
    apply.arguments = QStringLiteral("PROJECT");
    apply.minArguments = apply.maxArguments = 1;
    apply.argumentsError = QStringLiteral("apply takes exactly one PROJECT (name or ARN)");
    apply.summary = QStringLiteral("Apply (install or reinstall) the extension pack on a project's target");
    apply.description = QStringLiteral(
        "Applies (installs or reinstalls) the extension pack on the target of a migration project.\n"
        "Runs the prerequisite checks of 'check' first and stops on a problem they find (exit code 1)\n"
        "unless --ignore-checks is given (which the request history records); a check that could not\n"
        "be made never stops it. Requests already queued are said, not refused: AWS starts this one\n"
        "after them. Then asks for confirmation (only 'yes' confirms; --yes skips the question; without a "
        "terminal\n"
        "--yes is required) and, after the answer, checks again that no request was started meanwhile.\n"
        "Any other answer leaves everything as it was: 'Nothing was done.', exit code 6.\n"
        "PROJECT is the project's name or ARN; a project named 'help' or starting with '-' is reached\n"
        "with its ARN or after '--': dms-extpack-cli apply --yes -- help");
    apply.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    apply.textFields = QStringLiteral("the started request's id (with --wait: its id and final status)");
    apply.options = {
        {QStringLiteral("yes"), QString(), QStringLiteral("Do not ask for confirmation.")},
        {QStringLiteral("ignore-checks"), QString(),
         QStringLiteral(
             "Apply even when the prerequisite checks found a problem (recorded in the history).")},
        {QStringLiteral("wait"), QString(),
         QStringLiteral("Follow the request until SUCCESS, FAILED or CANCELED.")},
        pollIntervalOption(),
        maxPollErrorsOption(),
    };
    return {apply};
}

namespace {

bool confirm(CliContext& ctx)
{
    ctx.err() << "Apply the extension pack? Type 'yes' to continue: ";
    ctx.err().flush();
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return false;
    // Outside the event loop: Ctrl-C here is answered by the signal handler itself.
    const InterruptWatcher::BlockingScope interruptible("\nCancelled. Nothing was applied.\n");
    // Only what the question asks for: "y" is one key away from "t" or "u", and a reinstall
    // replaces what is installed.
    return in.readLine().trimmed().toLower() == "yes";
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

// The problems and notes, each with its code and for a problem the command that fixes it; the
// checks that could not be made only counted (`check` says why), as they never stop an apply.
void printFindings(QTextStream& err, const PrerequisiteReport& report)
{
    for (const PrerequisiteCheck& c : report.checks) {
        if (!c.fault || c.status == PrerequisiteCheck::Status::CouldNotCheck)
            continue;
        err << (c.blocks() ? "Problem: " : "Note: ") << c.label() << ": " << terminalSafe(c.summary()) << " ("
            << c.fault->code << ")\n";
        if (c.blocks() && !c.cliCommand.isEmpty())
            err << "  Fix: " << terminalSafe(c.cliCommand) << '\n';
    }
    const int unchecked = report.count(PrerequisiteCheck::Status::CouldNotCheck);
    if (unchecked == 1)
        err << "1 check could not be made; 'check' says why.\n";
    else if (unchecked > 1)
        err << unchecked << " checks could not be made; 'check' says why.\n";
    err.flush();
}

} // namespace

int ApplyCommand::run(CliContext& ctx, const CommandLine& line)
{
    const QString identifier = line.arguments().first();
    if (const Result<void> valid = DmsClient::validateProjectIdentifier(identifier); !valid.ok())
        return ctx.usageError(valid.fault().message);
    const Result<QList<int>> schedule = pollSchedule(ctx, line);
    if (!schedule.ok())
        return ctx.usageError(schedule.fault().message);
    const Result<int> maxErrors = maxPollErrors(line);
    if (!maxErrors.ok())
        return ctx.usageError(maxErrors.fault().message);
    const bool wait = line.isSet(QStringLiteral("wait"));
    if (line.isSet(QStringLiteral("max-poll-errors")) && !wait)
        return ctx.usageError(QStringLiteral("--max-poll-errors applies to following: add --wait"));
    const bool assumeYes = line.isSet(QStringLiteral("yes"));
    if (!assumeYes && !::isatty(STDIN_FILENO))
        return ctx.usageError(QStringLiteral("refusing to apply without confirmation: no terminal to ask on; "
                                             "add --yes"));

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    ProgressLine progress(ctx);
    progress.state(QStringLiteral("Checking project %1…").arg(terminalSafe(identifier)));
    ApplyWorkflow workflow(session.client(), identifier);
    workflow.setConfirmationRequired(!assumeYes);
    workflow.setServices(session.prerequisiteServices());
    workflow.setIgnoreChecks(line.isSet(QStringLiteral("ignore-checks")));
    QObject::connect(&workflow, &ApplyWorkflow::checkUpdated, &workflow, [&](int, const PrerequisiteCheck&) {
        progress.update(QStringLiteral("Checking the prerequisites of %1…").arg(terminalSafe(identifier)));
    });
    workflow.setFollow(wait);
    workflow.setPollSchedule(schedule.value());
    workflow.setMaxPollErrors(maxErrors.value());
    QObject::connect(&workflow, &ApplyWorkflow::planReady, &workflow, [&](const ApplyPlan& plan) {
        progress.clear();
        printFindings(ctx.err(), plan.checks);
        if (plan.checks.hasProblems())
            ctx.err()
                << "Going on despite these problems (--ignore-checks); the request history records it.\n";
        printPlan(ctx.err(), plan);
    });
    QObject::connect(&workflow, &ApplyWorkflow::confirmationRequested, &workflow,
                     [&](const ApplyPlan&) { workflow.answerConfirmation(confirm(ctx)); });
    QObject::connect(&workflow, &ApplyWorkflow::stageChanged, &workflow, [&](ApplyWorkflow::Stage stage) {
        if (stage == ApplyWorkflow::Stage::Recovering) {
            // Not idempotent: find out whether it arrived rather than try again.
            ctx.err() << "The request may have reached AWS. Checking whether a new request appeared…\n";
            ctx.err().flush();
        }
    });
    QObject::connect(
        &workflow, &ApplyWorkflow::requestIdentified, &workflow,
        [&](const QString& requestId, ApplyWorkflow::RequestOrigin origin) {
            if (origin == ApplyWorkflow::RequestOrigin::Recovery)
                ctx.err() << "Request " << terminalSafe(requestId) << " is "
                          << terminalSafe(workflow.lastRequest().status)
                          << ": it was received although the answer to the start was lost. Do not "
                             "apply again.\n";
            ctx.err().flush();
            if (wait && origin == ApplyWorkflow::RequestOrigin::Recovery)
                progress.say(QStringLiteral("Following it…"));
            else if (wait)
                progress.say(
                    QStringLiteral("Started request %1; following it…").arg(terminalSafe(requestId)));
        });
    printProgress(workflow, progress);
    const InterruptWatcher::Scope interrupted([&] {
        switch (workflow.stage()) {
        case ApplyWorkflow::Stage::Following:
            workflow.cancel(); // the run ends with what reportFollowed() says about it
            return;
        case ApplyWorkflow::Stage::Starting:
        case ApplyWorkflow::Stage::Recovering:
            // Never sent again, and its answer is not waited for: the history keeps it unknown.
            ctx.err() << "Interrupted while the request to apply the extension pack was on its way: it may "
                         "have reached AWS, and it is not sent again. Check the project's requests before "
                         "applying again:\n  "
                      << checkCommand(ctx, session,
                                      workflow.hasPlan() ? workflow.plan().project.migrationProjectArn
                                                         : identifier)
                      << '\n';
            break;
        default:
            ctx.err() << "Cancelled. Nothing was applied.\n";
            break;
        }
        InterruptWatcher::exitInterrupted(ctx.out(), ctx.err());
    });
    runWorkflow(workflow, [&] { workflow.start(); });

    const QString project = workflow.hasPlan() ? workflow.plan().project.migrationProjectArn : identifier;
    switch (workflow.outcome()) {
    case ApplyWorkflow::Outcome::Declined:
        ctx.err() << "Nothing was done.\n";
        return ExitDeclined;
    case ApplyWorkflow::Outcome::Started:
        if (ctx.output == OutputFormat::Json)
            writeJson(ctx, QJsonObject{{QStringLiteral("RequestIdentifier"), workflow.requestId()}});
        else
            ctx.out() << terminalSafe(workflow.requestId()) << '\n';
        ctx.err() << (workflow.requestOrigin() == ApplyWorkflow::RequestOrigin::Recovery
                          ? "Follow it with: "
                          : "Started. Follow it with: ")
                  << resumeCommand(ctx, session, project, workflow.requestId()) << '\n';
        return ExitOk;
    case ApplyWorkflow::Outcome::Succeeded:
    case ApplyWorkflow::Outcome::Failed:
    case ApplyWorkflow::Outcome::FollowingStopped:
        return reportFollowed(ctx, session, workflow);
    case ApplyWorkflow::Outcome::Unknown: {
        const int code = ctx.reportFault(workflow.fault().value_or(Fault()));
        ctx.err() << "Re-check before applying again: " << checkCommand(ctx, session, project) << '\n';
        return code;
    }
    case ApplyWorkflow::Outcome::Refused:
        if (workflow.fault() && workflow.fault()->code == FaultCode::PrereqProblemsFound) {
            printFindings(ctx.err(), workflow.plan().checks);
            const int code = ctx.reportFault(*workflow.fault());
            ctx.err() << "Every check and its fix: " << prerequisitesCommand(ctx, session, project) << '\n';
            return code;
        }
        break;
    case ApplyWorkflow::Outcome::None:
    case ApplyWorkflow::Outcome::Cancelled:
    case ApplyWorkflow::Outcome::StartFailed:
        break;
    }
    return ctx.reportFault(workflow.fault().value_or(Fault()));
}

} // namespace dmsx::cli
