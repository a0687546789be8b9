#include "config/ServiceEndpointResolver.h"

#include "base/FaultCodes.h"
#include "config/EndpointResolver.h"
#include "config/Partition.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace dmsx {

namespace {

Fault configFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, FaultCode::InvalidEndpointConfiguration, message);
}

QString signingNameOf(AwsService service)
{
    switch (service) {
    case AwsService::S3:
        return QStringLiteral("s3");
    case AwsService::Iam:
        return QStringLiteral("iam");
    case AwsService::SecretsManager:
        return QStringLiteral("secretsmanager");
    case AwsService::Kms:
        return QStringLiteral("kms");
    }
    return QString();
}

// IAM's global endpoint and the region it is signed for, per partition (the SDKs' endpoint
// rule set for IAM).
struct IamEndpoint
{
    const char* host;
    const char* fipsHost;
    const char* region;
};

IamEndpoint iamEndpointOf(const QString& partition)
{
    if (partition == u"aws-cn")
        return {"iam.cn-north-1.amazonaws.com.cn", "iam-fips.cn-north-1.amazonaws.com.cn", "cn-north-1"};
    if (partition == u"aws-us-gov")
        return {"iam.us-gov.amazonaws.com", "iam.us-gov.amazonaws.com", "us-gov-west-1"};
    if (partition == u"aws-iso")
        return {"iam.us-iso-east-1.c2s.ic.gov", "iam-fips.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"};
    if (partition == u"aws-iso-b")
        return {"iam.us-isob-east-1.sc2s.sgov.gov", "iam-fips.us-isob-east-1.sc2s.sgov.gov",
                "us-isob-east-1"};
    if (partition == u"aws-iso-e")
        return {"iam.eu-isoe-west-1.cloud.adc-e.uk", "iam-fips.eu-isoe-west-1.cloud.adc-e.uk",
                "eu-isoe-west-1"};
    if (partition == u"aws-iso-f")
        return {"iam.us-isof-south-1.csp.hci.ic.gov", "iam-fips.us-isof-south-1.csp.hci.ic.gov",
                "us-isof-south-1"};
    if (partition == u"aws-eusc")
        return {"iam.eusc-de-east-1.amazonaws.eu", "iam-fips.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"};
    return {"iam.amazonaws.com", "iam-fips.amazonaws.com", "us-east-1"};
}

} // namespace

QString ServiceEndpointResolver::displayName(AwsService service)
{
    switch (service) {
    case AwsService::S3:
        return QStringLiteral("S3");
    case AwsService::Iam:
        return QStringLiteral("IAM");
    case AwsService::SecretsManager:
        return QStringLiteral("Secrets Manager");
    case AwsService::Kms:
        return QStringLiteral("KMS");
    }
    return QString();
}

QString ServiceEndpointResolver::environmentId(AwsService service)
{
    switch (service) {
    case AwsService::S3:
        return QStringLiteral("S3");
    case AwsService::Iam:
        return QStringLiteral("IAM");
    case AwsService::SecretsManager:
        return QStringLiteral("SECRETS_MANAGER");
    case AwsService::Kms:
        return QStringLiteral("KMS");
    }
    return QString();
}

Result<ServiceEndpoint> ServiceEndpointResolver::resolve(AwsService service, const QString& region,
                                                         const QString& customUrl, bool fips, bool dualStack)
{
    if (region.isEmpty())
        return configFault(QStringLiteral("Invalid Configuration: Missing Region"));
    if (!EndpointResolver::isValidHostLabel(region))
        return configFault(
            QStringLiteral("Region not accepted: region=\"%1\" is not a valid hostname component.")
                .arg(region));
    const Partition& p = Partition::forRegion(region);
    ServiceEndpoint out;
    out.service = service;
    out.signingName = signingNameOf(service);
    out.signingRegion = region;
    if (service == AwsService::Iam)
        out.signingRegion = QString::fromLatin1(iamEndpointOf(p.id).region);

    if (!customUrl.isEmpty()) {
        const QUrl url(customUrl, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty())
            return configFault(
                QStringLiteral("Invalid Configuration: the %1 endpoint \"%2\" is not an absolute "
                               "http:// or https:// URL")
                    .arg(displayName(service), EndpointResolver::withoutPassword(customUrl)));
        out.url = url;
        out.custom = true;
        return out;
    }

    QString host;
    const QString name = out.signingName;
    switch (service) {
    case AwsService::Iam: {
        const IamEndpoint iam = iamEndpointOf(p.id);
        host = QString::fromLatin1(fips ? iam.fipsHost : iam.host);
        break;
    }
    case AwsService::S3:
        if (dualStack)
            host = (fips ? QStringLiteral("s3-fips.dualstack.") : QStringLiteral("s3.dualstack.")) + region +
                   u'.' + p.dnsSuffix;
        else
            host = (fips ? QStringLiteral("s3-fips.") : QStringLiteral("s3.")) + region + u'.' + p.dnsSuffix;
        break;
    case AwsService::SecretsManager:
    case AwsService::Kms:
        host = name + (fips ? QStringLiteral("-fips.") : QStringLiteral(".")) + region + u'.' +
               (dualStack ? p.dualStackDnsSuffix : p.dnsSuffix);
        break;
    }
    out.url.setScheme(QStringLiteral("https"));
    out.url.setHost(host);
    out.url.setPath(QStringLiteral("/"));
    return out;
}

bool ServiceEndpointResolver::isValidBucketName(const QString& bucket)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
    return re.match(bucket).hasMatch();
}

QUrl ServiceEndpointResolver::s3BucketUrl(const ServiceEndpoint& endpoint, const QString& bucket)
{
    QUrl url = endpoint.url;
    const QString host = url.host();
    const bool ipOrLocal =
        !QHostAddress(host).isNull() || host.compare(u"localhost", Qt::CaseInsensitive) == 0;
    // A dot in the name would not match the wildcard certificate of *.s3.REGION.amazonaws.com.
    const bool virtualHosted = !ipOrLocal && isValidBucketName(bucket) && !bucket.contains(u'.');
    if (virtualHosted) {
        url.setHost(bucket + u'.' + host);
        if (url.path().isEmpty())
            url.setPath(QStringLiteral("/"));
        return url;
    }
    QString path = url.path();
    if (!path.endsWith(u'/'))
        path += u'/';
    url.setPath(path + bucket);
    return url;
}

} // namespace dmsx
