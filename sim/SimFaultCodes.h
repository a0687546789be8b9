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

// --- sent by the simulated S3, IAM and KMS (docs/protocol.md §10)
inline constexpr QLatin1StringView AuthorizationHeaderMalformed{"AuthorizationHeaderMalformed"};
inline constexpr QLatin1StringView InvalidAccessKeyId{"InvalidAccessKeyId"};
inline constexpr QLatin1StringView RequestTimeTooSkewed{"RequestTimeTooSkewed"};
inline constexpr QLatin1StringView InvalidRequest{"InvalidRequest"};
inline constexpr QLatin1StringView InvalidArgument{"InvalidArgument"};
inline constexpr QLatin1StringView XAmzContentSHA256Mismatch{"XAmzContentSHA256Mismatch"};
inline constexpr QLatin1StringView NotImplemented{"NotImplemented"};
inline constexpr QLatin1StringView NoSuchBucket{"NoSuchBucket"};
inline constexpr QLatin1StringView PermanentRedirect{"PermanentRedirect"};
inline constexpr QLatin1StringView NoSuchEntity{"NoSuchEntity"};
inline constexpr QLatin1StringView NotFoundException{"NotFoundException"};

} // namespace dmsx::SimFaultCode
