// The history writer on real SQLite files: every call handed over is written, in order, also
// when the writer is closed right after the call; losses (a locked file) reach the caller's
// thread; written() tells the caller's store.

#include "HistoryTestEvents.h"
#include "base/FaultCodes.h"
#include "history/HistoryStore.h"
#include "history/HistoryWriter.h"

#include <QDir>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <chrono>

using namespace dmsx;
using historytest::callEvent;
using historytest::finished;

namespace {

// One Start per project, in the order given, finished at once.
void recordStarts(HistoryWriter& writer, int count)
{
    for (int i = 0; i < count; ++i) {
        const CallEvent e = callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(),
                                      QStringLiteral("p-%1").arg(i));
        writer.callStarted(e);
        writer.callFinished(
            finished(e, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R-%1").arg(i)}}));
    }
}

// The projects of the rows in the order they were written (by id).
QStringList projectsInOrder(const QString& path)
{
    QStringList out;
    const QString name = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT project FROM history ORDER BY id"));
            while (q.next())
                out << q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

QStringList expectedProjects(int count)
{
    QStringList out;
    for (int i = 0; i < count; ++i)
        out << QStringLiteral("p-%1").arg(i);
    return out;
}

} // namespace

class TestHistoryWriter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;

    // A history file created and migrated, as the window's and the CLI's store leave it.
    QString createdHistory()
    {
        const QString path = m_dir.filePath(QStringLiteral("w%1.sqlite").arg(++m_n));
        HistoryStore store(path);
        if (!store.open().ok())
            return QString();
        return path;
    }

private slots:
    void everyCallIsWrittenInTheOrderGiven()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        constexpr int kCalls = 300;
        HistoryWriter writer(path);
        recordStarts(writer, kCalls);
        writer.flush();
        QCOMPARE(projectsInOrder(path), expectedProjects(kCalls));
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        // Each finished with its answer: none left pending or unknown.
        HistoryQuery q;
        q.outcome = HistoryRecord::Outcome::Queued;
        QCOMPARE(store.count(q).value(), qint64(kCalls));
        QVERIFY(store.findStart(QStringLiteral("R-%1").arg(kCalls - 1)).value().has_value());
    }

