#include "cli/CliHistory.h"

#include "base/FaultCatalogue.h"
#include "cli/CliContext.h"
#include "cli/CommandSupport.h"
#include "history/HistoryRecorder.h"
#include "history/HistorySeriesBatcher.h"
#include "history/HistoryStore.h"

#include <memory>

namespace dmsx::cli {

CliHistory::Recording::Recording(std::unique_ptr<HistoryStore> store)
    : m_store(std::move(store)), m_recorder(std::make_unique<HistoryRecorder>(m_store.get())),
      m_batcher(std::make_unique<HistorySeriesBatcher>(m_recorder.get()))
{}

CliHistory::Recording::~Recording() = default;

CallObserver* CliHistory::Recording::observer() const
{
    return m_batcher.get();
}

std::unique_ptr<CliHistory::Recording> CliHistory::start(CliContext& context)
{
    Result<std::unique_ptr<HistoryStore>> store = open(context);
    if (!store.ok()) {
        context.err() << "warning: the request history is not recorded: " << store.fault().message << '\n';
        context.err().flush();
        return nullptr;
    }
    auto recording = std::make_unique<Recording>(std::move(store.value()));
    // One line per request the history could not keep, as it happens; the command goes on and
    // exits as its request did.
    recording->recorder()->setLossHandler([&context](const Fault& fault) {
        context.err() << "warning: " << FaultCatalogue::explain(fault).title << ": "
                      << CommandSupport::terminalSafe(fault.message) << '\n';
        context.err().flush();
    });
    return recording;
}

QString CliHistory::path(const CliContext& context)
{
    return context.historyFile.isEmpty() ? HistoryStore::defaultPath(context.environment)
                                         : context.historyFile;
}

Result<std::unique_ptr<HistoryStore>> CliHistory::open(CliContext& context)
{
    auto store = std::make_unique<HistoryStore>(path(context));
    store->setRetention(
        context.environment.value(QStringLiteral("DMSX_HISTORY_RETENTION_DAYS")).toInt(),
        context.environment.value(QStringLiteral("DMSX_HISTORY_RETENTION_ROWS")).toLongLong());
    const Result<void> opened = store->open();
    if (!store->recoveryNotice().isEmpty()) {
        context.err() << "warning: " << store->recoveryNotice() << '\n';
        context.err().flush();
    }
    if (!opened.ok())
        return opened.fault();
    if (store->isReadOnly()) {
        // One line on every command while it lasts: the file, who may write it and the fix.
        const Fault fault = store->readOnlyFault();
        const FaultExplanation e = FaultCatalogue::explain(fault);
        context.err() << "warning: " << e.title << ": " << fault.message << ". Nothing is recorded. "
                      << e.steps.value(0) << '\n';
        context.err().flush();
    }
    return Result<std::unique_ptr<HistoryStore>>(std::move(store));
}

} // namespace dmsx::cli
