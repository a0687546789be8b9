#include "cli/CommandSupport.h"

#include "apply/ApplyWorkflow.h"
#include "base/FaultCodes.h"
#include "base/ShellWord.h"
#include "cli/CliContext.h"
#include "cli/CliSession.h"
#include "cli/ExitCode.h"
#include "cli/InterruptWatcher.h"
#include "cli/ProgressLine.h"
#include "cli/TableWriter.h"
#include "config/AppSettings.h"
#include "dms/AssociationProgress.h"
#include "dms/Pager.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>
#include <cstdio>

namespace dmsx::cli::CommandSupport {

Result<Filter> parseFilter(const QString& text)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0 || eq == text.size() - 1) {
        return Fault::make(FaultKind::Usage, FaultCode::InvalidFilter,
                           QStringLiteral("--filter expects NAME=VALUE[,VALUE...], got '%1'").arg(text));
    }
    Filter f;
    f.name = text.left(eq).trimmed();
    f.values = text.mid(eq + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString& v : f.values)
        v = v.trimmed();
    return f;
}

namespace {

// "Name=NAME,Values=V1,V2" (either order; "Values=[V1,V2]" too).
Result<Filter> parseShorthandFilter(const QString& text)
{
    Filter f;
    bool inValues = false;
    bool sawValues = false;
    for (const QString& part : text.split(QLatin1Char(','))) {
        const QString p = part.trimmed();
        if (p.startsWith(QLatin1String("Name="), Qt::CaseInsensitive)) {
            f.name = p.mid(5).trimmed();
            inValues = false;
        } else if (p.startsWith(QLatin1String("Values="), Qt::CaseInsensitive)) {
            inValues = sawValues = true;
            QString v = p.mid(7).trimmed();
            if (v.startsWith(QLatin1Char('[')))
                v.remove(0, 1);
            if (v.endsWith(QLatin1Char(']')))
                v.chop(1);
            if (!v.isEmpty())
                f.values.append(v);
        } else if (inValues) {
            QString v = p;
            if (v.endsWith(QLatin1Char(']')))
                v.chop(1);
            if (!v.isEmpty())
                f.values.append(v);
        } else {
            f.name.clear();
            break;
        }
    }
    if (f.name.isEmpty() || !sawValues || f.values.isEmpty())
        return Fault::make(FaultKind::Usage, FaultCode::InvalidFilter,
                           QStringLiteral("--filters expects Name=NAME,Values=V1,V2 (or the JSON form "
                                          "'[{\"Name\":\"NAME\",\"Values\":[\"V1\"]}]'), got '%1'")
                               .arg(text));
    return f;
}

// Every page of one Describe* listing, through the Pager's guards: a repeated marker or a
// listing past the page cap is a fault, never an endless loop. The pages are one entry in the
// request history.
// The pages so far are shown in place on a terminal while they come, then erased: what the
// command prints from them follows.
template <typename T>
Result<QList<T>>
loadAllPages(CliSession& session, const QString& operation, const QString& noun,
             const std::function<PendingCall*(const QString& marker, const CallOptions& options,
                                              QObject* context, DmsClient::Handler<Page<T>> done)>& call)
{
    QList<T> all;
    QString marker;
    Pager pager(operation);
    CallOptions options;
    options.groupKey = QStringLiteral("listing:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    ProgressLine progress(session.context());
    for (int pages = 1;; ++pages) {
        const Result<Page<T>> page =
            session.await<Page<T>>([&](QObject* context, DmsClient::Handler<Page<T>> done) {
                return call(marker, options, context, done);
            });
        if (!page.ok()) {
            progress.clear();
            return page.fault();
        }
        all += page->items;
        marker = page->marker;
        const Pager::Next next = pager.afterPage(marker);
        if (next == Pager::Next::Follow) {
            progress.update(
                QStringLiteral("Fetched page %1 (%2 %3 so far)…").arg(pages).arg(all.size()).arg(noun));
            continue;
        }
        progress.clear();
        if (next == Pager::Next::EndOfList)
            return all;
        return pager.fault(next);
    }
}

} // namespace

QList<CommandLine::Option> filterOptions(const QString& operation)
{
    const QString names = Filter::namesFor(operation).join(QStringLiteral(", "));
    return {
        {QStringLiteral("filter"), QStringLiteral("NAME=V1,V2"),
         QStringLiteral("Only the items whose NAME is one of the values; may be repeated. Names: ") + names +
             QLatin1Char('.')},
        {QStringLiteral("filters"), QStringLiteral("Name=NAME,Values=V1,V2"),
         QStringLiteral("The same as the AWS CLI writes it: several filters as several words, or the JSON "
                        "form '[{\"Name\":\"NAME\",\"Values\":[\"V1\",\"V2\"]}]'."),
         true}};
}

Result<QList<Filter>> parseFilters(const CommandLine& line, const QString& operation)
{
    QList<Filter> filters;
    for (const QString& text : line.values(QStringLiteral("filter"))) {
        const Result<Filter> f = parseFilter(text);
        if (!f.ok())
            return f.fault();
        filters.append(f.value());
    }
    for (const QString& text : line.values(QStringLiteral("filters"))) {
        const QString t = text.trimmed();
        if (t.startsWith(QLatin1Char('['))) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isArray())
                return Fault::make(FaultKind::Usage, FaultCode::InvalidFilter,
                                   QStringLiteral("--filters: the JSON form is not a list of filters (%1)")
                                       .arg(error.error != QJsonParseError::NoError
                                                ? error.errorString()
                                                : QStringLiteral("not a list")));
            for (const QJsonValue& v : doc.array()) {
                const Filter f = Filter::fromJson(v.toObject());
                if (f.name.isEmpty() || f.values.isEmpty())
                    return Fault::make(
                        FaultKind::Usage, FaultCode::InvalidFilter,
                        QStringLiteral("--filters: every filter needs a \"Name\" and \"Values\""));
                filters.append(f);
            }
            continue;
        }
        const Result<Filter> f = parseShorthandFilter(t);
        if (!f.ok())
            return f.fault();
        filters.append(f.value());
    }
    const QStringList valid = Filter::namesFor(operation);
    for (const Filter& f : std::as_const(filters))
        if (!valid.contains(f.name))
            return Fault::make(FaultKind::Usage, FaultCode::InvalidFilter,
                               QStringLiteral("'%1' is not a filter name of %2; its names are %3")
                                   .arg(f.name, operation, valid.join(QStringLiteral(", "))));
    return filters;
}

