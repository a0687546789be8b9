#include "CliHistory.h"

#include "AwsCredentials.h"
#include "AwsJsonTransport.h"
#include "CliContext.h"
#include "HistoryRecorder.h"
#include "HistoryStore.h"

#include <memory>

namespace dmsx::cli {

namespace {

// Owns the store and recorder as a child of the transport, so both live exactly as long as it.
class HistoryAttachment : public QObject
{
public:
    HistoryAttachment(std::unique_ptr<HistoryStore> store, QObject* parent)
        : QObject(parent), m_store(std::move(store)), m_recorder(m_store.get())
    {}
    HistoryRecorder* recorder() { return &m_recorder; }

private:
    std::unique_ptr<HistoryStore> m_store;
    HistoryRecorder m_recorder;
};

} // namespace

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
    return Result<std::unique_ptr<HistoryStore>>(std::move(store));
}

void CliHistory::attach(CliContext& context, AwsJsonTransport* transport, const AwsCredentials& credentials,
                        const QString& profile)
{
    if (!transport)
        return;
    Result<std::unique_ptr<HistoryStore>> store = open(context);
    if (!store.ok()) {
        context.err() << "warning: the request history is not recorded: " << store.fault().message << '\n';
        context.err().flush();
        return;
    }
    auto* attachment = new HistoryAttachment(std::move(store.value()), transport);
    attachment->recorder()->setProfile(profile);
    attachment->recorder()->setCredentialsSource(credentials.source);
    transport->addObserver(attachment->recorder());
}

} // namespace dmsx::cli
