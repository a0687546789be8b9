#pragma once

#include <optional>

namespace dmsx {

// Per-call overrides of the transport defaults.
struct CallOptions
{
    // Unset: AwsJsonTransport::isIdempotent(operation) decides.
    std::optional<bool> idempotent;
    int attemptTimeoutMs = 0; // 0: the transport's
};

} // namespace dmsx
