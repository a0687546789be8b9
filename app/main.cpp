// dms-extpack: the desktop application. Wiring only: options, the demo simulator, the window.
#include "DmsSimulator.h"
#include "base/AppIdentity.h"
#include "desktop/DemoSimulator.h"
#include "desktop/DesktopIdentity.h"
#include "dms/AssociationPoller.h"
#include "screenshots/ApplyScreenshotViews.h"
#include "screenshots/HistoryScreenshotViews.h"
#include "screenshots/ProfilesScreenshotViews.h"
#include "screenshots/ScreenshotViews.h"
#include "screenshots/SettingsScreenshotViews.h"
#include "screenshots/WelcomeScreenshotViews.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

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
    // A screenshot, --help or --version needs no display: choose the offscreen platform before
    // QApplication exists (so they work over ssh, in CI and when help2man renders the man page).
    const bool needsNoDisplay = hasArgument(argc, argv, "--screenshot") ||
                                hasArgument(argc, argv, "--help") || hasArgument(argc, argv, "-h") ||
                                hasArgument(argc, argv, "--help-all") ||
                                hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v") ||
                                hasArgument(argc, argv, "--list-views");
    if (needsNoDisplay && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    dmsx::desktop::DesktopIdentity::setUpApplication();

    dmsx::ui::ScreenshotViews::registerBuiltIns();
    dmsx::ui::ApplyScreenshotViews::registerViews();
    dmsx::ui::HistoryScreenshotViews::registerViews();
    dmsx::ui::ProfilesScreenshotViews::registerViews();
    dmsx::ui::SettingsScreenshotViews::registerViews();
    dmsx::ui::WelcomeScreenshotViews::registerViews();

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
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the window after loading, write it to FILE (PNG) and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption view(
        QStringLiteral("view"),
        QApplication::translate("main", "What --screenshot renders: %1 (default main).")
            .arg(dmsx::ui::ScreenshotViews::names().join(QStringLiteral(", "))),
        QStringLiteral("NAME"), QStringLiteral("main"));
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
    const QCommandLineOption listViews(QStringLiteral("list-views"),
                                       QApplication::translate("main", "List the --view names and exit."));
    const QCommandLineOption palette(
        QStringLiteral("palette"),
        QApplication::translate("main",
                                "Use the Fusion style with the NAME palette: %1 (to check both looks).")
            .arg(dmsx::ui::ScreenshotViews::paletteNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    parser.addOptions({version, demo, demoTimeScale, screenshot, view, quitAfter, listViews, palette});
    parser.process(app);
    if (parser.isSet(version)) {
        printLine(stdout, QStringLiteral("dms-extpack ") + dmsx::AppIdentity::version());
        return 0;
    }
    if (parser.isSet(listViews)) {
        for (const QString& name : dmsx::ui::ScreenshotViews::names())
            printLine(stdout, name + QLatin1Char('\t') + dmsx::ui::ScreenshotViews::description(name));
        return 0;
    }

    const QString viewName = parser.value(view);
    const bool takeScreenshot = parser.isSet(screenshot);
    if (takeScreenshot && !dmsx::ui::ScreenshotViews::contains(viewName)) {
        printLine(stderr, QApplication::translate("main", "Unknown view \"%1\". Known views: %2")
                              .arg(viewName, dmsx::ui::ScreenshotViews::names().join(QStringLiteral(", "))));
        return 2;
    }

    if (parser.isSet(palette)) {
        const std::optional<QPalette> chosen = dmsx::ui::ScreenshotViews::palette(parser.value(palette));
        if (!chosen) {
            printLine(stderr, QApplication::translate("main", "Unknown palette \"%1\". Known palettes: %2")
                                  .arg(parser.value(palette),
                                       dmsx::ui::ScreenshotViews::paletteNames().join(QStringLiteral(", "))));
            return 2;
        }
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(*chosen);
    }

    dmsx::ui::MainWindowOptions options;
    dmsx::desktop::DemoSimulator demoSimulator;
    QTemporaryDir scratch; // a screenshot must not depend on (or change) the user's saved state
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
    }
    if (takeScreenshot || parser.isSet(demo)) {
        // The demo's simulator lives and dies with this process: its calls do not belong in the
        // user's request history, so they are recorded in a scratch file.
        options.historyFile = scratch.filePath(QStringLiteral("history.sqlite"));
    }
    if (takeScreenshot) {
        options.settingsFile = scratch.filePath(QStringLiteral("settings.ini"));
        options.ignoreSharedFiles = true;
    } else if (parser.isSet(demo)) {
        // The demo keeps its own window state, so it never replaces the user's last profile.
        options.settingsFile =
            QFileInfo(QSettings().fileName()).absoluteDir().filePath(QStringLiteral("dms-extpack-demo.ini"));
    }

    // The welcome view's "Try the demo": the same simulator, started when asked for.
    options.startDemo = [&demoSimulator] { return demoSimulator.start(); };

    dmsx::ui::MainWindow window(options);
    if (takeScreenshot)
        window.resize(1280, 760);
    window.show();
    window.start();

    if (parser.isSet(quitAfter)) {
        bool ok = false;
        const double seconds = parser.value(quitAfter).toDouble(&ok);
        if (!ok || seconds < 0) {
            printLine(stderr, QApplication::translate("main", "--quit-after needs a number of seconds"));
            return 2;
        }
        QTimer::singleShot(int(seconds * 1000), &app, [&window] { window.close(); });
    }

    if (takeScreenshot) {
        const QString file = QFileInfo(parser.value(screenshot)).absoluteFilePath();
        auto rendered = std::make_shared<bool>(false);
        auto render = [&window, &app, viewName, file, rendered] {
            if (*rendered)
                return;
            *rendered = true;
            dmsx::ui::ScreenshotViews::render(
                viewName, &window, [&app, file](const QImage& image, const QString& error) {
                    if (image.isNull() || !image.save(file, "PNG")) {
                        printLine(stderr, QApplication::translate("main", "No screenshot written: %1")
                                              .arg(error.isEmpty() ? file : error));
                        app.exit(1);
                        return;
                    }
                    printLine(stdout, file);
                    app.exit(0);
                });
        };
        // After the last-status lookups so the table is complete; an empty state ends at once.
        QObject::connect(&window, &dmsx::ui::MainWindow::statusesLoaded, &app, render, Qt::QueuedConnection);
        QObject::connect(
            &window, &dmsx::ui::MainWindow::projectsLoaded, &app,
            [&window, render] {
                if (window.state() != dmsx::ui::MainWindow::State::Ready)
                    render();
            },
            Qt::QueuedConnection);
        // A first start without --demo shows the welcome view (start() did): nothing will load.
        if (window.isWelcomeShown())
            QTimer::singleShot(0, &app, render);
        QTimer::singleShot(120000, &app, [&app] {
            printLine(stderr,
                      QApplication::translate("main", "No screenshot written: loading did not finish"));
            app.exit(1);
        });
    }
    return app.exec();
}
