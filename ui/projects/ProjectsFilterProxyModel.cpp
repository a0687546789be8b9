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

bool ProjectsFilterProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    // By name, the order of nearly every session: the names compared as they are, without a
    // QVariant for each side. Every row of a large listing arriving into the sorted table is
    // placed by a dozen of these comparisons.
    const auto* projects = qobject_cast<const ProjectsModel*>(sourceModel());
    if (projects && sortRole() == ProjectsModel::SortRole && !isSortLocaleAware() &&
        left.column() == ProjectsModel::NameColumn && right.column() == ProjectsModel::NameColumn) {
        const MigrationProject* a = projects->project(left.row());
        const MigrationProject* b = projects->project(right.row());
        if (a && b)
            return QString::compare(a->migrationProjectName, b->migrationProjectName, sortCaseSensitivity()) <
                   0;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace dmsx::ui
