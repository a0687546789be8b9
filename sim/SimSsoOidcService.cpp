#include "SimSsoOidcService.h"

#include "SimFaultCodes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace dmsx {

namespace {

const QLatin1String kRegisterPath("/client/register");
const QLatin1String kDevicePath("/device_authorization");
const QLatin1String kTokenPath("/token");
const QLatin1String kDeviceCodeGrant("urn:ietf:params:oauth:grant-type:device_code");
const QLatin1String kRefreshGrant("refresh_token");
// sso-session registrations ask for it; only then does a token come with a refresh token.
const QLatin1String kAccountAccessScope("sso:account:access");
constexpr int kMaxFieldChars = 2048;
constexpr int kMaxScopes = 25;

Fault scenarioFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, SimFaultCode::InvalidScenario,
                       QStringLiteral("ssoOidc: ") + message);
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

QString randomToken(const char* prefix, int length)
{
    return QLatin1String(prefix) +
           randomText(length, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

// Drops expired entries, then the oldest, until one more fits: the tables never grow without limit.
template <typename Table> void makeRoom(Table& table, int max, const QDateTime& now)
{
    if (table.size() < max)
        return;
    for (auto it = table.begin(); it != table.end();) {
        if (it->expiry <= now)
            it = table.erase(it);
        else
            ++it;
    }
    while (table.size() >= max) {
        auto oldest = table.begin();
        for (auto it = table.begin(); it != table.end(); ++it) {
            if (it->order < oldest->order)
                oldest = it;
        }
        table.erase(oldest);
    }
}

// A string member: absent is empty; another JSON type or an oversize value is refused.
bool stringMember(const QJsonObject& in, QLatin1String name, QString* out)
{
    const QJsonValue v = in.value(name);
    if (v.isUndefined() || v.isNull()) {
        out->clear();
        return true;
    }
    if (!v.isString() || v.toString().size() > kMaxFieldChars)
        return false;
    *out = v.toString();
    return true;
}

bool stringListMember(const QJsonObject& in, QLatin1String name, QStringList* out)
{
    out->clear();
    const QJsonValue v = in.value(name);
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isArray() || v.toArray().size() > kMaxScopes)
        return false;
    const QJsonArray list = v.toArray();
    for (const QJsonValue& item : list) {
        if (!item.isString() || item.toString().isEmpty() || item.toString().size() > 256)
            return false;
        out->append(item.toString());
    }
    return true;
}

SimReply invalidRequest(const QString& description)
{
    return SimSsoOidcService::error(400, QStringLiteral("InvalidRequestException"),
                                    QStringLiteral("invalid_request"), description);
}

} // namespace

Result<void> SimSsoOidcService::load(const QJsonValue& ssoOidc)
{
    Settings s;
    if (!ssoOidc.isUndefined() && !ssoOidc.isNull()) {
        if (!ssoOidc.isObject())
            return scenarioFault(QStringLiteral("must be an object"));
        const QJsonObject o = ssoOidc.toObject();
        auto seconds = [&](QLatin1String name, qint64* out, qint64 min) {
            if (!o.contains(name))
                return true;
            const QJsonValue v = o.value(name);
            if (!v.isDouble() || v.toDouble() < double(min) || v.toDouble() > 10.0 * 365 * 24 * 3600)
                return false;
            *out = v.toInteger();
            return true;
        };
        qint64 interval = s.interval;
        qint64 slowDowns = s.slowDownPolls;
        if (!seconds(QLatin1String("accessTokenSeconds"), &s.accessTokenSeconds, 1) ||
            !seconds(QLatin1String("refreshTokenSeconds"), &s.refreshTokenSeconds, 1) ||
            !seconds(QLatin1String("deviceCodeSeconds"), &s.deviceCodeSeconds, 1) ||
            !seconds(QLatin1String("clientSeconds"), &s.clientSeconds, 1) ||
            !seconds(QLatin1String("interval"), &interval, 0) ||
            !seconds(QLatin1String("slowDownPolls"), &slowDowns, 0) || interval > 3600 || slowDowns > 1000)
            return scenarioFault(QStringLiteral(
                "accessTokenSeconds, refreshTokenSeconds, deviceCodeSeconds and clientSeconds must be "
                "positive numbers, interval 0-3600 and slowDownPolls 0-1000"));
        s.interval = int(interval);
        s.slowDownPolls = int(slowDowns);
        s.expireDeviceCode = o.value(QLatin1String("expireDeviceCode")).toBool();
        s.denyAll = o.value(QLatin1String("denyAll")).toBool();
        s.refreshTokenExpired = o.value(QLatin1String("refreshTokenExpired")).toBool();
        s.autoApprove = o.value(QLatin1String("autoApprove")).toBool();
    }
    m_settings = s;
    m_clients.clear();
    m_deviceAuthorizations.clear();
    m_accessTokens.clear();
    m_refreshTokens.clear();
    return {};
}

