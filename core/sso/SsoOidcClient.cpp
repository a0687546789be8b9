#include "sso/SsoOidcClient.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "config/CaBundle.h"
#include "config/EndpointResolver.h"
#include "config/Partition.h"
#include "net/AwsErrorParser.h"
#include "net/NetworkFaults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>

namespace dmsx {

namespace {

const QLatin1String kDeviceCodeGrant("urn:ietf:params:oauth:grant-type:device_code");
const QLatin1String kRefreshTokenGrant("refresh_token");

Fault invalidAnswer(const QString& operation, const QString& what)
{
    Fault f = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                          QStringLiteral("%1 answered without %2").arg(operation, what));
    f.operation = operation;
    return f;
}

// RFC 6749 / 8628 error codes as the OIDC API names its exceptions.
QString exceptionForOAuthError(const QString& error)
{
    static const QHash<QString, QString> map{
        {QStringLiteral("authorization_pending"), QStringLiteral("AuthorizationPendingException")},
        {QStringLiteral("slow_down"), QStringLiteral("SlowDownException")},
        {QStringLiteral("expired_token"), QStringLiteral("ExpiredTokenException")},
        {QStringLiteral("access_denied"), QStringLiteral("AccessDeniedException")},
        {QStringLiteral("invalid_grant"), QStringLiteral("InvalidGrantException")},
        {QStringLiteral("invalid_client"), QStringLiteral("InvalidClientException")},
        {QStringLiteral("invalid_request"), QStringLiteral("InvalidRequestException")},
        {QStringLiteral("invalid_scope"), QStringLiteral("InvalidScopeException")},
        {QStringLiteral("unauthorized_client"), QStringLiteral("UnauthorizedClientException")},
        {QStringLiteral("unsupported_grant_type"), QStringLiteral("UnsupportedGrantTypeException")},
        {QStringLiteral("server_error"), QStringLiteral("InternalServerException")},
    };
    return map.value(error);
}

Result<SsoToken> tokenFrom(const QJsonObject& o, const QDateTime& now)
{
    SsoToken t;
    t.accessToken = o.value(QLatin1String("accessToken")).toString();
    t.refreshToken = o.value(QLatin1String("refreshToken")).toString();
    Redactor::registerSecret(t.accessToken);
    Redactor::registerSecret(t.refreshToken);
    const QJsonValue expiresIn = o.value(QLatin1String("expiresIn"));
    // A lifetime beyond a year is no answer AWS gives; it must not overflow the date.
    if (t.accessToken.isEmpty() || !expiresIn.isDouble() || expiresIn.toDouble() <= 0 ||
        expiresIn.toDouble() > 366.0 * 24 * 3600)
        return invalidAnswer(QStringLiteral("CreateToken"),
                             QStringLiteral("an accessToken and its expiresIn"));
    t.expiresAt = now.addSecs(qint64(expiresIn.toDouble()));
    return t;
}

} // namespace

SsoOidcClient::SsoOidcClient(const QUrl& endpoint, QNetworkAccessManager* nam, const Clock* clock,
                             const QString& caBundlePath)
    : m_endpoint(endpoint), m_nam(nam), m_clock(clock), m_caBundlePath(caBundlePath)
{}

Result<QUrl> SsoOidcClient::endpointFor(const QString& region, const QString& customUrl)
{
    if (!customUrl.isEmpty()) {
        const QUrl url(customUrl, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty())
            return Fault::make(FaultKind::Configuration, FaultCode::InvalidEndpointConfiguration,
                               QStringLiteral("Invalid Configuration: the SSO OIDC endpoint \"%1\" is not an "
                                              "absolute http:// or https:// URL")
                                   .arg(EndpointResolver::withoutPassword(customUrl)));
        return url;
    }
    // The region becomes a host name: "us-east-1.evil.example/x" must not pick another server.
    if (!EndpointResolver::isValidHostLabel(region))
        return Fault::make(FaultKind::Configuration, FaultCode::SsoRegionInvalid,
                           QStringLiteral("sso_region \"%1\" is not a region name").arg(region));
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(QStringLiteral("oidc.%1.%2").arg(region, Partition::forRegion(region).dnsSuffix));
    return url;
}

