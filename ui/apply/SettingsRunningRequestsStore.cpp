#include "apply/SettingsRunningRequestsStore.h"

#include <QSettings>

namespace dmsx::ui {

SettingsRunningRequestsStore::SettingsRunningRequestsStore(QSettings* settings, QString group)
    : m_settings(settings), m_group(std::move(group))
{}

QList<RunningRequest> SettingsRunningRequestsStore::load() const
{
    QList<RunningRequest> requests;
    const int n = m_settings->beginReadArray(m_group);
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        RunningRequest r;
        r.project = m_settings->value(QStringLiteral("project")).toString();
        r.projectArn = m_settings->value(QStringLiteral("projectArn")).toString();
        r.projectName = m_settings->value(QStringLiteral("projectName")).toString();
        r.requestId = m_settings->value(QStringLiteral("requestId")).toString();
        r.startedAt = m_settings->value(QStringLiteral("startedAt")).toDateTime();
        if (!r.requestId.isEmpty())
            requests.append(r);
    }
    m_settings->endArray();
    return requests;
}

void SettingsRunningRequestsStore::add(const RunningRequest& request)
{
    QList<RunningRequest> requests = load();
    requests.removeIf([&](const RunningRequest& r) { return r.requestId == request.requestId; });
    requests.append(request);
    save(requests);
}

void SettingsRunningRequestsStore::remove(const QString& requestId)
{
    QList<RunningRequest> requests = load();
    if (requests.removeIf([&](const RunningRequest& r) { return r.requestId == requestId; }) > 0)
        save(requests);
}

void SettingsRunningRequestsStore::save(const QList<RunningRequest>& requests)
{
    m_settings->remove(m_group);
    m_settings->beginWriteArray(m_group, int(requests.size()));
    for (int i = 0; i < requests.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(QStringLiteral("project"), requests[i].project);
        m_settings->setValue(QStringLiteral("projectArn"), requests[i].projectArn);
        m_settings->setValue(QStringLiteral("projectName"), requests[i].projectName);
        m_settings->setValue(QStringLiteral("requestId"), requests[i].requestId);
        m_settings->setValue(QStringLiteral("startedAt"), requests[i].startedAt);
    }
    m_settings->endArray();
    m_settings->sync();
}

} // namespace dmsx::ui
