#pragma once

#include <QLatin1StringView>

// Fault codes only the simulator uses. Codes the client also knows are in base/FaultCodes.h, so the
// simulator and the client cannot spell them differently.
namespace dmsx::SimFaultCode {

// --- the simulator's own faults: a scenario file or a fault rule it cannot use
inline constexpr QLatin1StringView InvalidScenario{"InvalidScenario"};
inline constexpr QLatin1StringView InvalidFaultConfig{"InvalidFaultConfig"};

// --- sent by the simulated SSO portal; the client has no rule of its own for it
inline constexpr QLatin1StringView InvalidRequestException{"InvalidRequestException"};

} // namespace dmsx::SimFaultCode
