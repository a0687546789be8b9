#include "apply/HistoryRunningRequestsStore.h"

#include "history/HistoryRecord.h"
#include "history/HistoryStore.h"

#include <QDebug>

#include <utility>

namespace dmsx::ui {

HistoryRunningRequestsStore::HistoryRunningRequestsStore(HistoryStore* history, QString region,
                                                         QString endpointHost)
    : m_history(history), m_region(std::move(region)), m_endpointHost(std::move(endpointHost))
{}

QList<RunningRequest> HistoryRunningRequestsStore::load() const
{
    QList<RunningRequest> out;
    if (!m_history)
        return out;
    const Result<QList<HistoryRecord>> rows = m_history->runningStarts(m_region, m_endpointHost);
    if (!rows.ok()) {
        qWarning().noquote() << "running requests not read from the history:" << rows.fault().message;
        return out;
    }
    for (const HistoryRecord& r : rows.value()) {
        if (m_removed.contains(r.dmsRequestIdentifier))
            continue;
        RunningRequest request;
        // The window keys its projects on the ARN; a start made by name is followed by name.
        request.projectArn = r.projectArn;
        request.project = r.projectArn.isEmpty() ? r.projectName : r.projectArn;
        request.projectName = r.projectName;
        request.requestId = r.dmsRequestIdentifier;
        request.startedAt = r.startedAt;
        if (!request.project.isEmpty())
            out.append(request);
    }
    return out;
}

void HistoryRunningRequestsStore::add(const RunningRequest& request)
{
    m_removed.remove(request.requestId);
}

void HistoryRunningRequestsStore::remove(const QString& requestId)
{
    m_removed.insert(requestId);
}

} // namespace dmsx::ui
