#pragma once

#include "SimAuthVerifier.h"
#include "SimCallContext.h"
#include "SimReply.h"
#include "sigv4/HttpRequestData.h"

#include <QJsonObject>
#include <QString>

namespace dmsx {

// KMS in the simulator: DescribeKey over awsJson 1.1 (X-Amz-Target TrentService.DescribeKey), SigV4
// with service "kms", from the scenario's keys (sim/README.md, docs/protocol.md §10.5).
class SimKmsService
{
public:
    static constexpr QLatin1String kTargetPrefix{"TrentService."};
    static bool accepts(const HttpRequestData& request);
    static QString operationOf(const HttpRequestData& request);

    SimReply handle(const HttpRequestData& request, const SimCallContext& context, QJsonObject* log) const;

    static SimReply error(int status, const QString& code, const QString& message);

private:
    SimAuthVerifier m_verifier;
};

} // namespace dmsx
