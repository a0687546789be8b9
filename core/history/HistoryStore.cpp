#include "history/HistoryStore.h"

#include "base/AppIdentity.h"
#include "base/FaultCodes.h"
#include "base/PrivateFiles.h"
#include "base/Redactor.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cerrno>
#include <signal.h>
#include <unistd.h>

namespace dmsx {

namespace {

// SQLite primary result codes we act on (sqlite3.h).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADb = 26;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqlitePerm = 3;
// PRAGMA application_id of the files this program creates ("DMSX"): tells ours from another program's.
constexpr int kApplicationId = 0x444d5358;

// Order shared by INSERT, UPDATE and SELECT; `id` is handled apart.
const char* const kColumns[] = {"started_at",
                                "started_ms",
                                "finished_ms",
                                "duration_ms",
                                "profile",
                                "credentials_source",
                                "account_id",
                                "region",
                                "endpoint_host",
                                "operation",
                                "project",
                                "project_arn",
                                "dms_request_identifier",
                                "request_id",
                                "http_status",
                                "attempts",
                                "call_count",
                                "outcome",
                                "fault_code",
                                "message",
                                "association_status",
                                "association_transitions",
                                "association_step",
                                "association_error",
                                "group_key",
                                "invocation_id",
                                "pid",
                                "process_token",
                                "call_outcome",
                                "background",
                                "action_key",
                                "parent_id"};
constexpr int kColumnCount = int(sizeof(kColumns) / sizeof(kColumns[0]));
static_assert(kColumnCount < 64, "update() keeps a column set in a quint64");
constexpr quint64 kAllColumns = (quint64(1) << kColumnCount) - 1;

QString columnList()
{
    QStringList names;
    for (const char* c : kColumns)
        names.append(QLatin1String(c));
    return names.join(QStringLiteral(", "));
}

// What every SELECT of whole rows reads: the id, the stored columns, the change counter and, from
// the parent_id index, what is folded under the row.
QString selectList()
{
    return QStringLiteral("id, ") + columnList() +
           QStringLiteral(", change_seq, (SELECT COUNT(*) FROM history c WHERE c.parent_id = history.id), "
                          "(SELECT COALESCE(SUM(c.call_count), 0) FROM history c WHERE c.parent_id = "
                          "history.id)");
}

// Every write takes the next value of the change counter: writers are serialised by SQLite, so
// a reader that saw counter N finds everything written later with "change_seq > N".
const QLatin1String kNextChange("(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM history)");

// `text` is the single place a history value is made safe to store (HistoryStore::safeText).
template <typename Text> QVariantList valuesOf(const HistoryRecord& r, Text&& text)
{
    const QDateTime started = r.startedAt.isValid() ? r.startedAt.toUTC() : QDateTime::currentDateTimeUtc();
    QStringList transitions;
    for (const QString& t : r.associationTransitions)
        transitions.append(text(t).toString());
    return {
        started.toString(Qt::ISODateWithMs),
        started.toMSecsSinceEpoch(),
        r.finishedAt.isValid() ? QVariant(r.finishedAt.toMSecsSinceEpoch())
                               : QVariant(QMetaType(QMetaType::LongLong)),
        r.durationMs >= 0 ? QVariant(r.durationMs) : QVariant(QMetaType(QMetaType::LongLong)),
        text(r.profile),
        text(r.credentialsSource),
        text(r.accountId),
        text(r.region),
        text(r.endpointHost),
        text(r.operation),
        text(r.projectName),
        text(r.projectArn),
        text(r.dmsRequestIdentifier),
        text(r.awsRequestId),
        r.httpStatus,
        r.attempts,
        r.callCount,
        HistoryRecord::outcomeName(r.outcome),
        text(r.faultCode),
        text(r.faultMessage),
        text(r.associationStatus),
        transitions.join(QLatin1Char('\n')),
        text(r.associationStep),
        text(r.associationError),
        text(r.groupKey),
        text(r.invocationId),
        r.processId,
        r.processToken,
        HistoryRecord::outcomeName(r.httpResult()),
        r.background ? 1 : 0,
        text(r.actionKey),
        r.parentId,
    };
}

HistoryRecord recordFrom(const QSqlQuery& q)
{
    HistoryRecord r;
    int i = 0;
    r.id = q.value(i++).toLongLong();
    ++i; // started_at: started_ms is authoritative
    r.startedAt = QDateTime::fromMSecsSinceEpoch(q.value(i++).toLongLong(), Qt::UTC);
    const QVariant finished = q.value(i++);
    if (!finished.isNull())
        r.finishedAt = QDateTime::fromMSecsSinceEpoch(finished.toLongLong(), Qt::UTC);
    const QVariant duration = q.value(i++);
    r.durationMs = duration.isNull() ? -1 : duration.toLongLong();
    r.profile = q.value(i++).toString();
    r.credentialsSource = q.value(i++).toString();
    r.accountId = q.value(i++).toString();
    r.region = q.value(i++).toString();
    r.endpointHost = q.value(i++).toString();
    r.operation = q.value(i++).toString();
    r.projectName = q.value(i++).toString();
    r.projectArn = q.value(i++).toString();
    r.dmsRequestIdentifier = q.value(i++).toString();
    r.awsRequestId = q.value(i++).toString();
    r.httpStatus = q.value(i++).toInt();
    r.attempts = q.value(i++).toInt();
    r.callCount = q.value(i++).toInt();
    r.outcome =
        HistoryRecord::outcomeFromName(q.value(i++).toString()).value_or(HistoryRecord::Outcome::Unknown);
    r.faultCode = q.value(i++).toString();
    r.faultMessage = q.value(i++).toString();
    r.associationStatus = q.value(i++).toString();
    const QString transitions = q.value(i++).toString();
    if (!transitions.isEmpty())
        r.associationTransitions = transitions.split(QLatin1Char('\n'));
    r.associationStep = q.value(i++).toString();
    r.associationError = q.value(i++).toString();
    r.groupKey = q.value(i++).toString();
    r.invocationId = q.value(i++).toString();
    r.processId = q.value(i++).toLongLong();
    r.processToken = q.value(i++).toString();
    r.callOutcome = HistoryRecord::outcomeFromName(q.value(i++).toString());
    r.background = q.value(i++).toInt() != 0;
    r.actionKey = q.value(i++).toString();
    r.parentId = q.value(i++).toLongLong();
    r.changeSeq = q.value(i++).toLongLong();
    r.childCount = q.value(i++).toInt();
    r.childCalls = q.value(i++).toInt();
    return r;
}

Fault storeFault(const QString& what, const QSqlError& e)
{
    Fault f = Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreError,
                          QStringLiteral("%1: %2").arg(what, Redactor::redact(e.text())));
    f.detail = QStringLiteral("SQLite code %1").arg(e.nativeErrorCode());
    f.requestWasSent = false;
    return f;
}

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// Version 1 is the first released schema; tests build such a file by hand to check migration.
const char* const kMigration1[] = {
    "CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, "
    "operation TEXT NOT NULL, project TEXT, outcome TEXT NOT NULL, request_id TEXT, message TEXT)",
};

// Version 2: every field a record has (timings, identity, endpoint, association), times as integers for range
// scans, and v1's 'ok'/'error' outcomes renamed.
const char* const kMigration2[] = {
    "ALTER TABLE history ADD COLUMN started_ms INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE history ADD COLUMN finished_ms INTEGER",
    "ALTER TABLE history ADD COLUMN duration_ms INTEGER",
    "ALTER TABLE history ADD COLUMN profile TEXT",
    "ALTER TABLE history ADD COLUMN credentials_source TEXT",
    "ALTER TABLE history ADD COLUMN account_id TEXT",
    "ALTER TABLE history ADD COLUMN region TEXT",
    "ALTER TABLE history ADD COLUMN endpoint_host TEXT",
    "ALTER TABLE history ADD COLUMN project_arn TEXT",
    "ALTER TABLE history ADD COLUMN dms_request_identifier TEXT",
    "ALTER TABLE history ADD COLUMN http_status INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE history ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE history ADD COLUMN call_count INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE history ADD COLUMN fault_code TEXT",
    "ALTER TABLE history ADD COLUMN association_status TEXT",
    "ALTER TABLE history ADD COLUMN association_transitions TEXT",
    "ALTER TABLE history ADD COLUMN association_step TEXT",
    "ALTER TABLE history ADD COLUMN association_error TEXT",
    "ALTER TABLE history ADD COLUMN group_key TEXT",
    "ALTER TABLE history ADD COLUMN invocation_id TEXT",
    "ALTER TABLE history ADD COLUMN pid INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE history ADD COLUMN process_token TEXT",
    "UPDATE history SET started_ms = CAST(ROUND((julianday(started_at) - 2440587.5) * 86400000.0) AS "
    "INTEGER)",
    "UPDATE history SET outcome = CASE outcome WHEN 'ok' THEN 'succeeded' WHEN 'error' THEN 'failed' "
    "ELSE outcome END",
    "CREATE INDEX idx_history_started ON history (started_ms, id)",
    "CREATE INDEX idx_history_project ON history (project, started_ms)",
    "CREATE INDEX idx_history_project_arn ON history (project_arn, started_ms)",
    "CREATE INDEX idx_history_operation ON history (operation, started_ms)",
    "CREATE INDEX idx_history_outcome ON history (outcome, started_ms)",
    "CREATE INDEX idx_history_profile ON history (profile, started_ms)",
    "CREATE INDEX idx_history_region ON history (region, started_ms)",
    "CREATE INDEX idx_history_dms_request ON history (dms_request_identifier)",
};

// Version 3: the HTTP result apart from the outcome the user sees, which for a Start (and the
// polls of one request) becomes the installation's, derived from the last status seen as
// HistoryRecord::installationOutcome() does; background reads; the user action a call was made
// for and the entry it is folded under; the change counter.
const char* const kMigration3[] = {
    "ALTER TABLE history ADD COLUMN call_outcome TEXT",
    "ALTER TABLE history ADD COLUMN background INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE history ADD COLUMN action_key TEXT",
    "ALTER TABLE history ADD COLUMN parent_id INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE history ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0",
    "UPDATE history SET call_outcome = outcome, change_seq = id",
    "UPDATE history SET outcome = CASE association_status WHEN 'RECEIVED' THEN 'queued' WHEN 'SUCCESS' THEN "
    "'succeeded' WHEN 'FAILED' THEN 'failed' WHEN 'CANCELED' THEN 'cancelled' ELSE 'in_progress' END WHERE "
    "COALESCE(association_status, '') <> '' AND (operation = 'StartExtensionPackAssociation' OR "
    "COALESCE(dms_request_identifier, '') <> '')",
    // Accepted, never polled since: queued as far as the history knows (and followed again).
    ("UPDATE history SET outcome = 'queued' WHERE operation = 'StartExtensionPackAssociation' AND "
     "COALESCE(association_status, '') = '' AND outcome = 'succeeded'"),
    "CREATE INDEX idx_history_parent ON history (parent_id, started_ms)",
    "CREATE INDEX idx_history_action ON history (action_key)",
    "CREATE INDEX idx_history_change ON history (change_seq)",
    "CREATE INDEX idx_history_call_outcome ON history (call_outcome)",
};

} // namespace

