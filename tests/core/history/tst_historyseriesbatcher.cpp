// The CLI's history on the caller's thread, on real SQLite files: a series' writes are held for
// the batcher's delay and then written once; a Start is written before anything is sent, with
// what was held; the batcher's end writes what it holds.

#include "HistoryTestEvents.h"
#include "history/HistoryRecorder.h"
#include "history/HistorySeriesBatcher.h"
#include "history/HistoryStore.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace dmsx;
using historytest::callEvent;
using historytest::finished;

namespace {

// The listing row's pages as the file has them; 0 while it is not there.
int pagesInFile(HistoryStore& store, qint64 row)
{
    const std::optional<HistoryRecord> r = store.get(row).value();
    return r ? r->callCount : 0;
}

} // namespace

class TestHistorySeriesBatcher : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("b%1.sqlite").arg(++m_n)); }

    // Pages [from, to) of one listing.
    static void listPages(CallObserver& observer, int from, int to)
    {
        for (int i = from; i < to; ++i) {
            const CallEvent e =
                callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
            observer.callStarted(e);
            observer.callFinished(finished(e));
        }
    }

private slots:
    void aSeriesIsWrittenOnceItsDelayHasPassed()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder recorder(&store);
        HistorySeriesBatcher batcher(&recorder);
        QCOMPARE(batcher.delay(), HistoryRecorder::kSeriesDelay);
        const qint64 before = store.lastChange().value();
        const CallEvent first =
            callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
        batcher.callStarted(first);
        const qint64 row = recorder.rowOf(first.invocationId);
        QVERIFY(row != 0); // a series' first call is in the file before it is sent
        QCOMPARE(pagesInFile(store, row), 1);
        batcher.callFinished(finished(first));
        listPages(batcher, 1, 100);
        QTRY_COMPARE_WITH_TIMEOUT(pagesInFile(store, row), 100, 10000);
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::Succeeded);
        const qint64 writes = store.lastChange().value() - before;
        QVERIFY2(writes >= 2 && writes <= 10, qPrintable(QString::number(writes)));
        QCOMPARE(recorder.failures(), 0);
    }

    // A Start is not held: it writes what the series holds, and its own row, before it is sent.
    void aStartIsWrittenAtOnceWithWhatWasHeld()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder recorder(&store);
        HistorySeriesBatcher batcher(&recorder);
        batcher.setDelay(std::chrono::hours(1));
        const CallEvent first =
            callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
        batcher.callStarted(first);
        const qint64 row = recorder.rowOf(first.invocationId);
        batcher.callFinished(finished(first));
        listPages(batcher, 1, 10);
        QCOMPARE(pagesInFile(store, row), 1);

        const CallEvent start =
            callEvent(QStringLiteral("StartExtensionPackAssociation"), QString(), QStringLiteral("erp"));
        batcher.callStarted(start);
        QCOMPARE(pagesInFile(store, row), 10);
        QCOMPARE(store.get(recorder.rowOf(start.invocationId)).value()->outcome,
                 HistoryRecord::Outcome::Pending);
        batcher.callFinished(
            finished(start, QJsonObject{{QStringLiteral("RequestIdentifier"), QStringLiteral("R1")}}));
        QVERIFY(store.findStart(QStringLiteral("R1")).value().has_value()); // its end at once too
    }

    // A command that ends within the delay: what is held is written when the batcher goes.
    void theBatchersEndWritesWhatItHolds()
    {
        HistoryStore store(freshPath());
        QVERIFY(store.open().ok());
        HistoryRecorder recorder(&store);
        qint64 row = 0;
        {
            HistorySeriesBatcher batcher(&recorder);
            batcher.setDelay(std::chrono::hours(1));
            const CallEvent first =
                callEvent(QStringLiteral("DescribeMigrationProjects"), QStringLiteral("list:1"));
            batcher.callStarted(first);
            row = recorder.rowOf(first.invocationId);
            batcher.callFinished(finished(first));
            listPages(batcher, 1, 5);
            QCOMPARE(pagesInFile(store, row), 1);
        }
        QCOMPARE(pagesInFile(store, row), 5);
        QCOMPARE(store.get(row).value()->outcome, HistoryRecord::Outcome::Succeeded);
    }
};

QTEST_GUILESS_MAIN(TestHistorySeriesBatcher)
#include "tst_historyseriesbatcher.moc"
