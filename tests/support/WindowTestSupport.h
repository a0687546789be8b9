#pragma once
// Helpers for the widget tests that run the real MainWindow against the simulator in-process over
// loopback: start the simulator, give the window scratch files (and, for the demo profile, the
// simulator's endpoint and keys) so nothing of the user's is read or written, start the window
// and wait for its first listing, and count what the simulator was asked.

#include "DmsSimulator.h"
#include "window/MainWindow.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <memory>

namespace windowtest {

// The simulator on a free loopback port with the demo scenario, or `scenario` when given; null
// (with the reason in the test's log) when it could not start.
std::unique_ptr<dmsx::DmsSimulator> startSimulator(const QJsonObject& scenario = QJsonObject());

// The simulator's endpoint, region and key pair, as `dms-extpack --demo` hands them to the window.
dmsx::ui::DemoProfile demoProfile(const dmsx::DmsSimulator& sim);

// An environment with HOME and nothing else of the test's process (no AWS variable, no proxy);
// given `xdgRoot`, also XDG_CONFIG_HOME and XDG_DATA_HOME below it. HOME is created if missing.
QProcessEnvironment scratchEnvironment(const QString& home, const QString& xdgRoot = QString());

// The window's settings, request history and app profiles as scratch files in `dir`; everything
// else as the options' defaults (the process's environment, the shared files read).
dmsx::ui::MainWindowOptions scratchWindowOptions(const QTemporaryDir& dir);

// A window on the demo profile of `sim` with scratch files in `dir`, reading neither the AWS files
// nor the keychain: the path `dms-extpack --demo` takes.
dmsx::ui::MainWindowOptions demoWindowOptions(const dmsx::DmsSimulator& sim, const QTemporaryDir& dir);

// Shows and starts the window; true once its first listing finished (whatever its outcome).
bool startAndWait(dmsx::ui::MainWindow& window);

// How many requests of `operation` ("DescribeMigrationProjects") the simulator has logged.
int requestCount(const dmsx::DmsSimulator& sim, const QString& operation);

// The ARN of the project named `name` in the window's listing, or empty.
QString projectArn(const dmsx::ui::MainWindow& window, const QString& name);

} // namespace windowtest
