// Several processes on one history file: concurrent writers lose nothing, and a writer killed
// with SIGKILL in the middle of its writes leaves a sound file holding every call it started.
// The helper writer is this same executable started with --writer.

#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cstdio>
#include <signal.h>

using namespace dmsx;

namespace {

// Records `count` calls through the real recorder, as the transport would report them, printing
// "started TAG-i" once each call's pending row is stored. count 0: until killed.
int runWriter(const QString& path, const QString& tag, int count)
{
    HistoryStore store(path);
    const Result<void> opened = store.open();
    if (!opened.ok()) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(opened.fault().message));
        return 3;
    }
    HistoryRecorder recorder(&store);
    recorder.setProfile(tag);
    for (int i = 0; count == 0 || i < count; ++i) {
        CallEvent e;
        e.invocationId = tag + QLatin1Char('-') + QString::number(i);
        e.operation = i % 10 == 0 ? QStringLiteral("StartExtensionPackAssociation")
                                  : QStringLiteral("DescribeExtensionPackAssociations");
        e.input.insert(QStringLiteral("MigrationProjectIdentifier"),
                       QString(QStringLiteral("project-") + tag));
        e.region = QStringLiteral("us-east-1");
        e.startedAt = QDateTime::currentDateTimeUtc();
        recorder.callStarted(e);
        if (recorder.failures() > 0) {
            std::fprintf(stderr, "write failed: %s\n", qPrintable(recorder.lastError()));
            return 4;
        }
        std::printf("started %s\n", qPrintable(e.invocationId));
        std::fflush(stdout);
        e.finishedAt = QDateTime::currentDateTimeUtc();
        e.attempts = 1;
        e.httpStatus = 200;
        recorder.callFinished(e);
        if (recorder.failures() > 0) {
            std::fprintf(stderr, "write failed: %s\n", qPrintable(recorder.lastError()));
            return 4;
        }
    }
    return 0;
}

QSet<QString> invocationIds(HistoryStore& store, const QString& profile)
{
    HistoryQuery q;
    q.profile = profile;
    q.limit = 0;
    QSet<QString> ids;
    const QList<HistoryRecord> rows = store.query(q).value();
    for (const HistoryRecord& r : rows)
        ids.insert(r.invocationId);
    return ids;
}

} // namespace

class TestHistoryProcesses : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void startWriter(QProcess& p, const QString& path, const QString& tag, int count)
    {
        p.setProgram(QCoreApplication::applicationFilePath());
        p.setArguments({QStringLiteral("--writer"), path, tag, QString::number(count)});
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void twoProcessesWriteAtOnceWithoutLoss()
    {
        const QString path = m_dir.filePath(QStringLiteral("concurrent.sqlite"));
        const int perWriter = 400;
        QProcess a;
        QProcess b;
        startWriter(a, path, QStringLiteral("A"), perWriter);
        startWriter(b, path, QStringLiteral("B"), perWriter);
        // This process writes too, as the GUI would while CLI runs go on.
        HistoryStore store(path);
        QVERIFY(store.open().ok());
        for (int i = 0; i < 100; ++i) {
            HistoryRecord r;
            r.startedAt = QDateTime::currentDateTimeUtc();
            r.operation = QStringLiteral("DescribeMigrationProjects");
            r.profile = QStringLiteral("C");
            r.invocationId = QStringLiteral("C-%1").arg(i);
            r.outcome = HistoryRecord::Outcome::Succeeded;
            const Result<qint64> id = store.insert(r);
            QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.fault().message));
        }
        for (QProcess* p : {&a, &b}) {
            QVERIFY(p->waitForFinished(120000));
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
                     p->readAllStandardError().constData());
            QCOMPARE(p->readAllStandardOutput().count("started "), qsizetype(perWriter));
        }
        QCOMPARE(store.count(HistoryQuery()).value(), qint64(2 * perWriter + 100));
        for (const QString& tag : {QStringLiteral("A"), QStringLiteral("B")}) {
            QCOMPARE(invocationIds(store, tag).size(), perWriter);
            // Every tenth call is a Start: accepted and never polled, its installation is queued.
            HistoryQuery succeeded;
            succeeded.profile = tag;
            succeeded.outcome = HistoryRecord::Outcome::Succeeded;
            HistoryQuery queued = succeeded;
            queued.outcome = HistoryRecord::Outcome::Queued;
            QCOMPARE(store.count(succeeded).value(), qint64(perWriter - perWriter / 10));
            QCOMPARE(store.count(queued).value(), qint64(perWriter / 10));
        }
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));
    }

    void writerKilledMidWriteLeavesASoundFileWithEveryStartedCall()
    {
        const QString path = m_dir.filePath(QStringLiteral("killed.sqlite"));
        QProcess w;
        startWriter(w, path, QStringLiteral("K"), 0);
        QVERIFY(w.waitForStarted(10000));
        QByteArray out;
        while (out.count("started ") < 300) {
            QVERIFY2(w.waitForReadyRead(30000), w.readAllStandardError().constData());
            out += w.readAllStandardOutput();
        }
        ::kill(pid_t(w.processId()), SIGKILL);
        QVERIFY(w.waitForFinished(10000));
        QCOMPARE(w.exitStatus(), QProcess::CrashExit);
        out += w.readAllStandardOutput();

        QSet<QString> announced;
        for (const QByteArray& line : out.split('\n')) {
            if (line.startsWith("started "))
                announced.insert(QString::fromUtf8(line.mid(8)));
        }
        QVERIFY(announced.size() >= 300);

        HistoryStore store(path);
        QVERIFY(store.open().ok());
        QVERIFY(store.recoveryNotice().isEmpty());
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));
        const QSet<QString> stored = invocationIds(store, QStringLiteral("K"));
        for (const QString& id : std::as_const(announced))
            QVERIFY2(stored.contains(id), qPrintable(id));
        // The call in flight when the writer died reads as unknown, never as pending forever.
        HistoryQuery pending;
        pending.outcome = HistoryRecord::Outcome::Pending;
        QCOMPARE(store.count(pending).value(), qint64(0));
        HistoryQuery succeeded;
        succeeded.outcome = HistoryRecord::Outcome::Succeeded;
        HistoryQuery queued;
        queued.outcome = HistoryRecord::Outcome::Queued; // the Starts
        QVERIFY(store.count(succeeded).value() + store.count(queued).value() >= qint64(announced.size()) - 1);
    }
};

int main(int argc, char** argv)
{
    if (argc == 5 && qstrcmp(argv[1], "--writer") == 0) {
        QCoreApplication app(argc, argv);
        return runWriter(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), atoi(argv[4]));
    }
    QCoreApplication app(argc, argv);
    TestHistoryProcesses t;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&t, argc, argv);
}

#include "tst_historyprocesses.moc"
