#include "SimAwsJsonRequest.h"

#include "base/FaultCodes.h"

#include <QJsonDocument>

namespace dmsx {

std::optional<SimReply> SimAwsJsonRequest::open(const SimAuthVerifier& verifier,
                                                const HttpRequestData& request, const SimCallContext& context,
                                                const QString& service, const QString& operation,
                                                QLatin1String served, QJsonObject* log, SimAuthResult* auth,
                                                QJsonObject* input)
{
    log->insert(QStringLiteral("service"), service);
    log->insert(QStringLiteral("operation"), operation);
    *auth = verifier.verify(request, context.keys, context.scenario->region, context.now, service);
    log->insert(QStringLiteral("accessKeyId"), auth->accessKeyId);
    log->insert(QStringLiteral("signatureValid"), auth->signatureValid);
    if (!auth->ok) {
        log->insert(QStringLiteral("authError"), auth->code);
        return SimReply::error(auth->status, auth->code, auth->message);
    }
    const QByteArray contentType = request.header("content-type").trimmed();
    if (request.method != "POST" || operation != served || contentType != "application/x-amz-json-1.1")
        return SimReply::error(400, FaultCode::UnknownOperationException, QString());
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return SimReply::error(400, FaultCode::SerializationException, QString());
    *input = doc.object();
    return std::nullopt;
}

} // namespace dmsx
