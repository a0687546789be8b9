#include "desktop/DemoSimulator.h"

#include "DmsSimulator.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace dmsx::desktop {

DemoSimulator::DemoSimulator() = default;
DemoSimulator::~DemoSimulator() = default;

Result<ui::DemoProfile> DemoSimulator::start()
{
    m_simulator = std::make_unique<DmsSimulator>();
    const Result<void> loaded = m_simulator->loadDemoScenario();
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
    return profile;
}

} // namespace dmsx::desktop
