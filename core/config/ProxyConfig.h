#pragma once

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace dmsx {

// The proxy settings the AWS SDKs and curl read from the environment: HTTPS_PROXY/https_proxy
// for https URLs, HTTP_PROXY/http_proxy for http URLs, NO_PROXY/no_proxy for exceptions. The
// environment is injected so tests don't depend on the machine.
class ProxyConfig
{
public:
    static ProxyConfig fromEnvironment(const QProcessEnvironment& env);

    QUrl httpsProxy;
    QUrl httpProxy;
    QStringList noProxy; // lower-case entries: "*", host suffixes, "host:port", IPs, CIDR ranges

    bool isEmpty() const { return httpsProxy.isEmpty() && httpProxy.isEmpty() && noProxy.isEmpty(); }
    bool bypasses(const QString& host, int port) const;

    // NoProxy when NO_PROXY matches, the configured proxy for the scheme, or nullopt when the
    // environment says nothing (the caller then asks the system configuration).
    std::optional<QNetworkProxy> proxyFor(const QUrl& url) const;

    // "http://user:pass@host:3128" -> QNetworkProxy; a URL without scheme is taken as http.
    static QNetworkProxy toProxy(const QUrl& proxyUrl);
};

} // namespace dmsx
