// dms-extpack-screenshots: renders one view of the window (ScreenshotViews) to a PNG, for the
// README's pictures (scripts/screenshots.sh) and the demo without a display (scripts/demo.sh).
// A development tool, never installed: the window is wired as `dms-extpack` wires it (the same
// identity and demo simulator, app/desktop), on scratch settings and history.
#include "base/AppIdentity.h"
#include "desktop/DemoSimulator.h"
#include "desktop/DesktopIdentity.h"
#include "screenshots/ApplyScreenshotViews.h"
#include "screenshots/HistoryScreenshotViews.h"
#include "screenshots/ProfilesScreenshotViews.h"
#include "screenshots/ScreenshotViews.h"
#include "screenshots/SettingsScreenshotViews.h"
#include "screenshots/WelcomeScreenshotViews.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using dmsx::screenshots::ScreenshotViews;

namespace {

void printLine(FILE* stream, const QString& text)
{
    std::fprintf(stream, "%s\n", text.toLocal8Bit().constData());
}

} // namespace

int main(int argc, char** argv)
{
    // Rendering needs no display: the offscreen platform unless the caller chose one (scripts/demo.sh
    // picks xcb under xvfb-run).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    dmsx::desktop::DesktopIdentity::setUpApplication();

    ScreenshotViews::registerBuiltIns();
    dmsx::screenshots::ApplyScreenshotViews::registerViews();
    dmsx::screenshots::HistoryScreenshotViews::registerViews();
    dmsx::screenshots::ProfilesScreenshotViews::registerViews();
    dmsx::screenshots::SettingsScreenshotViews::registerViews();
    dmsx::screenshots::WelcomeScreenshotViews::registerViews();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Render a view of the DMS Extension Pack Manager window to a PNG file."));
    parser.addHelpOption();
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QApplication::translate("main", "Displays version information."));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QApplication::translate("main", "Run against the built-in simulator with demo data, "
                                        "as dms-extpack --demo does."));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the window after loading, write it to FILE (PNG) and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption view(
        QStringLiteral("view"),
        QApplication::translate("main", "What --screenshot renders: %1 (default main).")
            .arg(ScreenshotViews::names().join(QStringLiteral(", "))),
        QStringLiteral("NAME"), QStringLiteral("main"));
    const QCommandLineOption listViews(QStringLiteral("list-views"),
                                       QApplication::translate("main", "List the --view names and exit."));
    const QCommandLineOption palette(
        QStringLiteral("palette"),
        QApplication::translate("main",
                                "Use the Fusion style with the NAME palette: %1 (to check both looks).")
            .arg(ScreenshotViews::paletteNames().join(QStringLiteral(", "))),
        QStringLiteral("NAME"));
    parser.addOptions({version, demo, screenshot, view, listViews, palette});
    parser.process(app);
    if (parser.isSet(version)) {
        printLine(stdout, QStringLiteral("dms-extpack-screenshots ") + dmsx::AppIdentity::version());
        return 0;
    }
    if (parser.isSet(listViews)) {
        for (const QString& name : ScreenshotViews::names())
            printLine(stdout, name + QLatin1Char('\t') + ScreenshotViews::description(name));
        return 0;
    }
    if (!parser.isSet(screenshot)) {
        printLine(stderr, QApplication::translate(
                              "main", "Nothing to do: give --screenshot FILE (or --list-views)."));
        return 2;
    }

    const QString viewName = parser.value(view);
    if (!ScreenshotViews::contains(viewName)) {
        printLine(stderr, QApplication::translate("main", "Unknown view \"%1\". Known views: %2")
                              .arg(viewName, ScreenshotViews::names().join(QStringLiteral(", "))));
        return 2;
    }

    if (parser.isSet(palette)) {
        const std::optional<QPalette> chosen = ScreenshotViews::palette(parser.value(palette));
        if (!chosen) {
            printLine(stderr, QApplication::translate("main", "Unknown palette \"%1\". Known palettes: %2")
                                  .arg(parser.value(palette),
                                       ScreenshotViews::paletteNames().join(QStringLiteral(", "))));
            return 2;
        }
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(*chosen);
    }

    // A picture must not depend on (or change) the user's saved state, history or AWS files.
    QTemporaryDir scratch;
    dmsx::ui::MainWindowOptions options;
    options.historyFile = scratch.filePath(QStringLiteral("history.sqlite"));
    options.settingsFile = scratch.filePath(QStringLiteral("settings.ini"));
    options.ignoreSharedFiles = true;
    dmsx::desktop::DemoSimulator demoSimulator;
    if (parser.isSet(demo)) {
        const dmsx::Result<dmsx::ui::DemoProfile> profile = demoSimulator.start();
        if (!profile.ok()) {
            printLine(stderr, QApplication::translate("main", "The demo simulator could not start: %1")
                                  .arg(profile.fault().message));
            return 1;
        }
        options.demo = profile.value();
    }
    options.startDemo = [&demoSimulator] { return demoSimulator.start(); };
    // A picture of the sign-in must not open the page in the user's browser.
    options.openUrl = [](const QUrl&) { return true; };

    dmsx::ui::MainWindow window(options);
    window.resize(1280, 760);
    window.show();
    window.start();

    const QString file = QFileInfo(parser.value(screenshot)).absoluteFilePath();
    auto rendered = std::make_shared<bool>(false);
    auto render = [&window, &app, viewName, file, rendered] {
        if (*rendered)
            return;
        *rendered = true;
        ScreenshotViews::render(viewName, &window, [&app, file](const QImage& image, const QString& error) {
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
    // After the last-status lookups and the engines (listed after the projects) so the table is
    // complete; an empty state ends at once.
    auto statuses = std::make_shared<bool>(false);
    auto engines = std::make_shared<bool>(false);
    QObject::connect(
        &window, &dmsx::ui::MainWindow::statusesLoaded, &app,
        [render, statuses, engines] {
            *statuses = true;
            if (*engines)
                render();
        },
        Qt::QueuedConnection);
    QObject::connect(
        &window, &dmsx::ui::MainWindow::dataProvidersLoaded, &app,
        [render, statuses, engines] {
            *engines = true;
            if (*statuses)
                render();
        },
        Qt::QueuedConnection);
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
        printLine(stderr, QApplication::translate("main", "No screenshot written: loading did not finish"));
        app.exit(1);
    });
    return app.exec();
}
