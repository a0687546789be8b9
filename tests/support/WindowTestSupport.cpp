#include "WindowTestSupport.h"

#include "projects/ProjectsModel.h"

#include <QDebug>
#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QSignalSpy>

namespace windowtest {

std::unique_ptr<dmsx::DmsSimulator> startSimulator(const QJsonObject& scenario)
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

dmsx::ui::DemoProfile demoProfile(const dmsx::DmsSimulator& sim)
{
    dmsx::ui::DemoProfile demo;
    demo.endpointUrl = sim.serverUrl().toString();
    demo.region = sim.region();
    demo.credentials = dmsx::DmsSimulator::demoCredentials();
    return demo;
}

QProcessEnvironment scratchEnvironment(const QString& home, const QString& xdgRoot)
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

dmsx::ui::MainWindowOptions scratchWindowOptions(const QTemporaryDir& dir)
{
    dmsx::ui::MainWindowOptions o;
    o.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    o.historyFile = dir.filePath(QStringLiteral("history.sqlite"));
    o.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
    return o;
}

dmsx::ui::MainWindowOptions demoWindowOptions(const dmsx::DmsSimulator& sim, const QTemporaryDir& dir)
{
    dmsx::ui::MainWindowOptions o = scratchWindowOptions(dir);
    o.ignoreSharedFiles = true;
    o.demo = demoProfile(sim);
    return o;
}

bool startAndWait(dmsx::ui::MainWindow& window)
{
    QSignalSpy loaded(&window, &dmsx::ui::MainWindow::projectsLoaded);
    window.show();
    window.start();
    return loaded.wait(60000);
}

int requestCount(const dmsx::DmsSimulator& sim, const QString& operation)
{
    int n = 0;
    for (const QJsonValue& entry : sim.requestLog())
        if (entry.toObject().value(QStringLiteral("operation")).toString() == operation)
            ++n;
    return n;
}

QString projectArn(const dmsx::ui::MainWindow& window, const QString& name)
{
    const dmsx::ui::ProjectsModel* model = window.projectsModel();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->project(row)->migrationProjectName == name)
            return model->project(row)->migrationProjectArn;
    return QString();
}

} // namespace windowtest
