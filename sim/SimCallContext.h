#pragma once

#include "SimScenario.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace dmsx {

// What the S3, IAM, Secrets Manager and KMS sides of the simulator need to answer one request.
struct SimCallContext
{
    const SimScenario* scenario = nullptr;
    QList<SimKeyPair> keys; // every key pair the verifier accepts (scenario, SSO, STS)
    QDateTime now;          // server time
    QString requestId;
    std::function<QString(const QString&)> callerArn; // access key id -> ARN, for AccessDenied wording
};

} // namespace dmsx
