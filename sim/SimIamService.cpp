#include "SimIamService.h"

#include "SimFaultCodes.h"
#include "SimStsService.h"
#include "base/FaultCodes.h"

#include <QUrl>
#include <QUrlQuery>

namespace dmsx {

namespace {

const QByteArray kNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
const QString kVersion = QStringLiteral("2010-05-08");

QByteArray escape(const QString& text)
{
    return text.toHtmlEscaped().toUtf8();
}

QHash<QString, QString> formParams(const QByteArray& body)
{
    QHash<QString, QString> params;
    // '+' is a space in a form body; QUrlQuery would keep it.
    QByteArray text = body;
    text.replace('+', "%20");
    const auto items = QUrlQuery(QString::fromUtf8(text)).queryItems(QUrl::FullyDecoded);
    for (const auto& item : items)
        params.insert(item.first, item.second);
    return params;
}

QStringList members(const QHash<QString, QString>& params, const QString& name)
{
    QStringList out;
    for (int i = 1; params.contains(QStringLiteral("%1.member.%2").arg(name).arg(i)); ++i)
        out << params.value(QStringLiteral("%1.member.%2").arg(name).arg(i));
    return out;
}

SimReply xmlReply(const QString& action, const QByteArray& result, const QString& requestId)
{
    SimReply r;
    r.contentType = "text/xml";
    const QByteArray a = action.toUtf8();
    r.body = "<" + a + "Response xmlns=\"" + kNamespace + "\">\n  <" + a + "Result>\n" + result + "  </" + a +
             "Result>\n  <ResponseMetadata>\n    <RequestId>" + escape(requestId) +
             "</RequestId>\n  </ResponseMetadata>\n</" + a + "Response>\n";
    return r;
}

bool actionMatches(const QStringList& patterns, const QString& action)
{
    const QString service = action.left(action.indexOf(QLatin1Char(':')));
    for (const QString& p : patterns) {
        if (p.compare(action, Qt::CaseInsensitive) == 0 || p == u"*" ||
            p.compare(service + QStringLiteral(":*"), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString notAuthorized(const QString& caller, const QString& action, const QString& resource)
{
    return QStringLiteral(
               "User: %1 is not authorized to perform: %2 on resource: %3 because no identity-based "
               "policy allows the %2 action")
        .arg(caller, action, resource);
}

} // namespace

bool SimIamService::accepts(const HttpRequestData& request)
{
    const QStringList scope = SimAuthVerifier::credentialScope(request);
    if (!scope.isEmpty())
        return scope.at(3) == u"iam";
    return request.method == "POST" &&
           request.header("content-type")
               .trimmed()
               .toLower()
               .startsWith("application/x-www-form-urlencoded") &&
           formParams(request.body).value(QStringLiteral("Version")) == kVersion;
}

QString SimIamService::actionOf(const HttpRequestData& request)
{
    return formParams(request.body).value(QStringLiteral("Action"));
}

QString SimIamService::signingRegion(const QString& region)
{
    if (region.startsWith(QLatin1String("cn-")))
        return QStringLiteral("cn-north-1");
    if (region.startsWith(QLatin1String("us-gov-")))
        return QStringLiteral("us-gov-west-1");
    return QStringLiteral("us-east-1");
}

SimReply SimIamService::error(int status, const QString& code, const QString& message,
                              const QString& requestId)
{
    SimReply r;
    r.status = status;
    r.contentType = "text/xml";
    r.errorCode = code;
    const QByteArray type = status >= 500 ? "Receiver" : "Sender";
    r.body = "<ErrorResponse xmlns=\"" + kNamespace + "\">\n  <Error>\n    <Type>" + type +
             "</Type>\n    <Code>" + escape(code) + "</Code>\n    <Message>" + escape(message) +
             "</Message>\n  </Error>\n  <RequestId>" + escape(requestId) + "</RequestId>\n</ErrorResponse>\n";
    return r;
}

SimReply SimIamService::handle(const HttpRequestData& request, const SimCallContext& context,
                               QJsonObject* log) const
{
    const QHash<QString, QString> params = formParams(request.body);
    const QString action = params.value(QStringLiteral("Action"));
    log->insert(QStringLiteral("service"), QStringLiteral("iam"));
    log->insert(QStringLiteral("operation"), action);
    const SimAuthResult auth = m_verifier.verify(
        request, context.keys, signingRegion(context.scenario->region), context.now, QStringLiteral("iam"));
    log->insert(QStringLiteral("accessKeyId"), auth.accessKeyId);
    log->insert(QStringLiteral("signatureValid"), auth.signatureValid);
    if (!auth.ok) {
        const QString code = SimStsService::queryAuthCode(auth.code);
        log->insert(QStringLiteral("authError"), code);
        return error(auth.status, code, auth.message, context.requestId);
    }
    if (request.method != "POST" || params.value(QStringLiteral("Version")) != kVersion ||
        (action != u"GetRole" && action != u"SimulatePrincipalPolicy"))
        return error(400, FaultCode::InvalidAction,
                     QStringLiteral("The action %1 is not valid for this web service.").arg(action),
                     context.requestId);
    if (action == u"GetRole")
        return getRole(params, auth.accessKeyId, context, log);
    return simulatePrincipalPolicy(params, auth.accessKeyId, context, log);
}

SimReply SimIamService::getRole(const QHash<QString, QString>& params, const QString& accessKeyId,
                                const SimCallContext& context, QJsonObject* log) const
{
    const QString name = params.value(QStringLiteral("RoleName"));
    log->insert(QStringLiteral("roleName"), name);
    if (name.isEmpty())
        return error(400, FaultCode::ValidationError,
                     QStringLiteral("1 validation error detected: Value null at 'roleName' failed to satisfy "
                                    "constraint: Member must not be null"),
                     context.requestId);
    const std::optional<SimIamRole> role = context.scenario->findRole(name);
    const QString action = QStringLiteral("iam:GetRole");
    if (context.scenario->resources.denied(accessKeyId, action, {name, role ? role->arn : QString()}))
        return error(403, FaultCode::AccessDenied,
                     notAuthorized(context.callerArn(accessKeyId), action,
                                   role ? role->arn : QStringLiteral("role ") + name),
                     context.requestId);
    if (!role)
        return error(404, SimFaultCode::NoSuchEntity,
                     QStringLiteral("The role with name %1 cannot be found.").arg(name), context.requestId);
    // The policy document is URL-encoded (RFC 3986), as AWS sends it; clients decode it.
    const QByteArray policy = QUrl::toPercentEncoding(role->trustPolicy);
    QByteArray xml =
        "    <Role>\n      <Path>" + escape(role->path) + "</Path>\n      <AssumeRolePolicyDocument>" +
        policy + "</AssumeRolePolicyDocument>\n      <MaxSessionDuration>" +
        QByteArray::number(role->maxSessionDuration) + "</MaxSessionDuration>\n      <RoleId>" +
        escape(role->roleId) + "</RoleId>\n      <RoleName>" + escape(role->name) +
        "</RoleName>\n      <Arn>" + escape(role->arn) + "</Arn>\n      <CreateDate>" +
        role->creationTime.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")).toLatin1() +
        "</CreateDate>\n";
    if (!role->description.isEmpty())
        xml += "      <Description>" + escape(role->description) + "</Description>\n";
    xml += "      <RoleLastUsed/>\n    </Role>\n";
    return xmlReply(QStringLiteral("GetRole"), xml, context.requestId);
}

SimReply SimIamService::simulatePrincipalPolicy(const QHash<QString, QString>& params,
                                                const QString& accessKeyId, const SimCallContext& context,
                                                QJsonObject* log) const
{
    const QString source = params.value(QStringLiteral("PolicySourceArn"));
    const QStringList actions = members(params, QStringLiteral("ActionNames"));
    QStringList resources = members(params, QStringLiteral("ResourceArns"));
    log->insert(QStringLiteral("roleName"), SimAccountResources::roleNameOfArn(source));
    if (source.isEmpty() || actions.isEmpty())
        return error(
            400, FaultCode::ValidationError,
            QStringLiteral("1 validation error detected: Value null at '%1' failed to satisfy constraint: "
                           "Member must not be null")
                .arg(source.isEmpty() ? QStringLiteral("policySourceArn") : QStringLiteral("actionNames")),
            context.requestId);
    const QString action = QStringLiteral("iam:SimulatePrincipalPolicy");
    if (context.scenario->resources.denied(accessKeyId, action,
                                           {source, SimAccountResources::roleNameOfArn(source)}))
        return error(403, FaultCode::AccessDenied,
                     notAuthorized(context.callerArn(accessKeyId), action, source), context.requestId);
    const std::optional<SimIamRole> role =
        source.contains(QLatin1String(":role/")) ? context.scenario->findRole(source) : std::nullopt;
    if (!role)
        return error(404, SimFaultCode::NoSuchEntity,
                     QStringLiteral("The role with name %1 cannot be found.")
                         .arg(SimAccountResources::roleNameOfArn(source)),
                     context.requestId);
    if (resources.isEmpty())
        resources << QStringLiteral("*");
    QByteArray xml = "    <IsTruncated>false</IsTruncated>\n    <EvaluationResults>\n";
    for (const QString& a : actions) {
        for (const QString& resource : std::as_const(resources)) {
            const QString decision = actionMatches(role->explicitlyDeniedActions, a)
                                         ? QStringLiteral("explicitDeny")
                                     : actionMatches(role->deniedActions, a) ? QStringLiteral("implicitDeny")
                                                                             : QStringLiteral("allowed");
            xml += "      <member>\n        <EvalActionName>" + escape(a) +
                   "</EvalActionName>\n        <EvalResourceName>" + escape(resource) +
                   "</EvalResourceName>\n        <EvalDecision>" + escape(decision) +
                   "</EvalDecision>\n        <MatchedStatements/>\n        <MissingContextValues/>\n      "
                   "</member>\n";
        }
    }
    xml += "    </EvaluationResults>\n";
    return xmlReply(QStringLiteral("SimulatePrincipalPolicy"), xml, context.requestId);
}

} // namespace dmsx
