#pragma once

#include "base/Fault.h"
#include "dms/Filter.h"
#include "dms/Pager.h"
#include "dms/model/MigrationProject.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>

namespace dmsx {

class DmsClient;
class PendingCall;

// Pages through DescribeMigrationProjects and hands each page over as soon as it arrives, so a
// long listing fills the UI progressively. Every run ends with exactly one of finished() or
// failed() (cancel() gives failed() with a Cancelled fault).
class ProjectLister : public QObject
{
    Q_OBJECT
public:
    enum class StopReason
    {
        EndOfList,
        RepeatedMarker,
        PageCap
    };
    Q_ENUM(StopReason)

    explicit ProjectLister(DmsClient* client, QObject* parent = nullptr);

    void setFilters(const QList<Filter>& filters) { m_filters = filters; }
    void setPageSize(std::optional<int> maxRecords) { m_pageSize = maxRecords; }
    void setMaxPages(int maxPages) { m_maxPages = maxPages; }
    int maxPages() const { return m_maxPages; }

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    const QList<MigrationProject>& projects() const { return m_projects; }
    int pagesReceived() const { return m_pages; }

signals:
    void pageReceived(const QList<dmsx::MigrationProject>& projects, int pageIndex);
    // RepeatedMarker and PageCap end the listing early; `marker` is the one that was not followed.
    void finished(dmsx::ProjectLister::StopReason reason, int totalProjects, const QString& marker);
    void failed(const dmsx::Fault& fault, int pagesReceived);

private:
    void requestPage(const QString& marker);

    DmsClient* m_client;
    QList<Filter> m_filters;
    std::optional<int> m_pageSize;
    int m_maxPages = Pager::kDefaultMaxPages;
    bool m_running = false;
    int m_pages = 0;
    quint64 m_generation = 0; // answers from a cancelled run are ignored
    QList<MigrationProject> m_projects;
    Pager m_pager{QStringLiteral("DescribeMigrationProjects")};
    QPointer<PendingCall> m_call;
    QString m_groupKey; // one per run: the history shows a listing as one entry
};

} // namespace dmsx
