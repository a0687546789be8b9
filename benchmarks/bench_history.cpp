// Request history on a real SQLite file: how many rows a second the store takes (each its own
// transaction, as the recorder writes them), and how long opening a 100,000-row history and
// reading its first page takes (what the GUI and `history` do on start). And what recording
// costs a listing of 10,000 projects from dms-sim: the same listing without a history, through
// the HistoryWriter (the window's), and through a HistoryRecorder on the caller's thread behind a
// HistorySeriesBatcher (the CLI's), runs alternated so that the machine's load falls on all three
// alike.

#include "dms/DmsClient.h"
#include "dms/ProjectLister.h"
#include "history/HistoryRecorder.h"
#include "history/HistorySeriesBatcher.h"
#include "history/HistoryStore.h"
#include "history/HistoryWriter.h"
#include "net/AwsJsonTransport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

#include <sys/resource.h>

using namespace dmsx;

namespace {

constexpr int kRows = 100000;

QTemporaryDir& tempDir()
{
    static QTemporaryDir dir;
    return dir;
}

HistoryRecord row(int i, qint64 baseMs)
{
    HistoryRecord r;
    r.startedAt = QDateTime::fromMSecsSinceEpoch(baseMs + qint64(i) * 1000, Qt::UTC);
    r.finishedAt = r.startedAt.addMSecs(40);
    r.durationMs = 40;
    r.profile = i % 3 ? QStringLiteral("default") : QStringLiteral("prod");
    r.credentialsSource = QStringLiteral("environment variables");
    r.region = i % 2 ? QStringLiteral("us-east-1") : QStringLiteral("eu-west-1");
    r.endpointHost = QStringLiteral("dms.us-east-1.amazonaws.com");
    r.operation = i % 10 == 0 ? QStringLiteral("StartExtensionPackAssociation")
                              : QStringLiteral("DescribeExtensionPackAssociations");
    r.projectName = QStringLiteral("project-%1").arg(i % 500);
    r.awsRequestId = QStringLiteral("6f1c1f7e-%1-4b1e-9a3d-0c1e2f3a4b5c").arg(i, 4, 16, QLatin1Char('0'));
    r.httpStatus = 200;
    r.attempts = 1;
    r.outcome = i % 50 == 0 ? HistoryRecord::Outcome::Failed : HistoryRecord::Outcome::Succeeded;
    return r;
}

// A 100,000-row history, built once (in one transaction: building it is not what is measured).
QString bigHistory()
{
    static QString path;
    if (!path.isEmpty())
        return path;
    path = tempDir().filePath(QStringLiteral("big.sqlite"));
    {
        HistoryStore store(path);
        if (!store.open().ok())
            qFatal("cannot create the history");
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bulk"));
        db.setDatabaseName(path);
        db.open();
        db.transaction();
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO history (started_at, started_ms, finished_ms, duration_ms, "
                                 "profile, credentials_source, "
                                 "region, endpoint_host, operation, project, request_id, http_status, "
                                 "attempts, call_count, outcome, "
                                 "pid) VALUES (?, ?, ?, 40, ?, 'environment variables', ?, "
                                 "'dms.us-east-1.amazonaws.com', ?, ?, ?, 200, "
                                 "1, 1, ?, 0)"));
        const qint64 base = QDateTime::currentMSecsSinceEpoch() - qint64(kRows) * 1000;
        for (int i = 0; i < kRows; ++i) {
            const HistoryRecord r = row(i, base);
            q.bindValue(0, r.startedAt.toString(Qt::ISODateWithMs));
            q.bindValue(1, r.startedAt.toMSecsSinceEpoch());
            q.bindValue(2, r.finishedAt.toMSecsSinceEpoch());
            q.bindValue(3, r.profile);
            q.bindValue(4, r.region);
            q.bindValue(5, r.operation);
            q.bindValue(6, r.projectName);
            q.bindValue(7, r.awsRequestId);
            q.bindValue(8, HistoryRecord::outcomeName(r.outcome));
            q.exec();
        }
        db.commit();
        QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bulk"));
    return path;
}

void BM_InsertRow(benchmark::State& state)
{
    const QString path = tempDir().filePath(QStringLiteral("insert-%1.sqlite").arg(state.thread_index()));
    QFile::remove(path);
    HistoryStore store(path);
    if (!store.open().ok()) {
        state.SkipWithError("open failed");
        return;
    }
    const qint64 base = QDateTime::currentMSecsSinceEpoch();
    int i = 0;
    for (auto _ : state) {
        const Result<qint64> id = store.insert(row(i++, base));
        benchmark::DoNotOptimize(id.ok());
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["rows_per_second"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InsertRow)->UseRealTime()->Unit(benchmark::kMicrosecond);

// One call as the transport reports it: the pending row, then its completion.
void BM_RecordCall(benchmark::State& state)
{
    const QString path = tempDir().filePath(QStringLiteral("record.sqlite"));
    QFile::remove(path);
    HistoryStore store(path);
    if (!store.open().ok()) {
        state.SkipWithError("open failed");
        return;
    }
    HistoryRecorder recorder(&store);
    int i = 0;
    for (auto _ : state) {
        CallEvent e;
        e.invocationId = QString::number(i++);
        e.operation = QStringLiteral("StartExtensionPackAssociation");
        e.input.insert(QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("erp"));
        e.startedAt = QDateTime::currentDateTimeUtc();
        recorder.callStarted(e);
        e.finishedAt = e.startedAt;
        e.httpStatus = 200;
        e.output.insert(QStringLiteral("RequestIdentifier"), e.invocationId);
        recorder.callFinished(e);
    }
    state.counters["calls_per_second"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RecordCall)->UseRealTime()->Unit(benchmark::kMicrosecond);

// Open (with quick_check and migration check) and read the newest 50 of 100,000 rows.
void BM_OpenAndFirstPage100k(benchmark::State& state)
{
    const QString path = bigHistory();
    for (auto _ : state) {
        HistoryStore store(path);
        if (!store.open().ok()) {
            state.SkipWithError("open failed");
            return;
        }
        HistoryQuery q;
        q.limit = 50;
        const Result<QList<HistoryRecord>> rows = store.query(q);
        if (!rows.ok() || rows->size() != 50) {
            state.SkipWithError("query failed");
            return;
        }
    }
}
BENCHMARK(BM_OpenAndFirstPage100k)->UseRealTime()->Unit(benchmark::kMillisecond);

// Reading pages of an open 100,000-row history: first page, filtered, text search, deep pages.
void BM_Page100k(benchmark::State& state)
{
    HistoryStore store(bigHistory());
    if (!store.open().ok()) {
        state.SkipWithError("open failed");
        return;
    }
    HistoryQuery q;
    q.limit = 50;
    switch (state.range(0)) {
    case 0:
        state.SetLabel("first page");
        break;
    case 1:
        state.SetLabel("project filter");
        q.project = QStringLiteral("project-123");
        break;
    case 2:
        state.SetLabel("outcome=failed filter");
        q.outcome = HistoryRecord::Outcome::Failed;
        break;
    case 3:
        state.SetLabel("text search");
        q.text = QStringLiteral("project-42");
        break;
    case 4:
        state.SetLabel("offset 99,900");
        q.offset = kRows - 100;
        break;
    case 5: {
        state.SetLabel("keyset after row 99,900");
        HistoryQuery all;
        all.limit = 1;
        all.offset = kRows - 101;
        const HistoryRecord anchor = store.query(all).value().first();
        q = q.continuedAfter(anchor);
        break;
    }
    default:
        break;
    }
    for (auto _ : state) {
        const Result<QList<HistoryRecord>> rows = store.query(q);
        if (!rows.ok() || rows->isEmpty()) {
            state.SkipWithError("query failed");
            return;
        }
    }
}
BENCHMARK(BM_Page100k)->DenseRange(0, 5)->UseRealTime()->Unit(benchmark::kMicrosecond);

QUrl g_endpoint; // dms-sim's, when it started
constexpr int kListedProjects = 10000;
constexpr int kListingPageSize = 100;

// CPU time of this process, every thread, in milliseconds (the simulator is another process).
double processCpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

struct Listing
{
    double wallMs = -1; // -1: the listing failed
    double cpuMs = 0;
};

// Lists every project, with `observer` told of every call (none: no history). The clock stops
// once `end` has run: for a history, until everything is written (and for the CLI's recorder,
// until it is gone with what it kept, as at the end of a command), which is the recording's cost
// too.
Listing listAll(CallObserver* observer, const std::function<void()>& end)
{
    QNetworkAccessManager nam;
    TransportConfig c;
    c.endpoint = g_endpoint;
    c.region = QStringLiteral("us-east-1");
    c.credentials = [] {
        AwsCredentials k;
        k.accessKeyId = QStringLiteral("AKIADEMOEXTPACK00001");
        k.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");
        return Result<AwsCredentials>(k);
    };
    c.environment = QProcessEnvironment();
    AwsJsonTransport transport(c, &nam);
    if (observer)
        transport.addObserver(observer);
    DmsClient client(&transport);
    ProjectLister lister(&client);
    lister.setPageSize(kListingPageSize);
    bool done = false;
    int total = -1;
    QObject::connect(&lister, &ProjectLister::finished,
                     [&](ProjectLister::StopReason, int n, const QString&) {
                         done = true;
                         total = n;
                     });
    QObject::connect(&lister, &ProjectLister::failed, [&](const Fault&, int) { done = true; });
    QElapsedTimer clock;
    const double cpuBefore = processCpuMs();
    clock.start();
    lister.start();
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    if (observer)
        transport.removeObserver(observer);
    if (end)
        end();
    Listing listing;
    listing.cpuMs = processCpuMs() - cpuBefore;
    if (total == kListedProjects)
        listing.wallMs = double(clock.nsecsElapsed()) / 1e6;
    return listing;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

// A listing's wall time without a history, with the window's writer and with the CLI's recorder
// on the caller's thread, alternated round by round; the medians and their ratios as counters.
void BM_ListingRecordingCost(benchmark::State& state)
{
    if (g_endpoint.isEmpty()) {
        state.SkipWithError("dms-sim did not start");
        return;
    }
    const QString path = tempDir().filePath(QStringLiteral("listing.sqlite"));
    QFile::remove(path);
    // Open throughout, as the window's own store is (it shows what the writer writes): closing a
    // writer's connection is then not the last one, which would checkpoint the file.
    HistoryStore shown(path);
    if (!shown.open().ok()) {
        state.SkipWithError("open failed");
        return;
    }
    // Recording costs less than a listing's own spread from round to round: over seven rounds the
    // writer's ratio ranged from 0.97x to 1.18x; 25 keep the medians within a few percent.
    const int rounds = qMax(1, qEnvironmentVariableIntValue("DMSX_BENCH_ROUNDS")
                                   ? qEnvironmentVariableIntValue("DMSX_BENCH_ROUNDS")
                                   : 25);
    QList<Listing> bare, written, direct;
    // The window's writer lives as long as its history is open, across every listing: each
    // listing's clock stops once all of its calls are written. What the writer's recorder keeps
    // (the names of the newest 20,000 listed projects) is dropped as newer listings push it past
    // that bound, inside their clocks.
    HistoryWriter window(path);
    window.flush();
    for (auto _ : state) {
        listAll(nullptr, {}); // warm-up: connections, the simulator's caches
        for (int round = 0; round < rounds; ++round) {
            bare << listAll(nullptr, {});
            written << listAll(&window, [&window] { window.flush(); });
            {
                HistoryStore store(path);
                if (!store.open().ok()) {
                    state.SkipWithError("open failed");
                    return;
                }
                // As the CLI's: a series' writes batched.
                auto recorder = std::make_unique<HistoryRecorder>(&store);
                auto batcher = std::make_unique<HistorySeriesBatcher>(recorder.get());
                direct << listAll(batcher.get(), [&recorder, &batcher] {
                    batcher.reset();
                    recorder.reset();
                });
            }
        }
    }
    auto medianOf = [](const QList<Listing>& runs, double Listing::*member) {
        QList<double> v;
        for (const Listing& l : runs)
            v << l.*member;
        return median(v);
    };
    for (const QList<Listing>* runs : {&bare, &written, &direct}) {
        if (std::any_of(runs->cbegin(), runs->cend(), [](const Listing& l) { return l.wallMs < 0; })) {
            state.SkipWithError("a listing failed");
            return;
        }
    }
    state.counters["bare_ms"] = medianOf(bare, &Listing::wallMs);
    state.counters["writer_ms"] = medianOf(written, &Listing::wallMs);
    state.counters["recorder_ms"] = medianOf(direct, &Listing::wallMs);
    state.counters["bare_cpu_ms"] = medianOf(bare, &Listing::cpuMs);
    state.counters["writer_cpu_ms"] = medianOf(written, &Listing::cpuMs);
    state.counters["recorder_cpu_ms"] = medianOf(direct, &Listing::cpuMs);
    state.counters["rounds"] = rounds;
}
BENCHMARK(BM_ListingRecordingCost)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QString sim = qEnvironmentVariable("DMSX_SIM_BIN");
    if (sim.isEmpty())
        sim = QStringLiteral(DMSX_SIM_BIN_DEFAULT);
    QProcess process;
    process.start(sim, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                        QStringLiteral("--projects"), QString::number(kListedProjects)});
    QByteArray line;
    while (!line.contains('\n') && process.waitForReadyRead(15000))
        line += process.readAllStandardOutput();
    if (line.startsWith("listening on "))
        g_endpoint = QUrl(QString::fromUtf8(line.mid(13, line.indexOf('\n') - 13).trimmed()));
    else
        std::fprintf(stderr, "bench_history: dms-sim did not start (%s)\n", qPrintable(sim));

    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished();
    }
    return 0;
}
