#pragma once

#include "net/AwsTransport.h"

namespace dmsx {

// The transport speaking awsJson 1.1 with config.targetPrefix (DMS): what DmsClient uses.
class AwsJsonTransport : public AwsTransport
{
public:
    AwsJsonTransport(TransportConfig config, QNetworkAccessManager* nam, const Clock* clock = nullptr,
                     RetryStrategy::RandomSource random = {}, QObject* parent = nullptr);
};

} // namespace dmsx
