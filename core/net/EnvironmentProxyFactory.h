#pragma once

#include "base/Clock.h"
#include "config/ProxyConfig.h"

#include <QHash>
#include <QMutex>
#include <QNetworkProxyFactory>

#include <functional>

namespace dmsx {

// Applies ProxyConfig (HTTPS_PROXY, NO_PROXY…) and falls back to the system configuration
// for anything the environment does not decide.
//
// The system's answer for a URL is reused for kSystemAnswerLifetimeMs: Debian's Qt asks
// libproxy, on a thread of its own, for every request, and a listing makes hundreds of
// requests to one URL. A change of the desktop's proxy settings applies within that time.
class EnvironmentProxyFactory : public QNetworkProxyFactory
{
public:
    using SystemLookup = std::function<QList<QNetworkProxy>(const QNetworkProxyQuery&)>;

    static constexpr qint64 kSystemAnswerLifetimeMs = 30000;
    // Different URLs a process asks about are few (one endpoint per service); more than this
    // starts the reuse over rather than keep growing.
    static constexpr int kMaxSystemAnswers = 64;

    // `system` (default: QNetworkProxyFactory::systemProxyForQuery) and `clock` (default: the
    // system's) are for tests.
    explicit EnvironmentProxyFactory(ProxyConfig config, SystemLookup system = {},
                                     const Clock* clock = nullptr);
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query = QNetworkProxyQuery()) override;
    const ProxyConfig& config() const { return m_config; }

private:
    struct SystemAnswer
    {
        QList<QNetworkProxy> proxies;
        QDateTime askedAt;
    };

    QList<QNetworkProxy> systemProxies(const QNetworkProxyQuery& query);

    ProxyConfig m_config;
    SystemLookup m_system;
    const Clock* m_clock;
    QMutex m_mutex; // QNAM may ask from the thread of each of its requests
    QHash<QString, SystemAnswer> m_systemAnswers;
};

} // namespace dmsx
