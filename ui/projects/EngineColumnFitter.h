#pragma once

#include "projects/ProjectsModel.h"

#include <QList>
#include <QObject>

#include <array>

class QAbstractProxyModel;
class QTableView;

namespace dmsx::ui {

// Fits the two engine columns to their widest cells as QTableView::resizeColumnToContents()
// would, without holding up the window. Qt's measures up to 1,000 rows through the delegate at
// once, about 15 ms with 10,000 projects; an engine column has a few different cells among
// thousands of rows, so this measures one row of each (ProjectsModel::EngineCell), looking
// through a slice of the rows per turn of the event loop. Only the rows the view shows count,
// as with Qt's.
class EngineColumnFitter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kRowsPerTurn = 2000;

    // `view` shows `model` through `proxy`.
    EngineColumnFitter(QTableView* view, const ProjectsModel* model, const QAbstractProxyModel* proxy,
                       QObject* parent = nullptr);

    // Starts over, dropping a fit under way; the columns are resized once every row was seen.
    void fit();
    // Drops a fit under way (the rows are going away).
    void cancel();
    bool isFitting() const { return m_fitting; }

signals:
    void fitted();

private:
    void step(quint64 generation);

    QTableView* m_view;
    const ProjectsModel* m_model;
    const QAbstractProxyModel* m_proxy;
    quint64 m_generation = 0;
    bool m_fitting = false;
    int m_nextRow = 0;
    // For the source and the target column: the cells measured, and the widest so far.
    std::array<QList<ProjectsModel::EngineCell>, 2> m_seen;
    std::array<int, 2> m_width{};
};

} // namespace dmsx::ui
