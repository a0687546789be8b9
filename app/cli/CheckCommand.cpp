#include "cli/CheckCommand.h"

#include "base/FaultCatalogue.h"

#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/InterruptWatcher.h"
#include "cli/ProgressLine.h"
#include "cli/TableWriter.h"
#include "prereq/PrerequisiteChecker.h"

#include <QEventLoop>
#include <QUuid>

#include <algorithm>

namespace dmsx::cli {

using namespace CommandSupport;

QList<CommandLine::Command> CheckCommand::commands() const
{
    CommandLine::Command check;
    check.path = QStringList{QStringLiteral("check")};
    check.arguments = QStringLiteral("PROJECT");
    check.minArguments = check.maxArguments = 1;
    check.argumentsError = QStringLiteral("check takes exactly one PROJECT (name or ARN)");
    check.summary =
        QStringLiteral("Check what would make an extension pack installation fail, before applying");
    check.description = QStringLiteral(
        "Checks the prerequisites of applying the extension pack to a project, as 'apply' does first:\n"
        "a real (not virtual) target; the project's S3 bucket path and role, the bucket existing with\n"
        "versioning enabled; each IAM role existing, trusting the DMS service principals and allowed\n"
        "to use the bucket or read the secret; the target's secret existing, not scheduled for\n"
        "deletion, and its KMS key enabled; requests of the project already queued ahead.\n"
        "Each check is passed, a problem (with its fix: the console page and an AWS CLI command), or\n"
        "could not be checked (with the permission it needs); only a problem makes the exit code 1.\n"
        "S3, IAM, Secrets Manager and KMS are called at their own endpoints, moved only by their own\n"
        "settings (AWS_ENDPOINT_URL_S3, ..._IAM, ..._SECRETS_MANAGER, ..._KMS, AWS_ENDPOINT_URL, the\n"
        "profile's services section): --endpoint-url moves DMS alone. Nothing is changed anywhere.");
    check.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    check.textFields = QStringLiteral("one line per check: check, status, code, subject, finding");
    return {check};
}

namespace {

QString statusWord(PrerequisiteCheck::Status status)
{
    switch (status) {
    case PrerequisiteCheck::Status::Passed:
        return QStringLiteral("passed");
    case PrerequisiteCheck::Status::Notice:
        return QStringLiteral("note");
    case PrerequisiteCheck::Status::Problem:
        return QStringLiteral("PROBLEM");
    case PrerequisiteCheck::Status::CouldNotCheck:
        return QStringLiteral("could not check");
    case PrerequisiteCheck::Status::Pending:
        return QStringLiteral("not done");
    }
    return QString();
}

} // namespace

int CheckCommand::run(CliContext& ctx, const CommandLine& line)
{
    const QString identifier = line.arguments().first();
    if (const Result<void> valid = DmsClient::validateProjectIdentifier(identifier); !valid.ok())
        return ctx.usageError(valid.fault().message);

    CliSession session(ctx);
    if (const Result<void> opened = session.open(); !opened.ok())
        return ctx.reportFault(opened.fault());

    ProgressLine progress(ctx);
    progress.state(QStringLiteral("Checking project %1…").arg(terminalSafe(identifier)));
    PrerequisiteChecker checker(session.client(), identifier);
    checker.setServices(session.prerequisiteServices());
    CallOptions options;
    options.actionKey = QStringLiteral("check:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    checker.setCallOptions(options);
    QObject::connect(&checker, &PrerequisiteChecker::checkUpdated, &checker,
                     [&](int, const PrerequisiteCheck&) {
                         const PrerequisiteReport& r = checker.report();
                         const int done = int(r.checks.size()) - r.count(PrerequisiteCheck::Status::Pending);
                         progress.update(QStringLiteral("Checking project %1: %2 of %3 checks done…")
                                             .arg(terminalSafe(identifier))
                                             .arg(done)
                                             .arg(r.checks.size()));
                     });
    const InterruptWatcher::Scope interrupted([&] {
        ctx.err() << "Cancelled. Nothing was changed.\n";
        InterruptWatcher::exitInterrupted(ctx.out(), ctx.err());
    });
    QEventLoop loop;
    QObject::connect(&checker, &PrerequisiteChecker::finished, &loop, &QEventLoop::quit);
    checker.start();
    loop.exec();
    progress.clear();

    if (!checker.result().ok())
        return ctx.reportFault(checker.result().fault());
    const PrerequisiteReport& report = checker.result()->checks;

    if (ctx.output == OutputFormat::Json) {
        writeJson(ctx, report.toJson());
    } else {
        TableWriter table(
            ctx.output == OutputFormat::Text
                ? QStringList{QStringLiteral("CHECK"), QStringLiteral("STATUS"), QStringLiteral("CODE"),
                              QStringLiteral("SUBJECT"), QStringLiteral("FINDING")}
                : QStringList{QStringLiteral("CHECK"), QStringLiteral("STATUS"), QStringLiteral("FINDING")});
        for (const PrerequisiteCheck& c : report.checks) {
            if (ctx.output == OutputFormat::Text)
                table.addRow({PrerequisiteCheck::idName(c.id), PrerequisiteCheck::statusName(c.status),
                              c.fault ? c.fault->code : QString(), c.subject, c.finding()});
            else
                table.addRow({c.label(), statusWord(c.status), c.summary()});
        }
        writeRows(ctx, table);
        if (ctx.output == OutputFormat::Table) {
            // What to do, for each row that is not a plain pass. Rows that could not be checked
            // for the same reason (one missing permission, one endpoint not set) share one
            // paragraph, so the same words are not printed once per row.
            QList<QList<const PrerequisiteCheck*>> paragraphs;
            const auto sameReason = [](const PrerequisiteCheck& a, const PrerequisiteCheck& b) {
                return a.status == PrerequisiteCheck::Status::CouldNotCheck && a.status == b.status &&
                       a.fault && b.fault && a.fault->code == b.fault->code &&
                       FaultCatalogue::explain(*a.fault).cause == FaultCatalogue::explain(*b.fault).cause &&
                       a.fix() == b.fix();
            };
            for (const PrerequisiteCheck& c : report.checks) {
                if (c.status == PrerequisiteCheck::Status::Passed)
                    continue;
                auto group = std::find_if(
                    paragraphs.begin(), paragraphs.end(),
                    [&](const QList<const PrerequisiteCheck*>& g) { return sameReason(*g.first(), c); });
                if (group != paragraphs.end())
                    group->append(&c);
                else
                    paragraphs.append({&c});
            }
            for (const QList<const PrerequisiteCheck*>& group : std::as_const(paragraphs)) {
                const PrerequisiteCheck& first = *group.first();
                QStringList labels;
                for (const PrerequisiteCheck* c : group)
                    labels << c->label();
                ctx.out() << '\n'
                          << labels.join(QStringLiteral(", ")) << " (" << statusWord(first.status) << ", "
                          << (first.fault ? first.fault->code : QString()) << ")"
                          << (group.size() == 1 ? QStringLiteral(": ") + terminalSafe(first.subject)
                                                : QString())
                          << '\n';
                if (group.size() > 1)
                    for (const PrerequisiteCheck* c : group)
                        ctx.out() << "  " << terminalSafe(c->label()) << ": " << terminalSafe(c->subject)
                                  << '\n';
                if (first.fault)
                    ctx.out() << "  " << terminalSafe(FaultCatalogue::explain(*first.fault).cause) << '\n';
                for (const QString& step : first.fix().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                    ctx.out() << "  - " << terminalSafe(step) << '\n';
                for (const PrerequisiteCheck* c : group) {
                    const QString who =
                        group.size() > 1 ? QStringLiteral(" (") + c->label() + u')' : QString();
                    if (!c->consoleUrl.isEmpty())
                        ctx.out() << "  Console" << who << ": " << terminalSafe(c->consoleUrl) << '\n';
                    if (!c->cliCommand.isEmpty())
                        ctx.out() << "  Command" << who << ": " << terminalSafe(c->cliCommand) << '\n';
                }
            }
        }
    }
    const int problems = report.count(PrerequisiteCheck::Status::Problem);
    const int unchecked = report.count(PrerequisiteCheck::Status::CouldNotCheck);
    if (problems > 0)
        ctx.err() << (problems == 1 ? QStringLiteral("1 problem")
                                    : QStringLiteral("%1 problems").arg(problems))
                  << " would make the installation fail"
                  << (unchecked > 0 ? QStringLiteral("; %1 could not be checked").arg(unchecked) : QString())
                  << ".\n";
    else if (unchecked > 0)
        ctx.err() << "No problem found; " << unchecked << " could not be checked (see why above).\n";
    else
        ctx.err() << "No problem found.\n";
    return problems > 0 ? ExitAwsFault : ExitOk;
}

} // namespace dmsx::cli
