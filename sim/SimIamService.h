#pragma once

#include "SimAuthVerifier.h"
#include "SimCallContext.h"
#include "SimReply.h"
#include "sigv4/HttpRequestData.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace dmsx {

// IAM in the simulator: GetRole and SimulatePrincipalPolicy over awsQuery (form-encoded POST, XML
// answers and errors), SigV4 with service "iam" and the partition's global signing region, from the
// scenario's roles (sim/README.md, docs/protocol.md §10.2).
class SimIamService
{
public:
    // Signed for "iam", or an unsigned form POST of IAM's API version.
    static bool accepts(const HttpRequestData& request);
    static QString actionOf(const HttpRequestData& request);
    // IAM is global: us-east-1 signs for aws, cn-north-1 for aws-cn, us-gov-west-1 for aws-us-gov.
    static QString signingRegion(const QString& region);

    SimReply handle(const HttpRequestData& request, const SimCallContext& context, QJsonObject* log) const;

    // <ErrorResponse xmlns=IAM><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
    static SimReply error(int status, const QString& code, const QString& message, const QString& requestId);

private:
    SimReply getRole(const QHash<QString, QString>& params, const QString& accessKeyId,
                     const SimCallContext& context, QJsonObject* log) const;
    SimReply simulatePrincipalPolicy(const QHash<QString, QString>& params, const QString& accessKeyId,
                                     const SimCallContext& context, QJsonObject* log) const;

    SimAuthVerifier m_verifier;
};

} // namespace dmsx
