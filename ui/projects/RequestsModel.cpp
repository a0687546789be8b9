#include "projects/RequestsModel.h"

#include <QtMath>

#include <algorithm>

namespace dmsx::ui {

RequestsModel::RequestsModel(QObject* parent) : QAbstractTableModel(parent) {}

int RequestsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_requests.size());
}

int RequestsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    const SchemaConversionRequest& r = m_requests.at(index.row());
    switch (index.column()) {
    case RequestIdColumn:
        return r.requestIdentifier;
    case StatusColumn:
        return r.status;
    case StepColumn:
        return r.progress ? r.progress->progressStep : QString();
    case PercentColumn:
        if (r.progress && r.progress->progressPercent && qIsFinite(*r.progress->progressPercent))
            return tr("%1 %").arg(*r.progress->progressPercent, 0, 'f', 0);
        return QString();
    case ErrorColumn:
        return r.error ? r.error->message : QString();
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
    case StepColumn:
        return tr("Step");
    case PercentColumn:
        return tr("Percent");
    case ErrorColumn:
        return tr("Error");
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
    for (int row = 0; row < m_requests.size(); ++row) {
        if (m_requests.at(row).requestIdentifier == request.requestIdentifier) {
            m_requests[row] = request;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
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

} // namespace dmsx::ui