Result<QHash<QString, DataProvider>> loadDataProviders(CliSession& session, const QStringList& identifiers)
{
    QList<Filter> filters;
    if (!identifiers.isEmpty())
        filters.append(Filter{QStringLiteral("data-provider-identifier"), identifiers});
    const Result<QList<DataProvider>> all = loadAllPages<DataProvider>(
        session, QStringLiteral("DescribeDataProviders"), QStringLiteral("data providers"),
        [&](const QString& marker, const CallOptions& options, QObject* context,
            DmsClient::Handler<Page<DataProvider>> done) {
            return session.client()->describeDataProviders(filters, std::nullopt, marker, context, done,
                                                           options);
        });
    if (!all.ok())
        return all.fault();
    QHash<QString, DataProvider> providers;
    for (const DataProvider& p : all.value())
        providers.insert(p.dataProviderArn, p);
    return providers;
}

void readDataProviders(CliSession& session, QObject* context,
                       std::function<void(const Result<QHash<QString, DataProvider>>&)> done,
                       std::function<void(int read)> onPage)
{
    CallOptions options;
    options.groupKey = QStringLiteral("listing:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto read = std::make_shared<int>(0);
    Pager::readAll<DataProvider>(
        QStringLiteral("DescribeDataProviders"),
        [&session, context, options](const QString& marker, Pager::Done<DataProvider> next) {
            session.client()->describeDataProviders({}, std::nullopt, marker, context, next, options);
        },
        [done = std::move(done)](const Result<QList<DataProvider>>& all) {
            if (!all.ok()) {
                done(all.fault());
                return;
            }
            QHash<QString, DataProvider> providers;
            providers.reserve(all->size());
            for (const DataProvider& p : all.value())
                providers.insert(p.dataProviderArn, p);
            done(providers);
        },
        [read, onPage = std::move(onPage)](const QList<DataProvider>& page) {
            *read += int(page.size());
            if (onPage)
                onPage(*read);
        });
}

QString engineLabel(const QHash<QString, DataProvider>& providers, const QString& arn)
{
    const auto it = providers.constFind(arn);
    if (it == providers.constEnd())
        return QStringLiteral("?");
    QString label = it->engine.isEmpty() ? QStringLiteral("?") : it->engine;
    if (it->isVirtual.value_or(false))
        label += QStringLiteral(" (virtual)");
    return label;
}

namespace {

bool isUnsafeForTerminal(char16_t u)
{
    const bool control = u < 0x20 || (u >= 0x7f && u <= 0x9f);
    const bool reorders = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e ||
                          u == 0x200f || u == 0x061c;
    return control || reorders;
}

} // namespace

QString terminalSafe(const QString& text)
{
    // Most text has nothing to escape: it is shared as it is, not copied a character at a time.
    if (std::none_of(text.cbegin(), text.cend(), [](QChar c) { return isUnsafeForTerminal(c.unicode()); }))
        return text;
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u <= 0x9f);
        const bool reorders = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e ||
                              u == 0x200f || u == 0x061c;
        if (control)
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QLatin1Char('0'));
        else if (reorders)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

