#pragma once

#include "history/HistoryQuery.h"
#include "history/HistoryRecord.h"

#include <QWidget>

#include <memory>
#include <optional>

class QTimer;

namespace dmsx {
class Clock;
class HistoryStore;
} // namespace dmsx

namespace Ui {
class HistoryView;
}

namespace dmsx::ui {

class HistoryModel;

// The request history on screen: filters, a table paged over the store, the details of the
// selected request, "Copy as AWS CLI command", export of the filtered rows and "Re-check" for
// requests whose outcome is unknown. The store belongs to the caller and must outlive the view.
class HistoryView : public QWidget
{
    Q_OBJECT

public:
    enum class TimeRange
    {
        Any,
        LastHour,
        Last24Hours,
        Last7Days,
        Last30Days,
        Custom
    };

    explicit HistoryView(HistoryStore* store, QWidget* parent = nullptr);
    ~HistoryView() override;

    HistoryModel* model() const { return m_model; }
    // Relative time ranges count back from this clock (system time when unset). Not owned.
    void setClock(const Clock* clock) { m_clock = clock; }
    // Polling interval for live updates; 0 stops it.
    void setPollInterval(int ms);

    // Filters as the controls hold them (order and paging left at their defaults).
    HistoryQuery filter() const;
    void setTimeRange(TimeRange range);

    // The selected request, if any.
    std::optional<HistoryRecord> selectedRecord() const;
    bool selectRecord(qint64 id);
    // The AWS CLI command of the selected request; empty without one.
    QString cliCommandForSelection() const;
    // (label, value) of every recorded field of a record, as the details pane shows them.
    static QList<QPair<QString, QString>> detailFields(const HistoryRecord& record);
    // The history's own bookkeeping (process, invocation, group and action keys), shown behind
    // "Technical details".
    static QList<QPair<QString, QString>> technicalFields(const HistoryRecord& record);

public slots:
    void applyFilters();
    void copyCliCommand();
    // Writes the rows matching the filters to `path`: JSON when it ends in .json, else CSV.
    bool exportTo(const QString& path);
    void exportFiltered();
    void requestRecheck();
    // The row `id` changed in the store (a re-check resolved it): show the new state.
    void recordUpdated(qint64 id);

signals:
    // "Re-check": ask DMS (DescribeExtensionPackAssociations) about the request of row `rowId`.
    // `requestIdentifier` is empty when the process died before DMS answered.
    void recheckRequested(qint64 rowId, const QString& project, const QString& requestIdentifier);
    void exported(const QString& path, qint64 rows);

private:
    void setupControls();
    void updateDetails();
    void updateFolded(const HistoryRecord& record);
    void updateActions();
    void updateCount();
    void rememberValues(int first, int last);
    void syncSortIndicator();
    QDateTime now() const;

    std::unique_ptr<Ui::HistoryView> m_ui;
    HistoryStore* m_store;
    HistoryModel* m_model;
    QTimer* m_textTimer;
    const Clock* m_clock = nullptr;
    qint64 m_shownId = 0;
};

} // namespace dmsx::ui
