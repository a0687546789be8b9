#include "projects/ProjectStatusLookup.h"

#include "dms/DmsClient.h"
#include "net/RetryStrategy.h"
#include "projects/ProjectsModel.h"

#include <QLoggingCategory>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

namespace dmsx::ui {

// Defined with the window: these lines keep the category users already filter on.
Q_DECLARE_LOGGING_CATEGORY(lcWindow)

namespace {

constexpr int kConcurrency = 4;
// Rows above and below the visible ones whose status is looked up too, so a short scroll finds
// them filled in; small enough that a page of 30 rows costs at most 50 calls.
constexpr int kMargin = 10;
constexpr int kScanDebounceMs = 150;
constexpr int kFirstBackoffMs = 2000;
constexpr int kMaxBackoffMs = 60000;

} // namespace

ProjectStatusLookup::ProjectStatusLookup(DmsClient* client, ProjectsModel* model, QTableView* view, int limit,
                                         QObject* parent)
    : QObject(parent), m_client(client), m_model(model), m_view(view), m_limit(limit),
      m_scanTimer(new QTimer(this)), m_retryTimer(new QTimer(this)), m_backoffMs(kFirstBackoffMs)
{
    m_scanTimer->setSingleShot(true);
    m_scanTimer->setInterval(kScanDebounceMs);
    connect(m_scanTimer, &QTimer::timeout, this, &ProjectStatusLookup::fetchVisible);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        m_paused = false;
        m_failed.clear();
        fetchVisible();
    });
    // Whatever changes the rows in view restarts one short timer.
    QAbstractItemModel* rows = m_view->model();
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &ProjectStatusLookup::scheduleVisible);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            &ProjectStatusLookup::scheduleVisible);
    connect(rows, &QAbstractItemModel::layoutChanged, this, &ProjectStatusLookup::scheduleVisible);
    connect(rows, &QAbstractItemModel::rowsInserted, this, &ProjectStatusLookup::scheduleVisible);
    connect(rows, &QAbstractItemModel::rowsRemoved, this, &ProjectStatusLookup::scheduleVisible);
    connect(rows, &QAbstractItemModel::modelReset, this, &ProjectStatusLookup::scheduleVisible);
}

void ProjectStatusLookup::start()
{
    // The selected project's status also fills in from the details, whichever path is taken.
    if (m_model->rowCount() > m_limit) {
        m_lazy = true;
        emit statusesLoaded();
        fetchVisible();
        return;
    }
    m_queue.clear();
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_queue << m_model->project(row)->migrationProjectArn;
    for (int i = 0; i < kConcurrency; ++i)
        fetchNext();
}

void ProjectStatusLookup::markKnown(const QString& projectArn)
{
    m_known.insert(projectArn);
}

void ProjectStatusLookup::fetchNext()
{
    if (m_queue.isEmpty() || m_paused || !m_client) {
        if (m_inFlight == 0 && !m_lazy)
            emit statusesLoaded();
        else if (m_inFlight == 0 && m_queue.isEmpty())
            emit visibleStatusesLoaded();
        return;
    }
    const QString arn = m_queue.takeFirst();
    ++m_inFlight;
    m_asking.insert(arn);
    m_model->setStatusPending(arn, true);
    CallOptions options = CallOptions::backgroundRead();
    // The history names the project without looking through the listing's names.
    if (const MigrationProject* project = m_model->project(m_model->rowForArn(arn)))
        options.subjectName = project->migrationProjectName;
    m_client->describeExtensionPackAssociations(
        arn, {}, QString(), this,
        [this, arn](const Result<Page<SchemaConversionRequest>>& r) {
            --m_inFlight;
            m_asking.remove(arn);
            m_model->setStatusPending(arn, false);
            if (r.ok()) {
                m_known.insert(arn);
                m_backoffMs = kFirstBackoffMs;
                if (!r.value().items.isEmpty())
                    m_model->setLastStatus(arn, r.value().items.last().status);
            } else if (m_lazy) {
                m_failed.insert(arn);
                lookupFailed(r.fault());
            }
            fetchNext();
        },
        std::nullopt, options);
}

void ProjectStatusLookup::scheduleVisible()
{
    if (m_lazy)
        m_scanTimer->start();
}

void ProjectStatusLookup::fetchVisible()
{
    if (!m_lazy)
        return;
    // What was queued for rows that have scrolled away is not asked any more; what is in flight
    // finishes and stays known.
    m_queue.clear();
    const QAbstractItemModel* proxy = m_view->model();
    const int rows = proxy->rowCount();
    const int top = m_view->rowAt(0);
    if (rows == 0 || top < 0) {
        if (m_inFlight == 0)
            emit visibleStatusesLoaded();
        return;
    }
    int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
    if (bottom < 0)
        bottom = rows - 1; // the table ends above the viewport's bottom edge
    const int first = qMax(0, top - kMargin);
    const int last = qMin(rows - 1, bottom + kMargin);
    // The visible rows first, then the margin below, then the margin above.
    QList<int> order;
    for (int row = top; row <= bottom; ++row)
        order << row;
    for (int row = bottom + 1; row <= last; ++row)
        order << row;
    for (int row = top - 1; row >= first; --row)
        order << row;
    for (const int row : std::as_const(order)) {
        const QString arn = proxy->index(row, 0).data(ProjectsModel::ArnRole).toString();
        if (!m_known.contains(arn) && !m_asking.contains(arn) && !m_failed.contains(arn))
            m_queue << arn;
    }
    while (!m_queue.isEmpty() && !m_paused && m_inFlight < kConcurrency)
        fetchNext();
    if (m_queue.isEmpty() && m_inFlight == 0)
        emit visibleStatusesLoaded(); // all known already
}

void ProjectStatusLookup::lookupFailed(const Fault& fault)
{
    // The transport has already retried. Throttling means DMS wants fewer calls: stop sending
    // until the back-off ends. Either way the failed rows are asked again when the timer fires.
    const bool throttled = RetryStrategy::classify(fault, false) == RetryClass::Throttling;
    if (throttled)
        m_paused = true;
    if (!m_retryTimer->isActive()) {
        m_retryTimer->start(int(qMax<qint64>(m_backoffMs, fault.retryAfterMs)));
        m_backoffMs = qMin(m_backoffMs * 2, kMaxBackoffMs);
    }
    qCInfo(lcWindow) << "status lookup failed:" << fault.code << "next try in"
                     << m_retryTimer->remainingTime() << "ms";
    if (!m_faultShown) {
        m_faultShown = true;
        emit firstLookupFailed(fault);
    }
}

} // namespace dmsx::ui
