#include "SimSecretsManagerService.h"

#include "SimAwsJsonRequest.h"
#include "base/FaultCodes.h"

#include <QJsonArray>
#include <QUuid>

namespace dmsx {

namespace {

QJsonValue epochSeconds(const QDateTime& t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

} // namespace

bool SimSecretsManagerService::accepts(const HttpRequestData& request)
{
    const QStringList scope = SimAuthVerifier::credentialScope(request);
    if (!scope.isEmpty() && scope.at(3) == u"secretsmanager")
        return true;
    return request.header("x-amz-target").startsWith(QByteArray(kTargetPrefix.data()));
}

QString SimSecretsManagerService::operationOf(const HttpRequestData& request)
{
    const QString target = QString::fromUtf8(request.header("x-amz-target"));
    return target.startsWith(kTargetPrefix) ? target.mid(kTargetPrefix.size()) : target;
}

SimReply SimSecretsManagerService::error(int status, const QString& code, const QString& message)
{
    return SimReply::error(status, code, message, QString(), QJsonObject(), true);
}

SimReply SimSecretsManagerService::handle(const HttpRequestData& request, const SimCallContext& context,
                                          QJsonObject* log) const
{
    SimAuthResult auth;
    QJsonObject input;
    if (std::optional<SimReply> ended = SimAwsJsonRequest::open(
            m_verifier, request, context, QStringLiteral("secretsmanager"), operationOf(request),
            QLatin1String("DescribeSecret"), log, &auth, &input))
        return *ended;
    const QString secretId = input.value(QLatin1String("SecretId")).toString();
    log->insert(QStringLiteral("secretId"), secretId);
    if (secretId.isEmpty())
        return error(400, FaultCode::ValidationException,
                     QStringLiteral("1 validation error detected: Value null at 'secretId' failed to satisfy "
                                    "constraint: Member must not be null"));
    const std::optional<SimSecret> secret = context.scenario->findSecret(secretId);
    const QString action = QStringLiteral("secretsmanager:DescribeSecret");
    if (context.scenario->resources.denied(
            auth.accessKeyId, action,
            {secretId, secret ? secret->arn : QString(), secret ? secret->name : QString()}))
        return error(400, FaultCode::AccessDeniedException,
                     QStringLiteral("User: %1 is not authorized to perform: %2 on resource: %3 because no "
                                    "identity-based policy allows the %2 action")
                         .arg(context.callerArn(auth.accessKeyId), action, secretId));
    if (!secret)
        return error(400, FaultCode::ResourceNotFoundException,
                     QStringLiteral("Secrets Manager can't find the specified secret."));
    QJsonObject o;
    o.insert(QStringLiteral("ARN"), secret->arn);
    o.insert(QStringLiteral("Name"), secret->name);
    if (!secret->description.isEmpty())
        o.insert(QStringLiteral("Description"), secret->description);
    if (!secret->kmsKeyId.isEmpty())
        o.insert(QStringLiteral("KmsKeyId"), secret->kmsKeyId);
    o.insert(QStringLiteral("RotationEnabled"), false);
    o.insert(QStringLiteral("CreatedDate"), epochSeconds(secret->creationTime));
    o.insert(QStringLiteral("LastChangedDate"), epochSeconds(secret->creationTime));
    if (secret->deletedDate.isValid())
        o.insert(QStringLiteral("DeletedDate"), epochSeconds(secret->deletedDate));
    o.insert(QStringLiteral("Tags"), QJsonArray());
    const QString version = QUuid::createUuidV5(QUuid(), secret->arn).toString(QUuid::WithoutBraces);
    o.insert(QStringLiteral("VersionIdsToStages"),
             QJsonObject{{version, QJsonArray{QStringLiteral("AWSCURRENT")}}});
    return SimReply::json(o);
}

} // namespace dmsx
