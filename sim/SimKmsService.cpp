#include "SimKmsService.h"

#include "SimAwsJsonRequest.h"
#include "SimFaultCodes.h"
#include "base/FaultCodes.h"

#include <QJsonArray>

namespace dmsx {

namespace {

QJsonValue epochSeconds(const QDateTime& t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

QString accountOf(const QString& arn)
{
    const QStringList parts = arn.split(QLatin1Char(':'));
    return parts.size() > 4 ? parts.at(4) : QString();
}

} // namespace

bool SimKmsService::accepts(const HttpRequestData& request)
{
    const QStringList scope = SimAuthVerifier::credentialScope(request);
    if (!scope.isEmpty() && scope.at(3) == u"kms")
        return true;
    return request.header("x-amz-target").startsWith(QByteArray(kTargetPrefix.data()));
}

QString SimKmsService::operationOf(const HttpRequestData& request)
{
    const QString target = QString::fromUtf8(request.header("x-amz-target"));
    return target.startsWith(kTargetPrefix) ? target.mid(kTargetPrefix.size()) : target;
}

SimReply SimKmsService::error(int status, const QString& code, const QString& message)
{
    return SimReply::error(status, code, message);
}

SimReply SimKmsService::handle(const HttpRequestData& request, const SimCallContext& context,
                               QJsonObject* log) const
{
    SimAuthResult auth;
    QJsonObject input;
    if (std::optional<SimReply> ended =
            SimAwsJsonRequest::open(m_verifier, request, context, QStringLiteral("kms"), operationOf(request),
                                    QLatin1String("DescribeKey"), log, &auth, &input))
        return *ended;
    const QString keyId = input.value(QLatin1String("KeyId")).toString();
    log->insert(QStringLiteral("keyId"), keyId);
    if (keyId.isEmpty())
        return error(400, FaultCode::ValidationException,
                     QStringLiteral("1 validation error detected: Value null at 'keyId' failed to satisfy "
                                    "constraint: Member must not be null"));
    const std::optional<SimKmsKey> key = context.scenario->findKey(keyId);
    const QString action = QStringLiteral("kms:DescribeKey");
    const QString resource = key ? key->arn : keyId;
    if (context.scenario->resources.denied(auth.accessKeyId, action, {keyId, resource}))
        return error(400, FaultCode::AccessDeniedException,
                     QStringLiteral("User: %1 is not authorized to perform: %2 on resource: %3 because no "
                                    "identity-based policy allows the %2 action")
                         .arg(context.callerArn(auth.accessKeyId), action, resource));
    if (!key) {
        const bool alias = keyId.contains(QLatin1String("alias/"));
        return error(400, SimFaultCode::NotFoundException,
                     alias ? QStringLiteral("Alias %1 is not found.").arg(keyId)
                           : QStringLiteral("Key '%1' does not exist").arg(keyId));
    }
    QJsonObject m;
    m.insert(QStringLiteral("AWSAccountId"), accountOf(key->arn));
    m.insert(QStringLiteral("KeyId"), key->keyId);
    m.insert(QStringLiteral("Arn"), key->arn);
    m.insert(QStringLiteral("CreationDate"), epochSeconds(key->creationTime));
    m.insert(QStringLiteral("Enabled"), key->state == u"Enabled");
    m.insert(QStringLiteral("Description"), key->description);
    m.insert(QStringLiteral("KeyUsage"), QStringLiteral("ENCRYPT_DECRYPT"));
    m.insert(QStringLiteral("KeyState"), key->state);
    if (key->deletionDate.isValid()) {
        m.insert(QStringLiteral("DeletionDate"), epochSeconds(key->deletionDate));
        m.insert(QStringLiteral("PendingDeletionWindowInDays"),
                 qMax<qint64>(7, context.now.daysTo(key->deletionDate)));
    }
    m.insert(QStringLiteral("Origin"), QStringLiteral("AWS_KMS"));
    m.insert(QStringLiteral("KeyManager"),
             key->awsManaged ? QStringLiteral("AWS") : QStringLiteral("CUSTOMER"));
    m.insert(QStringLiteral("CustomerMasterKeySpec"), QStringLiteral("SYMMETRIC_DEFAULT"));
    m.insert(QStringLiteral("KeySpec"), QStringLiteral("SYMMETRIC_DEFAULT"));
    m.insert(QStringLiteral("EncryptionAlgorithms"), QJsonArray{QStringLiteral("SYMMETRIC_DEFAULT")});
    m.insert(QStringLiteral("MultiRegion"), false);
    return SimReply::json(QJsonObject{{QStringLiteral("KeyMetadata"), m}});
}

} // namespace dmsx