QString HistoryStore::defaultPath(const QProcessEnvironment& env)
{
    const QString fromEnv = env.value(QStringLiteral("DMSX_HISTORY_FILE"));
    if (!fromEnv.isEmpty())
        return fromEnv;
    // One file for the window and every CLI process.
    return AppIdentity::dataDirectory() + QStringLiteral("/history.sqlite");
}

QString HistoryStore::processToken()
{
    static const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return token;
}

HistoryStore::HistoryStore(QString path, QObject* parent)
    : QObject(parent), m_path(std::move(path)),
      m_connectionName(QStringLiteral("dmsx-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

HistoryStore::~HistoryStore()
{
    closeConnection();
}

void HistoryStore::closeConnection()
{
    m_insert.reset();
    m_updates.clear();
    m_lastWritten.clear();
    m_open = false;
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

Result<void> HistoryStore::openConnection()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!db.isValid())
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreError,
                           QStringLiteral("The Qt SQLite driver (QSQLITE) is not available"));
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open())
        return storeFault(QStringLiteral("Cannot open the history file %1").arg(m_path), db.lastError());
    return {};
}

Result<void> HistoryStore::exec(const QString& sql)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(sql))
        return storeFault(QStringLiteral("History query failed"), q.lastError());
    return {};
}

Result<void> HistoryStore::checkOwnership()
{
    // Read only, before any pragma writes: a mistyped --history-file must leave another program's
    // database exactly as it was.
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlError error;
    // One statement, so one snapshot: read apart, another process's migration committed in
    // between would make a new file of ours look like another program's.
    QSqlQuery q(db);
    qint64 version = -1;
    qint64 appId = -1;
    qint64 tables = -1;
    qint64 historyTables = -1;
    if (q.exec(QStringLiteral(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM "
            "pragma_application_id), (SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'history')")) &&
        q.next()) {
        version = q.value(0).toLongLong();
        appId = q.value(1).toLongLong();
        tables = q.value(2).toLongLong();
        historyTables = q.value(3).toLongLong();
    } else {
        error = q.lastError();
    }
    q.finish();
    // A damaged or locked file is judged by what SQLite says about it (moved aside, or waited for).
    if (error.isValid())
        return storeFault(QStringLiteral("Cannot read the history file %1").arg(m_path), error);
    // A newer version of ours may have other tables; it is refused as too new, later.
    const bool ours = appId == kApplicationId || (appId == 0 && version == 0 && tables == 0) ||
                      (appId == 0 && version > 0 && historyTables == 1) ||
                      (appId == 0 && version > kSchemaVersion);
    if (!ours) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreForeign,
                              QStringLiteral("%1 is a SQLite database of another program (application id %2, "
                                             "%3 tables, schema version %4); it was left unchanged")
                                  .arg(m_path)
                                  .arg(appId)
                                  .arg(tables)
                                  .arg(version));
        f.requestWasSent = false;
        return f;
    }
    return {};
}