bool SimSsoOidcService::accepts(const QString& path)
{
    return path == kRegisterPath || path == kDevicePath || path == kTokenPath;
}

SimReply SimSsoOidcService::error(int status, const QString& exception, const QString& oauthError,
                                  const QString& description)
{
    QJsonObject o;
    o.insert(QStringLiteral("error"), oauthError);
    o.insert(QStringLiteral("error_description"), description);
    SimReply r = SimReply::json(o, status);
    r.contentType = "application/json";
    r.errorCode = exception;
    r.headers.append({QByteArrayLiteral("x-amzn-ErrorType"),
                      exception.toUtf8() +
                          QByteArrayLiteral(":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/")});
    return r;
}

SimReply SimSsoOidcService::injectedError(int status, const QString& code, const QString& message)
{
    return error(status, code,
                 status >= 500 ? QStringLiteral("server_error") : QStringLiteral("invalid_request"), message);
}

SimReply SimSsoOidcService::handle(const QByteArray& method, const QString& path, const QByteArray& body,
                                   const QUrl& base, const QDateTime& now, QJsonObject* log)
{
    log->insert(QStringLiteral("service"), QStringLiteral("sso-oidc"));
    log->insert(QStringLiteral("operation"), path == kRegisterPath ? QStringLiteral("RegisterClient")
                                             : path == kDevicePath
                                                 ? QStringLiteral("StartDeviceAuthorization")
                                                 : QStringLiteral("CreateToken"));
    if (method != "POST")
        return invalidRequest(QStringLiteral("Unsupported method"));
    if (body.size() > kMaxBodyBytes)
        return invalidRequest(QStringLiteral("Request body is too large"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return invalidRequest(QStringLiteral("Request body is not a JSON object"));
    const QJsonObject in = doc.object();
    if (path == kRegisterPath)
        return registerClient(in, now, log);
    if (path == kDevicePath)
        return startDeviceAuthorization(in, base, now);
    return createToken(in, now, log);
}

SimReply SimSsoOidcService::registerClient(const QJsonObject& in, const QDateTime& now, QJsonObject* log)
{
    QString clientName;
    QString clientType;
    Client client;
    if (!stringMember(in, QLatin1String("clientName"), &clientName) ||
        !stringMember(in, QLatin1String("clientType"), &clientType) ||
        !stringListMember(in, QLatin1String("scopes"), &client.scopes) ||
        !stringListMember(in, QLatin1String("grantTypes"), &client.grantTypes))
        return invalidRequest(QStringLiteral("Invalid request parameters"));
    if (clientName.isEmpty() || clientType.isEmpty())
        return invalidRequest(QStringLiteral("clientName and clientType are required"));
    if (clientType != QLatin1String("public"))
        return error(400, QStringLiteral("InvalidClientMetadataException"),
                     QStringLiteral("invalid_client_metadata"), QStringLiteral("Invalid client type"));
    for (const QString& grant : std::as_const(client.grantTypes)) {
        if (grant != kDeviceCodeGrant && grant != kRefreshGrant &&
            grant != QLatin1String("authorization_code"))
            return error(400, QStringLiteral("UnsupportedGrantTypeException"),
                         QStringLiteral("unsupported_grant_type"), QStringLiteral("Unsupported grant type"));
    }
    log->insert(QStringLiteral("scopes"), QJsonArray::fromStringList(client.scopes));

    makeRoom(m_clients, kMaxClients, now);
    const QString clientId = randomToken("", 22);
    client.secret = randomToken("eyJraWQiOiJrZXktc2ltIn0.", 160);
    // Whole seconds, as the wire carries them.
    const QDateTime issued = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC);
    client.expiry = issued.addSecs(m_settings.clientSeconds);
    client.order = ++m_order;
    m_clients.insert(clientId, client);

    QJsonObject out;
    out.insert(QStringLiteral("clientId"), clientId);
    out.insert(QStringLiteral("clientSecret"), client.secret);
    out.insert(QStringLiteral("clientIdIssuedAt"), double(issued.toSecsSinceEpoch()));
    out.insert(QStringLiteral("clientSecretExpiresAt"), double(client.expiry.toSecsSinceEpoch()));
    SimReply r = SimReply::json(out);
    r.contentType = "application/json";
    return r;
}

const SimSsoOidcService::Client* SimSsoOidcService::authenticate(const QJsonObject& in, const QDateTime& now,
                                                                 SimReply* refusal) const
{
    const QString clientId = in.value(QLatin1String("clientId")).toString();
    const QString secret = in.value(QLatin1String("clientSecret")).toString();
    const auto client = m_clients.constFind(clientId);
    if (client == m_clients.constEnd() || client->secret != secret) {
        *refusal = error(401, QStringLiteral("InvalidClientException"), QStringLiteral("invalid_client"),
                         QStringLiteral("Invalid client provided"));
        return nullptr;
    }
    if (client->expiry <= now) {
        *refusal = error(401, QStringLiteral("InvalidClientException"), QStringLiteral("invalid_client"),
                         QStringLiteral("Client registration has expired"));
        return nullptr;
    }
    return &client.value();
}

SimReply SimSsoOidcService::startDeviceAuthorization(const QJsonObject& in, const QUrl& base,
                                                     const QDateTime& now)
{
    QString clientId;
    QString secret;
    QString startUrl;
    if (!stringMember(in, QLatin1String("clientId"), &clientId) ||
        !stringMember(in, QLatin1String("clientSecret"), &secret) ||
        !stringMember(in, QLatin1String("startUrl"), &startUrl))
        return invalidRequest(QStringLiteral("Invalid request parameters"));
    if (clientId.isEmpty() || secret.isEmpty() || startUrl.isEmpty())
        return invalidRequest(QStringLiteral("clientId, clientSecret and startUrl are required"));
    SimReply refusal;
    if (!authenticate(in, now, &refusal))
        return refusal;

    makeRoom(m_deviceAuthorizations, kMaxDeviceAuthorizations, now);
    DeviceAuthorization authorization;
    authorization.clientId = clientId;
    // Consonants only, as AWS's codes: no word, no 0/O or 1/I to mistype. Unique among the pending.
    const char* letters = "BCDFGHJKLMNPQRSTVWXZ";
    do {
        authorization.userCode = randomText(4, letters) + QLatin1Char('-') + randomText(4, letters);
    } while (pendingByUserCode(authorization.userCode, now));
    authorization.expiry = m_settings.expireDeviceCode ? now : now.addSecs(m_settings.deviceCodeSeconds);
    authorization.approval = m_settings.denyAll ? Approval::Denied : Approval::Pending;
    authorization.slowDownsLeft = m_settings.slowDownPolls;
    authorization.order = ++m_order;
    const QString deviceCode = randomToken("", 86);
    m_deviceAuthorizations.insert(deviceCode, authorization);

    QUrl verification = base;
    verification.setPath(QStringLiteral("/__sim/sso/device"));
    QUrl complete = verification;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("user_code"), authorization.userCode);
    complete.setQuery(query);
    QJsonObject out;
    out.insert(QStringLiteral("deviceCode"), deviceCode);
    out.insert(QStringLiteral("userCode"), authorization.userCode);
    out.insert(QStringLiteral("verificationUri"), verification.toString());
    out.insert(QStringLiteral("verificationUriComplete"), complete.toString());
    out.insert(QStringLiteral("expiresIn"), double(m_settings.deviceCodeSeconds));
    out.insert(QStringLiteral("interval"), m_settings.interval);
    SimReply r = SimReply::json(out);
    r.contentType = "application/json";
    return r;
}

