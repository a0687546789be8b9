#pragma once

#include "apply/RunningRequestsStore.h"

#include <QString>

class QSettings;

namespace dmsx::ui {

// Keeps the running requests in a QSettings array so they survive a restart. Every change is
// written at once: a crash must not lose a request that was started.
class SettingsRunningRequestsStore : public RunningRequestsStore
{
public:
    // `settings` is not owned and must outlive the store.
    explicit SettingsRunningRequestsStore(QSettings* settings,
                                          QString group = QStringLiteral("runningRequests"));
    QList<RunningRequest> load() const override;
    void add(const RunningRequest& request) override;
    void remove(const QString& requestId) override;

private:
    void save(const QList<RunningRequest>& requests);

    QSettings* m_settings;
    QString m_group;
};

} // namespace dmsx::ui
