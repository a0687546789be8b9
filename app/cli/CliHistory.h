#pragma once

#include "Result.h"

#include <QString>

#include <memory>

namespace dmsx {
class AwsJsonTransport;
class HistoryStore;
struct AwsCredentials;
} // namespace dmsx

namespace dmsx::cli {

class CliContext;

// The CLI's link to the request history: which file (--history-file, DMSX_HISTORY_FILE, the app
// data location) and the recorder that the session's transport reports every call to.
class CliHistory
{
public:
    static QString path(const CliContext& context);
    // A store on path(), with the retention from DMSX_HISTORY_RETENTION_DAYS / _ROWS (off when
    // unset), opened; a replaced corrupt file is reported on stderr.
    static Result<std::unique_ptr<HistoryStore>> open(CliContext& context);
    // Opens the history and records every call of `transport` from now on; the store and recorder
    // live as long as the transport. A history that cannot be opened is reported on stderr and
    // the command goes on without it: recording must never stop the real work.
    static void attach(CliContext& context, AwsJsonTransport* transport, const AwsCredentials& credentials,
                       const QString& profile);
};

} // namespace dmsx::cli