QString formatTime(const QDateTime& t)
{
    if (!t.isValid())
        return QString();
    const QDateTime utc = t.toUTC();
    const QDate d = utc.date();
    // "yyyy-MM-dd HH:mm:ss 'UTC'" written directly: QDateTime::toString parses its format on every
    // call, a cost a table of 10,000 rows notices. Years of other widths go through it.
    if (d.year() < 1000 || d.year() > 9999)
        return utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    const QTime time = utc.time();
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d UTC", d.year(), d.month(), d.day(),
                  time.hour(), time.minute(), time.second());
    return QString::fromLatin1(buffer);
}

QString isoTime(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString percentText(const SchemaConversionRequest& r)
{
    if (!r.progress || !r.progress->progressPercent)
        return QString();
    return QString::number(*r.progress->progressPercent, 'f', 0) + QLatin1Char('%');
}

void writeJson(CliContext& context, const QJsonObject& object)
{
    context.writeOut(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

void writeRows(CliContext& context, const TableWriter& rows)
{
    if (context.output == OutputFormat::Text)
        rows.writeText(context.out());
    else
        rows.write(context.out());
}

Result<QList<SchemaConversionRequest>> loadRequests(CliSession& session, const QString& project,
                                                    const QList<Filter>& filters)
{
    return loadAllPages<SchemaConversionRequest>(
        session, QStringLiteral("DescribeExtensionPackAssociations"), QStringLiteral("requests"),
        [&](const QString& marker, const CallOptions& options, QObject* context,
            DmsClient::Handler<Page<SchemaConversionRequest>> done) {
            return session.client()->describeExtensionPackAssociations(project, filters, marker, context,
                                                                       done, std::nullopt, options);
        });
}

} // namespace dmsx::cli::CommandSupport

namespace dmsx::cli::CommandSupport {

Result<QList<int>> pollSchedule(const CliContext& ctx, const CommandLine& line)
{
    const QString name = QStringLiteral("poll-interval");
    if (!line.isSet(name))
        return QList<int>{};
    const QString seconds = line.value(name);
    bool ok = false;
    const double s = seconds.trimmed().toDouble(&ok);
    // The window's lower bound: faster polling only spends the account's request quota. A
    // simulator on this computer has no quota, and its time may run faster (dms-sim --time-scale).
    const QUrl endpoint(ctx.endpointUrl);
    const QHostAddress host(endpoint.host());
    const bool local = endpoint.host() == QLatin1String("localhost") || (!host.isNull() && host.isLoopback());
    const double minimum = local ? 0.001 : AppSettings::kMinPollSeconds;
    if (!ok || s < minimum || s > 3600) {
        return Fault::make(FaultKind::Usage, FaultCode::InvalidPollInterval,
                           QStringLiteral("--poll-interval expects seconds from %1 to 3600, got '%2'")
                               .arg(AppSettings::kMinPollSeconds)
                               .arg(seconds));
    }
    return QList<int>{static_cast<int>(s * 1000)};
}

CommandLine::Option pollIntervalOption()
{
    return {
        QStringLiteral("poll-interval"), QStringLiteral("S"),
        QStringLiteral("With --wait, seconds between status checks, 2 to 3600 (default 10 growing to 60).")};
}

CommandLine::Option maxPollErrorsOption()
{
    return {QStringLiteral("max-poll-errors"), QStringLiteral("N"),
            QStringLiteral("With --wait, stop following after N failed status checks in a row, each waiting "
                           "longer (1 to 1000; default 10, about 25 minutes).")};
}

Result<int> maxPollErrors(const CommandLine& line)
{
    const QString name = QStringLiteral("max-poll-errors");
    if (!line.isSet(name))
        return 0;
    bool ok = false;
    const int n = line.value(name).toInt(&ok);
    if (!ok || n < 1 || n > 1000)
        return Fault::make(FaultKind::Usage, FaultCode::InvalidPollInterval,
                           QStringLiteral("--max-poll-errors expects a whole number from 1 to 1000, got '%1'")
                               .arg(line.value(name)));
    return n;
}

void runWorkflow(ApplyWorkflow& workflow, const std::function<void()>& begin)
{
    QEventLoop loop;
    QObject::connect(&workflow, &ApplyWorkflow::finished, &loop, &QEventLoop::quit);
    begin();
    if (!workflow.isFinished())
        loop.exec();
}

void printProgress(ApplyWorkflow& workflow, ProgressLine& progressLine)
{
    QObject::connect(&workflow, &ApplyWorkflow::requestUpdated, &workflow,
                     [&progressLine](const SchemaConversionRequest& r) {
                         // DMS's status as scripts and the AWS CLI know it, then what it means. A log
                         // line names the request; on a terminal it was said above, and the line must
                         // fit the width.
                         const AssociationProgress progress(r);
                         QString line = progressLine.mode() == ProgressLine::Mode::InPlace
                                            ? r.status
                                            : QStringLiteral("%1  %2").arg(r.requestIdentifier, r.status);
                         if (!r.isTerminal())
                             line += QStringLiteral("  ") + progress.summary();
                         // The percent moves on every poll; a log wants the status and step changes.
                         progressLine.state(terminalSafe(line.trimmed()),
                                            r.status + QLatin1Char('\n') + progress.stepText());
                     });
    QObject::connect(&workflow, &ApplyWorkflow::pollFailed, &workflow,
                     [&progressLine](const Fault& f, int consecutive) {
                         progressLine.state(
                             QStringLiteral("Checking the status failed (%1, %2 in a row); still following…")
                                 .arg(f.code)
                                 .arg(consecutive));
                     });
}

namespace {

// dms-extpack-cli with the options that decide where and as whom this run called, then `words`.
QString commandLine(const CliContext& ctx, const CliSession& session, const QStringList& words)
{
    QStringList line{QStringLiteral("dms-extpack-cli")};
    const EffectiveClientConfig& config = session.config();
    if (!ctx.profile.isEmpty())
        line << QStringLiteral("--profile") << ctx.profile;
    if (!config.region.value.isEmpty())
        line << QStringLiteral("--region") << config.region.value;
    if (config.endpoint.custom)
        line << QStringLiteral("--endpoint-url") << config.endpoint.url.toString();
    if (ctx.allowInsecureHttp)
        line << QStringLiteral("--allow-insecure-http");
    if (!ctx.historyFile.isEmpty())
        line << QStringLiteral("--history-file") << ctx.historyFile;
    line += words;
    for (QString& word : line)
        word = shellWord(word);
    return terminalSafe(line.join(QLatin1Char(' ')));
}

} // namespace

QString resumeCommand(const CliContext& ctx, const CliSession& session, const QString& project,
                      const QString& requestId)
{
    return commandLine(ctx, session,
                       {QStringLiteral("status"), project, QStringLiteral("--request-id"), requestId,
                        QStringLiteral("--wait")});
}

QString checkCommand(const CliContext& ctx, const CliSession& session, const QString& project)
{
    return commandLine(ctx, session, {QStringLiteral("status"), project});
}

QString prerequisitesCommand(const CliContext& ctx, const CliSession& session, const QString& project)
{
    return commandLine(ctx, session, {QStringLiteral("check"), project});
}

int reportFollowingInterrupted(CliContext& ctx, const CliSession& session, const QString& project,
                               const QString& requestId)
{
    ctx.err() << "Interrupted: stopped following request " << terminalSafe(requestId)
              << ". The installation keeps running in AWS. Follow it again with:\n  "
              << resumeCommand(ctx, session, project, requestId) << '\n';
    ctx.err().flush();
    return ExitCancelled;
}

int reportFollowed(CliContext& ctx, const CliSession& session, const ApplyWorkflow& workflow)
{
    const SchemaConversionRequest& last = workflow.lastRequest();
    if (ctx.output == OutputFormat::Json && !last.requestIdentifier.isEmpty())
        writeJson(ctx, last.toJson());
    else if (!last.requestIdentifier.isEmpty())
        ctx.out() << terminalSafe(last.requestIdentifier)
                  << (ctx.output == OutputFormat::Text ? QLatin1Char('\t') : QLatin1Char(' '))
                  << terminalSafe(last.status) << '\n';
    if (workflow.outcome() == ApplyWorkflow::Outcome::Succeeded)
        return ExitOk;
    const QString project =
        workflow.hasPlan() ? workflow.plan().project.migrationProjectArn : workflow.projectIdentifier();
    // The CLI cancels following only on Ctrl-C.
    if (workflow.fault() && workflow.fault()->kind == FaultKind::Cancelled && !workflow.requestId().isEmpty())
        return reportFollowingInterrupted(ctx, session, project, workflow.requestId());
    // The message and detail carry DMS's own words.
    Fault fault = workflow.fault().value_or(Fault());
    fault.message = terminalSafe(fault.message);
    fault.detail = terminalSafe(fault.detail);
    const int code = ctx.reportFault(fault);
    if (fault.code == FaultCode::FollowingGaveUp && !workflow.requestId().isEmpty()) {
        ctx.err() << "Request " << terminalSafe(workflow.requestId())
                  << " may still be running. Resume following it with:\n  "
                  << resumeCommand(ctx, session, project, workflow.requestId()) << '\n';
    }
    return code;
}

int followRequest(CliContext& ctx, CliSession& session, const QString& project, const QString& requestId,
                  const QList<int>& schedule, int maxPollErrors)
{
    ApplyWorkflow workflow(session.client(), project);
    workflow.setPollSchedule(schedule);
    workflow.setMaxPollErrors(maxPollErrors);
    ProgressLine progress(ctx);
    progress.say(QStringLiteral("Following request %1…").arg(terminalSafe(requestId)));
    printProgress(workflow, progress);
    const InterruptWatcher::Scope interrupted([&workflow] { workflow.cancel(); });
    runWorkflow(workflow, [&] { workflow.followRequest(requestId); });
    return reportFollowed(ctx, session, workflow);
}

} // namespace dmsx::cli::CommandSupport
