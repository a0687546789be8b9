#include "history/HistoryModel.h"

#include "history/HistoryStore.h"

#include <QApplication>
#include <QIcon>
#include <QLoggingCategory>
#include <QScopedValueRollback>
#include <QSet>
#include <QStyle>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHistoryModel, "dmsx.ui.history")

namespace dmsx::ui {

namespace {

// New rows found by one poll that are still cheaper to insert than a reload.
constexpr int kMaxPrepend = 1000;
// Changed rows read per look; beyond this a reload is cheaper.
constexpr int kMaxChanged = 500;
// Writes of this process are looked at this long after the first of a burst.
constexpr int kChangeLookMs = 200;

std::optional<HistoryQuery::SortField> sortFieldOf(int column)
{
    switch (column) {
    case HistoryModel::TimeColumn:
        return HistoryQuery::SortField::StartedAt;
    case HistoryModel::OperationColumn:
        return HistoryQuery::SortField::Operation;
    case HistoryModel::ProjectColumn:
        return HistoryQuery::SortField::Project;
    case HistoryModel::OutcomeColumn:
        return HistoryQuery::SortField::Outcome;
    case HistoryModel::DurationColumn:
        return HistoryQuery::SortField::Duration;
    default:
        return std::nullopt;
    }
}

QString durationText(qint64 ms)
{
    if (ms < 0)
        return QString();
    if (ms < 10000)
        return HistoryModel::tr("%1 ms").arg(ms);
    return HistoryModel::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QIcon outcomeIcon(HistoryRecord::Outcome outcome)
{
    QStyle* style = QApplication::style();
    if (!style)
        return {};
    switch (outcome) {
    case HistoryRecord::Outcome::Succeeded:
        return QIcon::fromTheme(QStringLiteral("emblem-ok-symbolic"),
                                style->standardIcon(QStyle::SP_DialogApplyButton));
    case HistoryRecord::Outcome::Failed:
        return QIcon::fromTheme(QStringLiteral("dialog-error"),
                                style->standardIcon(QStyle::SP_MessageBoxCritical));
    case HistoryRecord::Outcome::Unknown:
        return QIcon::fromTheme(QStringLiteral("dialog-question"),
                                style->standardIcon(QStyle::SP_MessageBoxQuestion));
    case HistoryRecord::Outcome::Cancelled:
        return QIcon::fromTheme(QStringLiteral("process-stop"),
                                style->standardIcon(QStyle::SP_DialogCancelButton));
    case HistoryRecord::Outcome::Pending:
    case HistoryRecord::Outcome::Queued:
    case HistoryRecord::Outcome::InProgress:
        return QIcon::fromTheme(QStringLiteral("view-refresh"),
                                style->standardIcon(QStyle::SP_BrowserReload));
    }
    return {};
}

} // namespace

QString HistoryModel::outcomeText(HistoryRecord::Outcome outcome)
{
    switch (outcome) {
    case HistoryRecord::Outcome::Pending:
        return tr("Sending");
    case HistoryRecord::Outcome::Queued:
        return tr("Queued");
    case HistoryRecord::Outcome::InProgress:
        return tr("In progress");
    case HistoryRecord::Outcome::Succeeded:
        return tr("Succeeded");
    case HistoryRecord::Outcome::Failed:
        return tr("Failed");
    case HistoryRecord::Outcome::Cancelled:
        return tr("Cancelled");
    case HistoryRecord::Outcome::Unknown:
        return tr("Unknown");
    }
    return QString();
}

QString HistoryModel::timeText(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

HistoryModel::HistoryModel(HistoryStore* store, QObject* parent) : QAbstractTableModel(parent), m_store(store)
{
    m_query.limit = m_pageSize;
    connect(&m_pollTimer, &QTimer::timeout, this, &HistoryModel::checkForChanges);
    m_pollTimer.setInterval(2000);
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(kChangeLookMs);
    connect(&m_changeTimer, &QTimer::timeout, this, &HistoryModel::checkForChanges);
    if (m_store) {
        // Not at once, and at most one look per interval: each look costs a few queries, and
        // a listing of 10,000 projects writes a page a few milliseconds apart.
        connect(m_store, &HistoryStore::changed, this, [this] {
            if (!m_changeTimer.isActive())
                m_changeTimer.start();
        });
    }
    if (m_store && m_store->isOpen()) {
        if (const Result<qint64> maxId = m_store->maxId(); maxId.ok())
            m_seenMaxId = maxId.value();
        if (const Result<qint64> change = m_store->lastChange(); change.ok())
            m_seenChange = change.value();
    }
    loadInitial(0);
    m_pollTimer.start();
}

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryRecord& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case TimeColumn:
            return timeText(r.startedAt);
        case OperationColumn:
            if (r.childCalls > 0 && role == Qt::DisplayRole)
                return tr("%1 (+%2)").arg(r.operation).arg(r.childCalls);
            return r.operation;
        case ProjectColumn:
            return r.projectName.isEmpty() ? r.projectArn : r.projectName;
        case OutcomeColumn:
            return outcomeText(r.outcome);
        case StatusColumn:
            if (!r.associationStatus.isEmpty())
                return r.associationStatus;
            return r.httpStatus > 0 ? QString::number(r.httpStatus) : QString();
        case RequestIdColumn:
            return r.dmsRequestIdentifier;
        case AwsRequestIdColumn:
            return r.awsRequestId;
        case ProfileColumn:
            return r.profile;
        case RegionColumn:
            return r.region;
        case DurationColumn:
            return durationText(r.durationMs);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return r.startedAt.toUTC().toString(Qt::ISODateWithMs);
        case OperationColumn:
            if (r.childCount > 0)
                return tr("%n call(s) folded under this entry: select it to see them", nullptr, r.childCalls);
            break;
        case ProjectColumn:
            return r.projectArn.isEmpty() ? r.projectName : r.projectArn;
        case OutcomeColumn: {
            const QString advice = r.advice();
            if (!advice.isEmpty())
                return advice;
            if (r.followsInstallation())
                return tr("The installation's outcome; the HTTP call: %1")
                    .arg(outcomeText(r.httpResult()).toLower());
            return r.faultMessage.isEmpty() ? QVariant() : QVariant(r.faultMessage);
        }
        default:
            break;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == OutcomeColumn) {
            // Looked up once per outcome: the style's lookup on every paint of every row is most
            // of the dock's painting.
            auto icon = m_icons.constFind(int(r.outcome));
            if (icon == m_icons.constEnd())
                icon = m_icons.insert(int(r.outcome), outcomeIcon(r.outcome));
            return *icon;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case IdRole:
        return r.id;
    case OutcomeRole:
        return int(r.outcome);
    default:
        break;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case OperationColumn:
        return tr("Operation");
    case ProjectColumn:
        return tr("Project");
    case OutcomeColumn:
        return tr("Outcome");
    case StatusColumn:
        return role == Qt::ToolTipRole ? tr("Association status, or the HTTP status of the answer")
                                       : tr("Status");
    case RequestIdColumn:
        return role == Qt::ToolTipRole ? tr("The RequestIdentifier DMS gave the installation")
                                       : tr("DMS request");
    case AwsRequestIdColumn:
        return role == Qt::ToolTipRole ? tr("The x-amzn-RequestId of the last answer, for AWS Support")
                                       : tr("AWS request ID");
    case ProfileColumn:
        return tr("Profile");
    case RegionColumn:
        return tr("Region");
    case DurationColumn:
        return tr("Duration");
    }
    return {};
}

bool HistoryModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_hasMore && !m_fetching;
}

void HistoryModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || !m_hasMore || !m_store || m_fetching)
        return;
    const QScopedValueRollback<bool> guard(m_fetching, true);
    HistoryQuery q = pageQuery();
    if (!m_rows.isEmpty()) {
        // Keyset paging where the store supports it: the last page costs what the first does.
        if (q.sortBy == HistoryQuery::SortField::StartedAt)
            q = q.continuedAfter(m_rows.constLast());
        else
            q.offset = int(m_rows.size());
    }
    const Result<QList<HistoryRecord>> page = m_store->query(q);
    if (!page.ok()) {
        m_hasMore = false;
        setError(page.fault().message);
        return;
    }
    const QList<HistoryRecord>& rows = page.value();
    m_hasMore = rows.size() == q.limit;
    if (rows.isEmpty())
        return;
    beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
    m_rows.append(rows);
    endInsertRows();
}

bool HistoryModel::isSortable(int column)
{
    return sortFieldOf(column).has_value();
}

void HistoryModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<HistoryQuery::SortField> field = sortFieldOf(column);
    if (!field)
        return;
    const bool descending = order == Qt::DescendingOrder;
    if (m_query.sortBy == *field && m_query.descending == descending)
        return;
    m_query.sortBy = *field;
    m_query.descending = descending;
    loadInitial(0);
}