SimReply SimSsoOidcService::createToken(const QJsonObject& in, const QDateTime& now, QJsonObject* log)
{
    QString clientId;
    QString secret;
    QString grantType;
    QString ignored;
    QStringList scopes;
    if (!stringMember(in, QLatin1String("clientId"), &clientId) ||
        !stringMember(in, QLatin1String("clientSecret"), &secret) ||
        !stringMember(in, QLatin1String("grantType"), &grantType) ||
        !stringMember(in, QLatin1String("deviceCode"), &ignored) ||
        !stringMember(in, QLatin1String("refreshToken"), &ignored) ||
        !stringListMember(in, QLatin1String("scope"), &scopes))
        return invalidRequest(QStringLiteral("Invalid request parameters"));
    if (clientId.isEmpty() || secret.isEmpty() || grantType.isEmpty())
        return invalidRequest(QStringLiteral("clientId, clientSecret and grantType are required"));
    if (grantType == kDeviceCodeGrant || grantType == kRefreshGrant)
        log->insert(QStringLiteral("grantType"), grantType);
    SimReply refusal;
    const Client* client = authenticate(in, now, &refusal);
    if (!client)
        return refusal;
    if (grantType != kDeviceCodeGrant && grantType != kRefreshGrant)
        return error(400, QStringLiteral("UnsupportedGrantTypeException"),
                     QStringLiteral("unsupported_grant_type"), QStringLiteral("Unsupported grant type"));
    if (!client->grantTypes.isEmpty() && !client->grantTypes.contains(grantType))
        return error(400, QStringLiteral("UnauthorizedClientException"),
                     QStringLiteral("unauthorized_client"),
                     QStringLiteral("Client is not authorized for this grant type"));
    return grantType == kDeviceCodeGrant ? deviceCodeGrant(clientId, in, now)
                                         : refreshTokenGrant(clientId, in, now);
}

