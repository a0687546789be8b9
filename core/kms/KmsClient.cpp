#include "kms/KmsClient.h"

#include "base/FaultCodes.h"
#include "config/ServiceEndpointResolver.h"
#include "net/AwsJsonProtocol.h"
#include "net/TransportPool.h"
#include "net/TypedCall.h"

namespace dmsx {

KmsClient::KmsClient(TransportPool* pool, QString region, QString customUrl, bool fips, bool dualStack)
    : m_pool(pool), m_region(std::move(region)), m_customUrl(std::move(customUrl)), m_fips(fips),
      m_dualStack(dualStack), m_protocol(std::make_shared<AwsJsonProtocol>(QStringLiteral("TrentService")))
{}

KmsClient::~KmsClient() = default;

QString KmsClient::regionOf(const QString& keyId, const QString& fallback)
{
    if (!keyId.startsWith(QLatin1String("arn:")))
        return fallback;
    const QString region = keyId.section(u':', 3, 3);
    return ServiceEndpointResolver::resolve(AwsService::Kms, region).ok() ? region : fallback;
}

Result<KeyDescription> KmsClient::parseDescription(const QJsonObject& output)
{
    const QJsonObject m = output.value(QLatin1String("KeyMetadata")).toObject();
    KeyDescription d;
    d.keyId = m.value(QLatin1String("KeyId")).toString();
    d.arn = m.value(QLatin1String("Arn")).toString();
    d.keyState = m.value(QLatin1String("KeyState")).toString();
    d.keyManager = m.value(QLatin1String("KeyManager")).toString();
    d.enabled = m.value(QLatin1String("Enabled")).toBool();
    if (d.keyId.isEmpty())
        return Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                           QStringLiteral("The DescribeKey answer has no KeyMetadata.KeyId"));
    return d;
}

void KmsClient::describeKey(const QString& keyId, const QString& region, QObject* context,
                            Handler<KeyDescription> done, const CallOptions& options)
{
    const Result<ServiceEndpoint> endpoint = ServiceEndpointResolver::resolve(
        AwsService::Kms, regionOf(keyId, region.isEmpty() ? m_region : region), m_customUrl, m_fips,
        m_dualStack);
    if (!endpoint)
        return refuseTypedCall<KeyDescription>(context, done, endpoint.fault());
    AwsTransport* transport =
        m_pool->transport(endpoint->url, endpoint->signingRegion, endpoint->signingName, m_protocol);
    runTypedCall<KeyDescription>(transport, QStringLiteral("DescribeKey"),
                                 QJsonObject{{QStringLiteral("KeyId"), keyId}}, context, std::move(done),
                                 &KmsClient::parseDescription, options);
}

} // namespace dmsx
