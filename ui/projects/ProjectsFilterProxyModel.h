#pragma once

#include <QSortFilterProxyModel>

namespace dmsx::ui {

// Filter-as-you-type over name, ARN and both engines at once (one box, no column picker), and
// sorting on raw values so "Created" sorts by time, not by its localized text.
class ProjectsFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ProjectsFilterProxyModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_text;
};

} // namespace dmsx::ui
