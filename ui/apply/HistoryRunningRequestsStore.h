#pragma once

#include "apply/RunningRequestsStore.h"

#include <QSet>
#include <QString>

namespace dmsx {
class HistoryStore;
}

namespace dmsx::ui {

// The running requests as the request history knows them: the StartExtensionPackAssociation rows
// of one region and endpoint whose association was last seen RECEIVED or IN_PROGRESS (or never
// polled). The recorder already writes every start and every status the polls see, so add() has
// nothing to store; remove() only hides a request from this store's later load()s in this process
// (a request given up here but still running is followed again at the next start).
class HistoryRunningRequestsStore : public RunningRequestsStore
{
public:
    // `history` is not owned and must outlive the store.
    HistoryRunningRequestsStore(HistoryStore* history, QString region, QString endpointHost);
    QList<RunningRequest> load() const override;
    void add(const RunningRequest& request) override;
    void remove(const QString& requestId) override;

private:
    HistoryStore* m_history;
    QString m_region;
    QString m_endpointHost;
    QSet<QString> m_removed;
};

} // namespace dmsx::ui
