#pragma once

#include "base/Fault.h"

#include <functional>
#include <random>

namespace dmsx {

enum class RetryClass
{
    None,
    Throttling,
    Transient
};

// The "standard" retry mode as the current JS SDK implements it (docs/protocol.md §5.1 and §5.3): full
// jitter exponential backoff, retry-after hints and a retry quota shared by all calls of a client.
class RetryStrategy
{
public:
    using RandomSource = std::function<double()>; // uniform [0,1)

    explicit RetryStrategy(int maxAttempts = 3, RandomSource random = {});

    // Throttling (429 or a throttling code), else Transient (timeouts, 500/502/503/504, network
    // failures, clock skew corrected, "Signature expired"), else None. A fault whose request may
    // already have been processed by a non-idempotent call is never retried.
    static RetryClass classify(const Fault& fault, bool clockSkewCorrected);

    int maxAttempts() const;

    // For the retry with index retryIndex (0 = first retry). Returns false without touching the
    // quota when cls is None, when retryIndex is past maxAttempts - 2, or when the quota can't pay.
    // Otherwise pays the cost and writes the delay before the retry to *delayMs.
    bool acquireRetry(RetryClass cls, const Fault& fault, int retryIndex, qint64* delayMs);

    // After a successful response: refunds the last retry's cost, or adds 1; never above capacity.
    void recordSuccess();
    int quota() const;

    // The delay formula alone, without the quota: floor(rand * min(base * 2^i, 20000)) then the
    // retry-after rule max(computed, min(hint, computed + 5000)).
    static qint64 computeDelayMs(RetryClass cls, int retryIndex, double random, qint64 retryAfterHintMs);
    static int retryCost(RetryClass cls);

    static constexpr int kQuotaCapacity = 500;
    static constexpr int kThrottlingCost = 5;
    static constexpr int kRetryCost = 14;
    static constexpr int kSuccessIncrement = 1;
    static constexpr qint64 kThrottlingBaseMs = 1000;
    static constexpr qint64 kTransientBaseMs = 50;
    static constexpr qint64 kMaxBackoffMs = 20000;
    static constexpr qint64 kMaxHintExtraMs = 5000;

private:
    int m_maxAttempts;
    RandomSource m_random;
    std::mt19937 m_engine;
    int m_quota = kQuotaCapacity;
    int m_lastRetryCost = 0;
};

} // namespace dmsx