SimReply SimSsoOidcService::deviceCodeGrant(const QString& clientId, const QJsonObject& in,
                                            const QDateTime& now)
{
    const QString deviceCode = in.value(QLatin1String("deviceCode")).toString();
    if (deviceCode.isEmpty())
        return invalidRequest(QStringLiteral("deviceCode is required"));
    const auto found = m_deviceAuthorizations.find(deviceCode);
    if (found == m_deviceAuthorizations.end() || found->clientId != clientId)
        return error(400, QStringLiteral("InvalidGrantException"), QStringLiteral("invalid_grant"),
                     QStringLiteral("Invalid device code provided"));
    DeviceAuthorization& authorization = found.value();
    if (authorization.expiry <= now)
        return error(400, QStringLiteral("ExpiredTokenException"), QStringLiteral("expired_token"),
                     QStringLiteral("Device code has expired"));
    if (authorization.slowDownsLeft > 0) {
        --authorization.slowDownsLeft;
        return error(400, QStringLiteral("SlowDownException"), QStringLiteral("slow_down"),
                     QStringLiteral("Client is polling too frequently"));
    }
    if (authorization.approval == Approval::Denied)
        return error(400, QStringLiteral("AccessDeniedException"), QStringLiteral("access_denied"),
                     QStringLiteral("Access denied"));
    if (authorization.approval == Approval::Pending) {
        // The demo's "browser": the user approves while the client waits its first interval.
        if (m_settings.autoApprove)
            authorization.approval = Approval::Approved;
        return error(400, QStringLiteral("AuthorizationPendingException"),
                     QStringLiteral("authorization_pending"),
                     QStringLiteral("Authorization is still pending"));
    }
    // A device code is good for one token.
    m_deviceAuthorizations.erase(found);
    return issueTokens(clientId, m_clients.value(clientId).scopes, ++m_order, now);
}

