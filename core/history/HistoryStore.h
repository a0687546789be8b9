#pragma once

#include "base/Result.h"
#include "history/HistoryQuery.h"
#include "history/HistoryRecord.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>
#include <unordered_map>

class QSqlDatabase;
class QSqlQuery;

namespace dmsx {

// The request history in one SQLite file (Qt Sql, QSQLITE). WAL mode and a busy timeout let the
// GUI and several CLI processes write at once; every write is its own short transaction, so a
// killed process loses at most the row it was writing. Each instance has its own named
// connection and must be used from the thread that opened it (one instance per thread).
//
// Every write also stamps the row with a change counter shared by all processes on the file, so a
// view learns what changed (rows added, a Start's installation moving on) from lastChange() and
// changedSince() without reading the whole table; changed() says at once when this instance wrote.
class HistoryStore : public QObject
{
    Q_OBJECT

public:
    static constexpr int kSchemaVersion = 3;
    static constexpr int kBusyTimeoutMs = 5000;

    // DMSX_HISTORY_FILE when set, else <XDG data home>/<app id>/history.sqlite, one file for the
    // window and the CLI.
    static QString defaultPath(const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    explicit HistoryStore(QString path, QObject* parent = nullptr);
    ~HistoryStore() override;

    // Opens (creating the folder and file), migrates the schema and marks rows left pending by
    // dead processes as unknown. A file SQLite cannot use (not a database, failed quick_check) is
    // moved aside as "<path>.corrupt-<UTC timestamp>" and a new one started; recoveryNotice()
    // says so. Fails only when no usable file can be had at all.
    Result<void> open();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    // Non-empty after open() replaced an unusable file: what happened and where the old one went.
    QString recoveryNotice() const { return m_recoveryNotice; }
    QString movedAsidePath() const { return m_movedAside; }
    // Opened, but SQLite may only read the file (it is read-only to this user): the history can be
    // shown, nothing is recorded. readOnlyFault() (HistoryStoreNoAccess) names the file and who may
    // write it, to be said once.
    bool isReadOnly() const { return m_readOnly; }
    Fault readOnlyFault() const { return m_readOnlyFault; }
    // Off by default; applied by open() and applyRetention(). 0 keeps everything.
    void setRetention(int maxDays, qint64 maxRows)
    {
        m_retentionDays = maxDays;
        m_retentionRows = maxRows;
    }

    // Stores a new row (id ignored) and returns its id. Text passes through the Redactor.
    Result<qint64> insert(const HistoryRecord& record);
    // Stores many rows in one transaction (bulk imports, test fixtures): all or none. Returns how many.
    Result<qint64> insertAll(const QList<HistoryRecord>& records);
    // The highest row id, 0 for an empty history: a cheap "has anything been added" probe for views.
    Result<qint64> maxId();
    // Writes row record.id as `record` has it. Columns whose value is what this store last wrote
    // to that row are left as they are in the file (untouched by this store since).
    Result<void> update(const HistoryRecord& record);
    Result<std::optional<HistoryRecord>> get(qint64 id);
    // Marks the pending rows of processes that died since open() as Unknown first.
    Result<QList<HistoryRecord>> query(const HistoryQuery& query);
    // Rows matching the filters of `query` (order and paging ignored).
    Result<qint64> count(const HistoryQuery& query);

    // Folds every other entry of the user action `actionKey` under `headId` (its Start, which
    // itself is not folded). Returns how many entries moved.
    Result<int> foldAction(const QString& actionKey, qint64 headId);
    // The change counter's current value, 0 for an empty history: cheap (an index lookup).
    Result<qint64> lastChange();
    // Rows written (added or changed, by any process) after change `seq`, in the order written;
    // at most `limit`.
    Result<QList<HistoryRecord>> changedSince(qint64 seq, int limit);

    // The StartExtensionPackAssociation row carrying this DMS RequestIdentifier, if any.
    Result<std::optional<HistoryRecord>> findStart(const QString& dmsRequestIdentifier);
    // StartExtensionPackAssociation rows of a project (name or ARN) with an unknown outcome and no
    // RequestIdentifier: the process died before the answer.
    Result<QList<HistoryRecord>> unresolvedStarts(const QString& project);
    // StartExtensionPackAssociation rows with a request id sent to `region` at `endpointHost` whose
    // association may still be running: last seen RECEIVED or IN_PROGRESS, or never polled. The
    // requests a restarted app follows again. Oldest first.
    Result<QList<HistoryRecord>> runningStarts(const QString& region, const QString& endpointHost);

    // Pending rows whose process is gone become Unknown. Returns how many.
    Result<int> markOrphansUnknown();
    // Deletes rows older than the retention days / beyond the newest retention rows.
    Result<int> applyRetention();
    // "ok" or SQLite's complaints.
    Result<QString> integrityCheck();
    Result<int> userVersion();

    // A token that differs between processes, even when a pid is reused.
    static QString processToken();

signals:
    // This instance wrote to the file (rows of other processes: lastChange()).
    void changed();

private:
    Result<void> openConnection();
    void closeConnection();
    Result<void> configureAndCheck();
    Result<void> migrate();
    Result<void> moveAside(const QString& reason);
    Result<void> probeWrite();
    Fault noAccessFault(const Fault& cause) const;
    Result<void> checkOwnership();
    Result<void> exec(const QString& sql);
    QString whereClause(const HistoryQuery& q, QVariantList* binds) const;
    // "pid:token" of the writers of pending rows that are gone: their rows are shown (and found)
    // as unknown even when markOrphansUnknown() could not rewrite them (a read-only or busy file).
    QStringList goneWriters() const;
    Result<QList<HistoryRecord>> select(const QString& tail, const QVariantList& binds);
    void notifyChanged();
    // A value as stored: redacted.
    QVariant safeText(const QString& value);
    QSqlQuery& updateStatement(quint64 columns);
    void remember(qint64 id, QVariantList values);

    QString m_path;
    QString m_connectionName;
    bool m_open = false;
    QString m_recoveryNotice;
    QString m_movedAside;
    bool m_readOnly = false;
    bool m_busyAtOpen = false;
    Fault m_readOnlyFault;
    int m_retentionDays = 0;
    qint64 m_retentionRows = 0;
    std::unique_ptr<QSqlQuery> m_insert;
    // UPDATE statements by the set of columns they write (bit i: kColumns[i]); few in practice.
    std::unordered_map<quint64, std::unique_ptr<QSqlQuery>> m_updates;
    // What this store last wrote to the rows it wrote lately, by id, as bound.
    static constexpr qsizetype kLastWrittenRows = 64;
    QHash<qint64, QVariantList> m_lastWritten;
    bool m_batch = false; // insertAll(): one changed() at the end
    static constexpr qsizetype kRedactedMemoSize = 256;
    QHash<QString, QString> m_redacted; // text -> redacted, for Redactor::secretsGeneration() below
    quint64 m_redactedGeneration = 0;
};

} // namespace dmsx
