// Lists 10,000 migration projects at 100 a page from a real dms-sim on loopback, through the
// whole stack (ProjectLister -> DmsClient -> AwsJsonTransport -> signer -> QNAM). Reports the
// wall time of a full listing and per page; scripts/bench.sh prints both.
#include "dms/DmsClient.h"
#include "dms/ProjectLister.h"
#include "net/AwsJsonTransport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProcess>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>

using namespace dmsx;

namespace {

int kProjects = 10000; // DMSX_BENCH_PROJECTS overrides, for quick runs
constexpr int kPageSize = 100;

QUrl g_endpoint;

AwsCredentials demoKey()
{
    AwsCredentials c;
    c.accessKeyId = QStringLiteral("AKIADEMOEXTPACK00001");
    c.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");
    return c;
}

struct Stack
{
    QNetworkAccessManager nam;
    std::unique_ptr<AwsJsonTransport> transport;
    std::unique_ptr<DmsClient> client;
    Stack()
    {
        TransportConfig c;
        c.endpoint = g_endpoint;
        c.region = QStringLiteral("us-east-1");
        c.credentials = [] { return Result<AwsCredentials>(demoKey()); };
        c.environment = QProcessEnvironment();
        transport = std::make_unique<AwsJsonTransport>(c, &nam);
        client = std::make_unique<DmsClient>(transport.get());
    }
};

void BM_ListAllProjects(benchmark::State& state)
{
    Stack stack;
    ProjectLister lister(stack.client.get());
    lister.setPageSize(kPageSize);
    bool done = false;
    bool ok = false;
    int total = 0;
    QObject::connect(&lister, &ProjectLister::finished,
                     [&](ProjectLister::StopReason, int n, const QString&) {
                         done = true;
                         ok = true;
                         total = n;
                     });
    QObject::connect(&lister, &ProjectLister::failed, [&](const Fault&, int) { done = true; });
    for (auto _ : state) {
        done = false;
        ok = false;
        lister.start();
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        if (!ok || total != kProjects) {
            state.SkipWithError("listing failed or incomplete");
            break;
        }
    }
    state.counters["projects"] = total;
    state.counters["pages"] = kProjects / kPageSize;
    // Seconds per page, shown by bench.sh in ms.
    state.counters["per_page"] = benchmark::Counter(
        kProjects / kPageSize, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
// One listing per repetition: it is already an aggregate of 100 requests.
BENCHMARK(BM_ListAllProjects)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// One page alone, for comparison with the per-page figure above.
void BM_OnePage(benchmark::State& state)
{
    Stack stack;
    for (auto _ : state) {
        bool done = false;
        bool ok = false;
        stack.client->describeMigrationProjects({}, kPageSize, QString(), nullptr,
                                                [&](const Result<Page<MigrationProject>>& r) {
                                                    done = true;
                                                    ok = r.ok() && r->items.size() == kPageSize;
                                                });
        while (!done)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        if (!ok) {
            state.SkipWithError("page failed");
            break;
        }
    }
}
BENCHMARK(BM_OnePage)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // Logging each call would be measured too.
    QLoggingCategory::setFilterRules(QStringLiteral("dmsx.transport.info=false"));
    if (const int n = qEnvironmentVariableIntValue("DMSX_BENCH_PROJECTS"); n >= kPageSize)
        kProjects = n;
    // DMSX_BENCH_ENDPOINT: a dms-sim already serving kProjects projects, which scripts/bench.sh
    // shares with the node floor and the whole-process comparison so all measure one server.
    QProcess process;
    g_endpoint = QUrl(qEnvironmentVariable("DMSX_BENCH_ENDPOINT"));
    if (g_endpoint.isEmpty()) {
        QString sim = qEnvironmentVariable("DMSX_SIM_BIN");
        if (sim.isEmpty())
            sim = QStringLiteral(DMSX_SIM_BIN_DEFAULT);
        process.start(sim, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                            QStringLiteral("--projects"), QString::number(kProjects)});
        QByteArray line;
        while (!line.contains('\n') && process.waitForReadyRead(15000))
            line += process.readAllStandardOutput();
        if (!line.startsWith("listening on ")) {
            std::fprintf(stderr, "bench_listing: dms-sim did not start (%s)\n", qPrintable(sim));
            process.kill();
            process.waitForFinished();
            return 2;
        }
        g_endpoint = QUrl(QString::fromUtf8(line.mid(13, line.indexOf('\n') - 13).trimmed()));
    }

    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    if (process.state() == QProcess::NotRunning)
        return 0;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished();
    }
    return 0;
}
