#pragma once

#include "base/Result.h"
#include "dms/Filter.h"
#include "dms/model/DataProvider.h"
#include "dms/model/SchemaConversionRequest.h"

#include "cli/CommandLine.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QStringList>

#include <functional>

namespace dmsx {
class ApplyWorkflow;
}

namespace dmsx::cli {

class CliContext;
class CliSession;
class ProgressLine;
class TableWriter;

// Pieces several commands share.
namespace CommandSupport {

// "--filter NAME=V1,V2"; an error text when malformed.
Result<Filter> parseFilter(const QString& text);
// Every --filter and --filters of the line: "--filters Name=NAME,Values=V1,V2 ..." (the AWS CLI's
// shorthand, several filters as several words) or its JSON form '[{"Name":..,"Values":[..]}]'.
// A name DMS does not accept for `operation` is an error listing those it does.
Result<QList<Filter>> parseFilters(const CommandLine& line, const QString& operation);
// The --filter and --filters options, for a command that lists with `operation`.
QList<CommandLine::Option> filterOptions(const QString& operation);

// Every data provider of the account, keyed by ARN (all pages).
Result<QHash<QString, DataProvider>> loadDataProviders(CliSession& session,
                                                       const QStringList& identifiers = {});

// The same without waiting: `done` once with every data provider of the account, or the first
// fault; `onPage` with how many were read so far. Nothing more is asked, nor `done` called, once
// `context` is gone. The pages are one entry in the request history.
void readDataProviders(CliSession& session, QObject* context,
                       std::function<void(const Result<QHash<QString, DataProvider>>&)> done,
                       std::function<void(int read)> onPage = {});

// "aurora-postgresql (virtual)", or "?" when the provider is unknown.
QString engineLabel(const QHash<QString, DataProvider>& providers, const QString& arn);

// Text from the server made safe for a terminal: control characters and the Unicode marks that
// reorder text become visible escapes (\x1b, \u202e), so a message cannot move the cursor,
// recolour or rewrite what is shown.
QString terminalSafe(const QString& text);

QString formatTime(const QDateTime& t);
// ISO 8601 in UTC ("2026-05-01T10:00:00Z"), for --output text; empty when invalid.
QString isoTime(const QDateTime& t);
QString percentText(const SchemaConversionRequest& r);

void writeJson(CliContext& context, const QJsonObject& object);
// The rows as a table, or as the AWS CLI's text output with --output text.
void writeRows(CliContext& context, const TableWriter& rows);

// Every request of the project (all pages), newest last as DMS returns them.
Result<QList<SchemaConversionRequest>> loadRequests(CliSession& session, const QString& project,
                                                    const QList<Filter>& filters = {});

// "--poll-interval SECONDS", 2 to 3600 (less only with a loopback --endpoint-url): a fixed
// schedule; not given: the poller's default (10 s growing to 60 s).
Result<QList<int>> pollSchedule(const CliContext& context, const CommandLine& line);
CommandLine::Option pollIntervalOption();

// "--max-poll-errors N": failed status checks in a row before following gives up, 1 to 1000;
// 0 when not given (the poller's default).
Result<int> maxPollErrors(const CommandLine& line);
// The option itself, with the same help for every command that follows a request.
CommandLine::Option maxPollErrorsOption();

// Runs an event loop from `begin` (which starts the workflow) until the workflow finishes.
void runWorkflow(ApplyWorkflow& workflow, const std::function<void()>& begin);

// The progress of a followed request on `progress`: its status, and its step in words with the
// step's place and percent (a line in a log when the status or step changes), and failed polls.
void printProgress(ApplyWorkflow& workflow, ProgressLine& progress);

// The end of a followed request: the last state seen (JSON or one line) on stdout, the fault on
// stderr as the catalogue explains it (for FAILED and CANCELED, the entry the window shows too);
// when following gave up or was interrupted, the command that resumes it; returns the exit code.
int reportFollowed(CliContext& context, const CliSession& session, const ApplyWorkflow& workflow);

// `status PROJECT --request-id ID --wait` with the profile, region and endpoint this run used,
// so it follows the same request from the same place when pasted.
QString resumeCommand(const CliContext& context, const CliSession& session, const QString& project,
                      const QString& requestId);
// `status PROJECT` the same way: lists the project's requests, to re-check before applying again.
QString checkCommand(const CliContext& context, const CliSession& session, const QString& project);
// `check PROJECT` the same way: every prerequisite check of the project with its fix.
QString prerequisitesCommand(const CliContext& context, const CliSession& session, const QString& project);

// Said when Ctrl-C stops following: the installation keeps running in AWS, and how to follow it
// again. Returns the exit code (130).
int reportFollowingInterrupted(CliContext& context, const CliSession& session, const QString& project,
                               const QString& requestId);

// Follows one request to SUCCESS, FAILED or CANCELED with progress on stderr; prints the final
// request (JSON or one line) on stdout and returns the exit code. A request DMS does not list
// ends after a few polls (AssociationNotListed).
// Following gives up after `maxPollErrors` failed checks in a row (0: the default bound).
int followRequest(CliContext& context, CliSession& session, const QString& project, const QString& requestId,
                  const QList<int>& schedule, int maxPollErrors = 0);

} // namespace CommandSupport
} // namespace dmsx::cli
