#pragma once

#include <QString>

#include <optional>

namespace dmsx {

// Per-call overrides of the transport defaults.
struct CallOptions
{
    // Unset: AwsJsonTransport::isIdempotent(operation) decides.
    std::optional<bool> idempotent;
    int attemptTimeoutMs = 0; // 0: the transport's
    // Calls with the same non-empty key belong together (the pages of one listing, the polls of
    // one series): observers such as the request history record them as one entry.
    QString groupKey;
};

} // namespace dmsx