SimReply SimSsoOidcService::refreshTokenGrant(const QString& clientId, const QJsonObject& in,
                                              const QDateTime& now)
{
    const QString refreshToken = in.value(QLatin1String("refreshToken")).toString();
    if (refreshToken.isEmpty())
        return invalidRequest(QStringLiteral("refreshToken is required"));
    const auto found = m_refreshTokens.constFind(refreshToken);
    if (found == m_refreshTokens.constEnd() || found->clientId != clientId)
        return error(400, QStringLiteral("InvalidGrantException"), QStringLiteral("invalid_grant"),
                     QStringLiteral("Invalid refresh token provided"));
    if (m_settings.refreshTokenExpired || found->expiry <= now)
        return error(400, QStringLiteral("InvalidGrantException"), QStringLiteral("invalid_grant"),
                     QStringLiteral("Refresh token has expired"));
    const QStringList scopes = found->scopes;
    const quint64 session = found->session;
    // Rotated: the old refresh token is spent; the access tokens it gave keep their own expiry.
    m_refreshTokens.remove(refreshToken);
    return issueTokens(clientId, scopes, session, now);
}

SimReply SimSsoOidcService::issueTokens(const QString& clientId, const QStringList& scopes, quint64 session,
                                        const QDateTime& now)
{
    makeRoom(m_accessTokens, kMaxTokens, now);
    AccessToken access;
    access.clientId = clientId;
    access.session = session;
    access.expiry = now.addSecs(m_settings.accessTokenSeconds);
    access.order = ++m_order;
    const QString accessToken = randomToken("aoa", 180);
    QJsonObject out;
    out.insert(QStringLiteral("accessToken"), accessToken);
    out.insert(QStringLiteral("tokenType"), QStringLiteral("Bearer"));
    out.insert(QStringLiteral("expiresIn"), double(m_settings.accessTokenSeconds));
    if (scopes.contains(kAccountAccessScope)) {
        makeRoom(m_refreshTokens, kMaxTokens, now);
        RefreshToken refresh;
        refresh.clientId = clientId;
        refresh.scopes = scopes;
        refresh.session = session;
        refresh.expiry = now.addSecs(m_settings.refreshTokenSeconds);
        refresh.order = ++m_order;
        const QString refreshToken = randomToken("aor", 180);
        m_refreshTokens.insert(refreshToken, refresh);
        out.insert(QStringLiteral("refreshToken"), refreshToken);
    }
    m_accessTokens.insert(accessToken, access);
    SimReply r = SimReply::json(out);
    r.contentType = "application/json";
    return r;
}

SimSsoOidcService::DeviceAuthorization* SimSsoOidcService::pendingByUserCode(const QString& userCode,
                                                                             const QDateTime& now)
{
    const QString wanted = userCode.trimmed().toUpper();
    if (wanted.isEmpty())
        return nullptr;
    for (auto it = m_deviceAuthorizations.begin(); it != m_deviceAuthorizations.end(); ++it) {
        if (it->userCode == wanted && it->approval == Approval::Pending && it->expiry > now)
            return &it.value();
    }
    return nullptr;
}

bool SimSsoOidcService::approve(const QString& userCode, const QDateTime& now)
{
    DeviceAuthorization* authorization = pendingByUserCode(userCode, now);
    if (!authorization)
        return false;
    authorization->approval = Approval::Approved;
    return true;
}

bool SimSsoOidcService::deny(const QString& userCode, const QDateTime& now)
{
    DeviceAuthorization* authorization = pendingByUserCode(userCode, now);
    if (!authorization)
        return false;
    authorization->approval = Approval::Denied;
    return true;
}