int HistoryModel::sortColumn() const
{
    switch (m_query.sortBy) {
    case HistoryQuery::SortField::StartedAt:
        return TimeColumn;
    case HistoryQuery::SortField::Operation:
        return OperationColumn;
    case HistoryQuery::SortField::Project:
        return ProjectColumn;
    case HistoryQuery::SortField::Outcome:
        return OutcomeColumn;
    case HistoryQuery::SortField::Duration:
        return DurationColumn;
    }
    return TimeColumn;
}

Qt::SortOrder HistoryModel::sortOrder() const
{
    return m_query.descending ? Qt::DescendingOrder : Qt::AscendingOrder;
}

void HistoryModel::setFilter(const HistoryQuery& filter)
{
    HistoryQuery q = filter;
    q.sortBy = m_query.sortBy;
    q.descending = m_query.descending;
    q.afterStartedMs.reset();
    q.afterId.reset();
    q.offset = 0;
    m_query = q;
    loadInitial(0);
}

HistoryQuery HistoryModel::currentQuery() const
{
    HistoryQuery q = m_query;
    q.limit = 0;
    q.offset = 0;
    q.afterStartedMs.reset();
    q.afterId.reset();
    return q;
}

void HistoryModel::setPageSize(int rows)
{
    m_pageSize = qMax(1, rows);
}

