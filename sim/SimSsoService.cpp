#include "SimSsoService.h"

#include "SimFaultCodes.h"
#include "SimSsoOidcService.h"
#include "base/AwsTime.h"
#include "base/FaultCodes.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

namespace dmsx {

namespace {

// The user every sign-in of the simulator is: it has no directory of its own.
const QLatin1String kSessionUser("dba@example.com");

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

bool SimSsoService::accepts(const QString& path)
{
    return path == kPath || path == u"/assignment/accounts" || path == u"/assignment/roles" ||
           path == u"/logout";
}

QString SimSsoService::operationOf(const QString& path)
{
    if (path == u"/assignment/accounts")
        return QStringLiteral("ListAccounts");
    if (path == u"/assignment/roles")
        return QStringLiteral("ListAccountRoles");
    if (path == u"/logout")
        return QStringLiteral("Logout");
    return QStringLiteral("GetRoleCredentials");
}

Result<void> SimSsoService::load(const QJsonValue& sso, const QJsonValue& ssoOidc, const QDateTime& now)
{
    QHash<QString, QDateTime> tokens;
    QList<Account> accounts;
    QList<Role> roles;
    QJsonArray accountList;
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
        accountList = root.value(QLatin1String("accounts")).toArray();
    }
    // The accounts a signed-in user sees: also what GetRoleCredentials grants a token SSO OIDC issued.
    if (ssoOidc.isObject()) {
        const QJsonArray more = ssoOidc.toObject().value(QLatin1String("accounts")).toArray();
        for (const QJsonValue& a : more)
            accountList.append(a);
    }
    for (const QJsonValue& a : std::as_const(accountList)) {
        const QJsonObject account = a.toObject();
        const QString accountId = account.value(QLatin1String("accountId")).toString();
        if (accountId.isEmpty())
            return scenarioFault(QStringLiteral("every account needs accountId"));
        const auto known = std::find_if(accounts.begin(), accounts.end(),
                                        [&](const Account& x) { return x.accountId == accountId; });
        if (known == accounts.end()) {
            const QString name = account.value(QLatin1String("accountName")).toString();
            accounts.append({accountId, name.isEmpty() ? accountId : name,
                             account.value(QLatin1String("emailAddress")).toString()});
        }
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
                    return scenarioFault(QStringLiteral("role %1 has an accessKeyId without secretAccessKey "
                                                        "and sessionToken")
                                             .arg(role.roleName));
            }
            if (role.roleName.isEmpty())
                return scenarioFault(QStringLiteral("every role needs roleName"));
            const bool duplicate = std::any_of(roles.cbegin(), roles.cend(), [&](const Role& x) {
                return x.accountId == role.accountId && x.roleName == role.roleName;
            });
            if (!duplicate)
                roles.append(role);
        }
    }
    m_tokens = tokens;
    m_accounts = accounts;
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

bool SimSsoService::isTokenValid(const QString& token, const QDateTime& now) const
{
    if (token.isEmpty())
        return false;
    const auto fixed = m_tokens.constFind(token);
    if (fixed != m_tokens.constEnd())
        return fixed.value() > now;
    return m_issuer && m_issuer->isAccessTokenValid(token, now);
}

SimReply SimSsoService::handle(const QByteArray& method, const QString& path, const QUrlQuery& query,
                               const QByteArray& bearerToken, const QDateTime& now)
{
    const QString operation = operationOf(path);
    const QByteArray expectedMethod = operation == u"Logout" ? "POST" : "GET";
    if (method != expectedMethod)
        return portalError(
            400, SimFaultCode::InvalidRequestException,
            QStringLiteral("%1 is a %2 request").arg(operation, QLatin1String(expectedMethod)));
    // The portal answers an unknown, an expired and a signed-out token alike.
    const QString token = QString::fromUtf8(bearerToken);
    if (!isTokenValid(token, now))
        return portalError(401, FaultCode::UnauthorizedException,
                           QStringLiteral("Session token not found or invalid"));
    if (operation == u"Logout") {
        // Signs out the sign-in session: the token and, for an issued one, its refresh tokens.
        m_tokens.remove(token);
        if (m_issuer)
            m_issuer->revoke(token);
        SimReply r;
        r.contentType = "application/json";
        return r;
    }
    if (operation == u"GetRoleCredentials")
        return getRoleCredentials(query, now);

    QJsonArray items;
    QString listKey;
    QString kind;
    if (operation == u"ListAccounts") {
        listKey = QStringLiteral("accountList");
        kind = QStringLiteral("accounts");
        for (const Account& a : std::as_const(m_accounts)) {
            QJsonObject o{{QStringLiteral("accountId"), a.accountId},
                          {QStringLiteral("accountName"), a.accountName}};
            if (!a.emailAddress.isEmpty())
                o.insert(QStringLiteral("emailAddress"), a.emailAddress);
            items.append(o);
        }
    } else {
        const QString accountId = query.queryItemValue(QStringLiteral("account_id"), QUrl::FullyDecoded);
        if (accountId.isEmpty())
            return portalError(400, SimFaultCode::InvalidRequestException,
                               QStringLiteral("account_id is required"));
        listKey = QStringLiteral("roleList");
        kind = QStringLiteral("roles:") + accountId;
        for (const Role& r : std::as_const(m_roles)) {
            if (r.accountId == accountId)
                items.append(QJsonObject{{QStringLiteral("roleName"), r.roleName},
                                         {QStringLiteral("accountId"), r.accountId}});
        }
    }
    qsizetype first = 0;
    qsizetype count = 0;
    SimReply refusal;
    if (!page(query, kind, items.size(), &first, &count, &refusal))
        return refusal;
    QJsonObject body;
    QJsonArray pageItems;
    for (qsizetype i = first; i < first + count; ++i)
        pageItems.append(items.at(i));
    body.insert(listKey, pageItems);
    if (first + count < items.size())
        body.insert(QStringLiteral("nextToken"), nextToken(kind, first + count));
    SimReply reply = SimReply::json(body);
    reply.contentType = "application/json";
    return reply;
}