SimReply SimSsoOidcService::devicePage(const QString& userCode, const QDateTime& now)
{
    // Everything from the request is escaped: the code comes from the address bar.
    const DeviceAuthorization* pending = pendingByUserCode(userCode, now);
    const QString code = pending ? pending->userCode : QString();
    QString body;
    if (pending) {
        body = QStringLiteral(
                   "<h1>Sign-in request</h1>\n"
                   "<p>An application asks to sign in with IAM Identity Center as the demo user. Allow it "
                   "only if it shows this code:</p>\n"
                   "<p id=\"code\" class=\"code\">%1</p>\n"
                   "<p><button id=\"allow\" type=\"button\">Allow</button> "
                   "<button id=\"deny\" type=\"button\">Deny</button></p>\n"
                   "<p id=\"result\" role=\"status\"></p>\n"
                   "<script>\n"
                   "function answer(path, done) {\n"
                   "  var code = document.getElementById('code').textContent;\n"
                   "  fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'},\n"
                   "               body: JSON.stringify({userCode: code})})\n"
                   "    .then(function (r) {\n"
                   "      document.getElementById('result').textContent = r.ok ? done\n"
                   "        : 'This code is no longer pending: it expired or was already answered.';\n"
                   "      document.getElementById('allow').disabled = true;\n"
                   "      document.getElementById('deny').disabled = true;\n"
                   "    });\n"
                   "}\n"
                   "document.getElementById('allow').onclick = function () {\n"
                   "  answer('/__sim/sso/approve', 'Allowed. You can close this page and return to the "
                   "application.');\n"
                   "};\n"
                   "document.getElementById('deny').onclick = function () {\n"
                   "  answer('/__sim/sso/deny', 'Denied. The application is told so.');\n"
                   "};\n"
                   "</script>\n"
                   "<noscript><p>Allow and Deny need JavaScript. Without it, send <code>POST "
                   "/__sim/sso/approve</code> with <code>{\"userCode\": \"%1\"}</code> as "
                   "<code>application/json</code> to this simulator.</p></noscript>\n")
                   .arg(code.toHtmlEscaped());
    } else {
        body = QStringLiteral("<h1>Sign-in request</h1>\n");
        if (!userCode.isEmpty())
            body += QStringLiteral("<p>No pending sign-in has the code %1: it is unknown, expired or "
                                   "already answered.</p>\n")
                        .arg(userCode.left(64).toHtmlEscaped());
        body += QStringLiteral("<form method=\"get\"><label>The code the application shows: "
                               "<input name=\"user_code\" autocomplete=\"off\" autofocus></label> "
                               "<button type=\"submit\">Next</button></form>\n");
    }
    SimReply page;
    page.status = pending || userCode.isEmpty() ? 200 : 400;
    page.contentType = "text/html; charset=utf-8";
    page.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    page.headers.append({QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY")});
    page.body = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>dms-sim: IAM Identity Center sign-in</title>\n"
                               "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}"
                               ".code{font:bold 2em monospace;letter-spacing:.1em}"
                               "button{font-size:1.1em;padding:.3em 1.2em}</style></head>\n"
                               "<body>\n<p><small>dms-sim, the simulator's stand-in for the AWS access "
                               "portal</small></p>\n%1</body></html>\n")
                    .arg(body)
                    .toUtf8();
    return page;
}

bool SimSsoOidcService::isAccessTokenValid(const QString& accessToken, const QDateTime& now) const
{
    const auto found = m_accessTokens.constFind(accessToken);
    return found != m_accessTokens.constEnd() && found->expiry > now;
}

bool SimSsoOidcService::revoke(const QString& accessToken)
{
    const auto found = m_accessTokens.constFind(accessToken);
    if (found == m_accessTokens.constEnd())
        return false;
    // Logout ends the sign-in session: every token issued in it, before and after refreshes.
    const quint64 session = found->session;
    for (auto it = m_accessTokens.begin(); it != m_accessTokens.end();)
        it = it->session == session ? m_accessTokens.erase(it) : std::next(it);
    for (auto it = m_refreshTokens.begin(); it != m_refreshTokens.end();)
        it = it->session == session ? m_refreshTokens.erase(it) : std::next(it);
    return true;
}

} // namespace dmsx
