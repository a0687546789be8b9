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

#include <QCommandLineParser>
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

QString HistoryCommand::synopsis() const
{
    return QStringLiteral("history [--all] [--limit N] [--project P] [--operation OP] [--outcome O] "
                          "[--since DATE] [--output table|json|csv] | history show ID");
}

int HistoryCommand::run(CliContext& ctx, const QStringList& args)
{
    if (!args.isEmpty() && args.first() == QLatin1String("show"))
        return show(ctx, args.mid(1));
    return list(ctx, args);
}

int HistoryCommand::list(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Shows what was done, newest first: applies, re-checks, listings, profile tests, with\n"
        "the reads each one made counted in CALLS. A Start's outcome is its installation's.\n"
        "The history file is --history-file, else DMSX_HISTORY_FILE, else\n"
        "~/.local/share/" DMSX_APP_ID "/history.sqlite."));
    const QCommandLineOption limitOpt(QStringLiteral("limit"),
                                      QStringLiteral("At most N entries (default 50, 0: all)."),
                                      QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption offsetOpt(QStringLiteral("offset"), QStringLiteral("Skip the first N entries."),
                                       QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption projectOpt(QStringLiteral("project"), QStringLiteral("Project name or ARN."),
                                        QStringLiteral("P"));
    const QCommandLineOption operationOpt(QStringLiteral("operation"), QStringLiteral("DMS operation name."),
                                          QStringLiteral("OP"));
    const QCommandLineOption outcomeOpt(
        QStringLiteral("outcome"),
        QStringLiteral("pending, queued, in_progress, succeeded, failed, cancelled or unknown (a Start's: "
                       "its installation's)."),
        QStringLiteral("O"));
    const QCommandLineOption allOpt(
        QStringLiteral("all"),
        QStringLiteral("Every call on its own line, the program's background reads too."));
    const QCommandLineOption sinceOpt(
        QStringLiteral("since"),
        QStringLiteral("Entries started at or after DATE (ISO 8601 date or time, "
                       "or 7d / 12h ago)."),
        QStringLiteral("DATE"));
    const QCommandLineOption searchOpt(QStringLiteral("search"),
                                       QStringLiteral("Text anywhere in the entry."), QStringLiteral("TEXT"));
    const QCommandLineOption regionOpt(QStringLiteral("region"), QStringLiteral("Region."),
                                       QStringLiteral("R"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("Profile."),
                                        QStringLiteral("P"));
    const QCommandLineOption outputOpt(QStringLiteral("output"), QStringLiteral("table, json or csv."),
                                       QStringLiteral("FORMAT"));
    const QCommandLineOption fileOpt(QStringLiteral("history-file"), QStringLiteral("The history file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Show this help."));
    parser.addOptions({limitOpt, offsetOpt, projectOpt, operationOpt, outcomeOpt, allOpt, sinceOpt, searchOpt,
                       regionOpt, profileOpt, outputOpt, fileOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("history")} + args))
        return ctx.usageError(parser.errorText());
    if (parser.isSet(helpOpt)) {
        ctx.out() << CommandSupport::commandHelpText(parser, QStringLiteral("history"));
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return ctx.usageError(QStringLiteral("unexpected argument '%1' (did you mean 'history show ID'?)")
                                  .arg(parser.positionalArguments().first()));
    if (parser.isSet(fileOpt))
        ctx.historyFile = parser.value(fileOpt);

    HistoryQuery q;
    bool ok = false;
    q.limit = parser.value(limitOpt).toInt(&ok);
    if (!ok || q.limit < 0)
        return ctx.usageError(QStringLiteral("--limit must be a whole number >= 0"));
    q.offset = parser.value(offsetOpt).toInt(&ok);
    if (!ok || q.offset < 0)
        return ctx.usageError(QStringLiteral("--offset must be a whole number >= 0"));
    q.project = parser.value(projectOpt);
    q.operation = parser.value(operationOpt);
    q.text = parser.value(searchOpt);
    q.region = parser.value(regionOpt);
    q.profile = parser.value(profileOpt);
    q.entriesOnly = !parser.isSet(allOpt);
    q.includeBackground = parser.isSet(allOpt);
    if (parser.isSet(outcomeOpt)) {
        q.outcome = HistoryRecord::outcomeFromName(parser.value(outcomeOpt));
        if (!q.outcome)
            return ctx.usageError(QStringLiteral("--outcome must be pending, queued, in_progress, succeeded, "
                                                 "failed, cancelled or unknown, not '%1'")
                                      .arg(parser.value(outcomeOpt)));
    }
    if (parser.isSet(sinceOpt)) {
        q.since = parseSince(parser.value(sinceOpt), QDateTime::currentDateTimeUtc());
        if (!q.since.isValid())
            return ctx.usageError(
                QStringLiteral("--since must be an ISO 8601 date or time, or 7d / 12h, not '%1'")
                    .arg(parser.value(sinceOpt)));
    }
    QString format = ctx.output == OutputFormat::Json ? QStringLiteral("json") : QStringLiteral("table");
    if (parser.isSet(outputOpt))
        format = parser.value(outputOpt);
    if (format != QLatin1String("table") && format != QLatin1String("json") && format != QLatin1String("csv"))
        return ctx.usageError(QStringLiteral("--output must be table, json or csv, not '%1'").arg(format));

    Result<std::unique_ptr<HistoryStore>> store = openStore(ctx);
    if (!store.ok())
        return ctx.reportFault(store.fault());
    const Result<QList<HistoryRecord>> rows = store.value()->query(q);
    if (!rows.ok())
        return ctx.reportFault(rows.fault());

    if (format == QLatin1String("csv")) {
        ctx.out().flush();
        writeRaw(HistoryExporter::toCsv(rows.value()));
        return ExitOk;
    }
    if (format == QLatin1String("json")) {
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
    for (const HistoryRecord& r : rows.value()) {
        anyUnknown = anyUnknown || r.outcome == HistoryRecord::Outcome::Unknown;
        table.addRow({QString::number(r.id), timeText(r.startedAt), r.operation,
                      r.projectName.isEmpty() ? r.projectArn : r.projectName,
                      HistoryRecord::outcomeName(r.outcome),
                      r.httpStatus ? QString::number(r.httpStatus) : QString(),
                      QString::number(r.callCount + r.childCalls), durationText(r.durationMs),
                      r.associationStatus, r.dmsRequestIdentifier});
    }
    table.write(ctx.out());
    if (anyUnknown)
        ctx.err() << "Entries with outcome 'unknown' were sent by a program that ended before the answer: "
                     "re-check them (history show ID says how).\n";
    return ExitOk;
}

int HistoryCommand::show(CliContext& ctx, const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The entry's id (see history)."));
    const QCommandLineOption outputOpt(QStringLiteral("output"), QStringLiteral("table or json."),
                                       QStringLiteral("FORMAT"));
    const QCommandLineOption fileOpt(QStringLiteral("history-file"), QStringLiteral("The history file."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     QStringLiteral("Show this help."));
    parser.addOptions({outputOpt, fileOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("history show")} + args))
        return ctx.usageError(parser.errorText());
    if (parser.isSet(helpOpt)) {
        ctx.out() << CommandSupport::commandHelpText(parser, QStringLiteral("history show"));
        return ExitOk;
    }
    if (parser.positionalArguments().size() != 1)
        return ctx.usageError(QStringLiteral("history show takes exactly one ID"));
    bool ok = false;
    const qint64 id = parser.positionalArguments().first().toLongLong(&ok);
    if (!ok || id <= 0)
        return ctx.usageError(QStringLiteral("ID must be a positive number"));
    if (parser.isSet(fileOpt))
        ctx.historyFile = parser.value(fileOpt);
    const bool json = parser.isSet(outputOpt) ? parser.value(outputOpt) == QLatin1String("json")
                                              : ctx.output == OutputFormat::Json;

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
    auto line = [&](const QString& label, const QString& value) {
        ctx.out() << QString(label + QLatin1Char(':')).leftJustified(26)
                  << CommandSupport::terminalSafe(Redactor::redact(value)) << '\n';
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
