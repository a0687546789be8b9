#pragma once

#include "apply/RunningRequestsStore.h"

namespace dmsx::ui {

// The test double of RunningRequestsStore: the running requests in memory, for as long as the
// object lives, so a test neither reads nor leaves a settings file.
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