Result<void> HistoryStore::configureAndCheck()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    // busy_timeout again as a pragma: the connect option only covers the driver's own waits.
    for (const QString& pragma :
         {QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs),
          QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA synchronous = NORMAL"),
          QStringLiteral("PRAGMA foreign_keys = ON")}) {
        if (!q.exec(pragma))
            return storeFault(QStringLiteral("Cannot configure the history file"), q.lastError());
    }
    // Catches damaged pages that opening alone does not notice; cheap (no index cross-checks).
    if (!q.exec(QStringLiteral("PRAGMA quick_check(1)")))
        return storeFault(QStringLiteral("Cannot check the history file"), q.lastError());
    if (q.next() && q.value(0).toString() != QLatin1String("ok")) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreCorrupt,
                              QStringLiteral("The history file is damaged: %1").arg(q.value(0).toString()));
        f.detail = QStringLiteral("SQLite code %1").arg(kSqliteCorrupt);
        return f;
    }
    return {};
}

Result<void> HistoryStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    // IMMEDIATE takes the write lock first, so two processes opening a new file do not both
    // migrate: the second waits and then sees the new version.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        const QSqlError error = q.lastError();
        const int code = error.nativeErrorCode().toInt() & 0xff;
        // Another program holding the write lock past the busy timeout is no reason to refuse a
        // current file: it is read, and each write tries on its own and says when it fails.
        if ((code == kSqliteBusy || code == kSqliteLocked) && q.exec(QStringLiteral("PRAGMA user_version")) &&
            q.next() && q.value(0).toInt() == kSchemaVersion) {
            m_busyAtOpen = true;
            return {};
        }
        return storeFault(QStringLiteral("Cannot migrate the history file"), error);
    }
    auto rollback = [&](const QSqlError& e) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return storeFault(QStringLiteral("Cannot migrate the history file"), e);
    };
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return rollback(q.lastError());
    int version = q.value(0).toInt();
    if (version == 0 && !q.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId)))
        return rollback(q.lastError());
    if (version > kSchemaVersion) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return Fault::make(
            FaultKind::Configuration, FaultCode::HistoryStoreTooNew,
            QStringLiteral("The history file %1 has schema version %2; this program knows up to %3. "
                           "Update the program.")
                .arg(m_path)
                .arg(version)
                .arg(kSchemaVersion));
    }
    struct Step
    {
        const char* const* begin;
        const char* const* end;
    };
    const Step steps[] = {{std::begin(kMigration1), std::end(kMigration1)},
                          {std::begin(kMigration2), std::end(kMigration2)},
                          {std::begin(kMigration3), std::end(kMigration3)}};
    static_assert(sizeof(steps) / sizeof(steps[0]) == kSchemaVersion, "one migration step per version");
    while (version < kSchemaVersion) {
        const Step& step = steps[version];
        for (const char* const* sql = step.begin; sql != step.end; ++sql) {
            if (!q.exec(QString::fromLatin1(*sql)))
                return rollback(q.lastError());
        }
        ++version;
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version)))
            return rollback(q.lastError());
    }
    if (!q.exec(QStringLiteral("COMMIT")))
        return rollback(q.lastError());
    return {};
}