Result<SsoClientRegistration> SsoOidcClient::parseRegistration(const QByteArray& body,
                                                               const QStringList& scopes)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    SsoClientRegistration r;
    r.clientId = o.value(QLatin1String("clientId")).toString();
    r.clientSecret = o.value(QLatin1String("clientSecret")).toString();
    Redactor::registerSecret(r.clientSecret);
    const QJsonValue expires = o.value(QLatin1String("clientSecretExpiresAt"));
    if (expires.isDouble())
        r.expiresAt = AwsTime::fromEpochSeconds(expires.toDouble());
    r.scopes = scopes;
    if (r.clientId.isEmpty() || r.clientSecret.isEmpty() || !r.expiresAt.isValid())
        return invalidAnswer(QStringLiteral("RegisterClient"),
                             QStringLiteral("a clientId, clientSecret and clientSecretExpiresAt"));
    return r;
}

Result<SsoDeviceAuthorization> SsoOidcClient::parseDeviceAuthorization(const QByteArray& body,
                                                                       const QDateTime& now)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    SsoDeviceAuthorization a;
    a.deviceCode = o.value(QLatin1String("deviceCode")).toString();
    Redactor::registerSecret(a.deviceCode);
    a.userCode = o.value(QLatin1String("userCode")).toString();
    a.verificationUri = o.value(QLatin1String("verificationUri")).toString();
    a.verificationUriComplete = o.value(QLatin1String("verificationUriComplete")).toString();
    const QJsonValue expiresIn = o.value(QLatin1String("expiresIn"));
    const QJsonValue interval = o.value(QLatin1String("interval"));
    if (interval.isDouble() && interval.toDouble() >= 0 && interval.toDouble() <= 3600)
        a.intervalSeconds = int(interval.toDouble());
    if (a.deviceCode.isEmpty() || a.userCode.isEmpty() || a.verificationUri.isEmpty() ||
        !expiresIn.isDouble() || expiresIn.toDouble() <= 0 || expiresIn.toDouble() > 24.0 * 3600)
        return invalidAnswer(QStringLiteral("StartDeviceAuthorization"),
                             QStringLiteral("a deviceCode, userCode, verificationUri and expiresIn"));
    a.expiresAt = now.addSecs(qint64(expiresIn.toDouble()));
    return a;
}

Result<SsoToken> SsoOidcClient::parseToken(const QByteArray& body, const QDateTime& now)
{
    return tokenFrom(QJsonDocument::fromJson(body).object(), now);
}

Fault SsoOidcClient::parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                                const QDateTime& now)
{
    Fault f = AwsErrorParser::parse(httpStatus, headers, body, now);
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QString oauth = o.value(QLatin1String("error")).toString();
    if (f.code == QLatin1String("Unknown") || f.kind == FaultKind::Protocol) {
        const QString mapped = exceptionForOAuthError(oauth);
        if (!mapped.isEmpty()) {
            f.code = mapped;
            f.kind = FaultKind::Service;
        }
    }
    const QString description = o.value(QLatin1String("error_description")).toString();
    if (f.message.isEmpty() && !description.isEmpty())
        f.message = Redactor::redact(description);
    f.rawBody.clear(); // an OIDC answer may echo a code or secret
    return f;
}

