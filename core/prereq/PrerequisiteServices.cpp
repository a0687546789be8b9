#include "prereq/PrerequisiteServices.h"

#include "base/FaultCodes.h"
#include "config/ClientConfigResolver.h"
#include "config/EndpointResolver.h"
#include "dms/DmsConnection.h"

namespace dmsx {

PrerequisiteServices::PrerequisiteServices(const Settings& settings, TransportConfig base,
                                           QNetworkAccessManager* nam, QList<CallObserver*> observers,
                                           const Clock* clock)
    : m_settings(settings), m_pool(std::move(base), nam, std::move(observers), clock),
      m_s3(std::make_unique<S3Client>(&m_pool, settings.region, settings.s3Url, settings.fips,
                                      settings.dualStack)),
      m_iam(std::make_unique<IamClient>(&m_pool, settings.region, settings.iamUrl, settings.fips)),
      m_secretsManager(std::make_unique<SecretsManagerClient>(
          &m_pool, settings.region, settings.secretsManagerUrl, settings.fips, settings.dualStack)),
      m_kms(std::make_unique<KmsClient>(&m_pool, settings.region, settings.kmsUrl, settings.fips,
                                        settings.dualStack))
{}

PrerequisiteServices::~PrerequisiteServices() = default;

PrerequisiteServices::Settings PrerequisiteServices::settingsFrom(const EffectiveClientConfig& config)
{
    Settings s;
    s.region = config.endpoint.signingRegion;
    s.fips = config.endpoint.fips;
    s.dualStack = config.endpoint.dualStack;
    s.s3Url = config.s3EndpointUrl.value;
    s.iamUrl = config.iamEndpointUrl.value;
    s.secretsManagerUrl = config.secretsManagerEndpointUrl.value;
    s.kmsUrl = config.kmsEndpointUrl.value;
    s.dmsOnLoopback = config.endpoint.custom && EndpointResolver::isLoopbackHost(config.endpoint.url.host());
    return s;
}

std::unique_ptr<PrerequisiteServices> PrerequisiteServices::fromConnection(DmsConnection& connection)
{
    if (!connection.isOpen())
        return nullptr;
    return std::make_unique<PrerequisiteServices>(
        settingsFrom(connection.config()), connection.serviceTransportConfig(),
        connection.networkAccessManager(), connection.options().observers, connection.options().clock);
}

std::optional<Fault> PrerequisiteServices::notCallable(AwsService service) const
{
    if (!m_settings.dmsOnLoopback)
        return std::nullopt;
    QString url;
    switch (service) {
    case AwsService::S3:
        url = m_settings.s3Url;
        break;
    case AwsService::Iam:
        url = m_settings.iamUrl;
        break;
    case AwsService::SecretsManager:
        url = m_settings.secretsManagerUrl;
        break;
    case AwsService::Kms:
        url = m_settings.kmsUrl;
        break;
    }
    if (!url.isEmpty())
        return std::nullopt;
    Fault f = Fault::make(FaultKind::Configuration, FaultCode::PrereqServiceEndpointNotSet,
                          QStringLiteral("DMS is on this computer, and no endpoint is set for %1")
                              .arg(ServiceEndpointResolver::displayName(service)));
    f.detail = QStringLiteral("AWS_ENDPOINT_URL_") + ServiceEndpointResolver::environmentId(service);
    f.requestWasSent = false;
    return f;
}

} // namespace dmsx
