#pragma once

#include "base/Result.h"

#include <QString>

#include <memory>

namespace dmsx {
class CallObserver;
class HistoryRecorder;
class HistorySeriesBatcher;
class HistoryStore;
} // namespace dmsx

namespace dmsx::cli {

class CliContext;

// The CLI's link to the request history: which file (--history-file, DMSX_HISTORY_FILE, the app
// data location) and the recorder that the session's transports report every call to.
class CliHistory
{
public:
    // The one store and recorder of a command: created before the connection opens so that the
    // credential chain's STS calls are recorded too, then shared by every client of the command
    // (one HistoryStore per file per process).
    class Recording
    {
    public:
        explicit Recording(std::unique_ptr<HistoryStore> store);
        ~Recording();
        HistoryRecorder* recorder() const { return m_recorder.get(); }
        // What the transports report their calls to: the recorder, a series' writes batched.
        CallObserver* observer() const;
        HistoryStore* store() const { return m_store.get(); }

    private:
        std::unique_ptr<HistoryStore> m_store;
        std::unique_ptr<HistoryRecorder> m_recorder;
        std::unique_ptr<HistorySeriesBatcher> m_batcher; // first to go: writes what it holds
    };

    static QString path(const CliContext& context);
    // A store on path(), with the retention from DMSX_HISTORY_RETENTION_DAYS / _ROWS (off when
    // unset), opened; a replaced corrupt file is reported on stderr.
    static Result<std::unique_ptr<HistoryStore>> open(CliContext& context);
    // Opens the history for a command; null (reported on stderr) when it cannot be opened.
    static std::unique_ptr<Recording> start(CliContext& context);
};

} // namespace dmsx::cli
