#include "cli/HistoryCommand.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "cli/CliContext.h"
#include "cli/CliHistory.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/TableWriter.h"
#include "history/HistoryExporter.h"
#include "history/HistoryStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace dmsx::cli {

namespace {

// "2026-05-01", "2026-05-01T10:00:00Z" (or any ISO 8601 date-time), or "7d" / "12h" ago.
QDateTime parseSince(const QString& text, const QDateTime& now)
{
    const QString t = text.trimmed();
    if (t.size() >= 2 && (t.endsWith(u'd') || t.endsWith(u'h'))) {
        bool ok = false;
        const int n = t.left(t.size() - 1).toInt(&ok);
        if (ok && n >= 0)
            return t.endsWith(u'd') ? now.addDays(-n) : now.addSecs(-qint64(n) * 3600);
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (dt.isValid())
        return dt.timeSpec() == Qt::LocalTime && !t.contains(u'T') ? dt : dt.toUTC();
    const QDate d = QDate::fromString(t, Qt::ISODate);
    if (d.isValid())
        return d.startOfDay(Qt::UTC);
    return {};
}

QString durationText(qint64 ms)
{
    if (ms < 0)
        return QString();
    if (ms < 10000)
        return QString::number(ms) + QStringLiteral(" ms");
    return QString::number(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
}

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

void writeRaw(const QByteArray& data)
{
    // Straight to stdout: the exporters already produce the final bytes (CRLF for CSV).
    std::fwrite(data.constData(), 1, size_t(data.size()), stdout);
    std::fflush(stdout);
}

Result<std::unique_ptr<HistoryStore>> openStore(CliContext& ctx)
{
    return CliHistory::open(ctx);
}

} // namespace

QList<CommandLine::Command> HistoryCommand::commands() const
{
    CommandLine::Command list;
    list.path = QStringList{QStringLiteral("history")};
    list.argumentsError = QStringLiteral("history takes no arguments (did you mean 'history show ID'?)");
    list.summary = QStringLiteral("Search and export what was done: applies, re-checks, listings");
    list.description = QStringLiteral(
        "Shows what was done, newest first: applies, re-checks, listings, profile tests, with\n"
        "the reads each one made counted in CALLS. A Start's outcome is its installation's.\n"
        "The history file is --history-file, else DMSX_HISTORY_FILE, else\n"
        "~/.local/share/" DMSX_APP_ID "/history.sqlite.\n"
        "The global --region and --profile, when given on the line, select the entries made in that\n"
        "region or with that profile (the environment and the AWS config files do not filter).");
    list.options = {
        {QStringLiteral("limit"), QStringLiteral("N"),
         QStringLiteral("At most N entries (default 50, 0: all).")},
        {QStringLiteral("offset"), QStringLiteral("N"), QStringLiteral("Skip the first N entries.")},
        {QStringLiteral("project"), QStringLiteral("P"), QStringLiteral("Project name or ARN.")},
        {QStringLiteral("operation"), QStringLiteral("OP"), QStringLiteral("DMS operation name.")},
        {QStringLiteral("outcome"), QStringLiteral("O"),
         QStringLiteral("pending, queued, in_progress, succeeded, failed, cancelled or unknown (a Start's: "
                        "its installation's).")},
        {QStringLiteral("all"), QString(),
         QStringLiteral("Every call on its own line, the program's background reads too.")},
        {QStringLiteral("since"), QStringLiteral("DATE"),
         QStringLiteral("Entries started at or after DATE (ISO 8601 date or time, or 7d / 12h ago).")},
        {QStringLiteral("search"), QStringLiteral("TEXT"), QStringLiteral("Text anywhere in the entry.")},
    };
    list.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json, OutputFormat::Csv};
    list.textFields =
        QStringLiteral("one line per entry: id, started (ISO 8601, UTC), operation, project, "
                       "outcome, HTTP status, calls, duration in ms, DMS status, DMS request id");

    CommandLine::Command show;
    show.path = QStringList{QStringLiteral("history"), QStringLiteral("show")};
    show.arguments = QStringLiteral("ID");
    show.minArguments = show.maxArguments = 1;
    show.argumentsError = QStringLiteral("history show takes exactly one ID (see 'dms-extpack-cli history')");
    show.summary = QStringLiteral("Show every recorded detail of one history entry");
    show.outputs = {OutputFormat::Table, OutputFormat::Text, OutputFormat::Json};
    show.textFields = QStringLiteral("one line per field: its label, its value");
    show.description =
        QStringLiteral("Shows every recorded detail of one entry of the history, and what to do "
                       "about it when its outcome is unknown.");
    return {list, show};
}

int HistoryCommand::run(CliContext& ctx, const CommandLine& line)
{
    if (line.path().size() > 1)
        return show(ctx, line);
    return list(ctx, line);
}

int HistoryCommand::list(CliContext& ctx, const CommandLine& line)
{
    const auto value = [&line](const char* name, const QString& fallback = QString()) {
        const QString n = QString::fromLatin1(name);
        return line.isSet(n) ? line.value(n) : fallback;
    };
    HistoryQuery q;
    bool ok = false;
    q.limit = value("limit", QStringLiteral("50")).toInt(&ok);
    if (!ok || q.limit < 0)
        return ctx.usageError(QStringLiteral("--limit must be a whole number >= 0"));
    q.offset = value("offset", QStringLiteral("0")).toInt(&ok);
    if (!ok || q.offset < 0)
        return ctx.usageError(QStringLiteral("--offset must be a whole number >= 0"));
    q.project = value("project");
    q.operation = value("operation");
    q.text = value("search");
    q.region = ctx.region;
    q.profile = ctx.profile;
    q.entriesOnly = !line.isSet(QStringLiteral("all"));
    q.includeBackground = line.isSet(QStringLiteral("all"));
    if (line.isSet(QStringLiteral("outcome"))) {
        q.outcome = HistoryRecord::outcomeFromName(value("outcome"));
        if (!q.outcome)
            return ctx.usageError(QStringLiteral("--outcome must be pending, queued, in_progress, succeeded, "
                                                 "failed, cancelled or unknown, not '%1'")
                                      .arg(value("outcome")));
    }
    if (line.isSet(QStringLiteral("since"))) {
        q.since = parseSince(value("since"), QDateTime::currentDateTimeUtc());
        if (!q.since.isValid())
            return ctx.usageError(
                QStringLiteral("--since must be an ISO 8601 date or time, or 7d / 12h, not '%1'")
                    .arg(value("since")));
    }

    Result<std::unique_ptr<HistoryStore>> store = openStore(ctx);
    if (!store.ok())
        return ctx.reportFault(store.fault());
    const Result<QList<HistoryRecord>> rows = store.value()->query(q);
    if (!rows.ok())
        return ctx.reportFault(rows.fault());

    if (ctx.output == OutputFormat::Csv) {
        ctx.out().flush();
        writeRaw(HistoryExporter::toCsv(rows.value()));
        return ExitOk;
    }
    if (ctx.output == OutputFormat::Json) {
        ctx.out().flush();
        writeRaw(HistoryExporter::toJson(rows.value()));
        return ExitOk;
    }
    if (rows->isEmpty()) {
        ctx.err() << "No recorded requests match.\n";
        return ExitOk;
    }
    TableWriter table({QStringLiteral("ID"), QStringLiteral("STARTED (UTC)"), QStringLiteral("OPERATION"),
                       QStringLiteral("PROJECT"), QStringLiteral("OUTCOME"), QStringLiteral("HTTP"),
                       QStringLiteral("CALLS"), QStringLiteral("DURATION"), QStringLiteral("STATUS"),
                       QStringLiteral("DMS REQUEST")});
    bool anyUnknown = false;
    const bool text = ctx.output == OutputFormat::Text;
    for (const HistoryRecord& r : rows.value()) {
        anyUnknown = anyUnknown || r.outcome == HistoryRecord::Outcome::Unknown;
        table.addRow({QString::number(r.id), timeText(r.startedAt), r.operation,
                      r.projectName.isEmpty() ? r.projectArn : r.projectName,
                      HistoryRecord::outcomeName(r.outcome),
                      r.httpStatus ? QString::number(r.httpStatus) : QString(),
                      QString::number(r.callCount + r.childCalls),
                      text ? (r.durationMs >= 0 ? QString::number(r.durationMs) : QString())
                           : durationText(r.durationMs),
                      r.associationStatus, r.dmsRequestIdentifier});
    }
    CommandSupport::writeRows(ctx, table);
    if (anyUnknown)
        ctx.err() << "Entries with outcome 'unknown' were sent by a program that ended before the answer: "
                     "re-check them (history show ID says how).\n";
    return ExitOk;
}

int HistoryCommand::show(CliContext& ctx, const CommandLine& command)
{
    bool ok = false;
    const qint64 id = command.arguments().first().toLongLong(&ok);
    if (!ok || id <= 0)
        return ctx.usageError(
            QStringLiteral("ID must be a positive number, as 'dms-extpack-cli history' lists "
                           "them; got '%1'")
                .arg(command.arguments().first()));
    const bool json = ctx.output == OutputFormat::Json;

    Result<std::unique_ptr<HistoryStore>> store = openStore(ctx);
    if (!store.ok())
        return ctx.reportFault(store.fault());
    const Result<std::optional<HistoryRecord>> row = store.value()->get(id);
    if (!row.ok())
        return ctx.reportFault(row.fault());
    if (!row.value()) {
        Fault f = Fault::make(FaultKind::Usage, FaultCode::HistoryEntryNotFound,
                              QStringLiteral("The history has no entry %1").arg(id));
        return ctx.reportFault(f);
    }
    const HistoryRecord& r = *row.value();
    if (json) {
        ctx.out().flush();
        writeRaw(HistoryExporter::toJson({r}));
        return ExitOk;
    }
    // Stored values are redacted already; again here for files written by older versions. Each
    // value is one line whatever the server put in it (--output json keeps the exact text).
    const bool text = ctx.output == OutputFormat::Text;
    auto line = [&](const QString& label, const QString& value) {
        const QString safe = CommandSupport::terminalSafe(Redactor::redact(value));
        if (text)
            ctx.out() << label << '\t' << (safe.isEmpty() ? QStringLiteral("None") : safe) << '\n';
        else
            ctx.out() << QString(label + QLatin1Char(':')).leftJustified(26) << safe << '\n';
    };
    line(QStringLiteral("ID"), QString::number(r.id));
    line(QStringLiteral("Started (UTC)"), r.startedAt.toUTC().toString(Qt::ISODateWithMs));
    line(QStringLiteral("Finished (UTC)"),
         r.finishedAt.isValid() ? r.finishedAt.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("-"));
    line(QStringLiteral("Duration"), r.durationMs >= 0 ? durationText(r.durationMs) : QStringLiteral("-"));
    line(QStringLiteral("Operation"), r.operation);
    if (r.followsInstallation())
        line(QStringLiteral("Installation outcome"), HistoryRecord::outcomeName(r.outcome));
    else
        line(QStringLiteral("Outcome"), HistoryRecord::outcomeName(r.outcome));
    line(QStringLiteral("HTTP result"),
         HistoryRecord::outcomeName(r.httpResult()) +
             (r.httpStatus ? QStringLiteral(" (HTTP %1)").arg(r.httpStatus) : QString()));
    line(QStringLiteral("Profile"), r.profile);
    line(QStringLiteral("Credentials source"), r.credentialsSource);
    line(QStringLiteral("Account"), r.accountId);
    line(QStringLiteral("Region"), r.region);
    line(QStringLiteral("Endpoint"), r.endpointHost);
    line(QStringLiteral("Project name"), r.projectName);
    line(QStringLiteral("Project ARN"), r.projectArn);
    line(QStringLiteral("DMS request identifier"), r.dmsRequestIdentifier);
    line(QStringLiteral("AWS request id"), r.awsRequestId);
    line(QStringLiteral("HTTP status"), r.httpStatus ? QString::number(r.httpStatus) : QString());
    line(QStringLiteral("Attempts"), QString::number(r.attempts));
    line(QStringLiteral("Calls"), QString::number(r.callCount));
    line(QStringLiteral("Fault code"), r.faultCode);
    line(QStringLiteral("Fault message"), r.faultMessage);
    line(QStringLiteral("Association status"), r.associationStatus);
    line(QStringLiteral("Status transitions"), r.associationTransitions.join(QStringLiteral(", ")));
    line(QStringLiteral("Association step"), r.associationStep);
    line(QStringLiteral("Association error"), r.associationError);
    if (r.background)
        line(QStringLiteral("Background read"), QStringLiteral("yes (not asked for by the user)"));
    if (r.parentId > 0)
        line(QStringLiteral("Folded under"), QString::number(r.parentId));
    if (r.childCount > 0)
        line(QStringLiteral("Folded calls"),
             QStringLiteral("%1 (history --all lists them)").arg(r.childCalls));
    if (!r.advice().isEmpty())
        line(QStringLiteral("Advice"), r.advice());
    return ExitOk;
}

} // namespace dmsx::cli
