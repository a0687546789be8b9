#pragma once
// Helpers for the widget tests that run the real MainWindow against the simulator in-process over
// loopback: start the simulator, give the window scratch files (and, for the demo profile, the
// simulator's endpoint and keys) so nothing of the user's is read or written, start the window
// and wait for its first listing, and count what the simulator was asked.

#include "DmsSimulator.h"
#include "window/MainWindow.h"

#include <QDebug>
#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace windowtest {

// The simulator on a free loopback port with the demo scenario, or `scenario` when given; null
// (with the reason in the test's log) when it could not start.
inline std::unique_ptr<dmsx::DmsSimulator> startSimulator(const QJsonObject& scenario = QJsonObject())
{
    auto sim = std::make_unique<dmsx::DmsSimulator>();
    const dmsx::Result<void> loaded =
        scenario.isEmpty() ? sim->loadDemoScenario() : sim->loadScenario(scenario);
    if (!loaded.ok()) {
        qWarning() << "simulator scenario not loaded:" << loaded.fault().message;
        return nullptr;
    }
    const dmsx::Result<quint16> listening = sim->listen(QHostAddress::LocalHost, 0);
    if (!listening.ok()) {
        qWarning() << "simulator not listening:" << listening.fault().message;
        return nullptr;
    }
    return sim;
}

// The simulator's endpoint, region and key pair, as `dms-extpack --demo` hands them to the window.
inline dmsx::ui::DemoProfile demoProfile(const dmsx::DmsSimulator& sim)
{
    dmsx::ui::DemoProfile demo;
    demo.endpointUrl = sim.serverUrl().toString();
    demo.region = sim.region();
    demo.credentials = dmsx::DmsSimulator::demoCredentials();
    return demo;
}

// An environment with HOME and nothing else of the test's process (no AWS variable, no proxy);
// given `xdgRoot`, also XDG_CONFIG_HOME and XDG_DATA_HOME below it. HOME is created if missing.
inline QProcessEnvironment scratchEnvironment(const QString& home, const QString& xdgRoot = QString())
{
    QDir().mkpath(home);
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), home);
    if (!xdgRoot.isEmpty()) {
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(xdgRoot).filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), QDir(xdgRoot).filePath(QStringLiteral("data")));
    }
    return env;
}

// The window's settings, request history and app profiles as scratch files in `dir`; everything
// else as the options' defaults (the process's environment, the shared files read).
inline dmsx::ui::MainWindowOptions scratchWindowOptions(const QTemporaryDir& dir)
{
    dmsx::ui::MainWindowOptions o;
    o.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    o.historyFile = dir.filePath(QStringLiteral("history.sqlite"));
    o.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
    return o;
}

// A window on the demo profile of `sim` with scratch files in `dir`, reading neither the AWS files
// nor the keychain: the path `dms-extpack --demo` takes.
inline dmsx::ui::MainWindowOptions demoWindowOptions(const dmsx::DmsSimulator& sim, const QTemporaryDir& dir)
{
    dmsx::ui::MainWindowOptions o = scratchWindowOptions(dir);
    o.ignoreSharedFiles = true;
    o.demo = demoProfile(sim);
    return o;
}

// Shows and starts the window; true once its first listing finished (whatever its outcome).
inline bool startAndWait(dmsx::ui::MainWindow& window)
{
    QSignalSpy loaded(&window, &dmsx::ui::MainWindow::projectsLoaded);
    window.show();
    window.start();
    return loaded.wait(60000);
}

// How many requests of `operation` ("DescribeMigrationProjects") the simulator has logged.
inline int requestCount(const dmsx::DmsSimulator& sim, const QString& operation)
{
    int n = 0;
    for (const QJsonValue& entry : sim.requestLog())
        if (entry.toObject().value(QStringLiteral("operation")).toString() == operation)
            ++n;
    return n;
}

} // namespace windowtest
