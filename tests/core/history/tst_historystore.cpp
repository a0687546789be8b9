// The request history on real SQLite files: schema and migration, queries and paging, exports,
// retention, corrupt files, dead processes' rows, the recorder's grouping and the redaction of
// everything stored.

#include "HistoryTestEvents.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "history/HistoryExporter.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"
#include "net/AwsJsonTransport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <functional>

using namespace dmsx;
using historytest::callEvent;
using historytest::finished;

namespace {

const QString kSecret = QStringLiteral("HistTestSecretKey/0123456789abcdefghijKLMN");
const QString kToken = QStringLiteral("HistTestSessionToken0123456789ABCDEFGHIJ");

// Runs `fn` on a private connection to `path`, for checks the store does not expose.
template <typename Fn> void withRawDb(const QString& path, Fn fn)
{
    const QString name = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        fn(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QString scalar(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return QStringLiteral("<error %1>").arg(q.lastError().text());
    return q.value(0).toString();
}

HistoryRecord sample(const QString& op, const QString& project, qint64 startMs)
{
    HistoryRecord r;
    r.startedAt = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
    r.finishedAt = r.startedAt.addMSecs(25);
    r.durationMs = 25;
    r.operation = op;
    r.projectName = project;
    r.profile = QStringLiteral("default");
    r.region = QStringLiteral("us-east-1");
    r.outcome = HistoryRecord::Outcome::Succeeded;
    r.httpStatus = 200;
    r.attempts = 1;
    return r;
}

QJsonObject requestsOutput(const QString& id, const QString& status, const QString& error = QString())
{
    QJsonObject req{{QStringLiteral("RequestIdentifier"), id},
                    {QStringLiteral("Status"), status},
                    {QStringLiteral("MigrationProjectArn"),
                     QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:ABC")}};
    if (!error.isEmpty())
        req.insert(QStringLiteral("Error"), QJsonObject{{QStringLiteral("defaultErrorDetails"),
                                                         QJsonObject{{QStringLiteral("Message"), error}}}});
    return QJsonObject{{QStringLiteral("Requests"), QJsonArray{req}}};
}

// A listing's page read from its bytes, as the DMS client hands it over: its projects' names,
// and `make` for an observer that asks for the page's output. Returns the listing's row.
qint64 recordListedPage(
    HistoryRecorder& rec, const CallEvent::DeferredOutput::ItemNames& names,
    std::function<QJsonObject()> make = [] { return QJsonObject(); })
{
    const CallEvent page = callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
    rec.callStarted(page);
    CallEvent done = finished(page);
    done.deferredOutput = CallEvent::DeferredOutput{std::move(make), names};
    rec.callFinished(done);
    return rec.rowOf(page.invocationId);
}

// The row of a call that names project `arn`, and `subject` as its name when not empty.
HistoryRecord recordedCallByArn(HistoryRecorder& rec, HistoryStore& store, const QString& arn,
                                const QString& subject = QString())
{
    CallEvent e = callEvent(QStringLiteral("DescribeExtensionPackAssociations"), QString(), arn);
    e.subjectName = subject;
    rec.callStarted(e);
    rec.callFinished(finished(e));
    return store.get(rec.rowOf(e.invocationId)).value().value_or(HistoryRecord());
}

QByteArray fileBytes(const QString& path)
{
    QByteArray all;
    for (const QString& p : QStringList{path, path + QStringLiteral("-wal")}) {
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("h%1.sqlite").arg(++m_n)); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanupTestCase() { Redactor::clearRegisteredSecrets(); }

    void newFileHasCurrentSchemaInWalModeWithIndexes()
    {
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY2(store.open().ok(), "open");
            QCOMPARE(store.userVersion().value(), HistoryStore::kSchemaVersion);
            QVERIFY(store.recoveryNotice().isEmpty());
        }
        withRawDb(path, [](QSqlDatabase& db) {
            QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
            // The filter columns are served by indexes, not table scans.
            const struct
            {
                const char* where;
                const char* index;
            } cases[] = {{"project = 'p'", "idx_history_project"},
                         {"operation = 'o'", "idx_history_operation"},
                         {"outcome = 'failed'", "idx_history_outcome"},
                         {"profile = 'x'", "idx_history_profile"},
                         {"region = 'r'", "idx_history_region"}};
            for (const auto& c : cases) {
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT * FROM history WHERE %1 ORDER BY "
                                              "started_ms DESC LIMIT 50")
                                   .arg(QLatin1String(c.where))));
                QString plan;
                while (q.next())
                    plan += q.value(3).toString() + QLatin1Char(' ');
                QVERIFY2(plan.contains(QLatin1String(c.index)), qPrintable(plan));
                QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan));
            }
        });
    }

    void migratesAVersion1File()
    {
        const QString path = freshPath();
        // The version-1 layout, written by hand as the first release did.
        withRawDb(path, [](QSqlDatabase& db) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, "
                "operation TEXT NOT NULL, project TEXT, outcome TEXT NOT NULL, request_id TEXT, message "
                "TEXT)")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO history (started_at, operation, project, outcome, request_id, message) VALUES "
                "('2025-03-01T10:00:00.250Z', 'StartExtensionPackAssociation', 'erp', 'ok', 'rid-1', NULL), "
                "('2025-03-02T11:30:00.000Z', 'DescribeMigrationProjects', NULL, 'error', 'rid-2', "
                "'Denied')")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
        });
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        QCOMPARE(store.userVersion().value(), HistoryStore::kSchemaVersion);
        HistoryQuery all;
        all.descending = false;
        const QList<HistoryRecord> rows = store.query(all).value();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].startedAt, QDateTime(QDate(2025, 3, 1), QTime(10, 0, 0, 250), Qt::UTC));
        // An accepted Start never polled since: its installation is queued as far as anyone knows.
        QCOMPARE(rows[0].outcome, HistoryRecord::Outcome::Queued);
        QCOMPARE(rows[0].httpResult(), HistoryRecord::Outcome::Succeeded);
        QCOMPARE(rows[0].projectName, QStringLiteral("erp"));
        QCOMPARE(rows[0].awsRequestId, QStringLiteral("rid-1"));
        QCOMPARE(rows[1].outcome, HistoryRecord::Outcome::Failed);
        QCOMPARE(rows[1].faultMessage, QStringLiteral("Denied"));
        // Migrated rows take part in the new filters and new rows go in next to them.
        HistoryQuery failed;
        failed.outcome = HistoryRecord::Outcome::Failed;
        QCOMPARE(store.query(failed).value().size(), 1);
        QVERIFY(store.insert(sample(QStringLiteral("DescribeDataProviders"), QString(), 1)).ok());
        QCOMPARE(store.count(HistoryQuery()).value(), 3);
    }

    void refusesAFileFromANewerVersionWithoutTouchingIt()
    {
        const QString path = freshPath();
        withRawDb(path, [](QSqlDatabase& db) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE future (x)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
        });
        HistoryStore store(path);
        const Result<void> r = store.open();
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::HistoryStoreTooNew);
        QVERIFY(store.movedAsidePath().isEmpty());
        withRawDb(path, [](QSqlDatabase& db) {
            QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")), QStringLiteral("99"));
        });
    }

    void everyFieldRoundTrips()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecord r =
            sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("erp"), 1740000000123);
        r.credentialsSource = QStringLiteral("shared credentials file (prod)");
        r.accountId = QStringLiteral("123456789012");
        r.endpointHost = QStringLiteral("dms.us-east-1.amazonaws.com");
        r.projectArn = QStringLiteral("arn:aws:dms:us-east-1:123456789012:migration-project:X");
        r.dmsRequestIdentifier = QStringLiteral("req-1");
        r.awsRequestId = QStringLiteral("aws-1");
        r.httpStatus = 400;
        r.attempts = 2;
        r.callCount = 3;
        r.outcome = HistoryRecord::Outcome::Failed;
        r.faultCode = FaultCode::KMSKeyNotAccessibleFault;
        r.faultMessage = QStringLiteral("no key, \"quoted\"\nsecond line");
        r.associationStatus = QStringLiteral("FAILED");
        r.associationTransitions = {QStringLiteral("t1 RECEIVED"), QStringLiteral("t2 FAILED")};
        r.associationStep = QStringLiteral("Applying");
        r.associationError = QStringLiteral("privileges");
        r.groupKey = QStringLiteral("g");
        r.invocationId = QStringLiteral("inv");
        r.processId = 42;
        const qint64 id = store.insert(r).value();
        QVERIFY(id > 0);
        r.id = id;
        const HistoryRecord back = *store.get(id).value();
        QCOMPARE(back.toJson(), r.toJson());
        QCOMPARE(back.processId, 42);

        back.toJson();
        HistoryRecord changed = back;
        changed.outcome = HistoryRecord::Outcome::Succeeded;
        changed.faultMessage.clear();
        QVERIFY(store.update(changed).ok());
        QCOMPARE(store.get(id).value()->outcome, HistoryRecord::Outcome::Succeeded);
        QVERIFY(!store.get(id + 1000).value().has_value());
    }

    void filtersSortAndTextSearch()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        const qint64 t0 = 1750000000000;
        HistoryRecord a = sample(QStringLiteral("DescribeMigrationProjects"), QString(), t0);
        HistoryRecord b =
            sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("erp"), t0 + 1000);
        b.outcome = HistoryRecord::Outcome::Failed;
        b.faultMessage = QStringLiteral("quota 100% used");
        HistoryRecord c =
            sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("crm"), t0 + 2000);
        c.projectArn = QStringLiteral("arn:aws:dms:eu-west-1:1:migration-project:CRM");
        c.region = QStringLiteral("eu-west-1");
        c.profile = QStringLiteral("prod");
        c.dmsRequestIdentifier = QStringLiteral("abc_def");
        HistoryRecord d =
            sample(QStringLiteral("DescribeExtensionPackAssociations"), QStringLiteral("erp"), t0 + 3000);
        d.dmsRequestIdentifier = QStringLiteral("abcXdef");
        for (const HistoryRecord& r : {a, b, c, d})
            QVERIFY(store.insert(r).ok());

        auto ops = [&](const HistoryQuery& q) {
            QStringList out;
            const QList<HistoryRecord> rows = store.query(q).value();
            for (const HistoryRecord& r : rows)
                out.append(r.operation.left(5) + QLatin1Char(':') + r.projectName);
            return out.join(QLatin1Char(','));
        };
        HistoryQuery q;
        QCOMPARE(ops(q), QStringLiteral("Descr:erp,Start:crm,Start:erp,Descr:"));
        q.descending = false;
        QCOMPARE(ops(q), QStringLiteral("Descr:,Start:erp,Start:crm,Descr:erp"));
        q = {};
        q.project = QStringLiteral("erp");
        QCOMPARE(ops(q), QStringLiteral("Descr:erp,Start:erp"));
        q.project = QStringLiteral("arn:aws:dms:eu-west-1:1:migration-project:CRM");
        QCOMPARE(ops(q), QStringLiteral("Start:crm"));
        q = {};
        q.operation = QStringLiteral("StartExtensionPackAssociation");
        q.outcome = HistoryRecord::Outcome::Failed;
        QCOMPARE(ops(q), QStringLiteral("Start:erp"));
        q = {};
        q.profile = QStringLiteral("prod");
        QCOMPARE(ops(q), QStringLiteral("Start:crm"));
        q = {};
        q.region = QStringLiteral("us-east-1");
        QCOMPARE(store.count(q).value(), 3);
        q = {};
        q.since = QDateTime::fromMSecsSinceEpoch(t0 + 1000, Qt::UTC);
        q.until = QDateTime::fromMSecsSinceEpoch(t0 + 3000, Qt::UTC);
        QCOMPARE(ops(q), QStringLiteral("Start:crm,Start:erp"));
        // LIKE wildcards in the search text are literal characters.
        q = {};
        q.text = QStringLiteral("abc_def");
        QCOMPARE(ops(q), QStringLiteral("Start:crm"));
        q.text = QStringLiteral("100%");
        QCOMPARE(ops(q), QStringLiteral("Start:erp"));
        q.text = QStringLiteral("QUOTA");
        QCOMPARE(ops(q), QStringLiteral("Start:erp"));
        q = {};
        q.limit = 2;
        q.offset = 1;
        QCOMPARE(ops(q), QStringLiteral("Start:crm,Start:erp"));
        q = {};
        q.sortBy = HistoryQuery::SortField::Project;
        q.descending = false;
        q.limit = 2;
        QCOMPARE(ops(q), QStringLiteral("Descr:,Start:crm"));
    }

    void keysetPagingVisitsEveryRowOnceInOrder()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        // Many rows share a start time: the id breaks the ties.
        for (int i = 0; i < 230; ++i)
            QVERIFY(
                store.insert(sample(QStringLiteral("Op"), QString(), 1760000000000 + (i / 7) * 1000)).ok());
        for (bool descending : {true, false}) {
            HistoryQuery q;
            q.descending = descending;
            q.limit = 0;
            const QList<HistoryRecord> all = store.query(q).value();
            QCOMPARE(all.size(), 230);
            q.limit = 40;
            QList<qint64> seen;
            for (int page = 0; page < 10; ++page) {
                const QList<HistoryRecord> rows = store.query(q).value();
                if (rows.isEmpty())
                    break;
                for (const HistoryRecord& r : rows)
                    seen.append(r.id);
                q = q.continuedAfter(rows.last());
            }
            QCOMPARE(seen.size(), 230);
            for (int i = 0; i < all.size(); ++i)
                QCOMPARE(seen[i], all[i].id);
        }
    }

    void retentionIsOffByDefaultAndPrunesByRowsAndDays()
    {
        const QString path = freshPath();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            for (int i = 0; i < 30; ++i)
                QVERIFY(
                    store.insert(sample(QStringLiteral("Op"), QString(), now - qint64(i) * 24 * 3600 * 1000))
                        .ok());
        }
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            QCOMPARE(store.count(HistoryQuery()).value(), 30);
        }
        {
            HistoryStore store(path);
            store.setRetention(10, 0); // rows started 10 days ago or later stay
            QVERIFY(store.open().ok());
            QCOMPARE(store.count(HistoryQuery()).value(), 10);
            store.setRetention(0, 4);
            QCOMPARE(store.applyRetention().value(), 6);
            const QList<HistoryRecord> rows = store.query(HistoryQuery()).value();
            QCOMPARE(rows.size(), 4);
            QVERIFY(rows.first().startedAt.toMSecsSinceEpoch() >= now - 1); // the newest are kept
        }
    }

    void garbageFileIsMovedAsideAndANewOneStarted()
    {
        const QString path = freshPath();
        const QByteArray garbage = QByteArray("this is not a database ").repeated(300);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        HistoryStore store(path);
        const Result<void> r = store.open();
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.fault().message));
        QVERIFY(!store.recoveryNotice().isEmpty());
        QVERIFY(store.recoveryNotice().contains(store.movedAsidePath()));
        QVERIFY(store.movedAsidePath().startsWith(path + QStringLiteral(".corrupt-")));
        QFile aside(store.movedAsidePath());
        QVERIFY(aside.open(QIODevice::ReadOnly));
        QCOMPARE(aside.readAll(), garbage);
        QVERIFY(store.insert(sample(QStringLiteral("Op"), QString(), 1)).ok());
        QCOMPARE(store.count(HistoryQuery()).value(), 1);
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));
    }

    void aJournalThatCannotBeOpenedIsNotDamage()
    {
        // A -shm the user may not open (after a sudo run it belongs to root; a folder in its place
        // fails the same way even for root, who may open any file).
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            QVERIFY(store.insert(sample(QStringLiteral("Op"), QString(), 1)).ok());
        }
        QVERIFY(QDir().mkdir(path + QStringLiteral("-shm")));
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        HistoryStore store(path);
        const Result<void> r = store.open();
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, QString(FaultCode::HistoryStoreNoAccess));
        QVERIFY2(r.fault().message.contains(path), qPrintable(r.fault().message));
        QVERIFY(store.movedAsidePath().isEmpty());
        QVERIFY(store.recoveryNotice().isEmpty());
        QCOMPARE(
            QDir(m_dir.path()).entryList({QStringLiteral("*.corrupt-*")}).filter(QFileInfo(path).fileName()),
            QStringList());
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
        // Once the cause is gone, the same file is used with its entries.
        QVERIFY(QDir().rmdir(path + QStringLiteral("-shm")));
        HistoryStore again(path);
        QVERIFY(again.open().ok());
        QCOMPARE(again.count(HistoryQuery()).value(), 1);
    }

    void anotherProgramsDatabaseIsRefusedUnchanged_data()
    {
        QTest::addColumn<QStringList>("setup");
        QTest::newRow("other tables")
            << QStringList{QStringLiteral("CREATE TABLE customers (id INTEGER, name TEXT)")};
        QTest::newRow("other application id") << QStringList{
            QStringLiteral("PRAGMA application_id = 1234"),
            QStringLiteral("CREATE TABLE history (id INTEGER)"), QStringLiteral("PRAGMA user_version = 3")};
        QTest::newRow("versioned, no history table")
            << QStringList{QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("PRAGMA user_version = 2")};
    }
    void anotherProgramsDatabaseIsRefusedUnchanged()
    {
        QFETCH(QStringList, setup);
        const QString path = freshPath();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            for (const QString& sql : setup)
                QVERIFY2(QSqlQuery(db).exec(sql), qPrintable(sql));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
        QFile before(path);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        HistoryStore store(path);
        const Result<void> r = store.open();
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, QString(FaultCode::HistoryStoreForeign));
        QVERIFY(store.movedAsidePath().isEmpty());
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
    }

    void ourNewFilesCarryTheApplicationId()
    {
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA application_id")) && q.next());
            QCOMPARE(q.value(0).toLongLong(), 0x444d5358LL);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        HistoryStore again(path);
        QVERIFY(again.open().ok());
    }

    void damagedPagesAreDetectedAndMovedAside()
    {
        const QString path = freshPath();
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            for (int i = 0; i < 2000; ++i)
                QVERIFY(store
                            .insert(sample(QStringLiteral("DescribeMigrationProjects"),
                                           QStringLiteral("p%1").arg(i), i))
                            .ok());
        }
        withRawDb(path, [](QSqlDatabase& db) {
            QCOMPARE(scalar(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")), QStringLiteral("0"));
        });
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.size() > 8 * 4096);
            // Scribble over pages in the middle, leaving the header intact.
            for (qint64 page = 3; page < 7; ++page) {
                f.seek(page * 4096 + 8);
                f.write(QByteArray(3000, '\xA5'));
            }
        }
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        QVERIFY(!store.movedAsidePath().isEmpty());
        QCOMPARE(store.count(HistoryQuery()).value(), 0);
        QVERIFY(store.insert(sample(QStringLiteral("Op"), QString(), 1)).ok());
    }

    void rowsLeftPendingByADeadProcessBecomeUnknown()
    {
        const QString path = freshPath();
        QProcess child;
        child.start(QStringLiteral("true"), {});
        QVERIFY(child.waitForStarted());
        const qint64 deadPid = child.processId();
        QVERIFY(child.waitForFinished());
        qint64 deadRow = 0;
        qint64 liveRow = 0;
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            HistoryRecord dead =
                sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("erp"), 5);
            dead.outcome = HistoryRecord::Outcome::Pending;
            dead.processId = deadPid;
            dead.processToken = QStringLiteral("other-process");
            deadRow = store.insert(dead).value();
            HistoryRecord live = dead;
            live.processId = QCoreApplication::applicationPid();
            live.processToken = HistoryStore::processToken();
            liveRow = store.insert(live).value();
        }
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        const HistoryRecord d = *store.get(deadRow).value();
        // A store already open when a writer dies.
        HistoryRecord late = d;
        late.outcome = HistoryRecord::Outcome::Pending;
        late.processToken = QStringLiteral("another-dead-one");
        const qint64 lateRow = store.insert(late).value();
        // Shown as unknown at once, before the next query rewrites it.
        QCOMPARE(store.get(lateRow).value()->outcome, HistoryRecord::Outcome::Unknown);
        HistoryQuery q;
        q.outcome = HistoryRecord::Outcome::Pending;
        QCOMPARE(store.query(q).value().size(), 1); // only the live process's row
        QCOMPARE(store.get(lateRow).value()->outcome, HistoryRecord::Outcome::Unknown);
        QCOMPARE(d.outcome, HistoryRecord::Outcome::Unknown);
        QVERIFY(d.advice().contains(QLatin1String("status erp")));
        QCOMPARE(store.get(liveRow).value()->outcome, HistoryRecord::Outcome::Pending);
    }

    // `--outcome unknown` (and the window's filter) finds every entry shown as unknown: a stored
    // value no outcome has, and a pending row whose writer is gone even while another program's
    // write lock keeps it from being rewritten; `--outcome pending` no longer lists the latter.
    void theUnknownFilterFindsWhatIsShownAsUnknown()
    {
        const QString path = freshPath();
        QProcess child;
        child.start(QStringLiteral("true"), {});
        QVERIFY(child.waitForStarted());
        const qint64 deadPid = child.processId();
        QVERIFY(child.waitForFinished());
        qint64 oddRow = 0;
        qint64 unknownRow = 0;
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            HistoryRecord r = sample(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("erp"), 5);
            r.outcome = HistoryRecord::Outcome::Succeeded;
            oddRow = store.insert(r).value();
            store.insert(r).value();
            r.outcome = HistoryRecord::Outcome::Unknown;
            unknownRow = store.insert(r).value();
        }
        const QString editName = QUuid::createUuid().toString();
        {
            QSqlDatabase edit = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), editName);
            edit.setDatabaseName(path);
            QVERIFY(edit.open());
            QSqlQuery q(edit);
            QVERIFY(q.exec(QStringLiteral("UPDATE history SET outcome = 'lost' WHERE id = %1").arg(oddRow)));
        }
        QSqlDatabase::removeDatabase(editName);

        HistoryStore store(path);
        QVERIFY(store.open().ok());
        HistoryRecord dead =
            sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("erp"), 5);
        dead.outcome = HistoryRecord::Outcome::Pending;
        dead.processId = deadPid;
        dead.processToken = QStringLiteral("gone");
        const qint64 deadRow = store.insert(dead).value();

        const QString lockName = QUuid::createUuid().toString();
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(path);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY2(lock.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(lock.lastError().text()));

            HistoryQuery all;
            const QList<HistoryRecord> rows = store.query(all).value();
            QSet<qint64> shownUnknown;
            for (const HistoryRecord& r : rows) {
                if (r.outcome == HistoryRecord::Outcome::Unknown)
                    shownUnknown.insert(r.id);
            }
            QCOMPARE(shownUnknown, (QSet<qint64>{oddRow, unknownRow, deadRow}));

            HistoryQuery unknown;
            unknown.outcome = HistoryRecord::Outcome::Unknown;
            QSet<qint64> found;
            const QList<HistoryRecord> unknownRows = store.query(unknown).value();
            for (const HistoryRecord& r : unknownRows)
                found.insert(r.id);
            QCOMPARE(found, shownUnknown);

            HistoryQuery pending;
            pending.outcome = HistoryRecord::Outcome::Pending;
            QVERIFY(store.query(pending).value().isEmpty());
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(lockName);
    }

    void csvFollowsRfc4180()
    {
        HistoryRecord r = sample(QStringLiteral("Op"), QStringLiteral("a,b"), 1700000000000);
        r.id = 7;
        r.faultMessage = QStringLiteral("say \"hi\"\r\nthen go");
        const QByteArray csv = HistoryExporter::toCsv({r});
        const QList<QByteArray> lines = csv.split('\n');
        QVERIFY(csv.endsWith("\r\n"));
        QVERIFY(lines.first().startsWith("id,started_at,finished_at,duration_ms,"));
        QVERIFY(lines.first().endsWith('\r'));
        QVERIFY(csv.contains(",\"a,b\","));
        QVERIFY(csv.contains(",\"say \"\"hi\"\"\r\nthen go\","));
        QVERIFY(csv.contains("\r\n7,2023-11-14T22:13:20.000Z,"));
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("plain")), QByteArray("plain"));
        QCOMPARE(HistoryExporter::csvField(QString()), QByteArray());
        // Formula-looking cells are neutralised; the same characters later in a cell are not.
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("=HYPERLINK(\"http://x\")")),
                 QByteArray("\"'=HYPERLINK(\"\"http://x\"\")\""));
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("+1")), QByteArray("'+1"));
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("-2+3")), QByteArray("'-2+3"));
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("@SUM(A1)")), QByteArray("'@SUM(A1)"));
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("\tcmd")), QByteArray("'\tcmd"));
        QCOMPARE(HistoryExporter::csvField(QStringLiteral("a=b-c@d")), QByteArray("a=b-c@d"));
    }

    void jsonExportParsesBack()
    {
        HistoryRecord r = sample(QStringLiteral("Op"), QStringLiteral("erp"), 1700000000000);
        r.id = 3;
        r.outcome = HistoryRecord::Outcome::Unknown;
        const QJsonArray a = QJsonDocument::fromJson(HistoryExporter::toJson({r, r})).array();
        QCOMPARE(a.size(), 2);
        const QJsonObject o = a.first().toObject();
        QCOMPARE(o.value(QLatin1String("id")).toInt(), 3);
        QCOMPARE(o.value(QLatin1String("outcome")).toString(), QStringLiteral("unknown"));
        QCOMPARE(o.value(QLatin1String("startedAt")).toString(), QStringLiteral("2023-11-14T22:13:20.000Z"));
        QVERIFY(!o.value(QLatin1String("advice")).toString().isEmpty());
    }

    void recorderGroupsPagesAndPollsButNeverStarts()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        rec.setProfile(QStringLiteral("prod"));
        rec.setCredentialsSource(QStringLiteral("environment variables"));

        // A listing of three pages: one row.
        for (int page = 0; page < 3; ++page) {
            const CallEvent e =
                callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("listing:1"));
            rec.callStarted(e);
            QCOMPARE(store.get(rec.rowOf(e.invocationId)).value()->outcome, HistoryRecord::Outcome::Pending);
            rec.callFinished(finished(e));
        }
        // Two starts that (wrongly) share a group key: still two rows.
        const CallEvent s1 =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("g"),
                      QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:ABC"));
        rec.callStarted(s1);
        rec.callFinished(
            finished(s1, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R1")}}));
        const CallEvent s2 = callEvent(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("g"),
                                       QStringLiteral("erp"));
        rec.callStarted(s2);
        Fault f =
            Fault::make(FaultKind::Service, FaultCode::ResourceAlreadyExistsFault, QStringLiteral("busy"));
        f.httpStatus = 400;
        rec.callFinished(finished(s2, {}, f));
        // A poll series: one row with every status change, and the start row learns them too.
        for (const char* status : {"RECEIVED", "IN_PROGRESS", "IN_PROGRESS", "SUCCESS"}) {
            const CallEvent p = callEvent(QStringLiteral("DescribeExtensionPackAssociations"),
                                          QStringLiteral("poll:R1"), QStringLiteral("erp"));
            rec.callStarted(p);
            rec.callFinished(finished(p, requestsOutput(QStringLiteral("R1"), QLatin1String(status))));
        }

        HistoryQuery q;
        q.descending = false;
        const QList<HistoryRecord> rows = store.query(q).value();
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0].operation, QStringLiteral("DescribeMigrationProjects"));
        QCOMPARE(rows[0].callCount, 3);
        QCOMPARE(rows[0].attempts, 3);
        QCOMPARE(rows[0].outcome, HistoryRecord::Outcome::Succeeded);
        QCOMPARE(rows[0].profile, QStringLiteral("prod"));
        QCOMPARE(rows[0].credentialsSource, QStringLiteral("environment variables"));
        QCOMPARE(rows[0].region, QStringLiteral("eu-west-1"));

        QCOMPARE(rows[1].operation, QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(rows[1].dmsRequestIdentifier, QStringLiteral("R1"));
        QCOMPARE(rows[1].accountId, QStringLiteral("123456789012"));
        QCOMPARE(rows[1].associationStatus, QStringLiteral("SUCCESS"));
        QCOMPARE(rows[1].associationTransitions.size(), 3);
        QCOMPARE(rows[2].outcome, HistoryRecord::Outcome::Failed);
        QCOMPARE(rows[2].faultCode, FaultCode::ResourceAlreadyExistsFault);
        QCOMPARE(rows[2].httpStatus, 400);
        QCOMPARE(rows[2].projectName, QStringLiteral("erp"));

        QCOMPARE(rows[3].operation, QStringLiteral("DescribeExtensionPackAssociations"));
        QCOMPARE(rows[3].callCount, 4);
        QCOMPARE(rows[3].associationStatus, QStringLiteral("SUCCESS"));
        QCOMPARE(rows[3].associationTransitions.size(), 3);
        QVERIFY(rows[3].associationTransitions[1].endsWith(QLatin1String(" IN_PROGRESS")));
        QCOMPARE(rec.failures(), 0);
    }

    void migratesAVersion2FileToInstallationOutcomes()
    {
        const QString path = freshPath();
        // The version-2 layout as the previous release wrote it: a Start's outcome was its HTTP call's.
        withRawDb(path, [](QSqlDatabase& db) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL, "
                "operation TEXT NOT NULL, project TEXT, outcome TEXT NOT NULL, request_id TEXT, message "
                "TEXT, "
                "started_ms INTEGER NOT NULL DEFAULT 0, finished_ms INTEGER, duration_ms INTEGER, profile "
                "TEXT, credentials_source TEXT, account_id TEXT, region TEXT, endpoint_host TEXT, "
                "project_arn "
                "TEXT, dms_request_identifier TEXT, http_status INTEGER NOT NULL DEFAULT 0, attempts INTEGER "
                "NOT NULL DEFAULT 0, call_count INTEGER NOT NULL DEFAULT 1, fault_code TEXT, "
                "association_status TEXT, association_transitions TEXT, association_step TEXT, "
                "association_error TEXT, group_key TEXT, invocation_id TEXT, pid INTEGER NOT NULL DEFAULT 0, "
                "process_token TEXT)")));
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO history (started_at, started_ms, operation, project, outcome, http_status, "
                "dms_request_identifier, association_status, group_key) VALUES "
                "('2026-01-01T10:00:00Z', 1767261600000, 'StartExtensionPackAssociation', 'erp', "
                "'succeeded', 200, 'R1', 'FAILED', NULL), "
                "('2026-01-01T10:01:00Z', 1767261660000, 'StartExtensionPackAssociation', 'erp', "
                "'succeeded', 200, 'R2', 'SUCCESS', NULL), "
                "('2026-01-01T10:02:00Z', 1767261720000, 'StartExtensionPackAssociation', 'erp', "
                "'succeeded', 200, 'R3', 'IN_PROGRESS', NULL), "
                "('2026-01-01T10:03:00Z', 1767261780000, 'StartExtensionPackAssociation', 'erp', "
                "'unknown', 0, NULL, NULL, NULL), "
                "('2026-01-01T10:04:00Z', 1767261840000, 'DescribeExtensionPackAssociations', 'erp', "
                "'succeeded', 200, NULL, NULL, NULL)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 2")));
        });
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        QCOMPARE(store.userVersion().value(), HistoryStore::kSchemaVersion);
        HistoryQuery all;
        all.descending = false;
        const QList<HistoryRecord> rows = store.query(all).value();
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0].outcome, HistoryRecord::Outcome::Failed);
        QCOMPARE(rows[0].httpResult(), HistoryRecord::Outcome::Succeeded);
        QCOMPARE(rows[1].outcome, HistoryRecord::Outcome::Succeeded);
        QCOMPARE(rows[2].outcome, HistoryRecord::Outcome::InProgress);
        QCOMPARE(rows[3].outcome, HistoryRecord::Outcome::Unknown);
        QCOMPARE(rows[4].outcome, HistoryRecord::Outcome::Succeeded);
        // The filter, the count and the export all mean the installation.
        HistoryQuery failed;
        failed.outcome = HistoryRecord::Outcome::Failed;
        QCOMPARE(store.count(failed).value(), qint64(1));
        QCOMPARE(store.query(failed).value().first().dmsRequestIdentifier, QStringLiteral("R1"));
        const QString csv = QString::fromUtf8(HistoryExporter::toCsv(store.query(failed).value()));
        QVERIFY2(csv.contains(QLatin1String(",failed,")), qPrintable(csv));
        QVERIFY2(csv.contains(QLatin1String(",succeeded")), qPrintable(csv)); // the HTTP result
        // The running one is followed again after the upgrade.
        QCOMPARE(store.runningStarts(QString(), QString()).value().size(), 0); // no region in v2 rows here
    }

    void startFollowedToFailureShowsFailedWithTheHttpResultApart()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        const QString project = QStringLiteral("erp");
        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), project);
        rec.callStarted(start);
        const qint64 row = rec.rowOf(start.invocationId);
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::Pending); // sending
        rec.callFinished(
            finished(start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R7")}}));
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::Queued);
        for (const QString& status :
             {QStringLiteral("RECEIVED"), QStringLiteral("IN_PROGRESS"), QStringLiteral("FAILED")}) {
            const CallEvent poll = callEvent(QStringLiteral("DescribeExtensionPackAssociations"),
                                             QStringLiteral("poll:R7"), project);
            rec.callStarted(poll);
            rec.callFinished(
                finished(poll, requestsOutput(QStringLiteral("R7"), status, QStringLiteral("denied"))));
            QCOMPARE(store.get(row).value()->outcome, HistoryRecord::installationOutcome(status));
        }
        const HistoryRecord r = *store.get(row).value();
        QCOMPARE(r.outcome, HistoryRecord::Outcome::Failed);
        QCOMPARE(r.httpResult(), HistoryRecord::Outcome::Succeeded);
        QCOMPARE(r.toJson().value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
        QCOMPARE(r.toJson().value(QStringLiteral("httpResult")).toString(), QStringLiteral("succeeded"));
        HistoryQuery failed;
        failed.outcome = HistoryRecord::Outcome::Failed;
        failed.operation = QStringLiteral("StartExtensionPackAssociation");
        QCOMPARE(store.count(failed).value(), qint64(1));
        QCOMPARE(HistoryRecord::installationOutcome(QStringLiteral("CANCELED")),
                 HistoryRecord::Outcome::Cancelled);
        QCOMPARE(HistoryRecord::outcomeFromName(QStringLiteral("in-progress")),
                 HistoryRecord::Outcome::InProgress);
    }

    void anApplysCallsFoldUnderItsStartAndBackgroundReadsAreMarked()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        QSignalSpy changed(&store, &HistoryStore::changed);
        HistoryRecorder rec(&store);
        const QString project = QStringLiteral("erp");
        const QString action = QStringLiteral("apply:1");
        auto call = [&](const QString& op, const QString& group, const QJsonObject& out = {}) {
            CallEvent e = callEvent(op, group, project);
            e.actionKey = action;
            rec.callStarted(e);
            rec.callFinished(finished(e, out));
            return rec.rowOf(e.invocationId);
        };
        const qint64 first = call(QStringLiteral("DescribeMigrationProjects"), QString());
        const qint64 second = call(QStringLiteral("DescribeDataProviders"), QString());
        QCOMPARE(store.get(first).value()->parentId, qint64(0)); // heads the action until a Start comes
        QCOMPARE(store.get(second).value()->parentId, first);
        const qint64 start = call(QStringLiteral("StartExtensionPackAssociation"), QString(),
                                  QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R1")}});
        const qint64 polls =
            call(QStringLiteral("DescribeExtensionPackAssociations"), QStringLiteral("poll:R1"),
                 requestsOutput(QStringLiteral("R1"), QStringLiteral("IN_PROGRESS")));
        call(QStringLiteral("DescribeExtensionPackAssociations"), QStringLiteral("poll:R1"),
             requestsOutput(QStringLiteral("R1"), QStringLiteral("SUCCESS")));
        for (qint64 id : {first, second, polls})
            QCOMPARE(store.get(id).value()->parentId, start);
        const HistoryRecord head = *store.get(start).value();
        QCOMPARE(head.parentId, qint64(0));
        QCOMPARE(head.childCount, 3);
        QCOMPARE(head.childCalls, 4); // two pre-flight reads and two polls
        QCOMPARE(head.outcome, HistoryRecord::Outcome::Succeeded);

        // A background status lookup of the same project.
        CallEvent lookup = callEvent(QStringLiteral("DescribeExtensionPackAssociations"), QString(), project);
        lookup.background = true;
        rec.callStarted(lookup);
        rec.callFinished(finished(lookup, requestsOutput(QStringLiteral("R1"), QStringLiteral("SUCCESS"))));
        QVERIFY(store.get(rec.rowOf(lookup.invocationId)).value()->background);

        HistoryQuery entries;
        entries.entriesOnly = true;
        entries.includeBackground = false;
        const QList<HistoryRecord> shown = store.query(entries).value();
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().id, start);
        entries.includeBackground = true;
        QCOMPARE(store.count(entries).value(), qint64(2));
        HistoryQuery folded;
        folded.parentId = start;
        QCOMPARE(store.count(folded).value(), qint64(3));
        // A search by an operation still finds a folded call.
        HistoryQuery byOp = entries;
        byOp.operation = QStringLiteral("DescribeDataProviders");
        QCOMPARE(store.count(byOp).value(), qint64(1));

        // Every write is announced and stamped, so a view re-reads only what changed.
        QVERIFY(changed.count() > 0);
        const qint64 seen = store.lastChange().value();
        changed.clear();
        CallEvent more = callEvent(QStringLiteral("GetCallerIdentity"), QString());
        rec.callStarted(more);
        rec.callFinished(finished(more));
        QCOMPARE(changed.count(), 2);
        const QList<HistoryRecord> since = store.changedSince(seen, 100).value();
        QCOMPARE(since.size(), 1);
        QCOMPARE(since.first().operation, QStringLiteral("GetCallerIdentity"));
        QCOMPARE(rec.failures(), 0);
    }

    void statusResolvesAStartWhoseProcessDied()
    {
        const QString path = freshPath();
        QProcess child;
        child.start(QStringLiteral("true"), {});
        QVERIFY(child.waitForStarted());
        const qint64 deadPid = child.processId();
        QVERIFY(child.waitForFinished());
        qint64 row = 0;
        {
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            HistoryRecord dead =
                sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("erp"), 5);
            dead.outcome = HistoryRecord::Outcome::Pending;
            dead.processId = deadPid;
            row = store.insert(dead).value();
        }
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::Unknown);
        HistoryRecorder rec(&store);
        // What `status erp` asks: the project's requests, one of which the history does not know.
        const CallEvent e =
            callEvent(QStringLiteral("DescribeExtensionPackAssociations"), QString(), QStringLiteral("erp"));
        rec.callStarted(e);
        rec.callFinished(finished(e, requestsOutput(QStringLiteral("R9"), QStringLiteral("FAILED"),
                                                    QStringLiteral("no privileges"))));
        const HistoryRecord resolved = *store.get(row).value();
        // The installation failed; the Start's own answer was never seen.
        QCOMPARE(resolved.outcome, HistoryRecord::Outcome::Failed);
        QCOMPARE(resolved.httpResult(), HistoryRecord::Outcome::Unknown);
        QCOMPARE(resolved.dmsRequestIdentifier, QStringLiteral("R9"));
        QCOMPARE(resolved.associationStatus, QStringLiteral("FAILED"));
        QCOMPARE(resolved.associationError, QStringLiteral("no privileges"));
        QVERIFY(resolved.advice().isEmpty());
    }

    void ambiguousStartIsUnknownUntilItsCallerFindsTheRequest()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        const QString project = QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:ABC");
        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), project);
        rec.callStarted(start);
        Fault reset = Fault::make(FaultKind::Transport, FaultCode::ConnectionReset,
                                  QStringLiteral("Connection reset by peer"));
        reset.operation = QStringLiteral("StartExtensionPackAssociation");
        reset.requestMayHaveBeenProcessed = true;
        rec.callFinished(finished(start, {}, reset));
        const qint64 row = rec.rowOf(start.invocationId);
        HistoryRecord r = *store.get(row).value();
        QCOMPARE(r.outcome, HistoryRecord::Outcome::Unknown); // not failed: AWS may be installing
        QCOMPARE(r.faultCode, FaultCode::ConnectionReset);
        QVERIFY(r.advice().contains(QLatin1String("Re-check before applying again")));

        // The caller's own look lists one request the history does not know: only the caller can
        // tell whether it is new, so the history does not guess.
        const CallEvent look =
            callEvent(QStringLiteral("DescribeExtensionPackAssociations"), QString(), project);
        rec.callStarted(look);
        rec.callFinished(finished(look, requestsOutput(QStringLiteral("R-OLD"), QStringLiteral("SUCCESS"))));
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::Unknown);
        QVERIFY(store.get(row).value()->dmsRequestIdentifier.isEmpty());

        rec.ambiguousCallChecked(start.invocationId,
                                 QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R-NEW")}});
        r = *store.get(row).value();
        QCOMPARE(r.dmsRequestIdentifier, QStringLiteral("R-NEW"));
        QCOMPARE(r.outcome, HistoryRecord::Outcome::Queued);
        QCOMPARE(r.httpResult(), HistoryRecord::Outcome::Unknown);
        QVERIFY(r.advice().isEmpty());
        QCOMPARE(store.findStart(QStringLiteral("R-NEW")).value()->id, row);
        // The polls that follow it update the start row like any other.
        const CallEvent poll = callEvent(QStringLiteral("DescribeExtensionPackAssociations"),
                                         QStringLiteral("poll:R-NEW"), project);
        rec.callStarted(poll);
        rec.callFinished(
            finished(poll, requestsOutput(QStringLiteral("R-NEW"), QStringLiteral("IN_PROGRESS"))));
        QCOMPARE(store.get(row).value()->associationStatus, QStringLiteral("IN_PROGRESS"));
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::InProgress);
        QCOMPARE(rec.failures(), 0);
    }

    // The advice of an unknown Start is a command that works when pasted: the profile and region
    // it went out with, the ARN, shell quoting, and the custom endpoint it was sent to.
    void unknownStartAdviceNamesWhereItWasSent()
    {
        HistoryRecord r = sample(QStringLiteral("StartExtensionPackAssociation"), QStringLiteral("erp"), 0);
        r.outcome = HistoryRecord::Outcome::Unknown;
        r.profile = QStringLiteral("dba team");
        r.region = QStringLiteral("ap-south-2");
        r.projectArn = QStringLiteral("arn:aws:dms:ap-south-2:123456789012:migration-project:ABC");
        r.endpointHost = QStringLiteral("dms.ap-south-2.amazonaws.com");
        QVERIFY2(r.advice().endsWith(
                     QLatin1String("dms-extpack-cli --profile 'dba team' --region ap-south-2 status "
                                   "arn:aws:dms:ap-south-2:123456789012:migration-project:ABC")),
                 qPrintable(r.advice()));
        r.endpointHost = QStringLiteral("127.0.0.1:4566");
        QVERIFY2(r.advice().contains(QLatin1String("it was sent to 127.0.0.1:4566: add --endpoint-url")),
                 qPrintable(r.advice()));
        r.outcome = HistoryRecord::Outcome::Failed;
        QVERIFY(r.advice().isEmpty());
    }

    void ambiguousStartNothingFoundStaysUnknown()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        const QString project = QStringLiteral("erp");
        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), project);
        rec.callStarted(start);
        Fault lost = Fault::make(FaultKind::Service, FaultCode::InternalFailure, QStringLiteral("oops"));
        lost.httpStatus = 500;
        lost.requestMayHaveBeenProcessed = true;
        rec.callFinished(finished(start, {}, lost));
        const qint64 row = rec.rowOf(start.invocationId);
        rec.ambiguousCallChecked(start.invocationId, std::nullopt);
        const HistoryRecord r = *store.get(row).value();
        QCOMPARE(r.outcome, HistoryRecord::Outcome::Unknown);
        QVERIFY(r.dmsRequestIdentifier.isEmpty());
        // The re-check names where the Start went (callEvent's region and AWS endpoint).
        QVERIFY2(r.advice().contains(QLatin1String("dms-extpack-cli --region eu-west-1 status erp")),
                 qPrintable(r.advice()));
        QVERIFY(!r.advice().contains(QLatin1String("--endpoint-url")));
        // Given up by its caller, the row is like one a dead process left: a later re-check that
        // finds exactly one request the history does not know resolves it.
        const CallEvent recheck =
            callEvent(QStringLiteral("DescribeExtensionPackAssociations"), QString(), project);
        rec.callStarted(recheck);
        rec.callFinished(
            finished(recheck, requestsOutput(QStringLiteral("R-LATE"), QStringLiteral("RECEIVED"))));
        QCOMPARE(store.get(row).value()->dmsRequestIdentifier, QStringLiteral("R-LATE"));

        // A failure that proves the Start was not processed is still failed, a plain cancel cancelled.
        const CallEvent refused =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), project);
        rec.callStarted(refused);
        Fault throttled = Fault::make(FaultKind::Service, FaultCode::ThrottlingException);
        throttled.httpStatus = 400;
        rec.callFinished(finished(refused, {}, throttled));
        QCOMPARE(store.get(rec.rowOf(refused.invocationId)).value()->outcome, HistoryRecord::Outcome::Failed);
        const CallEvent stopped =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), project);
        rec.callStarted(stopped);
        rec.callFinished(finished(stopped, {}, Fault::make(FaultKind::Cancelled, FaultCode::Cancelled)));
        QCOMPARE(store.get(rec.rowOf(stopped.invocationId)).value()->outcome,
                 HistoryRecord::Outcome::Cancelled);
    }

    void transportReportsEachCallBeforeSendingAndAfter()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        // Checks, at the moment the transport announces the call, that the row is already stored.
        struct Probe : CallObserver
        {
            HistoryStore* store;
            HistoryRecorder* rec;
            bool pendingSeen = false;
            void callStarted(const CallEvent& e) override
            {
                const auto r = store->get(rec->rowOf(e.invocationId));
                pendingSeen = r.ok() && r.value() && r.value()->outcome == HistoryRecord::Outcome::Pending;
            }
            void callFinished(const CallEvent&) override {}
        } probe;
        probe.store = &store;
        probe.rec = &rec;

        QNetworkAccessManager nam;
        TransportConfig cfg;
        cfg.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard port: refused
        cfg.region = QStringLiteral("us-east-1");
        cfg.maxAttempts = 1;
        cfg.applyProxySettings = false;
        cfg.credentials = [] {
            AwsCredentials c;
            c.accessKeyId = QStringLiteral("AKIAHISTORYTEST00001");
            c.secretAccessKey = kSecret;
            return Result<AwsCredentials>(c);
        };
        AwsJsonTransport transport(cfg, &nam);
        transport.addObserver(&rec);
        transport.addObserver(&probe);
        CallOptions options;
        options.groupKey = QStringLiteral("listing:x");
        PendingCall* call =
            transport.call(QStringLiteral("DescribeMigrationProjects"), QJsonObject(), options);
        QSignalSpy done(call, &PendingCall::finished);
        QVERIFY(done.wait(20000));
        QVERIFY(probe.pendingSeen);
        const QList<HistoryRecord> rows = store.query(HistoryQuery()).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].outcome, HistoryRecord::Outcome::Failed);
        QCOMPARE(rows[0].faultCode, FaultCode::ConnectionRefused);
        QCOMPARE(rows[0].endpointHost, QStringLiteral("127.0.0.1:9"));
        QCOMPARE(rows[0].groupKey, QStringLiteral("listing:x"));
        QCOMPARE(rows[0].attempts, 1);
        transport.removeObserver(&probe);
        transport.removeObserver(&rec);
    }

    void secretsNeverReachTheFileOrTheExports()
    {
        Redactor::registerSecret(kSecret);
        Redactor::registerSecret(kToken);
        const QString path = freshPath();
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        const QString signature =
            QStringLiteral("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
        const QString echo =
            QStringLiteral("The request had Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, "
                           "SignedHeaders=host, Signature=%1 and key %2 and X-Amz-Security-Token=%3")
                .arg(signature, kSecret, kToken);
        const CallEvent e = callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), kSecret);
        rec.callStarted(e);
        Fault f = Fault::make(FaultKind::Service, QStringLiteral("InvalidParameterValueException"), echo);
        f.httpStatus = 400;
        CallEvent end = finished(e, {}, f);
        end.requestId = kToken;
        rec.callFinished(end);
        rec.setProfile(kSecret);
        const CallEvent e2 = callEvent(QStringLiteral("DescribeExtensionPackAssociations"),
                                       QStringLiteral("poll:x"), QStringLiteral("erp"));
        rec.callStarted(e2);
        rec.callFinished(finished(e2, requestsOutput(QStringLiteral("R1"), QStringLiteral("FAILED"), echo)));

        const QList<HistoryRecord> rows = store.query(HistoryQuery()).value();
        QCOMPARE(rows.size(), 2);
        const QByteArray csv = HistoryExporter::toCsv(rows);
        const QByteArray json = HistoryExporter::toJson(rows);
        const QByteArray raw = fileBytes(path);
        QVERIFY(raw.size() > 0);
        QVERIFY(csv.contains("InvalidParameterValueException")); // the rest of the text is kept
        for (const QString& secret : {kSecret, kToken, signature}) {
            const QByteArray s = secret.toUtf8();
            QCOMPARE(raw.count(s), 0);
            QCOMPARE(csv.count(s), 0);
            QCOMPARE(json.count(s), 0);
        }
    }
    // Another connection holding the write lock (as a second program writing would) makes every
    // write wait out the busy timeout and fail with SQLITE_BUSY: real, and root cannot bypass it.
    void aRequestTheLockedHistoryCannotKeepIsReportedByName()
    {
        const QString path = freshPath();
        {
            HistoryStore created(path);
            QVERIFY(created.open().ok());
        }
        const QString lockName = QUuid::createUuid().toString();
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(path);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));

            // A current file opens for reading although another program writes.
            HistoryStore store(path);
            QVERIFY(store.open().ok());
            HistoryRecorder rec(&store);
            QList<Fault> losses;
            rec.setLossHandler([&losses](const Fault& f) { losses.append(f); });
            const CallEvent start =
                callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), QStringLiteral("erp"));
            rec.callStarted(start);
            QVERIFY(losses.isEmpty()); // tried again when the call ends
            rec.callFinished(finished(
                start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R-LOST")}}));
            QCOMPARE(losses.size(), 1);
            const Fault& lost = losses.first();
            QCOMPARE(lost.code, QString(FaultCode::HistoryRequestNotRecorded));
            QCOMPARE(lost.operation, QStringLiteral("StartExtensionPackAssociation"));
            QVERIFY2(
                lost.message.contains(QLatin1String("StartExtensionPackAssociation (DMS request id R-LOST)")),
                qPrintable(lost.message));
            QVERIFY2(lost.message.contains(path), qPrintable(lost.message));
            QVERIFY2(lost.message.contains(QLatin1String("locked")), qPrintable(lost.message));
            QVERIFY(rec.failures() >= 2);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            QCOMPARE(store.count(HistoryQuery()).value(), 0);
        }
        QSqlDatabase::removeDatabase(lockName);
    }

    void aRowWhoseInsertFailedIsWrittenWhenTheLockIsGone()
    {
        const QString path = freshPath();
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        QList<Fault> losses;
        rec.setLossHandler([&losses](const Fault& f) { losses.append(f); });
        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), QStringLiteral("erp"));
        const QString lockName = QUuid::createUuid().toString();
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(path);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            rec.callStarted(start);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            locker.close();
        }
        QSqlDatabase::removeDatabase(lockName);
        QCOMPARE(store.count(HistoryQuery()).value(), 0);
        rec.callFinished(
            finished(start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R-LATE")}}));
        QVERIFY2(losses.isEmpty(), qPrintable(losses.value(0).message));
        const std::optional<HistoryRecord> row = store.findStart(QStringLiteral("R-LATE")).value();
        QVERIFY(row);
        QCOMPARE(row->outcome, HistoryRecord::Outcome::Queued);
        QCOMPARE(rec.rowOf(start.invocationId), row->id);
    }

    // A row is written again at each of its calls, only with what changed: every field still
    // reaches the file, a NULL becoming 0 included, and a later write sees what it leaves alone.
    void updatesWriteEveryChangedFieldAndNothingElse()
    {
        const QString path = freshPath();
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        HistoryRecord r = sample(QStringLiteral("DescribeMigrationProjects"), QString(), 1740000000000);
        r.finishedAt = QDateTime();
        r.durationMs = -1;
        r.outcome = HistoryRecord::Outcome::Pending;
        r.id = store.insert(r).value();
        QCOMPARE(store.get(r.id).value()->durationMs, -1);

        HistoryRecord done = r;
        done.finishedAt = r.startedAt;
        done.durationMs = 0; // NULL before: equal to 0 as a QVariant, not in the file
        done.outcome = HistoryRecord::Outcome::Succeeded;
        done.callCount = 2;
        done.awsRequestId = QStringLiteral("aws-2");
        done.associationTransitions = {QStringLiteral("t1 RECEIVED")};
        QVERIFY(store.update(done).ok());
        const HistoryRecord back = *store.get(r.id).value();
        QCOMPARE(back.durationMs, 0);
        QCOMPARE(back.finishedAt, r.startedAt);
        QCOMPARE(back.toJson(), done.toJson());

        // Another process moves the installation on; this store's next write changes the call
        // count only, and leaves the status it did not change as the other process wrote it.
        withRawDb(path, [&](QSqlDatabase& db) {
            QSqlQuery q(db);
            QVERIFY(q.exec(
                QStringLiteral("UPDATE history SET association_status = 'SUCCESS' WHERE id = %1").arg(r.id)));
        });
        HistoryRecord again = done;
        again.callCount = 3;
        QVERIFY(store.update(again).ok());
        const HistoryRecord last = *store.get(r.id).value();
        QCOMPARE(last.callCount, 3);
        QCOMPARE(last.associationStatus, QStringLiteral("SUCCESS"));
        QCOMPARE(last.awsRequestId, QStringLiteral("aws-2"));

        // A fresh store knows nothing it wrote: it writes the whole row.
        HistoryStore other(path);
        QVERIFY(other.open().ok());
        QVERIFY(other.update(again).ok());
        QCOMPARE(other.get(r.id).value()->associationStatus, QString());
    }

    // What the Redactor gave for a value is reused only while no secret changes.
    void aValueWrittenAgainAfterItsSecretIsKnownIsRedacted()
    {
        const QString secret = QStringLiteral("LateSecretValue/0123456789abcdefABCDEF");
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecord r = sample(QStringLiteral("DescribeMigrationProjects"), QString(), 1740000000000);
        r.faultMessage = QStringLiteral("the server said %1").arg(secret);
        r.id = store.insert(r).value();
        QVERIFY(store.get(r.id).value()->faultMessage.contains(secret)); // nothing says it is one yet

        Redactor::registerSecret(secret);
        r.callCount = 2;
        QVERIFY(store.update(r).ok());
        const QString stored = store.get(r.id).value()->faultMessage;
        QVERIFY2(!stored.contains(secret), qPrintable(stored));
        QVERIFY(stored.startsWith(QLatin1String("the server said ")));
        const qint64 second = store.insert(r).value();
        QVERIFY(!store.get(second).value()->faultMessage.contains(secret));
        Redactor::clearRegisteredSecrets();
    }

    // A page the DMS client read from its bytes comes with its projects' ARNs and names: the
    // recorder takes the names from them and never makes the page's output.
    void aListingReadFromItsBytesGivesItsNamesWithoutMakingItsOutput()
    {
        const QString arn = QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:DEFERRED");
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        int made = 0;
        CallEvent::DeferredOutput::ItemNames names;
        names.append(QString(arn + QStringLiteral("-other")), QStringLiteral("other"));
        names.append(arn, QStringLiteral("erp-deferred"));
        const qint64 listing = recordListedPage(rec, names, [&made] {
            ++made;
            return QJsonObject();
        });
        QCOMPARE(store.get(listing).value()->operation, QStringLiteral("DescribeMigrationProjects"));

        QCOMPARE(recordedCallByArn(rec, store, arn).projectName, QStringLiteral("erp-deferred"));
        QCOMPARE(made, 0);
        QCOMPARE(rec.failures(), 0);
    }

    // A call that says its project's name (CallEvent::subjectName) is recorded with it, without
    // the listings' names being read: they may even disagree (renamed since).
    void aCallThatNamesItsProjectIsRecordedWithThatName()
    {
        const QString arn = QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:SUBJECT");
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        CallEvent::DeferredOutput::ItemNames names;
        names.append(arn, QStringLiteral("erp-listed"));
        recordListedPage(rec, names);

        const HistoryRecord row = recordedCallByArn(rec, store, arn, QStringLiteral("erp-now"));
        QCOMPARE(row.projectName, QStringLiteral("erp-now"));
        QCOMPARE(row.projectArn, arn);

        QCOMPARE(recordedCallByArn(rec, store, arn).projectName, QStringLiteral("erp-listed"));
    }

    // Only the newest listings' names are kept for later calls (about 20,000): older pages are
    // dropped unread, so a window that refreshes a large listing keeps bounded memory.
    void onlyTheNewestListedNamesAreKept()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        auto arnOf = [](int page, int i) {
            return QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:P%1-%2")
                .arg(page)
                .arg(i);
        };
        constexpr int kPages = 3;
        constexpr int kPerPage = 10000;
        for (int page = 0; page < kPages; ++page) {
            CallEvent::DeferredOutput::ItemNames names;
            for (int i = 0; i < kPerPage; ++i)
                names.append(arnOf(page, i), QStringLiteral("name-%1-%2").arg(page).arg(i));
            recordListedPage(rec, names);
        }
        auto nameByArn = [&](const QString& arn) { return recordedCallByArn(rec, store, arn).projectName; };
        QCOMPARE(nameByArn(arnOf(0, 5)), QString()); // the oldest page: dropped
        QCOMPARE(nameByArn(arnOf(1, 5)), QStringLiteral("name-1-5"));
        QCOMPARE(nameByArn(arnOf(2, kPerPage - 1)), QStringLiteral("name-2-9999"));
    }

    // In a batch, a row that many calls change is written once, with its last state, when the
    // batch ends; before that the file shows its last write.
    void aBatchWritesEachRowOnceWithItsLastState()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        const CallEvent first =
            callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
        rec.callStarted(first);
        rec.callFinished(finished(first));
        const qint64 row = rec.rowOf(first.invocationId);
        const qint64 before = store.lastChange().value();

        rec.beginBatch();
        constexpr int kPages = 50;
        for (int page = 1; page < kPages; ++page) {
            const CallEvent e =
                callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
            rec.callStarted(e);
            QCOMPARE(rec.rowOf(e.invocationId), row);
            rec.callFinished(finished(e));
        }
        QCOMPARE(store.lastChange().value(), before);
        QCOMPARE(store.get(row).value()->callCount, 1);

        rec.endBatch();
        QCOMPARE(store.lastChange().value(), before + 1); // one write for 98 events
        const HistoryRecord written = *store.get(row).value();
        QCOMPARE(written.callCount, kPages);
        QCOMPARE(written.attempts, kPages);
        QCOMPARE(written.outcome, HistoryRecord::Outcome::Succeeded);
        QCOMPARE(rec.failures(), 0);
    }

    // What a batch holds reaches the file before the recorder reads it: a poll that sees the
    // installation finish finds its Start by the request id the same batch gave it.
    void aBatchWritesWhatItHoldsBeforeReadingTheFile()
    {
        const QString project = QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:ABC");
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), project);
        rec.callStarted(start);
        const CallEvent poll1 = callEvent(QStringLiteral("DescribeExtensionPackAssociations"),
                                          QStringLiteral("poll:R7"), project);
        rec.callStarted(poll1);
        rec.callFinished(finished(poll1));

        rec.beginBatch();
        rec.callFinished(
            finished(start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R7")}}));
        const CallEvent poll2 = callEvent(QStringLiteral("DescribeExtensionPackAssociations"),
                                          QStringLiteral("poll:R7"), project);
        rec.callStarted(poll2);
        rec.callFinished(finished(poll2, requestsOutput(QStringLiteral("R7"), QStringLiteral("SUCCESS"))));
        rec.endBatch();

        const std::optional<HistoryRecord> row = store.findStart(QStringLiteral("R7")).value();
        QVERIFY(row);
        QCOMPARE(row->associationStatus, QStringLiteral("SUCCESS"));
        QCOMPARE(row->outcome, HistoryRecord::Outcome::Succeeded);
        QCOMPARE(store.get(rec.rowOf(poll2.invocationId)).value()->callCount, 2);
        QCOMPARE(rec.failures(), 0);
    }

    // A call's end held in a batch that cannot be written is named to the loss handler, as one
    // written at once would be.
    void aHeldEndTheLockedHistoryCannotKeepIsReportedByName()
    {
        const QString path = freshPath();
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        QList<Fault> losses;
        rec.setLossHandler([&losses](const Fault& f) { losses.append(f); });
        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), QStringLiteral("erp"));
        rec.callStarted(start);
        QVERIFY(rec.rowOf(start.invocationId) != 0);
        const QString lockName = QUuid::createUuid().toString();
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(path);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            rec.beginBatch();
            rec.callFinished(finished(
                start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R-HELD")}}));
            QVERIFY(losses.isEmpty()); // held, not yet tried
            rec.endBatch();
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            locker.close();
        }
        QSqlDatabase::removeDatabase(lockName);
        QCOMPARE(losses.size(), 1);
        QVERIFY2(losses.first().message.contains(QLatin1String("(DMS request id R-HELD)")),
                 qPrintable(losses.first().message));
        QCOMPARE(losses.first().code, QString(FaultCode::HistoryRequestNotRecorded));
    }

    // Names come from the listings this process saw, read when a call names a project by ARN
    // alone: the newest listing's name.
    void aCallNamingAProjectByArnCarriesItsListedName()
    {
        const QString arn = QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:NAMED");
        auto listing = [](const QString& projectArn, const QString& name) {
            QJsonArray projects;
            for (int i = 0; i < 3; ++i)
                projects.append(
                    QJsonObject{{QStringLiteral("MigrationProjectArn"),
                                 QStringLiteral("%1-other%2").arg(projectArn).arg(i)},
                                {QStringLiteral("MigrationProjectName"), QStringLiteral("other-%1").arg(i)}});
            projects.append(QJsonObject{{QStringLiteral("MigrationProjectArn"), projectArn},
                                        {QStringLiteral("MigrationProjectName"), name}});
            return QJsonObject{{QStringLiteral("MigrationProjects"), projects}};
        };
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder rec(&store);
        auto callByArn = [&] { return recordedCallByArn(rec, store, arn); };
        QCOMPARE(callByArn().projectName, QString()); // no listing yet

        const CallEvent page =
            callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
        rec.callStarted(page);
        rec.callFinished(finished(page, listing(arn, QStringLiteral("erp-old"))));
        QCOMPARE(callByArn().projectName, QStringLiteral("erp-old"));

        // Renamed: two more pages before the next call by ARN, the newer name last.
        for (const QString& name : {QStringLiteral("erp-mid"), QStringLiteral("erp-new")}) {
            const CallEvent next =
                callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:2"));
            rec.callStarted(next);
            rec.callFinished(finished(next, listing(arn, name)));
        }
        const HistoryRecord row = callByArn();
        QCOMPARE(row.projectName, QStringLiteral("erp-new"));
        QCOMPARE(row.projectArn, arn);
        HistoryQuery byName;
        byName.project = QStringLiteral("erp-new");
        QCOMPARE(store.count(byName).value(), 1);
        QCOMPARE(rec.failures(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
