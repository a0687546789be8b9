#include "config/ProxyConfig.h"

#include "base/FaultCodes.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace dmsx {

namespace {

struct Setting
{
    QString variable; // the spelling that was set
    QString value;    // trimmed
};

Setting firstSet(const QProcessEnvironment& env, const char* lower, const char* upper)
{
    // curl and the SDKs prefer the lower-case spelling when both are present.
    for (const char* name : {lower, upper}) {
        const QString variable = QString::fromLatin1(name);
        const QString value = env.value(variable).trimmed();
        if (!value.isEmpty())
            return {variable, value};
    }
    return {};
}

// The digits after the host's last ':', if any: QUrl calls every bad port just "invalid".
QString portText(const QString& url)
{
    QString authority = url.mid(url.indexOf(QLatin1String("://")) + 3);
    authority = authority.left(authority.indexOf(QLatin1Char('/')));
    authority = authority.mid(authority.lastIndexOf(QLatin1Char('@')) + 1);
    const int colon = authority.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || colon < authority.lastIndexOf(QLatin1Char(']')))
        return {};
    return authority.mid(colon + 1);
}

// Why `value` is no usable proxy, or empty with `url` set. Qt's QNetworkProxy speaks plain HTTP
// (CONNECT) or SOCKS5 to the proxy; it cannot open TLS to the proxy itself.
QString parseProxyUrl(const QString& value, QUrl* url, bool* tls)
{
    *tls = false;
    const int schemeEnd = value.indexOf(QLatin1String("://"));
    const QString scheme = schemeEnd < 0 ? QStringLiteral("http") : value.left(schemeEnd).toLower();
    if (scheme == u"https") {
        *tls = true;
        return QStringLiteral("TLS to the proxy (https://) is not supported");
    }
    if (scheme != u"http" && scheme != u"socks5" && scheme != u"socks5h")
        return QStringLiteral("the scheme %1:// is not http:// or socks5://").arg(scheme);
    const QString withScheme = schemeEnd < 0 ? QStringLiteral("http://") + value : value;
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    const QString port = portText(withScheme);
    if (digits.match(port).hasMatch() && (port.size() > 5 || port.toInt() < 1 || port.toInt() > 65535))
        return QStringLiteral("the port %1 is out of range (1-65535)").arg(port);
    // Tolerant, as before: an unencoded character in a password that worked keeps working.
    // QUrl's error text is never shown: it quotes the URL, password included.
    const QUrl parsed(withScheme);
    if (!parsed.isValid())
        return QStringLiteral("it is not a URL of the form http://HOST:PORT");
    if (parsed.host().isEmpty())
        return QStringLiteral("it names no host");
    *url = parsed;
    return {};
}

// Sets `out` from the first of the spellings that is set; a fault when that value is unusable.
Result<void> readProxy(const QProcessEnvironment& env, const char* lower, const char* upper, QUrl* out,
                       QString* variable)
{
    const Setting setting = firstSet(env, lower, upper);
    if (setting.value.isEmpty())
        return {};
    QUrl url;
    bool tls = false;
    const QString problem = parseProxyUrl(setting.value, &url, &tls);
    if (problem.isEmpty()) {
        *out = url;
        *variable = setting.variable;
        return {};
    }
    const QString shown = ProxyConfig::masked(setting.value);
    Fault f = Fault::make(
        FaultKind::Configuration, tls ? FaultCode::ProxyTlsUnsupported : FaultCode::ProxyUrlInvalid,
        QStringLiteral("The proxy in %1 cannot be used: %2 (%1=%3)").arg(setting.variable, problem, shown));
    f.detail = QStringLiteral("%1=%2").arg(setting.variable, shown);
    f.requestWasSent = false;
    return f;
}

Result<ProxyConfig> read(const QProcessEnvironment& env, bool tolerant)
{
    ProxyConfig c;
    QUrl all;
    QString allVariable;
    // ALL_PROXY is checked even when both specific ones are set: a broken value should not wait
    // until the day it is used.
    const Result<void> checks[] = {
        readProxy(env, "https_proxy", "HTTPS_PROXY", &c.httpsProxy, &c.httpsProxyVariable),
        readProxy(env, "http_proxy", "HTTP_PROXY", &c.httpProxy, &c.httpProxyVariable),
        readProxy(env, "all_proxy", "ALL_PROXY", &all, &allVariable)};
    for (const Result<void>& r : checks) {
        if (!r && !tolerant)
            return r.fault();
    }
    if (c.httpsProxy.isEmpty() && !all.isEmpty()) {
        c.httpsProxy = all;
        c.httpsProxyVariable = allVariable;
    }
    if (c.httpProxy.isEmpty() && !all.isEmpty()) {
        c.httpProxy = all;
        c.httpProxyVariable = allVariable;
    }
    const QString no = firstSet(env, "no_proxy", "NO_PROXY").value;
    const QStringList parts = no.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& p : parts) {
        const QString e = p.trimmed().toLower();
        if (!e.isEmpty())
            c.noProxy.append(e);
    }
    return c;
}

} // namespace

Result<ProxyConfig> ProxyConfig::load(const QProcessEnvironment& env)
{
    return read(env, false);
}

ProxyConfig ProxyConfig::fromEnvironment(const QProcessEnvironment& env)
{
    return read(env, true).value();
}

QString ProxyConfig::masked(const QString& value)
{
    const int at = value.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return value;
    const int schemeEnd = value.indexOf(QLatin1String("://"));
    const QString scheme = schemeEnd >= 0 && schemeEnd < at ? value.left(schemeEnd + 3) : QString();
    return scheme + QStringLiteral("****@") + value.mid(at + 1);
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
