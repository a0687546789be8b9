#include "MemoryRunningRequestsStore.h"

namespace dmsx::ui {

void MemoryRunningRequestsStore::add(const RunningRequest& request)
{
    remove(request.requestId);
    m_requests.append(request);
}

void MemoryRunningRequestsStore::remove(const QString& requestId)
{
    m_requests.removeIf([&](const RunningRequest& r) { return r.requestId == requestId; });
}

} // namespace dmsx::ui
