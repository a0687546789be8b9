#include "net/EnvironmentProxyFactory.h"

namespace dmsx {

EnvironmentProxyFactory::EnvironmentProxyFactory(ProxyConfig config) : m_config(std::move(config)) {}

QList<QNetworkProxy> EnvironmentProxyFactory::queryProxy(const QNetworkProxyQuery& query)
{
    const QUrl url = query.url();
    if (url.isValid()) {
        if (const auto proxy = m_config.proxyFor(url))
            return {*proxy};
    }
    return QNetworkProxyFactory::systemProxyForQuery(query);
}

} // namespace dmsx
