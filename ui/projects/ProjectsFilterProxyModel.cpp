#include "projects/ProjectsFilterProxyModel.h"

#include "projects/ProjectsModel.h"

namespace dmsx::ui {

ProjectsFilterProxyModel::ProjectsFilterProxyModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ProjectsModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void ProjectsFilterProxyModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool ProjectsFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString haystack = index.data(ProjectsModel::FilterTextRole).toString();
    // Every word must match somewhere: "oracle erp" finds the Oracle ERP project.
    const QStringList words = m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString& word : words)
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    return true;
}

} // namespace dmsx::ui
