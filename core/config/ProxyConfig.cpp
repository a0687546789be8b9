#include "config/ProxyConfig.h"

#include <QHostAddress>

namespace dmsx {

namespace {

QString firstSet(const QProcessEnvironment& env, const char* lower, const char* upper)
{
    // curl and the SDKs prefer the lower-case spelling when both are present.
    const QString l = env.value(QString::fromLatin1(lower));
    if (!l.trimmed().isEmpty())
        return l.trimmed();
    return env.value(QString::fromLatin1(upper)).trimmed();
}

QUrl parseProxyUrl(const QString& text)
{
    if (text.isEmpty())
        return {};
    QUrl url(text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text);
    return url.isValid() && !url.host().isEmpty() ? url : QUrl();
}

} // namespace

ProxyConfig ProxyConfig::fromEnvironment(const QProcessEnvironment& env)
{
    ProxyConfig c;
    c.httpsProxy = parseProxyUrl(firstSet(env, "https_proxy", "HTTPS_PROXY"));
    c.httpProxy = parseProxyUrl(firstSet(env, "http_proxy", "HTTP_PROXY"));
    const QString no = firstSet(env, "no_proxy", "NO_PROXY");
    const QStringList parts = no.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        const QString e = p.trimmed().toLower();
        if (!e.isEmpty())
            c.noProxy.append(e);
    }
    return c;
}

bool ProxyConfig::bypasses(const QString& hostIn, int port) const
{
    const QString host = hostIn.toLower();
    const QHostAddress address(host);
    for (QString entry : noProxy) {
        if (entry == QLatin1String("*"))
            return true;
        if (entry.contains(QLatin1Char('/')) && !address.isNull()) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            if (!subnet.first.isNull() && address.isInSubnet(subnet))
                return true;
            continue;
        }
        // "host:port" only bypasses that port (IPv6 literals in brackets keep their colons).
        int entryPort = -1;
        const int colon = entry.lastIndexOf(QLatin1Char(':'));
        if (colon > 0 && entry.indexOf(QLatin1Char(':')) == colon) {
            bool ok = false;
            entryPort = entry.mid(colon + 1).toInt(&ok);
            if (!ok)
                continue;
            entry.truncate(colon);
        }
        if (entryPort != -1 && entryPort != port)
            continue;
        if (entry.startsWith(QLatin1String("*.")))
            entry.remove(0, 2);
        else if (entry.startsWith(QLatin1Char('.')))
            entry.remove(0, 1);
        entry.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
        if (host == entry || host.endsWith(QLatin1Char('.') + entry))
            return true;
    }
    return false;
}

std::optional<QNetworkProxy> ProxyConfig::proxyFor(const QUrl& url) const
{
    const bool https = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const QUrl& proxy = https ? httpsProxy : httpProxy;
    const int port = url.port(https ? 443 : 80);
    if (bypasses(url.host(), port))
        return QNetworkProxy(QNetworkProxy::NoProxy);
    if (!proxy.isEmpty())
        return toProxy(proxy);
    // NO_PROXY alone still means "the environment decided" for everything it doesn't match.
    return std::nullopt;
}

QNetworkProxy ProxyConfig::toProxy(const QUrl& proxyUrl)
{
    const QString scheme = proxyUrl.scheme().toLower();
    const bool socks = scheme.startsWith(QLatin1String("socks"));
    QNetworkProxy p(
        socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, proxyUrl.host(),
        static_cast<quint16>(proxyUrl.port(socks ? 1080 : (scheme == QLatin1String("https") ? 443 : 80))),
        proxyUrl.userName(QUrl::FullyDecoded), proxyUrl.password(QUrl::FullyDecoded));
    return p;
}

} // namespace dmsx
