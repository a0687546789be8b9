#include "iam/IamClient.h"

#include "base/FaultCodes.h"
#include "config/ServiceEndpointResolver.h"
#include "net/AwsQueryListProtocol.h"
#include "net/TransportPool.h"
#include "net/TypedCall.h"

#include <QRegularExpression>
#include <QUrl>

namespace dmsx {

IamClient::IamClient(TransportPool* pool, QString region, QString customUrl, bool fips)
    : m_pool(pool), m_region(std::move(region)), m_customUrl(std::move(customUrl)), m_fips(fips),
      m_protocol(std::make_shared<AwsQueryListProtocol>(QStringLiteral("2010-05-08")))
{}

IamClient::~IamClient() = default;

QString IamClient::roleNameOfArn(const QString& arn)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^arn:[a-z0-9-]+:iam::\d{12}:role/(?:.*/)?([\w+=,.@-]{1,64})$)"));
    const QRegularExpressionMatch m = re.match(arn);
    return m.hasMatch() ? m.captured(1) : QString();
}

Result<IamRole> IamClient::parseRole(const QJsonObject& flat)
{
    IamRole role;
    role.roleName = flat.value(QLatin1String("GetRoleResult/Role/RoleName")).toString();
    role.arn = flat.value(QLatin1String("GetRoleResult/Role/Arn")).toString();
    // IAM sends the document URL-encoded (RFC 3986) inside the XML.
    role.trustPolicy = QUrl::fromPercentEncoding(
        flat.value(QLatin1String("GetRoleResult/Role/AssumeRolePolicyDocument")).toString().toUtf8());
    if (role.arn.isEmpty())
        return Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                           QStringLiteral("The GetRole answer names no role"));
    return role;
}

QList<PolicyDecision> IamClient::parseEvaluationResults(const QJsonObject& flat)
{
    QList<PolicyDecision> out;
    const QString base = QStringLiteral("SimulatePrincipalPolicyResult/EvaluationResults/member.%1/");
    // Bounded by the response cap; a real answer has one member per action and resource.
    for (int i = 1; i <= 1000; ++i) {
        const QString prefix = base.arg(i);
        const QString decision = flat.value(prefix + QStringLiteral("EvalDecision")).toString();
        if (decision.isEmpty())
            break;
        PolicyDecision d;
        d.action = flat.value(prefix + QStringLiteral("EvalActionName")).toString();
        d.resource = flat.value(prefix + QStringLiteral("EvalResourceName")).toString();
        d.decision = decision;
        out << d;
    }
    return out;
}

void IamClient::getRole(const QString& roleName, QObject* context, Handler<IamRole> done,
                        const CallOptions& options)
{
    const Result<ServiceEndpoint> endpoint =
        ServiceEndpointResolver::resolve(AwsService::Iam, m_region, m_customUrl, m_fips);
    if (!endpoint)
        return refuseTypedCall<IamRole>(context, done, endpoint.fault());
    AwsTransport* transport =
        m_pool->transport(endpoint->url, endpoint->signingRegion, endpoint->signingName, m_protocol);
    runTypedCall<IamRole>(transport, QStringLiteral("GetRole"),
                          QJsonObject{{QStringLiteral("RoleName"), roleName}}, context, std::move(done),
                          &IamClient::parseRole, options);
}

void IamClient::simulatePrincipalPolicy(const QString& policySourceArn, const QStringList& actions,
                                        const QStringList& resources, QObject* context,
                                        Handler<QList<PolicyDecision>> done, const CallOptions& options)
{
    const Result<ServiceEndpoint> endpoint =
        ServiceEndpointResolver::resolve(AwsService::Iam, m_region, m_customUrl, m_fips);
    if (!endpoint)
        return refuseTypedCall<QList<PolicyDecision>>(context, done, endpoint.fault());
    AwsTransport* transport =
        m_pool->transport(endpoint->url, endpoint->signingRegion, endpoint->signingName, m_protocol);
    QJsonObject in{{QStringLiteral("PolicySourceArn"), policySourceArn}};
    for (int i = 0; i < actions.size(); ++i)
        in.insert(QStringLiteral("ActionNames.member.%1").arg(i + 1), actions.at(i));
    for (int i = 0; i < resources.size(); ++i)
        in.insert(QStringLiteral("ResourceArns.member.%1").arg(i + 1), resources.at(i));
    runTypedCall<QList<PolicyDecision>>(
        transport, QStringLiteral("SimulatePrincipalPolicy"), in, context, std::move(done),
        [](const QJsonObject& o) { return Result<QList<PolicyDecision>>(parseEvaluationResults(o)); },
        options);
}

} // namespace dmsx
