#include "net/AwsJsonTransport.h"

#include "net/AwsJsonProtocol.h"

namespace dmsx {

AwsJsonTransport::AwsJsonTransport(TransportConfig config, QNetworkAccessManager* nam, const Clock* clock,
                                   RetryStrategy::RandomSource random, QObject* parent)
    : AwsTransport(config, std::make_shared<AwsJsonProtocol>(config.targetPrefix), nam, clock,
                   std::move(random), parent)
{}

} // namespace dmsx
