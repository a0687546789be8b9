#pragma once

#include "config/ProxyConfig.h"

#include <QNetworkProxyFactory>

namespace dmsx {

// Applies ProxyConfig (HTTPS_PROXY, NO_PROXY…) and falls back to the system configuration
// for anything the environment does not decide.
class EnvironmentProxyFactory : public QNetworkProxyFactory
{
public:
    explicit EnvironmentProxyFactory(ProxyConfig config);
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query = QNetworkProxyQuery()) override;
    const ProxyConfig& config() const { return m_config; }

private:
    ProxyConfig m_config;
};

} // namespace dmsx