QString SimSsoService::nextToken(const QString& kind, qsizetype offset)
{
    // Opaque to the client, and only good for the listing it came from.
    return QString::fromLatin1(QStringLiteral("%1|%2").arg(kind).arg(offset).toUtf8().toBase64(
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool SimSsoService::page(const QUrlQuery& query, const QString& kind, qsizetype total, qsizetype* first,
                         qsizetype* count, SimReply* refusal)
{
    int size = kDefaultPageSize;
    if (query.hasQueryItem(QStringLiteral("max_result"))) {
        bool ok = false;
        size = query.queryItemValue(QStringLiteral("max_result")).toInt(&ok);
        if (!ok || size < 1 || size > kMaxPageSize) {
            *refusal = portalError(400, SimFaultCode::InvalidRequestException,
                                   QStringLiteral("max_result must be between 1 and %1").arg(kMaxPageSize));
            return false;
        }
    }
    *first = 0;
    const QString token = query.queryItemValue(QStringLiteral("next_token"), QUrl::FullyDecoded);
    if (!token.isEmpty()) {
        const QString decoded = QString::fromUtf8(QByteArray::fromBase64(
            token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const qsizetype bar = decoded.lastIndexOf(QLatin1Char('|'));
        bool ok = false;
        const qsizetype offset = bar < 0 ? -1 : decoded.mid(bar + 1).toLongLong(&ok);
        if (token.size() > 1024 || bar < 0 || decoded.left(bar) != kind || !ok || offset < 1 ||
            offset >= total) {
            *refusal =
                portalError(400, SimFaultCode::InvalidRequestException, QStringLiteral("Invalid next token"));
            return false;
        }
        *first = offset;
    }
    *count = std::min<qsizetype>(size, total - *first);
    return true;
}

SimReply SimSsoService::getRoleCredentials(const QUrlQuery& query, const QDateTime& now)
{
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
    if (m_issued.size() >= kMaxIssuedKeyPairs) {
        // Bounded like every table of the simulator: the expired go first, then the soonest to expire.
        for (auto it = m_issued.begin(); it != m_issued.end();)
            it = it->credentials.expiration <= now ? m_issued.erase(it) : std::next(it);
        while (m_issued.size() >= kMaxIssuedKeyPairs)
            m_issued.erase(std::min_element(m_issued.begin(), m_issued.end(),
                                            [](const SimKeyPair& a, const SimKeyPair& b) {
                                                return a.credentials.expiration < b.credentials.expiration;
                                            }));
    }
    // As AWS names an IAM Identity Center session: the permission set's reserved role, a suffix
    // fixed per account and role, and the signed-in user.
    SimKeyPair issued{c, {}, {}, accountId};
    const QString suffix = QString::fromLatin1(
        QCryptographicHash::hash((accountId + u'/' + roleName).toUtf8(), QCryptographicHash::Sha1)
            .toHex()
            .left(16));
    issued.callerArn = QStringLiteral("arn:aws:sts::%1:assumed-role/AWSReservedSSO_%2_%3/%4")
                           .arg(accountId, roleName, suffix, kSessionUser);
    issued.callerUserId = QStringLiteral("AROA") + suffix.toUpper() + u':' + kSessionUser;
    m_issued.insert(c.accessKeyId, issued);

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
