// How responsive the main window stays while 10,000 projects load, and what they cost in memory.
// A plain measuring program (not a test): a PreciseTimer ticks every 2 ms on the GUI thread and the
// largest gap between two ticks is the longest time the event loop could not react to the user.
// On a busy machine that gap also holds the time other processes had the CPU, so the GUI thread's
// own CPU time over the same gaps is printed beside it: the part of a stall the window's work is;
// and its CPU time over the whole load (gui_cpu_ms), what the window's work costs in all.
//
// Two runs: the simulator in a process of its own (dms-sim, as with a real, remote endpoint: the
// stalls and the memory are the window's alone), then on the GUI thread (as `dms-extpack --demo`
// runs it: the stalls include the simulator serving the pages, the memory its 10,000 projects).
// Prints one line per run; scripts/bench.sh reads them.
//
// Each run opens the window on a request history of 100,000 rows (made before the window opens)
// with the history dock shown, as a long-time user has it: its reads and the recording of the
// listing's pages count in both the stalls and the memory.
//
// Usage: bench_gui_load [--projects N] [--history-rows N] (defaults 10000, 100000). Uses the
// offscreen platform unless QT_QPA_PLATFORM is set.
#include "DmsSimulator.h"
#include "history/HistoryStore.h"
#include "projects/ProjectsModel.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <memory>

