#include "SimStsService.h"

#include "SimFaultCodes.h"
#include "base/FaultCodes.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>

namespace dmsx {

namespace {

const QString kNamespace = QStringLiteral("https://sts.amazonaws.com/doc/2011-06-15/");

QByteArray escape(const QString& text)
{
    return text.toHtmlEscaped().toUtf8();
}

QString randomText(int length, const char* alphabet)
{
    const QByteArray chars(alphabet);
    QString out;
    out.reserve(length);
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(chars.at(QRandomGenerator::global()->bounded(int(chars.size()))));
    return out;
}

QString isoSeconds(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
}

SimReply xmlReply(const QString& action, const QByteArray& result, const QString& requestId)
{
    SimReply r;
    r.status = 200;
    r.contentType = "text/xml";
    r.body = "<" + action.toUtf8() + "Response xmlns=\"" + kNamespace.toUtf8() + "\">\n  <" +
             action.toUtf8() + "Result>\n" + result + "  </" + action.toUtf8() +
             "Result>\n  <ResponseMetadata>\n    <RequestId>" + escape(requestId) +
             "</RequestId>\n  </ResponseMetadata>\n</" + action.toUtf8() + "Response>\n";
    return r;
}

} // namespace

// The verifier speaks the DMS (JSON protocol) spellings; STS uses its own codes for the same cases.
QString SimStsService::queryAuthCode(const QString& code)
{
    if (code == FaultCode::UnrecognizedClientException)
        return FaultCode::InvalidClientTokenId;
    if (code == FaultCode::InvalidSignatureException)
        return FaultCode::SignatureDoesNotMatch;
    if (code == FaultCode::ExpiredTokenException)
        return FaultCode::ExpiredToken;
    if (code == FaultCode::MissingAuthenticationTokenException)
        return FaultCode::MissingAuthenticationToken;
    if (code == FaultCode::IncompleteSignatureException)
        return FaultCode::IncompleteSignature;
    return code;
}

namespace {

QString roleName(const QString& roleArn)
{
    return roleArn.mid(roleArn.lastIndexOf(u'/') + 1);
}

} // namespace

bool SimStsService::accepts(const HttpRequestData& request)
{
    return request.method == "POST" &&
           request.header("content-type").trimmed().toLower().startsWith("application/x-www-form-urlencoded");
}

QString SimStsService::actionOf(const HttpRequestData& request)
{
    return QUrlQuery(QString::fromUtf8(request.body))
        .queryItemValue(QStringLiteral("Action"), QUrl::FullyDecoded);
}

Result<void> SimStsService::load(const QJsonObject& scenario, const QString& accountId)
{
    auto bad = [](const QString& message) {
        return Fault::make(FaultKind::Configuration, SimFaultCode::InvalidScenario, message);
    };
    m_accountId = accountId;
    m_roles.clear();
    m_mfaCodes.clear();
    m_users.clear();
    m_issued.clear();
    const QJsonArray roles = scenario.value(QLatin1String("roles")).toArray();
    for (const QJsonValue& v : roles) {
        const QJsonObject o = v.toObject();
        Role r;
        r.arn = o.value(QLatin1String("arn")).toString();
        if (!r.arn.startsWith(QLatin1String("arn:")) || !r.arn.contains(QLatin1String(":role/")))
            return bad(QStringLiteral("roles entries need an \"arn\" like arn:aws:iam::ACCOUNT:role/NAME"));
        const QJsonArray trust = o.value(QLatin1String("trust")).toArray();
        for (const QJsonValue& t : trust)
            r.trustedPrincipals << t.toString();
        r.externalId = o.value(QLatin1String("externalId")).toString();
        r.mfaSerial = o.value(QLatin1String("mfaSerial")).toString();
        r.maxSessionDuration = o.value(QLatin1String("maxSessionDuration")).toInt(3600);
        m_roles.append(r);
    }
    const QJsonArray mfa = scenario.value(QLatin1String("mfa")).toArray();
    for (const QJsonValue& v : mfa) {
        const QJsonObject o = v.toObject();
        const QString serial = o.value(QLatin1String("serialNumber")).toString();
        if (serial.isEmpty())
            return bad(QStringLiteral("mfa entries need \"serialNumber\" and \"code\""));
        m_mfaCodes.insert(serial, o.value(QLatin1String("code")).toString());
    }
    const QJsonArray users = scenario.value(QLatin1String("users")).toArray();
    for (const QJsonValue& v : users) {
        const QJsonObject o = v.toObject();
        User u;
        u.accessKeyId = o.value(QLatin1String("accessKeyId")).toString();
        u.arn = o.value(QLatin1String("arn")).toString();
        u.userId = o.value(QLatin1String("userId")).toString();
        if (u.accessKeyId.isEmpty() || u.arn.isEmpty())
            return bad(QStringLiteral("users entries need \"accessKeyId\" and \"arn\""));
        m_users.append(u);
    }
    return {};
}

QList<SimKeyPair> SimStsService::issuedKeyPairs() const
{
    QList<SimKeyPair> out;
    out.reserve(m_issued.size());
    for (const Issued& i : m_issued)
        out.append(i.key);
    return out;
}

SimReply SimStsService::error(int status, const QString& code, const QString& message,
                              const QString& requestId)
{
    SimReply r;
    r.status = status;
    r.contentType = "text/xml";
    r.errorCode = code;
    const QByteArray type = status >= 500 ? "Receiver" : "Sender";
    r.body = "<ErrorResponse xmlns=\"" + kNamespace.toUtf8() + "\">\n  <Error>\n    <Type>" + type +
             "</Type>\n    <Code>" + escape(code) + "</Code>\n    <Message>" + escape(message) +
             "</Message>\n  </Error>\n  <RequestId>" + escape(requestId) + "</RequestId>\n</ErrorResponse>\n";
    return r;
}

SimStsService::Caller SimStsService::callerFor(const QString& accessKeyId,
                                               const QList<SimKeyPair>& keys) const
{
    for (const SimKeyPair& k : keys) {
        if (k.credentials.accessKeyId == accessKeyId && !k.callerArn.isEmpty())
            return Caller{k.callerArn, k.callerUserId, {}, k.callerAccount};
    }
    for (const Issued& i : m_issued) {
        if (i.key.credentials.accessKeyId == accessKeyId)
            return Caller{i.assumedRoleArn, i.assumedRoleId, i.roleArn};
    }
    for (const User& u : m_users) {
        if (u.accessKeyId == accessKeyId)
            return Caller{
                u.arn, u.userId.isEmpty() ? QStringLiteral("AIDA") + accessKeyId.mid(4) : u.userId, {}};
    }
    return Caller{QStringLiteral("arn:aws:iam::%1:user/dms-sim-user").arg(m_accountId),
                  QStringLiteral("AIDA") + accessKeyId.mid(4),
                  {}};
}

SimReply SimStsService::handle(const HttpRequestData& request, const QList<SimKeyPair>& keys,
                               const QString& region, const QDateTime& now, const QString& requestId,
                               QJsonObject* log)
{
    const QUrlQuery form(QString::fromUtf8(request.body));
    QHash<QString, QString> params;
    const auto items = form.queryItems(QUrl::FullyDecoded);
    for (const auto& item : items)
        params.insert(item.first, item.second);
    const QString action = params.value(QStringLiteral("Action"));
    log->insert(QStringLiteral("operation"), action);
    log->insert(QStringLiteral("service"), QStringLiteral("sts"));

    const SimAuthResult auth =
        m_verifier.verify(request, keys + issuedKeyPairs(), region, now, QStringLiteral("sts"));
    log->insert(QStringLiteral("accessKeyId"), auth.accessKeyId);
    log->insert(QStringLiteral("signatureValid"), auth.signatureValid);
    if (!auth.ok) {
        log->insert(QStringLiteral("authError"), queryAuthCode(auth.code));
        return error(auth.status, queryAuthCode(auth.code), auth.message, requestId);
    }
    if (params.value(QStringLiteral("Version")) != u"2011-06-15" ||
        (action != u"GetCallerIdentity" && action != u"AssumeRole")) {
        return error(400, FaultCode::InvalidAction,
                     QStringLiteral("Could not find operation %1 for version %2")
                         .arg(action, params.value(QStringLiteral("Version"))),
                     requestId);
    }
    const Caller caller = callerFor(auth.accessKeyId, keys);
    if (action == u"GetCallerIdentity")
        return getCallerIdentity(caller, requestId);
    return assumeRole(params, caller, now, requestId, log);
}

SimReply SimStsService::getCallerIdentity(const Caller& caller, const QString& requestId)
{
    const QByteArray result = "    <Arn>" + escape(caller.arn) + "</Arn>\n    <UserId>" +
                              escape(caller.userId) + "</UserId>\n    <Account>" +
                              escape(caller.account.isEmpty() ? m_accountId : caller.account) +
                              "</Account>\n";
    return xmlReply(QStringLiteral("GetCallerIdentity"), result, requestId);
}

SimReply SimStsService::assumeRole(const QHash<QString, QString>& params, const Caller& caller,
                                   const QDateTime& now, const QString& requestId, QJsonObject* log)
{
    const QString roleArn = params.value(QStringLiteral("RoleArn"));
    const QString sessionName = params.value(QStringLiteral("RoleSessionName"));
    const QString externalId = params.value(QStringLiteral("ExternalId"));
    const QString serial = params.value(QStringLiteral("SerialNumber"));
    const QString tokenCode = params.value(QStringLiteral("TokenCode"));
    log->insert(QStringLiteral("roleArn"), roleArn);
    log->insert(QStringLiteral("roleSessionName"), sessionName);
    log->insert(QStringLiteral("externalIdGiven"), !externalId.isEmpty());
    log->insert(QStringLiteral("mfaSerial"), serial);
    log->insert(QStringLiteral("callerArn"), caller.arn);

    auto validation = [&](const QString& message) {
        return error(400, FaultCode::ValidationError, message, requestId);
    };
    static const QRegularExpression sessionPattern(QStringLiteral(R"(^[\w+=,.@-]{2,64}$)"));
    if (roleArn.size() < 20)
        return validation(
            QStringLiteral("1 validation error detected: Value '%1' at 'roleArn' failed to satisfy "
                           "constraint: Member must have length greater than or equal to 20")
                .arg(roleArn));
    if (!sessionPattern.match(sessionName).hasMatch())
        return validation(
            QStringLiteral("1 validation error detected: Value '%1' at 'roleSessionName' failed to "
                           "satisfy constraint: Member must satisfy regular expression pattern: "
                           "[\\w+=,.@-]*")
                .arg(sessionName));
    static const QRegularExpression codePattern(QStringLiteral(R"(^\d{6}$)"));
    if (!tokenCode.isEmpty() && !codePattern.match(tokenCode).hasMatch())
        return validation(
            QStringLiteral("1 validation error detected: Value at 'tokenCode' failed to satisfy "
                           "constraint: Member must have length 6 and contain only digits"));

    const QString denied =
        QStringLiteral("User: %1 is not authorized to perform: sts:AssumeRole on resource: %2")
            .arg(caller.arn, roleArn);
    const Role* role = nullptr;
    for (const Role& r : m_roles) {
        if (r.arn == roleArn)
            role = &r;
    }
    if (!role)
        return error(403, FaultCode::AccessDenied, denied, requestId);
    const bool trusted = role->trustedPrincipals.contains(QStringLiteral("*")) ||
                         role->trustedPrincipals.contains(caller.arn) ||
                         (!caller.roleArn.isEmpty() && role->trustedPrincipals.contains(caller.roleArn));
    if (!trusted)
        return error(403, FaultCode::AccessDenied, denied, requestId);
    if (!role->externalId.isEmpty() && externalId != role->externalId)
        return error(403, FaultCode::AccessDenied, denied, requestId);
    if (!role->mfaSerial.isEmpty()) {
        if (serial.isEmpty() || tokenCode.isEmpty() || serial != role->mfaSerial)
            return error(403, FaultCode::AccessDenied, denied, requestId);
        if (m_mfaCodes.value(serial) != tokenCode)
            return error(
                403, FaultCode::AccessDenied,
                QStringLiteral("MultiFactorAuthentication failed with invalid MFA one time pass code. "),
                requestId);
    }
    int duration = 3600;
    if (params.contains(QStringLiteral("DurationSeconds"))) {
        bool ok = false;
        duration = params.value(QStringLiteral("DurationSeconds")).toInt(&ok);
        if (!ok || duration < 900 || duration > 43200)
            return validation(
                QStringLiteral("1 validation error detected: Value '%1' at 'durationSeconds' failed "
                               "to satisfy constraint: Member must have value greater than or equal "
                               "to 900")
                    .arg(params.value(QStringLiteral("DurationSeconds"))));
    }
    if (!caller.roleArn.isEmpty() && duration > 3600)
        return validation(
            QStringLiteral("The requested DurationSeconds exceeds the 1 hour session limit for roles "
                           "assumed by role chaining."));
    if (duration > role->maxSessionDuration)
        return validation(QStringLiteral(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));

    Issued issued;
    issued.key.credentials.accessKeyId =
        QStringLiteral("ASIA") + randomText(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    issued.key.credentials.secretAccessKey =
        randomText(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+");
    issued.key.credentials.sessionToken =
        QStringLiteral("FwoGZXIvYXdzE") +
        randomText(120, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    issued.key.credentials.expiration = now.addSecs(duration);
    issued.roleArn = roleArn;
    const QString roleId = QStringLiteral("AROA") + randomText(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    issued.assumedRoleId = roleId + u':' + sessionName;
    issued.assumedRoleArn =
        QStringLiteral("arn:aws:sts::%1:assumed-role/%2/%3").arg(m_accountId, roleName(roleArn), sessionName);
    m_issued.append(issued);
    log->insert(QStringLiteral("issuedAccessKeyId"), issued.key.credentials.accessKeyId);

    const AwsCredentials& c = issued.key.credentials;
    const QByteArray result = "    <AssumedRoleUser>\n      <AssumedRoleId>" + escape(issued.assumedRoleId) +
                              "</AssumedRoleId>\n      <Arn>" + escape(issued.assumedRoleArn) +
                              "</Arn>\n    </AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>" +
                              escape(c.accessKeyId) + "</AccessKeyId>\n      <SecretAccessKey>" +
                              escape(c.secretAccessKey) + "</SecretAccessKey>\n      <SessionToken>" +
                              escape(c.sessionToken) + "</SessionToken>\n      <Expiration>" +
                              escape(isoSeconds(c.expiration)) + "</Expiration>\n    </Credentials>\n";
    return xmlReply(QStringLiteral("AssumeRole"), result, requestId);
}

} // namespace dmsx
