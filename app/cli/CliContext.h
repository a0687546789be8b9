#pragma once

#include "base/Fault.h"

#include <QProcessEnvironment>
#include <QString>
#include <QTextStream>

#include <cstdio>
#include <optional>

namespace dmsx::cli {

class ProgressLine;

enum class OutputFormat
{
    Table,
    Json,
    Text, // tab-separated, one line per item, no header: the AWS CLI's text output
    Csv   // the history only
};

// "table", "json", "text", "csv".
QString outputFormatName(OutputFormat format);
std::optional<OutputFormat> outputFormatFromName(const QString& name);

// What every command shares: the global options, the environment it was started with and the
// output streams. Commands print results to `out` and progress and faults to `err`.
class CliContext
{
public:
    CliContext();

    QString profile;
    QString region;
    QString endpointUrl;
    bool allowInsecureHttp = false; // --allow-insecure-http
    QString historyFile;            // --history-file; empty: DMSX_HISTORY_FILE, else the app data location
    OutputFormat output = OutputFormat::Table;
    bool debug = false; // --debug
    bool quiet = false; // --quiet: no progress on stderr, only results and faults
    // --cli-connect-timeout / --cli-read-timeout in seconds: -1 not given, 0 none.
    int connectTimeoutSeconds = -1;
    int readTimeoutSeconds = -1;
    // The command's words ("projects list"), so a usage error points at its help.
    QString commandPath;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();

    // Both end the progress line shown in place first, so other output starts on a line of its own.
    QTextStream& out()
    {
        endLiveProgress();
        return m_out;
    }
    QTextStream& err()
    {
        endLiveProgress();
        return m_err;
    }
    // stderr for ProgressLine itself, and the line now shown in place (null: none).
    QTextStream& progressStream() { return m_err; }
    // Bytes for stdout as they are (UTF-8 already), after what out() holds.
    void writeOut(const QByteArray& bytes);
    void setLiveProgress(ProgressLine* line) { m_liveProgress = line; }

    // Prints the catalogue's explanation of the fault to stderr and returns its exit code.
    int reportFault(const Fault& fault);
    int usageError(const QString& message);

private:
    void endLiveProgress();

    QTextStream m_out{stdout};
    QTextStream m_err{stderr};
    ProgressLine* m_liveProgress = nullptr;
};

} // namespace dmsx::cli