namespace {

// CPU time of the calling thread: unlike the wall clock, it does not grow while other processes run.
qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// Kilobytes of a "VmRSS:"-style line of /proc/self/status; -1 when unreadable.
qint64 procStatusKb(const char* key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qstrlen(key)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// A history of `rows` finished calls at `path`, written in a few large transactions so that the
// records never all sit in memory at once (the measured process must not start bloated).
bool makeHistory(const QString& path, int rows)
{
    dmsx::HistoryStore store(path);
    if (!store.open().ok())
        return false;
    const qint64 base = QDateTime::currentMSecsSinceEpoch() - qint64(rows) * 1000;
    constexpr int kChunk = 5000;
    for (int first = 0; first < rows; first += kChunk) {
        QList<dmsx::HistoryRecord> chunk;
        for (int i = first; i < qMin(rows, first + kChunk); ++i) {
            dmsx::HistoryRecord r;
            r.startedAt = QDateTime::fromMSecsSinceEpoch(base + qint64(i) * 1000, Qt::UTC);
            r.finishedAt = r.startedAt.addMSecs(40);
            r.durationMs = 40;
            r.profile = QStringLiteral("demo");
            r.credentialsSource = QStringLiteral("the demo profile");
            r.region = QStringLiteral("us-east-1");
            r.endpointHost = QStringLiteral("127.0.0.1");
            r.operation = i % 10 == 0 ? QStringLiteral("StartExtensionPackAssociation")
                                      : QStringLiteral("DescribeExtensionPackAssociations");
            r.projectName = QStringLiteral("project-%1").arg(i % 500);
            r.awsRequestId =
                QStringLiteral("6f1c1f7e-%1-4b1e-9a3d-0c1e2f3a4b5c").arg(i, 4, 16, QLatin1Char('0'));
            r.httpStatus = 200;
            r.attempts = 1;
            r.callOutcome = dmsx::HistoryRecord::Outcome::Succeeded;
            if (i % 10 == 0) {
                // An installation long finished, as nearly all of a real history's are.
                r.dmsRequestIdentifier = QStringLiteral("req-%1").arg(i);
                r.associationStatus = QStringLiteral("SUCCESS");
            }
            r.settleOutcome();
            chunk.append(r);
        }
        if (!store.insertAll(chunk).ok())
            return false;
    }
    return true;
}

struct Figures
{
    bool ok = false;
    int projects = 0;
    double firstRowsMs = 0; // the first page in the table, from start()
    double lastRowMs = 0;   // the listing finished, from start()
    double enginesMs = 0;   // the data providers' listing (after the projects') finished
    double loadMs = 0;
    double startMs = 0; // MainWindow::start() itself, before the loop runs again
    double longestStallMs = 0;
    double longestStallAtMs = 0;
    double longestLaterStallMs = 0; // excluding the first turn after start()
    double longestBusyMs = 0;       // the most GUI-thread CPU time between two ticks
    double guiCpuMs = 0;            // the GUI thread's CPU time from start() to the end of the load
    int ticks = 0;
    qint64 rssBeforeKb = 0;
    qint64 rssAfterKb = 0;
};

std::unique_ptr<dmsx::DmsSimulator> makeSimulator(int count)
{
    auto sim = std::make_unique<dmsx::DmsSimulator>();
    if (!sim->loadDemoScenario().ok())
        return nullptr;
    sim->generateProjects(count);
    if (!sim->listen(QHostAddress::LocalHost, 0).ok())
        return nullptr;
    return sim;
}

Figures measure(const QUrl& endpoint, const QString& region, const QTemporaryDir& scratch, const QString& tag,
                const QString& history)
{
    Figures f;
    dmsx::ui::MainWindowOptions options;
    options.settingsFile = scratch.filePath(tag + QStringLiteral("-settings.ini"));
    options.appProfilesFile = scratch.filePath(tag + QStringLiteral("-profiles.ini"));
    options.historyFile = scratch.filePath(tag + QStringLiteral("-history.sqlite"));
    if (!QFile::copy(history, options.historyFile))
        return f;
    options.ignoreSharedFiles = true;
    dmsx::ui::DemoProfile demo;
    demo.endpointUrl = endpoint.toString();
    demo.region = region;
    demo.credentials = dmsx::DmsSimulator::demoCredentials();
    options.demo = demo;

    f.rssBeforeKb = procStatusKb("VmRSS:");
    auto window = std::make_unique<dmsx::ui::MainWindow>(options);
    window->resize(1280, 760);
    window->show();
    if (auto* dock = window->findChild<QDockWidget*>(QStringLiteral("historyDockWidget")))
        dock->show();
    {
        // The first show (polish, layout, first paint) is not loading: let it finish unmeasured.
        QEventLoop settle;
        QTimer::singleShot(300, &settle, &QEventLoop::quit);
        settle.exec();
    }

    QEventLoop loop;
    QElapsedTimer clock;
    qint64 lastTickNs = 0;
    qint64 longestNs = 0;
    qint64 longestAtNs = 0; // when the longest stall began, from start()
    qint64 longestLaterNs = 0;
    qint64 lastTickCpuNs = 0;
    qint64 longestBusyNs = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(2);
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (now - lastTickNs > longestNs) {
            longestNs = now - lastTickNs;
            longestAtNs = lastTickNs;
        }
        // The first turn after start() connects (credentials, TLS setup) whatever the project
        // count; the stalls after it are the ones the pages cause.
        if (f.ticks > 0)
            longestLaterNs = qMax(longestLaterNs, now - lastTickNs);
        lastTickNs = now;
        const qint64 cpu = threadCpuNs();
        longestBusyNs = qMax(longestBusyNs, cpu - lastTickCpuNs);
        lastTickCpuNs = cpu;
        ++f.ticks;
    });
    // Done once the statuses (with 10,000 projects the window looks up none and says so at once)
    // and the engines, listed after the projects, are in.
    bool statusesDone = false;
    qint64 enginesNs = 0;
    QObject::connect(window.get(), &dmsx::ui::MainWindow::statusesLoaded, &loop, [&] {
        statusesDone = true;
        if (enginesNs > 0)
            QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    QObject::connect(window.get(), &dmsx::ui::MainWindow::dataProvidersLoaded, &loop, [&] {
        enginesNs = clock.nsecsElapsed();
        if (statusesDone)
            QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    });
    QTimer::singleShot(300000, &loop, &QEventLoop::quit);
    qint64 firstRowsNs = 0;
    qint64 lastRowNs = 0;
    QObject::connect(window->projectsModel(), &QAbstractItemModel::rowsInserted, &loop, [&] {
        if (firstRowsNs == 0)
            firstRowsNs = clock.nsecsElapsed();
    });
    QObject::connect(window.get(), &dmsx::ui::MainWindow::projectsLoaded, &loop,
                     [&] { lastRowNs = clock.nsecsElapsed(); });

    // start() is timed on its own: whatever it does before returning (settings, profiles,
    // endpoint resolution) blocks the loop too, but not because of the number of projects.
    clock.start();
    const qint64 startCpuNs = threadCpuNs();
    lastTickCpuNs = startCpuNs;
    window->start();
    f.startMs = double(clock.nsecsElapsed()) / 1e6;
    lastTickNs = clock.nsecsElapsed();
    ticker.start();
    loop.exec();
    const qint64 endNs = clock.nsecsElapsed();
    ticker.stop();
    if (endNs - lastTickNs > longestNs) {
        longestNs = endNs - lastTickNs;
        longestAtNs = lastTickNs;
    }
    longestLaterNs = qMax(longestLaterNs, endNs - lastTickNs);
    const qint64 endCpuNs = threadCpuNs();
    longestBusyNs = qMax(longestBusyNs, endCpuNs - lastTickCpuNs);

    f.projects = window->projectsModel()->rowCount();
    f.ok = window->state() == dmsx::ui::MainWindow::State::Ready && f.projects > 0 && enginesNs > 0;
    f.loadMs = double(endNs) / 1e6;
    f.firstRowsMs = double(firstRowsNs) / 1e6;
    f.lastRowMs = double(lastRowNs) / 1e6;
    f.enginesMs = double(enginesNs) / 1e6;
    f.longestStallMs = double(longestNs) / 1e6;
    f.longestStallAtMs = double(longestAtNs) / 1e6;
    f.longestLaterStallMs = double(longestLaterNs) / 1e6;
    f.longestBusyMs = double(longestBusyNs) / 1e6;
    f.guiCpuMs = double(endCpuNs - startCpuNs) / 1e6;
    f.rssAfterKb = procStatusKb("VmRSS:");
    return f;
}

void print(const char* label, const Figures& f)
{
    std::printf(
        "%s: projects=%d first_rows_ms=%.1f last_row_ms=%.1f engines_ms=%.1f load_ms=%.1f start_ms=%.1f "
        "longest_stall_ms=%.2f longest_stall_at_ms=%.1f "
        "longest_stall_after_first_turn_ms=%.2f longest_stall_cpu_ms=%.2f gui_cpu_ms=%.1f ticks=%d "
        "rss_before_kb=%lld "
        "rss_after_kb=%lld rss_growth_kb=%lld%s\n",
        label, f.projects, f.firstRowsMs, f.lastRowMs, f.enginesMs, f.loadMs, f.startMs, f.longestStallMs,
        f.longestStallAtMs, f.longestLaterStallMs, f.longestBusyMs, f.guiCpuMs, f.ticks,
        static_cast<long long>(f.rssBeforeKb), static_cast<long long>(f.rssAfterKb),
        static_cast<long long>(f.rssAfterKb - f.rssBeforeKb),
        f.ok ? "" : " ERROR: the window did not reach Ready with its engines");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int count = 10000;
    const QStringList args = QApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--projects"));
    if (at > 0 && at + 1 < args.size())
        count = args.at(at + 1).toInt();
    int historyRows = 100000;
    const qsizetype rowsAt = args.indexOf(QStringLiteral("--history-rows"));
    if (rowsAt > 0 && rowsAt + 1 < args.size())
        historyRows = args.at(rowsAt + 1).toInt();
    QTemporaryDir scratch;
    bool ok = true;
    // Made once and copied for each run: each run records into its own copy.
    const QString history = scratch.filePath(QStringLiteral("history-template.sqlite"));
    if (!makeHistory(history, historyRows)) {
        std::fprintf(stderr, "the history could not be made\n");
        return 1;
    }
    std::printf("history_rows=%d\n", historyRows);

    {
        // dms-sim in a process of its own, serving the demo scenario and the generated projects.
        dmsx::DmsSimulator demo;
        if (!demo.loadDemoScenario().ok())
            return 1;
        QString program = qEnvironmentVariable("DMSX_SIM_BIN");
        if (program.isEmpty())
            program = QStringLiteral(DMSX_SIM_BIN_DEFAULT);
        QProcess server;
        server.start(program,
                     {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--scenario"),
                      QStringLiteral(DMSX_DEMO_SCENARIO), QStringLiteral("--projects"),
                      QString::number(count), QStringLiteral("--region"), demo.region()});
        QByteArray line;
        while (!line.contains('\n') && server.waitForReadyRead(30000))
            line += server.readAllStandardOutput();
        if (!line.startsWith("listening on ")) {
            std::fprintf(stderr, "dms-sim did not start (%s)\n", qPrintable(program));
            server.kill();
            server.waitForFinished();
            return 1;
        }
        const QUrl endpoint(QString::fromUtf8(line.mid(13, line.indexOf('\n') - 13).trimmed()));
        const Figures f = measure(endpoint, demo.region(), scratch, QStringLiteral("process"), history);
        print("window_only", f);
        ok = ok && f.ok;
        server.terminate();
        if (!server.waitForFinished(5000)) {
            server.kill();
            server.waitForFinished();
        }
    }
    {
        auto sim = makeSimulator(count);
        if (!sim) {
            std::fprintf(stderr, "the simulator could not start\n");
            return 1;
        }
        const Figures f =
            measure(sim->serverUrl(), sim->region(), scratch, QStringLiteral("inprocess"), history);
        print("with_inprocess_simulator", f);
        ok = ok && f.ok;
    }
    std::printf("peak_rss_kb=%lld\n", static_cast<long long>(procStatusKb("VmHWM:")));
    return ok ? 0 : 1;
}