Result<void> HistoryStore::moveAside(const QString& reason)
{
    closeConnection();
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    QString target = m_path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = m_path + QStringLiteral(".corrupt-") + stamp + QLatin1Char('-') + QString::number(n);
    if (!QFile::rename(m_path, target)) {
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreUnusable,
                           QStringLiteral("The history file %1 is unusable (%2) and could not be moved aside")
                               .arg(m_path, reason));
    }
    // The journal files belong to the old database: a new one must not replay them.
    for (const QLatin1String suffix : {QLatin1String("-wal"), QLatin1String("-shm")}) {
        if (QFileInfo::exists(m_path + suffix))
            QFile::rename(m_path + suffix, target + suffix);
    }
    m_movedAside = target;
    m_recoveryNotice =
        QStringLiteral("The history file %1 could not be used (%2). It was moved to %3 and a new "
                       "history was started.")
            .arg(m_path, reason, target);
    return {};
}

Fault HistoryStore::noAccessFault(const Fault& cause) const
{
    QStringList blocked;
    const QFileInfo folder(QFileInfo(m_path).absolutePath());
    if (!folder.isWritable())
        blocked << QStringLiteral("the folder %1 (owner %2)").arg(folder.absoluteFilePath(), folder.owner());
    for (const QString& file :
         QStringList{m_path, m_path + QStringLiteral("-wal"), m_path + QStringLiteral("-shm")}) {
        const QFileInfo info(file);
        if (info.exists() && (!info.isWritable() || !info.isReadable()))
            blocked << QStringLiteral("%1 (owner %2)").arg(file, info.owner());
    }
    Fault f = Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreNoAccess,
                          blocked.isEmpty()
                              ? QStringLiteral("The history file %1 cannot be opened for writing: %2")
                                    .arg(m_path, cause.message)
                              : QStringLiteral("The history file %1 cannot be written: you may not write %2")
                                    .arg(m_path, blocked.join(QStringLiteral(", "))));
    f.detail = cause.detail;
    f.requestWasSent = false;
    return f;
}

