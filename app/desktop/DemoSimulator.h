#pragma once

#include "base/Result.h"
#include "window/DemoProfile.h"

#include <memory>

namespace dmsx {
class DmsSimulator;
}

namespace dmsx::desktop {

// The built-in simulator with the demo data on a loopback port, and the demo profile that reaches
// it: what `dms-extpack --demo`, the welcome's "Try the demo" and the screenshots run against,
// inside the process. Lives as long as the window that uses it.
class DemoSimulator
{
public:
    DemoSimulator();
    ~DemoSimulator();
    DemoSimulator(const DemoSimulator&) = delete;
    DemoSimulator& operator=(const DemoSimulator&) = delete;

    // Starts a simulator (replacing a running one) and returns the profile that reaches it.
    Result<ui::DemoProfile> start();
    // The running simulator; null until start() succeeded.
    DmsSimulator* simulator() const { return m_simulator.get(); }

private:
    std::unique_ptr<DmsSimulator> m_simulator;
};

} // namespace dmsx::desktop