void SsoOidcClient::post(const QString& operation, const QString& path, const QJsonObject& input,
                         QObject* context, std::function<void(const Result<QByteArray>&)> done) const
{
    QUrl url = m_endpoint;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    const QString endpoint =
        url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString());

    QNetworkRequest request(url);
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", DMSX_USER_AGENT);
    request.setTransferTimeout(kRequestTimeoutMs);
    // Qt would follow a redirect with the body (client secret, device code) to whatever host the
    // Location names; the service never redirects, so a 3xx is refused below.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (!m_caBundlePath.isEmpty() && url.scheme() == QLatin1String("https")) {
        Result<QList<QSslCertificate>> certs = CaBundle::load(m_caBundlePath);
        if (!certs) {
            const Fault f = certs.fault();
            QTimer::singleShot(0, context, [done, f] { done(f); });
            return;
        }
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(certs.value());
        request.setSslConfiguration(ssl);
    }

    QNetworkReply* reply = m_nam->post(request, QJsonDocument(input).toJson(QJsonDocument::Compact));
    QPointer<QNetworkReply> guarded(reply);
    // The caller going away (a cancelled sign-in) ends the request, and nothing is reported.
    QObject::connect(context, &QObject::destroyed, reply, [guarded] {
        if (guarded) {
            guarded->disconnect();
            guarded->abort();
            guarded->deleteLater();
        }
    });
    auto received = std::make_shared<QByteArray>();
    auto tooLarge = std::make_shared<bool>(false);
    QObject::connect(reply, &QNetworkReply::readyRead, context, [reply, received, tooLarge] {
        *received += reply->readAll();
        if (received->size() > kMaxResponseBytes && !*tooLarge) {
            *tooLarge = true;
            reply->abort();
        }
    });
    const Clock* clock = m_clock;
    QObject::connect(reply, &QNetworkReply::finished, context, [=] {
        reply->deleteLater();
        *received += reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
        auto fail = [&](Fault f) {
            f.message = Redactor::redact(f.message);
            f.operation = operation;
            f.endpoint = endpoint;
            if (f.httpStatus == 0)
                f.httpStatus = status;
            if (f.requestId.isEmpty())
                f.requestId = requestId;
            f.attempts = 1;
            done(f);
        };
        if (*tooLarge) {
            fail(Fault::make(FaultKind::Protocol, FaultCode::ResponseTooLarge,
                             QStringLiteral("The answer was larger than %1 bytes and was not read")
                                 .arg(kMaxResponseBytes)));
            return;
        }
        if (status == 0) {
            NetworkFaults::Situation situation;
            situation.abortMeansTimeout = true; // setTransferTimeout
            Fault f = NetworkFaults::fromReply(reply, situation);
            f.requestWasSent = false;
            fail(f);
            return;
        }
        if (status >= 300 && status < 400) {
            fail(Fault::make(
                FaultKind::Protocol, FaultCode::SsoSignInFailed,
                QStringLiteral("The SSO OIDC service answered HTTP %1 with a redirect; it was not "
                               "followed")
                    .arg(status)));
            return;
        }
        if (status < 200 || status >= 300) {
            HeaderList headers;
            const auto pairs = reply->rawHeaderPairs();
            for (const auto& p : pairs)
                headers.append({p.first, p.second});
            fail(parseError(status, headers, *received, clock->nowUtc()));
            return;
        }
        done(*received);
    });
}

void SsoOidcClient::registerClient(const QString& clientName, const QStringList& scopes, QObject* context,
                                   Handler<SsoClientRegistration> done) const
{
    QJsonObject input{{QStringLiteral("clientName"), clientName},
                      {QStringLiteral("clientType"), QStringLiteral("public")}};
    if (!scopes.isEmpty())
        input.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(scopes));
    post(QStringLiteral("RegisterClient"), QStringLiteral("/client/register"), input, context,
         [done, scopes](const Result<QByteArray>& body) {
             if (!body)
                 return done(body.fault());
             done(parseRegistration(body.value(), scopes));
         });
}

void SsoOidcClient::startDeviceAuthorization(const SsoClientRegistration& client, const QString& startUrl,
                                             QObject* context, Handler<SsoDeviceAuthorization> done) const
{
    const QJsonObject input{{QStringLiteral("clientId"), client.clientId},
                            {QStringLiteral("clientSecret"), client.clientSecret},
                            {QStringLiteral("startUrl"), startUrl}};
    const Clock* clock = m_clock;
    post(QStringLiteral("StartDeviceAuthorization"), QStringLiteral("/device_authorization"), input, context,
         [done, clock](const Result<QByteArray>& body) {
             if (!body)
                 return done(body.fault());
             done(parseDeviceAuthorization(body.value(), clock->nowUtc()));
         });
}

void SsoOidcClient::createTokenWithDeviceCode(const SsoClientRegistration& client, const QString& deviceCode,
                                              QObject* context, Handler<SsoToken> done) const
{
    createToken(client, kDeviceCodeGrant, {QStringLiteral("deviceCode"), deviceCode}, context,
                std::move(done));
}

void SsoOidcClient::createTokenWithRefreshToken(const SsoClientRegistration& client,
                                                const QString& refreshToken, QObject* context,
                                                Handler<SsoToken> done) const
{
    createToken(client, kRefreshTokenGrant, {QStringLiteral("refreshToken"), refreshToken}, context,
                std::move(done));
}

void SsoOidcClient::createToken(const SsoClientRegistration& client, const QString& grantType,
                                const std::pair<QString, QString>& grant, QObject* context,
                                Handler<SsoToken> done) const
{
    const QJsonObject input{{QStringLiteral("clientId"), client.clientId},
                            {QStringLiteral("clientSecret"), client.clientSecret},
                            {QStringLiteral("grantType"), grantType},
                            {grant.first, grant.second}};
    const Clock* clock = m_clock;
    post(QStringLiteral("CreateToken"), QStringLiteral("/token"), input, context,
         [done, clock](const Result<QByteArray>& body) {
             if (!body)
                 return done(body.fault());
             done(parseToken(body.value(), clock->nowUtc()));
         });
}

} // namespace dmsx