Result<void> HistoryStore::open()
{
    if (m_open)
        return {};
    m_recoveryNotice.clear();
    m_movedAside.clear();
    m_readOnly = false;
    m_busyAtOpen = false;
    m_readOnlyFault = Fault();
    const QFileInfo info(m_path);
    // SQLite gives its -wal and -shm files the database's permissions, so 0600 here covers all three.
    if (!PrivateFiles::createFile(m_path) && !QFileInfo(info.absolutePath()).isDir())
        return Fault::make(
            FaultKind::Configuration, FaultCode::HistoryStoreError,
            QStringLiteral("Cannot create the folder %1 for the history").arg(info.absolutePath()));

    for (int round = 0; round < 2; ++round) {
        Result<void> r = openConnection();
        if (r.ok())
            r = checkOwnership();
        if (r.ok())
            r = configureAndCheck();
        if (r.ok())
            r = migrate();
        if (r.ok()) {
            m_open = true;
            break;
        }
        const QString code = r.fault().detail.section(QLatin1Char(' '), -1);
        const int sqlite = code.toInt() & 0xff;
        const bool busy = sqlite == kSqliteBusy || sqlite == kSqliteLocked;
        // Permissions (a -shm left owned by root by a sudo run) are not damage: nothing is moved.
        if (sqlite == kSqliteCantOpen || sqlite == kSqliteReadOnly || sqlite == kSqlitePerm) {
            closeConnection();
            return noAccessFault(r.fault());
        }
        const bool unusable = sqlite == kSqliteCorrupt || sqlite == kSqliteNotADb;
        if (round > 0 || busy || !unusable || !QFileInfo::exists(m_path)) {
            closeConnection();
            return r;
        }
        const Result<void> moved = moveAside(r.fault().message);
        if (!moved.ok())
            return moved;
    }
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreError,
                           QStringLiteral("Cannot open the history file %1").arg(m_path));

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QStringList placeholders;
    for (int i = 0; i < kColumnCount; ++i)
        placeholders.append(QStringLiteral("?"));
    m_insert = std::make_unique<QSqlQuery>(db);
    m_insert->prepare(QStringLiteral("INSERT INTO history (%1, change_seq) VALUES (%2, %3)")
                          .arg(columnList(), placeholders.join(QStringLiteral(", ")), kNextChange));

    // Readable but not writable (a read-only file SQLite opened read-only): the history is shown,
    // and the one notice says why nothing is recorded.
    if (const Result<void> writable = m_busyAtOpen ? Result<void>() : probeWrite(); !writable.ok()) {
        const int sqlite = writable.fault().detail.section(QLatin1Char(' '), -1).toInt() & 0xff;
        if (sqlite != kSqliteReadOnly && sqlite != kSqlitePerm && sqlite != kSqliteCantOpen)
            return {}; // busy: each write tries on its own
        m_readOnly = true;
        m_readOnlyFault = noAccessFault(writable.fault());
        return {};
    }
    if (const Result<int> orphans = markOrphansUnknown(); !orphans.ok())
        return orphans.fault();
    if (const Result<int> pruned = applyRetention(); !pruned.ok())
        return pruned.fault();
    return {};
}

Result<void> HistoryStore::probeWrite()
{
    // A write of the value already there, rolled back: SQLite only refuses a read-only file when
    // something is written, and BEGIN IMMEDIATE alone does not.
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return storeFault(QStringLiteral("Cannot write the history file"), q.lastError());
    const bool wrote = q.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion));
    const QSqlError error = q.lastError();
    QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    if (!wrote)
        return storeFault(QStringLiteral("Cannot write the history file"), error);
    return {};
}

QVariant HistoryStore::safeText(const QString& value)
{
    if (value.isEmpty())
        return QString();
    // A row is written again at each of its calls with mostly the same values, and every value
    // goes through all of the Redactor's patterns: what it gave is kept while no secret changes.
    const quint64 generation = Redactor::secretsGeneration();
    if (generation != m_redactedGeneration || m_redacted.size() >= kRedactedMemoSize) {
        m_redacted.clear();
        m_redactedGeneration = generation;
    }
    auto it = m_redacted.constFind(value);
    if (it == m_redacted.cend())
        it = m_redacted.insert(value, Redactor::redact(value));
    return it.value();
}

Result<qint64> HistoryStore::insert(const HistoryRecord& record)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    QVariantList values = valuesOf(record, [this](const QString& v) { return safeText(v); });
    for (int i = 0; i < kColumnCount; ++i)
        m_insert->bindValue(i, values.at(i));
    if (!m_insert->exec())
        return storeFault(QStringLiteral("Cannot record the request"), m_insert->lastError());
    const qint64 id = m_insert->lastInsertId().toLongLong();
    m_insert->finish();
    remember(id, std::move(values));
    notifyChanged();
    return id;
}

void HistoryStore::notifyChanged()
{
    if (!m_batch)
        emit changed();
}

Result<qint64> HistoryStore::insertAll(const QList<HistoryRecord>& records)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // One transaction: a commit per row would make a large import take minutes on a real disk.
    if (!db.transaction())
        return storeFault(QStringLiteral("Cannot record the requests"), db.lastError());
    m_batch = true;
    for (const HistoryRecord& record : records) {
        if (const Result<qint64> id = insert(record); !id.ok()) {
            m_batch = false;
            db.rollback();
            return id.fault();
        }
    }
    m_batch = false;
    if (!db.commit()) {
        const QSqlError error = db.lastError();
        db.rollback();
        return storeFault(QStringLiteral("Cannot record the requests"), error);
    }
    notifyChanged();
    return qint64(records.size());
}

Result<qint64> HistoryStore::maxId()
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM history")) || !q.next())
        return storeFault(QStringLiteral("Cannot read the history"), q.lastError());
    return q.value(0).toLongLong();
}

Result<void> HistoryStore::update(const HistoryRecord& record)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    QVariantList values = valuesOf(record, [this](const QString& v) { return safeText(v); });
    // Only what changed since this store last wrote the row: a call's completion changes a few
    // columns of 32, and every indexed column set costs SQLite an index update.
    quint64 columns = kAllColumns;
    const auto last = m_lastWritten.constFind(record.id);
    if (last != m_lastWritten.cend()) {
        columns = 0;
        for (int i = 0; i < kColumnCount; ++i) {
            const QVariant& was = last->at(i);
            const QVariant& now = values.at(i);
            // A NULL and a 0 compare equal as QVariants; in the file they differ.
            if (was.isNull() != now.isNull() || was != now)
                columns |= quint64(1) << i;
        }
    }
    QSqlQuery& q = updateStatement(columns);
    int bound = 0;
    for (int i = 0; i < kColumnCount; ++i) {
        if (columns & (quint64(1) << i))
            q.bindValue(bound++, values.at(i));
    }
    q.bindValue(bound, record.id);
    if (!q.exec()) {
        m_lastWritten.remove(record.id);
        return storeFault(QStringLiteral("Cannot complete the request's history entry"), q.lastError());
    }
    q.finish();
    remember(record.id, std::move(values));
    notifyChanged();
    return {};
}

