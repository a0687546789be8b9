#include "secretsmanager/SecretsManagerClient.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "config/ServiceEndpointResolver.h"
#include "net/AwsJsonProtocol.h"
#include "net/TransportPool.h"
#include "net/TypedCall.h"

#include <QStringList>

namespace dmsx {

namespace {

// arn:PARTITION:SERVICE:REGION:... -> REGION, when it is a valid one.
QString regionOfArn(const QString& arn)
{
    if (!arn.startsWith(QLatin1String("arn:")))
        return QString();
    const QString region = arn.section(u':', 3, 3);
    return ServiceEndpointResolver::resolve(AwsService::SecretsManager, region).ok() ? region : QString();
}

} // namespace

SecretsManagerClient::SecretsManagerClient(TransportPool* pool, QString region, QString customUrl, bool fips,
                                           bool dualStack)
    : m_pool(pool), m_region(std::move(region)), m_customUrl(std::move(customUrl)), m_fips(fips),
      m_dualStack(dualStack), m_protocol(std::make_shared<AwsJsonProtocol>(QStringLiteral("secretsmanager")))
{}

SecretsManagerClient::~SecretsManagerClient() = default;

Result<SecretDescription> SecretsManagerClient::parseDescription(const QJsonObject& output)
{
    SecretDescription d;
    d.arn = output.value(QLatin1String("ARN")).toString();
    d.name = output.value(QLatin1String("Name")).toString();
    d.kmsKeyId = output.value(QLatin1String("KmsKeyId")).toString();
    // Epoch seconds as awsJson sends them, or ISO 8601; out of range or malformed is no date.
    d.deletedDate = AwsTime::fromJson(output.value(QLatin1String("DeletedDate")));
    if (d.arn.isEmpty() && d.name.isEmpty())
        return Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                           QStringLiteral("The DescribeSecret answer names no secret"));
    return d;
}

void SecretsManagerClient::describeSecret(const QString& secretId, QObject* context,
                                          Handler<SecretDescription> done, const CallOptions& options)
{
    const QString arnRegion = regionOfArn(secretId);
    const Result<ServiceEndpoint> endpoint = ServiceEndpointResolver::resolve(
        AwsService::SecretsManager, arnRegion.isEmpty() ? m_region : arnRegion, m_customUrl, m_fips,
        m_dualStack);
    if (!endpoint)
        return refuseTypedCall<SecretDescription>(context, done, endpoint.fault());
    AwsTransport* transport =
        m_pool->transport(endpoint->url, endpoint->signingRegion, endpoint->signingName, m_protocol);
    runTypedCall<SecretDescription>(transport, QStringLiteral("DescribeSecret"),
                                    QJsonObject{{QStringLiteral("SecretId"), secretId}}, context,
                                    std::move(done), &SecretsManagerClient::parseDescription, options);
}

} // namespace dmsx
