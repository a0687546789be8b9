// The proxy environment as curl and the AWS SDKs read it: HTTPS_PROXY, HTTP_PROXY and NO_PROXY
// (three lines of the input), then the decision for a URL (the fourth line) and the proxy it
// gives, as EnvironmentProxyFactory asks for every request.
#include "FuzzInput.h"
#include "config/ProxyConfig.h"
#include "net/EnvironmentProxyFactory.h"

#include <QProcessEnvironment>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QList<QByteArray> lines = input.bytes().split('\n');
    QProcessEnvironment env;
    env.insert(QStringLiteral("HTTPS_PROXY"), QString::fromUtf8(lines.value(0)));
    env.insert(QStringLiteral("http_proxy"), QString::fromUtf8(lines.value(1)));
    env.insert(QStringLiteral("NO_PROXY"), QString::fromUtf8(lines.value(2)));
    const ProxyConfig config = ProxyConfig::fromEnvironment(env);

    const QUrl url(QString::fromUtf8(lines.value(3)));
    (void)config.proxyFor(url);
    (void)config.bypasses(url.host(), url.port(443));
    (void)ProxyConfig::toProxy(config.httpsProxy);
    (void)ProxyConfig::toProxy(config.httpProxy);
    EnvironmentProxyFactory factory(config);
    (void)factory.queryProxy(QNetworkProxyQuery(url));
    return 0;
}