QSqlQuery& HistoryStore::updateStatement(quint64 columns)
{
    std::unique_ptr<QSqlQuery>& q = m_updates[columns];
    if (!q) {
        QStringList assignments;
        for (int i = 0; i < kColumnCount; ++i) {
            if (columns & (quint64(1) << i))
                assignments.append(QLatin1String(kColumns[i]) + QStringLiteral(" = ?, "));
        }
        q = std::make_unique<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
        q->prepare(QStringLiteral("UPDATE history SET %1change_seq = %2 WHERE id = ?")
                       .arg(assignments.join(QString()), kNextChange));
    }
    return *q;
}

void HistoryStore::remember(qint64 id, QVariantList values)
{
    // The rows being written are few (a listing, a poll series, an apply's calls): a bound, not an
    // eviction order.
    if (m_lastWritten.size() >= kLastWrittenRows)
        m_lastWritten.clear();
    m_lastWritten.insert(id, std::move(values));
}

QString HistoryStore::whereClause(const HistoryQuery& q, QVariantList* binds) const
{
    QStringList where;
    if (!q.text.isEmpty()) {
        static const char* const searchable[] = {
            "operation",         "project",    "project_arn", "dms_request_identifier",
            "request_id",        "fault_code", "message",     "association_status",
            "association_error", "profile",    "region"};
        QStringList any;
        const QString pattern = likePattern(q.text);
        for (const char* c : searchable) {
            any.append(QLatin1String(c) + QStringLiteral(" LIKE ? ESCAPE '\\'"));
            binds->append(pattern);
        }
        where.append(QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    }
    if (!q.project.isEmpty()) {
        where.append(QStringLiteral("(project = ? OR project_arn = ?)"));
        binds->append(q.project);
        binds->append(q.project);
    }
    auto equals = [&](const char* column, const QString& value) {
        if (value.isEmpty())
            return;
        where.append(QLatin1String(column) + QStringLiteral(" = ?"));
        binds->append(value);
    };
    equals("operation", q.operation);
    equals("profile", q.profile);
    equals("region", q.region);
    if (q.outcome) {
        // The outcome as shown (recordFrom, select): a stored value no outcome has is unknown, and
        // so is a pending row whose writer is gone.
        const QStringList gone =
            (*q.outcome == HistoryRecord::Outcome::Unknown || *q.outcome == HistoryRecord::Outcome::Pending)
                ? goneWriters()
                : QStringList();
        QString goneRow = QStringLiteral("0");
        if (!gone.isEmpty()) {
            goneRow = QStringLiteral(
                          "(outcome = 'pending' AND (pid || ':' || COALESCE(process_token, '')) IN (%1))")
                          .arg(QStringList(gone.size(), QStringLiteral("?")).join(QStringLiteral(", ")));
        }
        if (*q.outcome == HistoryRecord::Outcome::Unknown) {
            QStringList known;
            for (HistoryRecord::Outcome o :
                 {HistoryRecord::Outcome::Pending, HistoryRecord::Outcome::Queued,
                  HistoryRecord::Outcome::InProgress, HistoryRecord::Outcome::Succeeded,
                  HistoryRecord::Outcome::Failed, HistoryRecord::Outcome::Cancelled})
                known.append(QLatin1Char('\'') + HistoryRecord::outcomeName(o) + QLatin1Char('\''));
            where.append(QStringLiteral("(outcome = 'unknown' OR outcome NOT IN (%1) OR %2)")
                             .arg(known.join(QStringLiteral(", ")), goneRow));
            for (const QString& g : gone)
                binds->append(g);
        } else if (*q.outcome == HistoryRecord::Outcome::Pending) {
            where.append(QStringLiteral("(outcome = 'pending' AND NOT %1)").arg(goneRow));
            for (const QString& g : gone)
                binds->append(g);
        } else {
            equals("outcome", HistoryRecord::outcomeName(*q.outcome));
        }
    }
    if (q.since.isValid()) {
        where.append(QStringLiteral("started_ms >= ?"));
        binds->append(q.since.toMSecsSinceEpoch());
    }
    if (q.until.isValid()) {
        where.append(QStringLiteral("started_ms < ?"));
        binds->append(q.until.toMSecsSinceEpoch());
    }
    // A search for a call by its own fields finds it wherever it is folded.
    if (q.entriesOnly && q.text.isEmpty() && q.operation.isEmpty())
        where.append(QStringLiteral("parent_id = 0"));
    if (!q.includeBackground)
        where.append(QStringLiteral("background = 0"));
    if (q.parentId) {
        where.append(QStringLiteral("parent_id = ?"));
        binds->append(*q.parentId);
    }
    return where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

Result<QList<HistoryRecord>> HistoryStore::select(const QString& tail, const QVariantList& binds)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT %1 FROM history%2").arg(selectList(), tail)))
        return storeFault(QStringLiteral("Cannot read the history"), q.lastError());
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec())
        return storeFault(QStringLiteral("Cannot read the history"), q.lastError());
    QList<HistoryRecord> out;
    bool anyPending = false;
    while (q.next()) {
        out.append(recordFrom(q));
        anyPending = anyPending || out.last().outcome == HistoryRecord::Outcome::Pending;
    }
    if (anyPending) {
        const QStringList gone = goneWriters();
        for (HistoryRecord& r : out) {
            if (r.outcome == HistoryRecord::Outcome::Pending &&
                gone.contains(QString::number(r.processId) + QLatin1Char(':') + r.processToken)) {
                r.outcome = HistoryRecord::Outcome::Unknown;
                r.callOutcome = HistoryRecord::Outcome::Unknown;
            }
        }
    }
    return out;
}

