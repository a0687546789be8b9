#include "projects/EngineColumnFitter.h"

#include <QAbstractProxyModel>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>

#include <algorithm>

namespace dmsx::ui {

namespace {

constexpr std::array<int, 2> kColumns{ProjectsModel::SourceEngineColumn, ProjectsModel::TargetEngineColumn};

} // namespace

EngineColumnFitter::EngineColumnFitter(QTableView* view, const ProjectsModel* model,
                                       const QAbstractProxyModel* proxy, QObject* parent)
    : QObject(parent), m_view(view), m_model(model), m_proxy(proxy)
{}

void EngineColumnFitter::fit()
{
    cancel();
    m_fitting = true;
    m_nextRow = 0;
    const QHeaderView* header = m_view->horizontalHeader();
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        m_seen[i].clear();
        // No column narrower than its title, as with Qt's fit.
        m_width[i] = header->isHidden() ? 0 : header->sectionSizeHint(kColumns[i]);
    }
    step(m_generation);
}

void EngineColumnFitter::cancel()
{
    ++m_generation;
    m_fitting = false;
}

void EngineColumnFitter::step(quint64 generation)
{
    if (generation != m_generation)
        return;
    const int rows = m_model->rowCount();
    const int end = std::min(rows, m_nextRow + kRowsPerTurn);
    const int grid = m_view->showGrid() ? 1 : 0;
    for (int row = m_nextRow; row < end; ++row) {
        for (std::size_t i = 0; i < kColumns.size(); ++i) {
            const ProjectsModel::EngineCell cell = m_model->engineCell(row, kColumns[i]);
            if (m_seen[i].contains(cell))
                continue;
            const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, kColumns[i]));
            if (!index.isValid())
                continue; // filtered out: a later row with this cell may be shown
            m_seen[i].append(cell);
            m_width[i] = std::max(m_width[i], m_view->sizeHintForIndex(index).width() + grid);
        }
    }
    m_nextRow = end;
    if (end < rows) {
        QTimer::singleShot(0, this, [this, generation] { step(generation); });
        return;
    }
    for (std::size_t i = 0; i < kColumns.size(); ++i)
        m_view->horizontalHeader()->resizeSection(kColumns[i], m_width[i]);
    m_fitting = false;
    emit fitted();
}

} // namespace dmsx::ui
