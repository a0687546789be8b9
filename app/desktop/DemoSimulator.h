#pragma once

#include "base/Result.h"
#include "window/DemoProfile.h"

#include <memory>

class QTemporaryDir;

namespace dmsx {
class DmsSimulator;
}

namespace dmsx::desktop {

// The built-in simulator with the demo data on a loopback port, and the demo profiles that reach
// it: what `dms-extpack --demo`, the welcome's "Try the demo" and the screenshots run against,
// inside the process. Lives as long as the window that uses it.
//
// Besides the key pair, an IAM Identity Center profile ("demo-sso") whose sign-in waits, as at
// AWS, for Allow on the page the browser opens (the simulator's). Its profile and token cache are
// in a private folder (0700) that goes with this object.
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

    static QString ssoProfileName() { return QStringLiteral("demo-sso"); }
    // The demo scenario's portal knows this start URL's user in these accounts (sim/README.md).
    static QString ssoStartUrl() { return QStringLiteral("https://d-9067c0ffee.awsapps.com/start"); }

private:
    std::unique_ptr<DmsSimulator> m_simulator;
    std::unique_ptr<QTemporaryDir> m_private;
};

} // namespace dmsx::desktop
