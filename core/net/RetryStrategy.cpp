#include "net/RetryStrategy.h"

#include "base/FaultCodes.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace dmsx {

namespace {

template <std::size_t N> bool isOneOf(const QString& code, const QLatin1StringView (&codes)[N])
{
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

constexpr QLatin1StringView kThrottlingCodes[] = {
    FaultCode::BandwidthLimitExceeded,
    FaultCode::EC2ThrottledException,
    FaultCode::LimitExceededException,
    FaultCode::PriorRequestNotComplete,
    FaultCode::ProvisionedThroughputExceededException,
    FaultCode::RequestLimitExceeded,
    FaultCode::RequestThrottled,
    FaultCode::RequestThrottledException,
    FaultCode::SlowDown,
    FaultCode::ThrottledException,
    FaultCode::Throttling,
    FaultCode::ThrottlingException,
    FaultCode::TooManyRequestsException,
    FaultCode::TransactionInProgressException,
};

constexpr QLatin1StringView kTransientCodes[] = {
    FaultCode::TimeoutError,
    FaultCode::RequestTimeout,
    FaultCode::RequestTimeoutException,
};

// Our transport's names for the network failures the JS SDK retries (ECONNRESET, ECONNREFUSED,
// ETIMEDOUT, ENETUNREACH, ENOTFOUND, ...). TLS and proxy authentication failures won't heal by retrying.
constexpr QLatin1StringView kTransientTransportCodes[] = {
    FaultCode::ConnectionRefused,      FaultCode::HostNotFound,       FaultCode::Timeout,
    FaultCode::ConnectionReset,        FaultCode::NetworkUnreachable, FaultCode::ProxyConnectionFailed,
    FaultCode::ProxyConnectionRefused, FaultCode::TruncatedResponse,
};

bool isTransientStatus(int status)
{
    return status == 500 || status == 502 || status == 503 || status == 504;
}

} // namespace

RetryStrategy::RetryStrategy(int maxAttempts, RandomSource random)
    : m_maxAttempts(std::max(1, maxAttempts)), m_random(std::move(random)), m_engine(std::random_device{}())
{}

RetryClass RetryStrategy::classify(const Fault& fault, bool clockSkewCorrected)
{
    switch (fault.kind) {
    case FaultKind::Credentials:
        // AWS refusing the keys (an answer with a status) is judged by its code like any answer:
        // "Signature expired" heals once the clock is corrected; missing keys never do.
        if (fault.httpStatus > 0)
            break;
        return RetryClass::None;
    case FaultKind::Configuration:
    case FaultKind::Usage:
    case FaultKind::Cancelled:
    case FaultKind::AssociationFailed:
        return RetryClass::None;
    case FaultKind::Service:
    case FaultKind::Transport:
    case FaultKind::Protocol:
        break;
    }
    // Re-sending a non-idempotent call whose outcome is unknown could install the pack twice.
    if (fault.requestMayHaveBeenProcessed)
        return RetryClass::None;
    if (fault.httpStatus == 429 || isOneOf(fault.code, kThrottlingCodes))
        return RetryClass::Throttling;
    if (clockSkewCorrected || isOneOf(fault.code, kTransientCodes) || isTransientStatus(fault.httpStatus))
        return RetryClass::Transient;
    // Our transport reports a cut-off answer as a Protocol fault; it heals like a reset.
    if (isOneOf(fault.code, kTransientTransportCodes))
        return RetryClass::Transient;
    if (fault.code == FaultCode::InvalidSignatureException &&
        fault.message.contains(QLatin1String("Signature expired"), Qt::CaseInsensitive))
        return RetryClass::Transient;
    return RetryClass::None;
}

int RetryStrategy::maxAttempts() const
{
    return m_maxAttempts;
}

int RetryStrategy::retryCost(RetryClass cls)
{
    return cls == RetryClass::Throttling ? kThrottlingCost : kRetryCost;
}

qint64 RetryStrategy::computeDelayMs(RetryClass cls, int retryIndex, double random, qint64 retryAfterHintMs)
{
    const qint64 base = cls == RetryClass::Throttling ? kThrottlingBaseMs : kTransientBaseMs;
    // 2^i overflows long before it matters; the cap is reached by i = 5 for the larger base.
    const int exponent = std::clamp(retryIndex, 0, 30);
    const qint64 ceiling = std::min<qint64>(base << exponent, kMaxBackoffMs);
    const double r = std::clamp(random, 0.0, std::nextafter(1.0, 0.0));
    qint64 delay = static_cast<qint64>(std::floor(r * static_cast<double>(ceiling)));
    if (retryAfterHintMs >= 0)
        delay = std::max(delay, std::min(retryAfterHintMs, delay + kMaxHintExtraMs));
    return delay;
}

bool RetryStrategy::acquireRetry(RetryClass cls, const Fault& fault, int retryIndex, qint64* delayMs)
{
    if (cls == RetryClass::None || retryIndex < 0 || retryIndex + 1 >= m_maxAttempts)
        return false;
    const int cost = retryCost(cls);
    if (m_quota < cost)
        return false;
    m_quota -= cost;
    m_lastRetryCost = cost;
    double r;
    if (m_random) {
        r = m_random();
    } else {
        std::uniform_real_distribution<double> dist(0.0, 1.0);
        r = dist(m_engine);
    }
    const qint64 delay = computeDelayMs(cls, retryIndex, r, fault.retryAfterMs);
    if (delayMs)
        *delayMs = delay;
    return true;
}

void RetryStrategy::recordSuccess()
{
    m_quota = std::min(kQuotaCapacity, m_quota + (m_lastRetryCost > 0 ? m_lastRetryCost : kSuccessIncrement));
    m_lastRetryCost = 0;
}

int RetryStrategy::quota() const
{
    return m_quota;
}

} // namespace dmsx
