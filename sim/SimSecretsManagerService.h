#pragma once

#include "SimAuthVerifier.h"
#include "SimCallContext.h"
#include "SimReply.h"
#include "sigv4/HttpRequestData.h"

#include <QJsonObject>
#include <QString>

namespace dmsx {

// Secrets Manager in the simulator: DescribeSecret over awsJson 1.1 (X-Amz-Target
// secretsmanager.DescribeSecret), SigV4 with service "secretsmanager", from the scenario's secrets
// (sim/README.md, docs/protocol.md §10.4). Never a secret value: the API it serves has none.
class SimSecretsManagerService
{
public:
    static constexpr QLatin1String kTargetPrefix{"secretsmanager."};
    static bool accepts(const HttpRequestData& request);
    static QString operationOf(const HttpRequestData& request);

    SimReply handle(const HttpRequestData& request, const SimCallContext& context, QJsonObject* log) const;

    // {"__type": code, "Message": ...}: Secrets Manager spells it with a capital M.
    static SimReply error(int status, const QString& code, const QString& message);

private:
    SimAuthVerifier m_verifier;
};

} // namespace dmsx
