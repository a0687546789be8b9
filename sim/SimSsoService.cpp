#include "SimSsoService.h"

#include "SimFaultCodes.h"
#include "base/AwsTime.h"
#include "base/FaultCodes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

namespace dmsx {

namespace {

Fault scenarioFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, SimFaultCode::InvalidScenario,
                       QStringLiteral("sso: ") + message);
}

QString randomText(int length, const char* alphabet)
{
    const QByteArray chars(alphabet);
    QString out;
    out.reserve(length);
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(chars.at(int(QRandomGenerator::global()->bounded(chars.size()))));
    return out;
}

// "expiresAt": RFC 3339, or "expiresInSeconds" relative to load time (negative: already expired).
QDateTime expiryOf(const QJsonObject& o, const QDateTime& now, bool* ok)
{
    *ok = true;
    if (o.contains(QLatin1String("expiresAt"))) {
        const QDateTime t = AwsTime::parseIso8601(o.value(QLatin1String("expiresAt")).toString());
        *ok = t.isValid();
        return t;
    }
    return now.addSecs(o.value(QLatin1String("expiresInSeconds")).toInteger(8 * 3600));
}

} // namespace

Result<void> SimSsoService::load(const QJsonValue& sso, const QDateTime& now)
{
    QHash<QString, QDateTime> tokens;
    QList<Role> roles;
    if (!sso.isUndefined() && !sso.isNull()) {
        if (!sso.isObject())
            return scenarioFault(QStringLiteral("must be an object"));
        const QJsonObject root = sso.toObject();
        const QJsonArray tokenList = root.value(QLatin1String("tokens")).toArray();
        for (const QJsonValue& v : tokenList) {
            const QJsonObject t = v.toObject();
            const QString token = t.value(QLatin1String("accessToken")).toString();
            bool ok = false;
            const QDateTime expiry = expiryOf(t, now, &ok);
            if (token.isEmpty() || !ok)
                return scenarioFault(QStringLiteral("every token needs accessToken and a valid expiresAt"));
            tokens.insert(token, expiry);
        }
        const QJsonArray accounts = root.value(QLatin1String("accounts")).toArray();
        for (const QJsonValue& a : accounts) {
            const QJsonObject account = a.toObject();
            const QString accountId = account.value(QLatin1String("accountId")).toString();
            if (accountId.isEmpty())
                return scenarioFault(QStringLiteral("every account needs accountId"));
            const QJsonArray roleList = account.value(QLatin1String("roles")).toArray();
            for (const QJsonValue& r : roleList) {
                Role role;
                role.accountId = accountId;
                if (r.isString()) {
                    role.roleName = r.toString();
                } else {
                    const QJsonObject o = r.toObject();
                    role.roleName = o.value(QLatin1String("roleName")).toString();
                    role.durationSeconds = o.value(QLatin1String("durationSeconds")).toInteger(3600);
                    role.fixed.accessKeyId = o.value(QLatin1String("accessKeyId")).toString();
                    role.fixed.secretAccessKey = o.value(QLatin1String("secretAccessKey")).toString();
                    role.fixed.sessionToken = o.value(QLatin1String("sessionToken")).toString();
                    if (!role.fixed.accessKeyId.isEmpty() &&
                        (role.fixed.secretAccessKey.isEmpty() || role.fixed.sessionToken.isEmpty()))
                        return scenarioFault(
                            QStringLiteral("role %1 has an accessKeyId without secretAccessKey "
                                           "and sessionToken")
                                .arg(role.roleName));
                }
                if (role.roleName.isEmpty())
                    return scenarioFault(QStringLiteral("every role needs roleName"));
                roles.append(role);
            }
        }
    }
    m_tokens = tokens;
    m_roles = roles;
    m_issued.clear();
    return {};
}

SimReply SimSsoService::portalError(int status, const QString& code, const QString& message)
{
    SimReply r =
        SimReply::error(status, code, message, QStringLiteral("com.amazonaws.switchboard.portal#") + code);
    r.contentType = "application/json";
    r.headers.clear();
    r.headers.append(
        {QByteArrayLiteral("x-amzn-ErrorType"),
         code.toUtf8() +
             QByteArrayLiteral(":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/")});
    return r;
}

SimReply SimSsoService::handle(const QByteArray& method, const QUrlQuery& query,
                               const QByteArray& bearerToken, const QDateTime& now)
{
    if (method != "GET")
        return portalError(400, SimFaultCode::InvalidRequestException,
                           QStringLiteral("GetRoleCredentials is a GET request"));
    // The portal answers an unknown and an expired token alike.
    const auto token = m_tokens.constFind(QString::fromUtf8(bearerToken));
    if (bearerToken.isEmpty() || token == m_tokens.constEnd() || token.value() <= now)
        return portalError(401, FaultCode::UnauthorizedException,
                           QStringLiteral("Session token not found or invalid"));
    const QString roleName = query.queryItemValue(QStringLiteral("role_name"), QUrl::FullyDecoded);
    const QString accountId = query.queryItemValue(QStringLiteral("account_id"), QUrl::FullyDecoded);
    if (roleName.isEmpty() || accountId.isEmpty())
        return portalError(400, SimFaultCode::InvalidRequestException,
                           QStringLiteral("role_name and account_id are required"));
    const Role* role = nullptr;
    for (const Role& r : m_roles) {
        if (r.accountId == accountId && r.roleName == roleName)
            role = &r;
    }
    if (!role)
        return portalError(403, FaultCode::ForbiddenException, QStringLiteral("No access"));

    AwsCredentials c = role->fixed;
    if (c.accessKeyId.isEmpty()) {
        c.accessKeyId = QStringLiteral("ASIA") + randomText(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        c.secretAccessKey =
            randomText(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+");
        c.sessionToken = randomText(160, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+");
    }
    // Millisecond precision is what the wire carries.
    c.expiration = QDateTime::fromMSecsSinceEpoch(
        now.addSecs(role->durationSeconds).toMSecsSinceEpoch() / 1000 * 1000, Qt::UTC);
    m_issued.insert(c.accessKeyId, SimKeyPair{c});

    QJsonObject credentials;
    credentials.insert(QStringLiteral("accessKeyId"), c.accessKeyId);
    credentials.insert(QStringLiteral("secretAccessKey"), c.secretAccessKey);
    credentials.insert(QStringLiteral("sessionToken"), c.sessionToken);
    credentials.insert(QStringLiteral("expiration"), double(c.expiration.toMSecsSinceEpoch()));
    QJsonObject body;
    body.insert(QStringLiteral("roleCredentials"), credentials);
    SimReply reply = SimReply::json(body);
    reply.contentType = "application/json";
    return reply;
}

} // namespace dmsx
