#include "config/EndpointResolver.h"

#include "base/FaultCodes.h"
#include "config/Partition.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace dmsx {

namespace {

Fault configFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, FaultCode::InvalidEndpointConfiguration, message);
}

Result<ResolvedEndpoint> fromCustom(const QString& endpoint, const PreprocessedRegion& region, bool fips,
                                    bool dualStack, const QList<Partition>& partitions)
{
    // The rule set rejects these combinations before looking at the URL at all.
    if (fips)
        return configFault(
            QStringLiteral("Invalid Configuration: FIPS and custom endpoint are not supported"));
    if (dualStack)
        return configFault(
            QStringLiteral("Invalid Configuration: Dualstack and custom endpoint are not supported"));

    const QUrl url(endpoint, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty()) {
        return configFault(QStringLiteral("Invalid Configuration: custom endpoint \"%1\" is not an absolute "
                                          "http:// or https:// URL")
                               .arg(EndpointResolver::withoutPassword(endpoint)));
    }
    ResolvedEndpoint out;
    out.url = url;
    out.host = url.host();
    out.signingRegion = region.region;
    if (!region.region.isEmpty())
        out.partitionId = Partition::forRegion(region.region, partitions).id;
    out.custom = true;
    return out;
}

} // namespace

QString ResolvedEndpoint::hostHeader() const
{
    const int port = url.port();
    const bool defaultPort = port < 0 ||
                             (port == 443 && url.scheme().compare(u"https", Qt::CaseInsensitive) == 0) ||
                             (port == 80 && url.scheme().compare(u"http", Qt::CaseInsensitive) == 0);
    return defaultPort ? host : host + u':' + QString::number(port);
}

bool EndpointResolver::isValidHostLabel(const QString& label)
{
    static const QRegularExpression re(QStringLiteral(R"(^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$)"));
    return re.match(label).hasMatch();
}

QString EndpointResolver::withoutPassword(const QString& url)
{
    // user:password@ right after the scheme (or at the start when there is none).
    static const QRegularExpression userInfo(
        QStringLiteral("^((?:[A-Za-z][A-Za-z0-9+.-]*://)?[^/@:]*):[^/@]*@"));
    QString out = url;
    return out.replace(userInfo, QStringLiteral("\\1:****@"));
}

bool EndpointResolver::isLoopbackHost(const QString& host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Result<PreprocessedRegion> EndpointResolver::preprocessRegion(const QString& region)
{
    PreprocessedRegion out;
    out.region = region;
    if (region.isEmpty())
        return out;
    if (region.startsWith(u"fips-") || region.endsWith(u"-fips")) {
        out.impliesFips = true;
        if (region == u"fips-aws-global" || region == u"aws-fips") {
            out.region = QStringLiteral("us-east-1");
        } else {
            // Same expression as the JS getRealRegion(): only the first match is removed.
            static const QRegularExpression strip(QStringLiteral("fips-(dkr-|prod-)?|-fips"));
            const QRegularExpressionMatch m = strip.match(region);
            if (m.hasMatch())
                out.region = region.left(m.capturedStart()) + region.mid(m.capturedEnd());
        }
    }
    if (!isValidHostLabel(out.region)) {
        return configFault(
            QStringLiteral("Region not accepted: region=\"%1\" is not a valid hostname component.")
                .arg(region));
    }
    return out;
}

Result<ResolvedEndpoint> EndpointResolver::resolve(const EndpointParams& params,
                                                   const QList<Partition>& partitions)
{
    const Result<PreprocessedRegion> pre = preprocessRegion(params.region);
    if (!pre)
        return pre.fault();
    const QString region = pre->region;
    const bool fips = params.useFips || pre->impliesFips;
    const bool dualStack = params.useDualStack;

    // Rule 1: a custom endpoint beats everything, including a missing region.
    if (!params.endpoint.isEmpty()) {
        return fromCustom(params.endpoint, *pre, fips, dualStack, partitions);
    }
    // Rule 2.
    if (region.isEmpty())
        return configFault(QStringLiteral("Invalid Configuration: Missing Region"));
    // Rule 3.
    const Partition& p = Partition::forRegion(region, partitions);

    QString host;
    if (fips && dualStack) { // Rule 4.
        if (!p.supportsFips || !p.supportsDualStack) {
            return configFault(QStringLiteral(
                "FIPS and DualStack are enabled, but this partition does not support one or both"));
        }
        host = QStringLiteral("dms-fips.") + region + u'.' + p.dualStackDnsSuffix;
    } else if (fips) { // Rule 5.
        if (!p.supportsFips)
            return configFault(QStringLiteral("FIPS is enabled but this partition does not support FIPS"));
        // GovCloud and the ISO partitions are FIPS by construction: their plain name is the FIPS one.
        if (p.id == u"aws-us-gov")
            host = QStringLiteral("dms.") + region + QStringLiteral(".amazonaws.com");
        else if (p.id == u"aws-iso")
            host = QStringLiteral("dms.") + region + QStringLiteral(".c2s.ic.gov");
        else if (p.id == u"aws-iso-b")
            host = QStringLiteral("dms.") + region + QStringLiteral(".sc2s.sgov.gov");
        else
            host = QStringLiteral("dms-fips.") + region + u'.' + p.dnsSuffix;
    } else if (dualStack) { // Rule 6.
        if (!p.supportsDualStack)
            return configFault(
                QStringLiteral("DualStack is enabled but this partition does not support DualStack"));
        host = QStringLiteral("dms.") + region + u'.' + p.dualStackDnsSuffix;
    } else { // Rule 7.
        host = QStringLiteral("dms.") + region + u'.' + p.dnsSuffix;
    }

    ResolvedEndpoint out;
    out.url.setScheme(QStringLiteral("https"));
    out.url.setHost(host);
    out.url.setPath(QStringLiteral("/"));
    out.host = host;
    out.signingRegion = region;
    out.partitionId = p.id;
    out.fips = fips;
    out.dualStack = dualStack;
    return out;
}

} // namespace dmsx