QStringList HistoryStore::goneWriters() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("SELECT DISTINCT pid, process_token FROM history WHERE outcome = 'pending' OR "
                               "call_outcome = 'pending'")))
        return {};
    QStringList gone;
    const qint64 self = QCoreApplication::applicationPid();
    while (q.next()) {
        const qint64 pid = q.value(0).toLongLong();
        const QString token = q.value(1).toString();
        // Our pid with another token: an earlier process that had the same pid, now gone.
        if (pid == self ? token != processToken() : !processAlive(pid))
            gone.append(QString::number(pid) + QLatin1Char(':') + token);
    }
    return gone;
}

Result<QList<HistoryRecord>> HistoryStore::query(const HistoryQuery& hq)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    // Another process may have died since open(): its pending rows must not look in flight.
    markOrphansUnknown();
    QVariantList binds;
    QString where = whereClause(hq, &binds);
    const QString dir = hq.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    if (hq.sortBy == HistoryQuery::SortField::StartedAt && hq.afterStartedMs && hq.afterId) {
        const QLatin1String cmp = hq.descending ? QLatin1String("<") : QLatin1String(">");
        where += (where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ")) +
                 QStringLiteral("(started_ms, id) %1 (?, ?)").arg(cmp); // a row value: one index range
        binds << *hq.afterStartedMs << *hq.afterId;
    }
    QString order;
    switch (hq.sortBy) {
    case HistoryQuery::SortField::StartedAt:
        order = QStringLiteral("started_ms") + dir + QStringLiteral(", id") + dir;
        break;
    case HistoryQuery::SortField::Duration:
        order = QStringLiteral("duration_ms") + dir + QStringLiteral(", id") + dir;
        break;
    case HistoryQuery::SortField::Operation:
        order = QStringLiteral("operation") + dir + QStringLiteral(", started_ms DESC, id DESC");
        break;
    case HistoryQuery::SortField::Project:
        order = QStringLiteral("project") + dir + QStringLiteral(", started_ms DESC, id DESC");
        break;
    case HistoryQuery::SortField::Outcome:
        order = QStringLiteral("outcome") + dir + QStringLiteral(", started_ms DESC, id DESC");
        break;
    }
    QString tail = where + QStringLiteral(" ORDER BY ") + order;
    if (hq.limit > 0)
        tail += QStringLiteral(" LIMIT %1 OFFSET %2").arg(hq.limit).arg(qMax(0, hq.offset));
    else if (hq.offset > 0)
        tail += QStringLiteral(" LIMIT -1 OFFSET %1").arg(hq.offset);
    return select(tail, binds);
}

Result<qint64> HistoryStore::count(const HistoryQuery& hq)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    QVariantList binds;
    const QString where = whereClause(hq, &binds);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.prepare(QStringLiteral("SELECT COUNT(*) FROM history") + where))
        return storeFault(QStringLiteral("Cannot count the history"), q.lastError());
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    if (!q.exec() || !q.next())
        return storeFault(QStringLiteral("Cannot count the history"), q.lastError());
    return q.value(0).toLongLong();
}

Result<std::optional<HistoryRecord>> HistoryStore::get(qint64 id)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    const Result<QList<HistoryRecord>> rows = select(QStringLiteral(" WHERE id = ?"), {id});
    if (!rows.ok())
        return rows.fault();
    if (rows->isEmpty())
        return std::optional<HistoryRecord>();
    return std::optional<HistoryRecord>(rows->first());
}

Result<int> HistoryStore::foldAction(const QString& actionKey, qint64 headId)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    if (actionKey.isEmpty() || headId <= 0)
        return 0;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("UPDATE history SET parent_id = ?, change_seq = %1 WHERE action_key = ? AND "
                             "id <> ? AND parent_id <> ?")
                  .arg(kNextChange));
    q.bindValue(0, headId);
    q.bindValue(1, Redactor::redact(actionKey));
    q.bindValue(2, headId);
    q.bindValue(3, headId);
    // The rows moved are not known here: what this store remembers writing may be stale.
    m_lastWritten.clear();
    if (!q.exec())
        return storeFault(QStringLiteral("Cannot update the history"), q.lastError());
    const int moved = q.numRowsAffected();
    if (moved > 0)
        notifyChanged();
    return moved;
}

Result<qint64> HistoryStore::lastChange()
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(change_seq), 0) FROM history")) || !q.next())
        return storeFault(QStringLiteral("Cannot read the history"), q.lastError());
    return q.value(0).toLongLong();
}

