// dms-extpack: the desktop application. Wiring only: options, the demo simulator, the window.
#include "DmsSimulator.h"
#include "base/AppIdentity.h"
#include "desktop/DemoSimulator.h"
#include "desktop/DesktopIdentity.h"
#include "dms/AssociationPoller.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {

bool hasArgument(int argc, char** argv, const char* name)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], name) == 0)
            return true;
    return false;
}

void printLine(FILE* stream, const QString& text)
{
    std::fprintf(stream, "%s\n", text.toLocal8Bit().constData());
}

} // namespace

int main(int argc, char** argv)
{
    // --help or --version needs no display: choose the offscreen platform before QApplication
    // exists (so they work over ssh, in CI and when help2man renders the man page).
    const bool needsNoDisplay = hasArgument(argc, argv, "--help") || hasArgument(argc, argv, "-h") ||
                                hasArgument(argc, argv, "--help-all") ||
                                hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v");
    if (needsNoDisplay && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    dmsx::desktop::DesktopIdentity::setUpApplication();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Apply and follow AWS DMS Schema Conversion extension packs."));
    parser.addHelpOption();
    // Not addVersionOption(): that prints the application name, which is the app id.
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QApplication::translate("main", "Displays version information."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QApplication::translate("main",
                                                          "Run against a built-in simulator with demo data "
                                                          "(nothing leaves this machine)."));
    const QCommandLineOption quitAfter(
        QStringLiteral("quit-after"),
        QApplication::translate("main", "Quit after SECONDS (for unattended runs)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption demoTimeScale(
        QStringLiteral("demo-time-scale"),
        QApplication::translate("main",
                                "With --demo: applies run X times faster and are followed X times as often "
                                "(for unattended runs and the end-to-end test)."),
        QStringLiteral("X"));
    parser.addOptions({version, demo, demoTimeScale, quitAfter});
    parser.process(app);
    if (parser.isSet(version)) {
        printLine(stdout, QStringLiteral("dms-extpack ") + dmsx::AppIdentity::version());
        return 0;
    }

    dmsx::ui::MainWindowOptions options;
    dmsx::desktop::DemoSimulator demoSimulator;
    QTemporaryDir scratch;
    if (parser.isSet(demo)) {
        const dmsx::Result<dmsx::ui::DemoProfile> profile = demoSimulator.start();
        if (!profile.ok()) {
            printLine(stderr, QApplication::translate("main", "The demo simulator could not start: %1")
                                  .arg(profile.fault().message));
            return 1;
        }
        options.demo = profile.value();
        if (parser.isSet(demoTimeScale)) {
            bool ok = false;
            const double scale = parser.value(demoTimeScale).toDouble(&ok);
            if (!ok || scale <= 0) {
                printLine(stderr,
                          QApplication::translate("main", "--demo-time-scale needs a positive number"));
                return 2;
            }
            demoSimulator.simulator()->setTimeScale(scale);
            // Polling at the real pace would hide a fast apply behind a 10 s wait; 100 ms is the floor
            // so a large scale cannot turn polling into a busy loop.
            for (const int ms : dmsx::AssociationPoller::defaultSchedule())
                options.pollScheduleMs.append(qMax(100, int(ms / scale)));
        }
        // The demo's simulator lives and dies with this process: its calls do not belong in the
        // user's request history, so they are recorded in a scratch file.
        options.historyFile = scratch.filePath(QStringLiteral("history.sqlite"));
        // The demo keeps its own window state, so it never replaces the user's last profile.
        options.settingsFile =
            QFileInfo(QSettings().fileName()).absoluteDir().filePath(QStringLiteral("dms-extpack-demo.ini"));
    }

    // The welcome view's "Try the demo": the same simulator, started when asked for.
    options.startDemo = [&demoSimulator] { return demoSimulator.start(); };

    dmsx::ui::MainWindow window(options);
    window.show();
    window.start();

    if (parser.isSet(quitAfter)) {
        bool ok = false;
        const double seconds = parser.value(quitAfter).toDouble(&ok);
        if (!ok || seconds < 0) {
            printLine(stderr, QApplication::translate("main", "--quit-after needs a number of seconds"));
            return 2;
        }
        QTimer::singleShot(int(seconds * 1000), &app, [&window] { window.closeWithoutAsking(); });
    }
    return app.exec();
}
