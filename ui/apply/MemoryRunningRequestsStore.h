#pragma once

#include "apply/RunningRequestsStore.h"

namespace dmsx::ui {

// Lives as long as the object: enough for tests and for a session without settings.
class MemoryRunningRequestsStore : public RunningRequestsStore
{
public:
    QList<RunningRequest> load() const override { return m_requests; }
    void add(const RunningRequest& request) override;
    void remove(const QString& requestId) override;

private:
    QList<RunningRequest> m_requests;
};

} // namespace dmsx::ui