Result<QList<HistoryRecord>> HistoryStore::changedSince(qint64 seq, int limit)
{
    if (!m_open)
        return Fault::make(FaultKind::Configuration, FaultCode::HistoryStoreClosed,
                           QStringLiteral("The history store is not open"));
    return select(
        QStringLiteral(" WHERE change_seq > ? ORDER BY change_seq, id LIMIT %1").arg(qMax(1, limit)), {seq});
}

Result<std::optional<HistoryRecord>> HistoryStore::findStart(const QString& dmsRequestIdentifier)
{
    if (!m_open || dmsRequestIdentifier.isEmpty())
        return std::optional<HistoryRecord>();
    const Result<QList<HistoryRecord>> rows =
        select(QStringLiteral(" WHERE dms_request_identifier = ? AND operation = "
                              "'StartExtensionPackAssociation' ORDER BY id DESC LIMIT 1"),
               {dmsRequestIdentifier});
    if (!rows.ok())
        return rows.fault();
    if (rows->isEmpty())
        return std::optional<HistoryRecord>();
    return std::optional<HistoryRecord>(rows->first());
}

Result<QList<HistoryRecord>> HistoryStore::unresolvedStarts(const QString& project)
{
    if (!m_open || project.isEmpty())
        return QList<HistoryRecord>();
    return select(QStringLiteral(" WHERE operation = 'StartExtensionPackAssociation' AND outcome = 'unknown' "
                                 "AND (project = ? OR project_arn = ?) AND COALESCE(dms_request_identifier, "
                                 "'') = '' ORDER BY id"),
                  {project, project});
}

Result<QList<HistoryRecord>> HistoryStore::runningStarts(const QString& region, const QString& endpointHost)
{
    if (!m_open)
        return QList<HistoryRecord>();
    // A start whose answer never came has no request id: unresolvedStarts() is for those.
    // The unary + keeps SQLite off the operation and region indexes, which match most of a large
    // history, and on the outcome one: few rows are still running. Read as a window connects.
    return select(QStringLiteral(" WHERE +operation = 'StartExtensionPackAssociation' AND "
                                 "COALESCE(dms_request_identifier, '') <> '' AND +region = ? AND "
                                 "+endpoint_host = ? AND outcome IN ('queued', 'in_progress', 'pending', "
                                 "'unknown') ORDER BY id"),
                  {region, endpointHost});
}

Result<int> HistoryStore::markOrphansUnknown()
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    if (!q.exec(
            QStringLiteral("SELECT DISTINCT pid, process_token FROM history WHERE call_outcome = 'pending'")))
        return storeFault(QStringLiteral("Cannot read the history"), q.lastError());
    QList<QPair<qint64, QString>> dead;
    const qint64 self = QCoreApplication::applicationPid();
    while (q.next()) {
        const qint64 pid = q.value(0).toLongLong();
        const QString token = q.value(1).toString();
        const bool mine = pid == self && token == processToken();
        // Our pid with another token: an earlier process that had the same pid, now gone.
        const bool gone = pid == self ? !mine : !processAlive(pid);
        if (gone)
            dead.append(qMakePair(pid, token));
    }
    q.finish();
    int changed = 0;
    for (const auto& d : std::as_const(dead)) {
        QSqlQuery u(db);
        // A poll series keeps the installation status it last saw; a call with nothing else to
        // show becomes unknown.
        u.prepare(QStringLiteral("UPDATE history SET call_outcome = 'unknown', outcome = CASE outcome WHEN "
                                 "'pending' THEN 'unknown' ELSE outcome END, change_seq = %1 WHERE "
                                 "call_outcome = 'pending' AND pid = ? AND COALESCE(process_token, '') = "
                                 "COALESCE(?, '')")
                      .arg(kNextChange));
        u.bindValue(0, d.first);
        u.bindValue(1, d.second);
        if (!u.exec())
            return storeFault(QStringLiteral("Cannot update the history"), u.lastError());
        changed += u.numRowsAffected();
    }
    if (changed > 0)
        notifyChanged();
    return changed;
}

Result<int> HistoryStore::applyRetention()
{
    if (!m_open)
        return 0;
    int removed = 0;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (m_retentionDays > 0) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM history WHERE started_ms < ?"));
        q.bindValue(0, QDateTime::currentDateTimeUtc().addDays(-m_retentionDays).toMSecsSinceEpoch());
        if (!q.exec())
            return storeFault(QStringLiteral("Cannot prune the history"), q.lastError());
        removed += q.numRowsAffected();
    }
    if (m_retentionRows > 0) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "DELETE FROM history WHERE id IN (SELECT id FROM history ORDER BY started_ms DESC, "
            "id DESC LIMIT -1 OFFSET ?)"));
        q.bindValue(0, m_retentionRows);
        if (!q.exec())
            return storeFault(QStringLiteral("Cannot prune the history"), q.lastError());
        removed += q.numRowsAffected();
    }
    return removed;
}

Result<QString> HistoryStore::integrityCheck()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return storeFault(QStringLiteral("Cannot check the history"), q.lastError());
    QStringList lines;
    while (q.next())
        lines.append(q.value(0).toString());
    return lines.join(QLatin1Char('\n'));
}

Result<int> HistoryStore::userVersion()
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return storeFault(QStringLiteral("Cannot read the schema version"), q.lastError());
    return q.value(0).toInt();
}

} // namespace dmsx
