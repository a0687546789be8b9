#pragma once

#include "SimAuthVerifier.h"
#include "SimCallContext.h"
#include "SimReply.h"
#include "sigv4/HttpRequestData.h"

#include <QJsonObject>
#include <QLatin1String>
#include <QString>

#include <optional>

namespace dmsx {

// The opening every awsJson 1.1 service of the simulator shares (Secrets Manager, KMS): the log's
// service and operation, SigV4 for the service's own name, then a POST of the one operation served
// with a JSON object for its input.
class SimAwsJsonRequest
{
public:
    // The reply that ends the request when any of that fails; otherwise nullopt, with the caller's
    // key in `auth` and the parsed input in `input`.
    static std::optional<SimReply> open(const SimAuthVerifier& verifier, const HttpRequestData& request,
                                        const SimCallContext& context, const QString& service,
                                        const QString& operation, QLatin1String served, QJsonObject* log,
                                        SimAuthResult* auth, QJsonObject* input);
};

} // namespace dmsx
