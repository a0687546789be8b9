#include "s3/S3Client.h"

#include "base/FaultCodes.h"
#include "net/S3RestXmlProtocol.h"
#include "net/TransportPool.h"
#include "net/TypedCall.h"

namespace dmsx {

namespace {

Fault invalidBucket(const QString& bucket)
{
    Fault f = Fault::make(FaultKind::Usage, QStringLiteral("InvalidBucketName"),
                          QStringLiteral("'%1' is not a name S3 gives a bucket").arg(bucket));
    f.requestWasSent = false;
    return f;
}

} // namespace

S3Client::S3Client(TransportPool* pool, QString region, QString customUrl, bool fips, bool dualStack)
    : m_pool(pool), m_region(std::move(region)), m_customUrl(std::move(customUrl)), m_fips(fips),
      m_dualStack(dualStack), m_protocol(std::make_shared<S3RestXmlProtocol>())
{}

S3Client::~S3Client() = default;

QString S3Client::bucketOfPath(const QString& s3Path)
{
    QString rest = s3Path.trimmed();
    if (rest.startsWith(QLatin1String("s3://"), Qt::CaseInsensitive))
        rest = rest.mid(5);
    const QString bucket = rest.section(u'/', 0, 0);
    return ServiceEndpointResolver::isValidBucketName(bucket) ? bucket : QString();
}

QString S3Client::regionOfLocationConstraint(const QString& constraint)
{
    if (constraint.isEmpty())
        return QStringLiteral("us-east-1");
    if (constraint == QLatin1String("EU"))
        return QStringLiteral("eu-west-1");
    return constraint;
}

Result<ServiceEndpoint> S3Client::endpointFor(const QString& region) const
{
    return ServiceEndpointResolver::resolve(AwsService::S3, region, m_customUrl, m_fips, m_dualStack);
}

void S3Client::getBucketLocation(const QString& bucket, QObject* context, Handler<QString> done,
                                 const CallOptions& options)
{
    if (!ServiceEndpointResolver::isValidBucketName(bucket))
        return refuseTypedCall<QString>(context, done, invalidBucket(bucket));
    const Result<ServiceEndpoint> endpoint = endpointFor(m_region);
    if (!endpoint)
        return refuseTypedCall<QString>(context, done, endpoint.fault());
    AwsTransport* transport = m_pool->transport(ServiceEndpointResolver::s3BucketUrl(*endpoint, bucket),
                                                endpoint->signingRegion, endpoint->signingName, m_protocol);
    runTypedCall<QString>(
        transport, QStringLiteral("GetBucketLocation"), QJsonObject{{QStringLiteral("Bucket"), bucket}},
        context, std::move(done),
        [](const QJsonObject& o) {
            const QString header = o.value(QLatin1String("BucketRegion")).toString();
            return Result<QString>(
                header.isEmpty()
                    ? regionOfLocationConstraint(o.value(QLatin1String("LocationConstraint")).toString())
                    : header);
        },
        options);
}

void S3Client::getBucketVersioning(const QString& bucket, QObject* context, Handler<BucketVersioning> done,
                                   const CallOptions& options)
{
    if (!ServiceEndpointResolver::isValidBucketName(bucket))
        return refuseTypedCall<BucketVersioning>(context, done, invalidBucket(bucket));
    getBucketLocation(
        bucket, context,
        [this, bucket, context, done, options](const Result<QString>& location) {
            if (location.ok())
                return versioningIn(bucket, location.value(), false, context, done, options);
            const Fault& f = location.fault();
            const QString named = S3RestXmlProtocol::bucketRegionOf(f);
            if (!named.isEmpty())
                return versioningIn(bucket, named, false, context, done, options);
            // Not allowed to ask where it is: ask for the versioning here, and follow S3 if it
            // points elsewhere.
            if (f.code == FaultCode::AccessDenied)
                return versioningIn(bucket, m_region, false, context, done, options);
            done(Result<BucketVersioning>(f));
        },
        options);
}

void S3Client::versioningIn(const QString& bucket, const QString& region, bool redirected, QObject* context,
                            Handler<BucketVersioning> done, const CallOptions& options)
{
    const Result<ServiceEndpoint> endpoint = endpointFor(region);
    if (!endpoint)
        return refuseTypedCall<BucketVersioning>(context, done, endpoint.fault());
    AwsTransport* transport = m_pool->transport(ServiceEndpointResolver::s3BucketUrl(*endpoint, bucket),
                                                endpoint->signingRegion, endpoint->signingName, m_protocol);
    runTypedCall<BucketVersioning>(
        transport, QStringLiteral("GetBucketVersioning"), QJsonObject{{QStringLiteral("Bucket"), bucket}},
        context,
        [this, bucket, region, redirected, context, done, options](const Result<BucketVersioning>& r) {
            if (!r.ok() && !redirected) {
                const QString named = S3RestXmlProtocol::bucketRegionOf(r.fault());
                if (!named.isEmpty() && named != region)
                    return versioningIn(bucket, named, true, context, done, options);
            }
            done(r);
        },
        [bucket, region](const QJsonObject& o) {
            BucketVersioning v;
            v.bucket = bucket;
            v.region = o.value(QLatin1String("BucketRegion")).toString(region);
            v.status = o.value(QLatin1String("Status")).toString();
            return Result<BucketVersioning>(v);
        },
        options);
}

} // namespace dmsx
