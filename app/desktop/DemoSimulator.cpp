#include "desktop/DemoSimulator.h"

#include "DmsSimulator.h"
#include "credentials/AppProfileStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace dmsx::desktop {

namespace {

// The demo scenario, with its sign-in waiting for the page's Allow: `dms-sim`'s own demo approves
// by itself for terminals without a browser, the window's demo shows the real flow.
Result<void> loadScenario(DmsSimulator& simulator)
{
    QFile file(QStringLiteral(":/dmsx_sim/demo.json"));
    if (!file.open(QIODevice::ReadOnly))
        return simulator.loadDemoScenario();
    QJsonObject scenario = QJsonDocument::fromJson(file.readAll()).object();
    QJsonObject oidc = scenario.value(QLatin1String("ssoOidc")).toObject();
    oidc.insert(QStringLiteral("autoApprove"), false);
    scenario.insert(QStringLiteral("ssoOidc"), oidc);
    return simulator.loadScenario(scenario);
}

} // namespace

DemoSimulator::DemoSimulator() = default;
DemoSimulator::~DemoSimulator() = default;

Result<ui::DemoProfile> DemoSimulator::start()
{
    m_simulator = std::make_unique<DmsSimulator>();
    const Result<void> loaded = loadScenario(*m_simulator);
    const Result<quint16> port =
        loaded.ok() ? m_simulator->listen(QHostAddress::LocalHost, 0) : Result<quint16>(loaded.fault());
    if (!port.ok()) {
        m_simulator.reset();
        return port.fault();
    }
    ui::DemoProfile profile;
    profile.endpointUrl = m_simulator->serverUrl().toString();
    profile.region = m_simulator->region();
    profile.credentials = DmsSimulator::demoCredentials();
    profile.credentials.source = QCoreApplication::translate("DemoSimulator", "the demo profile (in memory)");

    // A new folder for every simulator: its tokens are only good at the simulator that issued them.
    m_private = std::make_unique<QTemporaryDir>(); // 0700
    const QString home = m_private->isValid() ? m_private->filePath(QStringLiteral("home")) : QString();
    if (home.isEmpty() || !QDir().mkpath(home))
        return profile; // the key pair still works: a demo without its sign-in
    QFile::setPermissions(home, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    AppProfileStore::Profile sso;
    sso.name = ssoProfileName();
    sso.region = profile.region;
    sso.ssoStartUrl = ssoStartUrl();
    sso.ssoRegion = QStringLiteral("us-east-1");
    sso.ssoAccountId = QStringLiteral("111122223333"); // dba-production
    sso.ssoRoleName = QStringLiteral("DmsOperator");
    AppProfileStore store(m_private->filePath(QStringLiteral("profiles.ini")));
    if (!store.save(sso).ok())
        return profile;
    profile.ssoName = sso.name;
    profile.ssoProfilesFile = store.filePath();
    profile.ssoHome = home;
    return profile;
}

} // namespace dmsx::desktop
