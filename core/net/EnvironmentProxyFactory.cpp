#include "net/EnvironmentProxyFactory.h"

namespace dmsx {

EnvironmentProxyFactory::EnvironmentProxyFactory(ProxyConfig config, SystemLookup system, const Clock* clock)
    : m_config(std::move(config)),
      m_system(system ? std::move(system) : SystemLookup(&QNetworkProxyFactory::systemProxyForQuery)),
      m_clock(clock ? clock : SystemClock::instance())
{}

QList<QNetworkProxy> EnvironmentProxyFactory::queryProxy(const QNetworkProxyQuery& query)
{
    const QUrl url = query.url();
    if (url.isValid()) {
        if (const auto proxy = m_config.proxyFor(url))
            return {*proxy};
    }
    return systemProxies(query);
}

QList<QNetworkProxy> EnvironmentProxyFactory::systemProxies(const QNetworkProxyQuery& query)
{
    // Everything the system's answer may depend on (a PAC script sees the whole URL); the
    // user name and password of a URL do not choose a proxy, and are not kept.
    const QString key = QString::number(int(query.queryType())) + QLatin1Char(' ') + query.protocolTag() +
                        QLatin1Char(' ') + QString::number(query.localPort()) + QLatin1Char(' ') +
                        query.peerHostName() + QLatin1Char(':') + QString::number(query.peerPort()) +
                        QLatin1Char(' ') + query.url().toString(QUrl::RemoveUserInfo | QUrl::FullyEncoded);
    const QDateTime now = m_clock->nowUtc();
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_systemAnswers.constFind(key);
        // A clock set back counts as expired.
        if (it != m_systemAnswers.constEnd() && it->askedAt <= now &&
            it->askedAt.msecsTo(now) < kSystemAnswerLifetimeMs)
            return it->proxies;
    }
    // Asked without the lock: the lookup may take a while, and two threads asking at once
    // both get an answer.
    const QList<QNetworkProxy> proxies = m_system(query);
    const QMutexLocker lock(&m_mutex);
    if (m_systemAnswers.size() >= kMaxSystemAnswers)
        m_systemAnswers.clear();
    m_systemAnswers.insert(key, {proxies, now});
    return proxies;
}

} // namespace dmsx
