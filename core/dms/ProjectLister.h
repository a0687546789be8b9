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
        PageCap,
        MaxItems // setMaxItems() projects were listed; resumePoint() says where the rest starts
    };
    Q_ENUM(StopReason)

    explicit ProjectLister(DmsClient* client, QObject* parent = nullptr);

    void setFilters(const QList<Filter>& filters) { m_filters = filters; }
    void setPageSize(std::optional<int> maxRecords) { m_pageSize = maxRecords; }
    void setMaxPages(int maxPages) { m_maxPages = maxPages; }
    // Where a listing resumes: the marker of the page to ask for, and how many of that page's
    // projects were listed already (a page can end past the item bound). As the AWS CLI's
    // NextToken, it is only valid with the same filters and page size.
    struct ResumePoint
    {
        QString marker;
        int skip = 0;
    };
    // Starts at `from` instead of the first page.
    void setStartPoint(const ResumePoint& from) { m_start = from; }
    // Stops after `maxItems` projects (0: all), with resumePoint() set when more exist.
    void setMaxItems(int maxItems) { m_maxItems = maxItems; }
    // After finished(MaxItems): where the rest of the listing starts (a listing that ends exactly
    // at the bound finishes with EndOfList and has none).
    std::optional<ResumePoint> resumePoint() const { return m_resume; }
    int maxPages() const { return m_maxPages; }

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    // Every project of the run, for a receiver that needs them all at the end (the CLI's table).
    // A receiver that keeps its own copy of each page (the window's model) turns this off, so
    // 10,000 projects are not held twice; projects() is then empty.
    void setKeepProjects(bool keep) { m_keepProjects = keep; }
    const QList<MigrationProject>& projects() const { return m_projects; }
    int projectsReceived() const { return m_received; }
    int pagesReceived() const { return m_pages; }

signals:
    void pageReceived(const QList<dmsx::MigrationProject>& projects, int pageIndex);
    // RepeatedMarker and PageCap end the listing early; `marker` is the one that was not followed.
    void finished(dmsx::ProjectLister::StopReason reason, int totalProjects, const QString& marker);
    void failed(const dmsx::Fault& fault, int pagesReceived);

private:
    struct WaitingPage
    {
        QList<MigrationProject> items;
        int index = 0;
    };

    void requestPage(const QString& marker, int skip);
    void handOverWaitingPage();
    void keep(const QList<MigrationProject>& items);

    DmsClient* m_client;
    QList<Filter> m_filters;
    ResumePoint m_start;
    int m_maxItems = 0;
    std::optional<ResumePoint> m_resume;
    std::optional<int> m_pageSize;
    int m_maxPages = Pager::kDefaultMaxPages;
    bool m_running = false;
    int m_pages = 0;
    quint64 m_generation = 0; // answers from a cancelled run are ignored
    bool m_keepProjects = true;
    int m_received = 0;
    QList<MigrationProject> m_projects;
    std::optional<WaitingPage> m_waitingPage; // received, handed over once the next page is asked for
    Pager m_pager{QStringLiteral("DescribeMigrationProjects")};
    QPointer<PendingCall> m_call;
    QString m_groupKey; // one per run: the history shows a listing as one entry
};

} // namespace dmsx
