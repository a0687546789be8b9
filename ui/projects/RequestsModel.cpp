#include "projects/RequestsModel.h"

#include "base/FaultCatalogue.h"
#include "dms/AssociationPoller.h"
#include "dms/AssociationProgress.h"

#include <algorithm>

namespace dmsx::ui {

namespace {

bool ended(const SchemaConversionRequest& r)
{
    const auto state = r.state();
    return state == SchemaConversionRequest::State::Failed ||
           state == SchemaConversionRequest::State::Canceled;
}

} // namespace

RequestsModel::RequestsModel(QObject* parent) : QAbstractTableModel(parent) {}

int RequestsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_requests.size());
}

int RequestsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RequestsModel::shortId(const QString& requestId)
{
    constexpr int kShown = 8; // a UUID's first group
    return requestId.size() <= kShown + 2 ? requestId : requestId.left(kShown) + QChar(0x2026);
}

QVariant RequestsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SchemaConversionRequest& r = m_requests.at(index.row());
    switch (role) {
    case RequestIdRole:
        return r.requestIdentifier;
    case StatusRole:
        return r.status;
    case FailedRole:
        return ended(r);
    case Qt::AccessibleDescriptionRole:
        // Tooltips of cells do not reach a screen reader; the whole identifier goes here instead.
        return index.column() == RequestIdColumn ? tr("Request %1").arg(r.requestIdentifier) : QVariant();
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    const AssociationProgress progress(r);
    const bool tip = role == Qt::ToolTipRole;
    switch (index.column()) {
    case RequestIdColumn:
        return tip ? tr("Request %1\nCtrl+C copies it.").arg(r.requestIdentifier)
                   : shortId(r.requestIdentifier);
    case StatusColumn:
        if (r.state() == SchemaConversionRequest::State::Received)
            return tip ? tr("Queued: DMS has received the request (RECEIVED) and will start it.")
                       : progress.statusText();
        return tip ? progress.statusText() : r.status;
    case ProgressColumn:
        if (ended(r)) {
            const QString title = FaultCatalogue::explain(AssociationPoller::failureOf(r)).title;
            return tip ? tr("%1\nPress Enter or double-click for the explanation.").arg(title) : title;
        }
        return progress.summary();
    }
    return {};
}

QVariant RequestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RequestIdColumn:
        return tr("Request");
    case StatusColumn:
        return tr("Status");
    case ProgressColumn:
        return tr("Progress");
    }
    return {};
}

void RequestsModel::setRequests(const QList<SchemaConversionRequest>& requests)
{
    beginResetModel();
    m_requests = requests;
    std::reverse(m_requests.begin(), m_requests.end());
    endResetModel();
}

void RequestsModel::upsert(const SchemaConversionRequest& request)
{
    const int row = rowOf(request.requestIdentifier);
    if (row >= 0) {
        m_requests[row] = request;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows(QModelIndex(), 0, 0);
    m_requests.prepend(request);
    endInsertRows();
}

void RequestsModel::clear()
{
    if (m_requests.isEmpty())
        return;
    beginResetModel();
    m_requests.clear();
    endResetModel();
}

const SchemaConversionRequest* RequestsModel::request(int row) const
{
    return row >= 0 && row < m_requests.size() ? &m_requests.at(row) : nullptr;
}

int RequestsModel::rowOf(const QString& requestId) const
{
    for (int row = 0; row < m_requests.size(); ++row) {
        if (m_requests.at(row).requestIdentifier == requestId)
            return row;
    }
    return -1;
}

std::optional<Fault> RequestsModel::failure(int row) const
{
    const SchemaConversionRequest* r = request(row);
    if (!r || !ended(*r))
        return std::nullopt;
    return AssociationPoller::failureOf(*r);
}

} // namespace dmsx::ui
