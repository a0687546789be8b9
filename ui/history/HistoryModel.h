#pragma once

#include "history/HistoryQuery.h"
#include "history/HistoryRecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QTimer>

namespace dmsx {
class HistoryStore;
}

namespace dmsx::ui {

// The request history as a table, read from the store a page at a time (fetchMore) so a history
// of 100,000 rows opens as fast as one of ten. Sorting and filtering are done by the store's SQL,
// not by a proxy: a proxy would need every row loaded. Rows written by this process's recorder
// show up within a fifth of a second (HistoryStore::changed, one look per burst); a timer looks
// at the store's change counter for rows written by a CLI running next to the GUI. Either way
// only the rows that changed are read.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        OperationColumn,
        ProjectColumn,
        OutcomeColumn,
        StatusColumn,
        RequestIdColumn, // the DMS request identifier
        AwsRequestIdColumn,
        ProfileColumn,
        RegionColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role
    {
        IdRole = Qt::UserRole + 1,
        OutcomeRole, // HistoryRecord::Outcome as int
    };

    explicit HistoryModel(HistoryStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Only the columns the store can order by (time, operation, project, outcome, duration).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static bool isSortable(int column);
    static QString outcomeText(HistoryRecord::Outcome outcome);
    // Local time, to the second: what the table and the details pane show.
    static QString timeText(const QDateTime& time);
    int sortColumn() const;
    Qt::SortOrder sortOrder() const;

    // The filters (text, project, operation, outcome, profile, region, time range) of `query`;
    // its order and paging members are ignored. Reloads from the first page.
    void setFilter(const HistoryQuery& filter);
    // The filters and order in effect, without paging: what an export of "the rows shown" runs.
    HistoryQuery currentQuery() const;
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }
    // Rows matching the filters, loaded or not.
    qint64 totalCount() const { return m_total; }
    QString lastError() const { return m_lastError; }

    const HistoryRecord& record(int row) const { return m_rows.at(row); }
    // -1 when the row is not loaded.
    int rowOfId(qint64 id) const;

    // 0 stops polling.
    void setPollInterval(int ms);
    int pollInterval() const { return m_pollTimer.interval(); }

public slots:
    // Reloads from the first page, keeping as many rows loaded as before.
    void reload();
    // Picks up rows written since the last look (added, or changed in place) from the store's
    // change counter.
    void checkForChanges();
    // Re-reads one row (after a re-check resolved it, for instance).
    void reloadRecord(qint64 id);

signals:
    // After a reset or new rows at the top, so views can keep their selection and counts.
    void totalCountChanged(qint64 total);
    void recordChanged(qint64 id);

private:
    HistoryQuery pageQuery() const;
    bool loadInitial(int atLeast);
    void refreshCount();
    void setError(const QString& text);
    bool prependNewRows();
    void replaceRow(int row, const HistoryRecord& fresh);

    HistoryStore* m_store;
    HistoryQuery m_query;
    QList<HistoryRecord> m_rows;
    int m_pageSize = 200;
    bool m_hasMore = false;
    bool m_fetching = false; // views and testers call fetchMore from rowsInserted handlers
    qint64 m_total = 0;
    qint64 m_seenMaxId = 0;
    qint64 m_seenChange = 0;
    QString m_lastError;
    QTimer m_pollTimer;
    QTimer m_changeTimer;              // this process wrote: one look for a burst of writes
    mutable QHash<int, QIcon> m_icons; // by outcome
};

} // namespace dmsx::ui