    void theCallsOfOneListingShareOneRow()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        constexpr int kPages = 100;
        HistoryWriter writer(path);
        writer.setProfile(QStringLiteral("ops"));
        for (int i = 0; i < kPages; ++i) {
            const CallEvent e = callEvent(QStringLiteral("DescribeMigrationProjects"),
                                          QStringLiteral("listing-1"), QString());
            writer.callStarted(e);
            writer.callFinished(finished(e));
        }
        writer.flush();
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        const QList<HistoryRecord> rows = store.query(HistoryQuery()).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().callCount, kPages);
        QCOMPARE(rows.first().profile, QStringLiteral("ops"));
        QCOMPARE(rows.first().outcome, HistoryRecord::Outcome::Succeeded);
    }

    // A listing's pages reach the file by themselves, without a flush, within the series' delay;
    // its row is written once per burst, not twice per page.
    void aListingIsWrittenOncePerBurstWithoutAFlush()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        HistoryStore shown(path);
        QVERIFY(shown.open().ok());
        const qint64 before = shown.lastChange().value();
        HistoryWriter writer(path);
        constexpr int kPages = 100;
        for (int i = 0; i < kPages; ++i) {
            const CallEvent e = callEvent(QStringLiteral("DescribeMigrationProjects"),
                                          QStringLiteral("listing-1"), QString());
            writer.callStarted(e);
            writer.callFinished(finished(e));
        }
        auto pagesWritten = [&shown] {
            const QList<HistoryRecord> rows = shown.query(HistoryQuery()).value();
            return rows.size() == 1 && rows.first().outcome == HistoryRecord::Outcome::Succeeded
                       ? rows.first().callCount
                       : 0;
        };
        QTRY_COMPARE_WITH_TIMEOUT(pagesWritten(), kPages, 10000);
        // The insert and one write per burst: 200 writes if each event were written.
        const qint64 writes = shown.lastChange().value() - before;
        QVERIFY2(writes >= 2 && writes <= 10, qPrintable(QString::number(writes)));
    }

    // A series waits for its delay; a call outside one (a Start) is written at once, with what
    // was handed over before it.
    void aStartIsWrittenAtOnceWithTheSeriesBeforeIt()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        HistoryStore shown(path);
        QVERIFY(shown.open().ok());
        HistoryWriter writer(path);
        writer.setSeriesDelay(std::chrono::hours(1));
        const CallEvent page =
            callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("listing-1"), QString());
        writer.callStarted(page);
        writer.callFinished(finished(page));
        QTest::qWait(300);
        QCOMPARE(shown.count(HistoryQuery()).value(), 0); // held for the series' delay

        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), QStringLiteral("erp"));
        writer.callStarted(start);
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(HistoryQuery()).value(), qint64(2), 10000);
        QCOMPARE(projectsInOrder(path), (QStringList{QString(), QStringLiteral("erp")}));
    }

    // A process that ends right after its last call: closing the writer writes what is queued.
    void closingTheWriterWritesEverythingQueued()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        constexpr int kCalls = 200;
        {
            HistoryWriter writer(path);
            recordStarts(writer, kCalls);
        }
        QCOMPARE(projectsInOrder(path), expectedProjects(kCalls));
    }

    void afterWrittenComesOnceEverythingBeforeIsWritten()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        HistoryWriter writer(path);
        recordStarts(writer, 50);
        QStringList seen;
        bool gone = false;
        writer.afterWritten(this, [&] { seen = projectsInOrder(path); });
        {
            QObject context;
            writer.afterWritten(&context, [&] { gone = true; });
        }
        writer.flush();
        QVERIFY(seen.isEmpty()); // queued to this thread: not yet
        QCoreApplication::processEvents();
        QCOMPARE(seen, expectedProjects(50));
        QVERIFY(!gone);
    }

    void writtenTellsTheCallersStoreOnItsThread()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        HistoryStore shown(path);
        QVERIFY(shown.open().ok());
        HistoryWriter writer(path);
        QObject::connect(&writer, &HistoryWriter::written, &shown, &HistoryStore::changed);
        QThread* seenOn = nullptr;
        QObject::connect(&shown, &HistoryStore::changed, this,
                         [&seenOn] { seenOn = QThread::currentThread(); });
        QSignalSpy changed(&shown, &HistoryStore::changed);
        recordStarts(writer, 3);
        writer.flush();
        // Queued to this thread: already posted, delivered by its event loop and not before.
        QCOMPARE(changed.count(), 0);
        QCoreApplication::processEvents();
        QVERIFY(changed.count() > 0);
        QCOMPARE(seenOn, QThread::currentThread());
        QCOMPARE(shown.count(HistoryQuery()).value(), 3);
    }

    // Another program holds the file locked past the busy timeout: the request is named to the
    // loss handler, on the thread that made the call, and the call itself returned at once.
    void aLockedFileIsReportedOnTheCallersThread()
    {
        const QString path = createdHistory();
        QVERIFY(!path.isEmpty());
        const QString lockName = QUuid::createUuid().toString();
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(path);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));

            HistoryWriter writer(path);
            QList<Fault> losses;
            QList<QThread*> threads;
            writer.setLossHandler([&](const Fault& f) {
                losses.append(f);
                threads.append(QThread::currentThread());
            });
            const CallEvent start =
                callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), QStringLiteral("erp"));
            writer.callStarted(start);
            writer.callFinished(finished(
                start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R-LOST")}}));
            writer.flush();
            QCOMPARE(losses.size(), 1);
            QCOMPARE(threads.first(), QThread::currentThread());
            QCOMPARE(losses.first().code, QString(FaultCode::HistoryRequestNotRecorded));
            QVERIFY2(losses.first().message.contains(QLatin1String("R-LOST")),
                     qPrintable(losses.first().message));
            QVERIFY2(losses.first().message.contains(path), qPrintable(losses.first().message));
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        QSqlDatabase::removeDatabase(lockName);
        QCOMPARE(projectsInOrder(path), QStringList());
    }

    void aFileThatCannotBeOpenedIsSaidOnce()
    {
        // A folder where the file should be: SQLite cannot open it, and nothing can be recorded.
        const QString path = m_dir.filePath(QStringLiteral("folder.sqlite"));
        QVERIFY(QDir().mkpath(path));
        HistoryWriter writer(path);
        QList<Fault> losses;
        writer.setLossHandler([&losses](const Fault& f) { losses.append(f); });
        recordStarts(writer, 5);
        writer.flush();
        QCOMPARE(losses.size(), 1);
        QCOMPARE(losses.first().code, QString(FaultCode::HistoryRequestNotRecorded));
        QVERIFY2(losses.first().message.contains(path), qPrintable(losses.first().message));
    }
};

QTEST_GUILESS_MAIN(TestHistoryWriter)
#include "tst_historywriter.moc"