int HistoryModel::rowOfId(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

void HistoryModel::setPollInterval(int ms)
{
    if (ms <= 0) {
        m_pollTimer.stop();
        return;
    }
    m_pollTimer.setInterval(ms);
    m_pollTimer.start();
}

HistoryQuery HistoryModel::pageQuery() const
{
    HistoryQuery q = currentQuery();
    q.limit = m_pageSize;
    return q;
}

bool HistoryModel::loadInitial(int atLeast)
{
    HistoryQuery q = pageQuery();
    // Whole pages, so the next fetchMore continues on a page boundary.
    q.limit = qMax(m_pageSize, ((atLeast + m_pageSize - 1) / m_pageSize) * m_pageSize);
    QList<HistoryRecord> rows;
    bool ok = true;
    if (m_store && m_store->isOpen()) {
        const Result<QList<HistoryRecord>> page = m_store->query(q);
        if (page.ok()) {
            rows = page.value();
            m_lastError.clear();
        } else {
            ok = false;
            setError(page.fault().message);
        }
    }
    const QScopedValueRollback<bool> guard(m_fetching, true);
    beginResetModel();
    m_rows = rows;
    m_hasMore = ok && rows.size() == q.limit;
    endResetModel();
    refreshCount();
    return ok;
}

void HistoryModel::refreshCount()
{
    qint64 total = 0;
    if (m_store && m_store->isOpen()) {
        if (const Result<qint64> n = m_store->count(m_query); n.ok())
            total = n.value();
    }
    m_total = total;
    emit totalCountChanged(m_total);
}

void HistoryModel::setError(const QString& text)
{
    m_lastError = text;
    qCWarning(lcHistoryModel) << "history:" << text;
}

void HistoryModel::reload()
{
    loadInitial(int(m_rows.size()));
}

bool HistoryModel::prependNewRows()
{
    if (m_query.sortBy != HistoryQuery::SortField::StartedAt || !m_query.descending || m_rows.isEmpty())
        return false;
    // The rows after the top one in ascending order are exactly the newer ones.
    HistoryQuery q = currentQuery();
    q.descending = false;
    q.afterStartedMs = m_rows.constFirst().startedAt.toMSecsSinceEpoch();
    q.afterId = m_rows.constFirst().id;
    q.limit = kMaxPrepend + 1;
    const Result<QList<HistoryRecord>> found = m_store->query(q);
    if (!found.ok() || found.value().size() > kMaxPrepend)
        return false;
    QList<HistoryRecord> rows = found.value();
    if (rows.isEmpty())
        return true;
    std::reverse(rows.begin(), rows.end());
    const QScopedValueRollback<bool> guard(m_fetching, true);
    beginInsertRows(QModelIndex(), 0, int(rows.size()) - 1);
    m_rows = rows + m_rows;
    endInsertRows();
    // They match the filters and are new: counted here rather than by a COUNT(*), which on a
    // large history would stall the window on every call it records.
    m_total += rows.size();
    emit totalCountChanged(m_total);
    return true;
}

void HistoryModel::checkForChanges()
{
    if (!m_store || !m_store->isOpen())
        return;
    // Rows deleted (retention, a cleared file) leave no change behind: the highest id tells.
    if (const Result<qint64> maxId = m_store->maxId(); maxId.ok() && maxId.value() < m_seenMaxId) {
        m_seenMaxId = maxId.value();
        if (const Result<qint64> last = m_store->lastChange(); last.ok())
            m_seenChange = last.value();
        reload();
        return;
    }
    const Result<qint64> last = m_store->lastChange();
    if (!last.ok() || last.value() == m_seenChange)
        return;
    const Result<QList<HistoryRecord>> changed = m_store->changedSince(m_seenChange, kMaxChanged + 1);
    m_seenChange = last.value();
    if (!changed.ok() || changed->size() > kMaxChanged) {
        reload();
        return;
    }
    bool added = false;
    bool regrouped = false;
    QSet<qint64> parents;
    for (const HistoryRecord& fresh : changed.value()) {
        if (fresh.id > m_seenMaxId) {
            added = true;
            m_seenMaxId = fresh.id;
        }
        if (fresh.parentId > 0)
            parents.insert(fresh.parentId);
        const int row = rowOfId(fresh.id);
        if (row < 0)
            continue;
        // Folded under a Start that came later: it leaves a list of entries, or moves in it.
        if (fresh.parentId != m_rows.at(row).parentId) {
            regrouped = true;
            continue;
        }
        replaceRow(row, fresh);
    }
    if (regrouped || (added && !prependNewRows())) {
        reload();
        return;
    }
    // An entry's count of folded calls changes when a call under it is written.
    for (qint64 parent : std::as_const(parents))
        reloadRecord(parent);
}

void HistoryModel::replaceRow(int row, const HistoryRecord& fresh)
{
    const HistoryRecord& old = m_rows.at(row);
    if (fresh.toJson() == old.toJson() && fresh.childCalls == old.childCalls)
        return;
    m_rows[row] = fresh;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit recordChanged(fresh.id);
}

void HistoryModel::reloadRecord(qint64 id)
{
    const int row = rowOfId(id);
    if (row < 0 || !m_store)
        return;
    const Result<std::optional<HistoryRecord>> fresh = m_store->get(id);
    if (!fresh.ok() || !fresh.value())
        return;
    replaceRow(row, *fresh.value());
}

} // namespace dmsx::ui
