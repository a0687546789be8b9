#pragma once

#include "base/Result.h"

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace dmsx {

// The proxy settings the AWS SDKs and curl read from the environment: HTTPS_PROXY/https_proxy
// for https URLs, HTTP_PROXY/http_proxy for http URLs, ALL_PROXY/all_proxy for either when the
// specific one is unset (as curl), NO_PROXY/no_proxy for exceptions. The environment is injected
// so tests don't depend on the machine.
class ProxyConfig
{
public:
    // Tolerant, for showing what is set: an unusable value is left out.
    static ProxyConfig fromEnvironment(const QProcessEnvironment& env);
    // For connecting: an unusable value is a Configuration fault naming the variable (password
    // masked), ProxyUrlInvalid or ProxyTlsUnsupported, never silently "direct".
    static Result<ProxyConfig> load(const QProcessEnvironment& env);

    QUrl httpsProxy;
    QUrl httpProxy;
    QString httpsProxyVariable; // which variable httpsProxy came from, e.g. "https_proxy" or "ALL_PROXY"
    QString httpProxyVariable;
    QStringList noProxy; // lower-case entries: "*", host suffixes, "host:port", IPs, CIDR ranges

    bool isEmpty() const { return httpsProxy.isEmpty() && httpProxy.isEmpty() && noProxy.isEmpty(); }
    bool bypasses(const QString& host, int port) const;

    // NoProxy when NO_PROXY matches, the configured proxy for the scheme, or nullopt when the
    // environment says nothing (the caller then asks the system configuration).
    std::optional<QNetworkProxy> proxyFor(const QUrl& url) const;

    // "http://user:pass@host:3128" -> QNetworkProxy; a URL without scheme is taken as http.
    static QNetworkProxy toProxy(const QUrl& proxyUrl);
    // The value with everything before the host's '@' (user and password) replaced by "****".
    static QString masked(const QString& value);
};

} // namespace dmsx
