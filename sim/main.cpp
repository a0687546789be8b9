// dms-sim: the local DMS simulator as a program. All behaviour lives in dmsx_sim; this only
// reads the command line, wires signals and prints the listening URL first.
#include "DmsSimulator.h"
#include "base/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    // Only async-signal-safe work here: wake the event loop through the socket pair.
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalFds[0], &byte, 1);
}

int fail(const QString& message)
{
    std::fprintf(stderr, "dms-sim: %s\n", message.toLocal8Bit().constData());
    return 2;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dms-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DMSX_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Local AWS DMS Schema Conversion simulator (see sim/README.md)"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          QStringLiteral("Address and port (port 0: any free)."),
                                          QStringLiteral("host:port"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption httpsOption(QStringLiteral("https"),
                                         QStringLiteral("Serve TLS with a generated CA."));
    const QCommandLineOption caOutOption(QStringLiteral("ca-out"),
                                         QStringLiteral("Write the CA certificate (PEM) here."),
                                         QStringLiteral("file"));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"), QStringLiteral("Scenario JSON file."),
                                            QStringLiteral("file"));
    const QCommandLineOption projectsOption(
        QStringLiteral("projects"),
        QStringLiteral("Generate N plausible projects (alone, or added to --scenario)."),
        QStringLiteral("N"));
    const QCommandLineOption timeScaleOption(QStringLiteral("time-scale"),
                                             QStringLiteral("Association lifecycles run X times faster."),
                                             QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption clockOffsetOption(
        QStringLiteral("clock-offset"), QStringLiteral("Server clock is this many seconds off real time."),
        QStringLiteral("seconds"), QStringLiteral("0"));
    const QCommandLineOption regionOption(
        QStringLiteral("region"), QStringLiteral("Signing region (default: the scenario's, else us-east-1)."),
        QStringLiteral("region"));
    const QCommandLineOption faultsOption(QStringLiteral("faults"),
                                          QStringLiteral("Initial global fault rules (JSON file)."),
                                          QStringLiteral("file"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"),
                                           QStringLiteral("Log each request to stderr (no secrets)."));
    parser.addOptions({listenOption, httpsOption, caOutOption, scenarioOption, projectsOption,
                       timeScaleOption, clockOffsetOption, regionOption, faultsOption, verboseOption});
    parser.process(app);

    const QString listen = parser.value(listenOption);
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    QString host = colon < 0 ? QString() : listen.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host == u"localhost" ? QStringLiteral("127.0.0.1") : host);
    if (colon < 0 || !portOk || port < 0 || port > 65535 || address.isNull())
        return fail(QStringLiteral("--listen needs HOST:PORT, got '%1'").arg(listen));

    bool ok = false;
    const double timeScale = parser.value(timeScaleOption).toDouble(&ok);
    if (!ok || timeScale <= 0)
        return fail(QStringLiteral("--time-scale needs a positive number"));
    const qint64 clockOffset = parser.value(clockOffsetOption).toLongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--clock-offset needs whole seconds"));
    int projects = -1;
    if (parser.isSet(projectsOption)) {
        projects = parser.value(projectsOption).toInt(&ok);
        if (!ok || projects < 0)
            return fail(QStringLiteral("--projects needs a count"));
    }

    dmsx::DmsSimulator simulator;
    simulator.setClockOffsetSeconds(clockOffset);
    simulator.setTimeScale(timeScale);

    QJsonObject scenario;
    if (parser.isSet(scenarioOption)) {
        QFile file(parser.value(scenarioOption));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (!doc.isObject())
            return fail(
                QStringLiteral("%1 is not a JSON object: %2").arg(file.fileName(), error.errorString()));
        scenario = doc.object();
    } else if (projects < 0) {
        QFile demo(QStringLiteral(":/dmsx_sim/demo.json"));
        if (!demo.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("built-in demo scenario missing"));
        scenario = QJsonDocument::fromJson(demo.readAll()).object();
    }
    if (parser.isSet(regionOption))
        scenario.insert(QStringLiteral("region"), parser.value(regionOption));
    if (projects >= 0)
        scenario.insert(QStringLiteral("generateProjects"), projects);
    const dmsx::Result<void> loaded = simulator.loadScenario(scenario);
    if (!loaded)
        return fail(loaded.fault().message);
    if (parser.isSet(faultsOption)) {
        QFile file(parser.value(faultsOption));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1").arg(file.fileName()));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        const dmsx::Result<void> set =
            simulator.setFaults(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        if (!set)
            return fail(set.fault().message);
    }

    if (parser.isSet(httpsOption)) {
        const dmsx::Result<QByteArray> ca = simulator.enableTls();
        if (!ca)
            return fail(ca.fault().message);
        if (parser.isSet(caOutOption)) {
            QFile out(parser.value(caOutOption));
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(ca.value()) != ca->size())
                return fail(QStringLiteral("cannot write %1").arg(out.fileName()));
        }
    } else if (parser.isSet(caOutOption)) {
        return fail(QStringLiteral("--ca-out needs --https"));
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return fail(QStringLiteral("socketpair failed"));
    QSocketNotifier notifier(g_signalFds[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] {
        char byte = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_signalFds[1], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    const dmsx::Result<quint16> bound = simulator.listen(address, quint16(port));
    if (!bound)
        return fail(bound.fault().message);
    QUrl url = simulator.serverUrl();
    url.setPath(QString());
    std::printf("listening on %s\n", url.toString().toUtf8().constData());
    std::fflush(stdout);

    if (parser.isSet(verboseOption)) {
        QObject::connect(
            &simulator, &dmsx::DmsSimulator::requestServed, &app, [](const QString& operation, int status) {
                std::fprintf(stderr, "dms-sim: %s -> %d\n", operation.toUtf8().constData(), status);
            });
    }
    const int rc = app.exec();
    std::fprintf(stderr, "dms-sim: stopped\n");
    return rc;
}
