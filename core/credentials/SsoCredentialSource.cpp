#include "credentials/SsoCredentialSource.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "config/CaBundle.h"
#include "config/EndpointResolver.h"
#include "credentials/SsoTokenCache.h"
#include "net/AwsErrorParser.h"
#include "net/NetworkFaults.h"
#include "sso/SsoOidcClient.h"
#include "sso/SsoTokenCacheWriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <memory>
#include <optional>

namespace dmsx {

namespace {

const QLatin1String kOperation("GetRoleCredentials");

// How to sign in again, in the fault: for a profile of ~/.aws/config our command (Fault::detail; the
// catalogue adds that the AWS CLI's takes the same options); for the app's own profile, which neither command
// line can read, the window (FaultCatalogue's advice, with the profile as the detail).
void adviseSignIn(Fault& f, const QString& what, const SsoProfileConfig& config, const QString& signIn)
{
    if (config.storedByApp) {
        f.appSsoProfile = true;
        f.detail = config.profileName;
        f.message = Redactor::redact(what + QLatin1Char('.'));
        return;
    }
    // The catalogue's steps name the command; the message says only what happened, so the window,
    // which signs in itself, can show it without one.
    f.detail = signIn;
    f.message = Redactor::redact(what + QLatin1Char('.'));
}

} // namespace

SsoCredentialSource::SsoCredentialSource(const SsoProfileConfig& config, QNetworkAccessManager* nam,
                                         const Clock* clock, const QProcessEnvironment& env)
    : m_config(config), m_nam(nam), m_clock(clock), m_env(env)
{}

QString SsoCredentialSource::describe() const
{
    const QString via = m_config.sessionName.isEmpty()
                            ? QStringLiteral("start URL %1").arg(m_config.startUrl)
                            : QStringLiteral("sso-session %1").arg(m_config.sessionName);
    return QStringLiteral("SSO (profile %1): account %2, role %3 via %4")
        .arg(m_config.profileName, m_config.accountId, m_config.roleName, via);
}

QString SsoCredentialSource::signInCommand() const
{
    return m_config.sessionName.isEmpty()
               ? QStringLiteral("dms-extpack-cli sso login --profile %1").arg(m_config.profileName)
               : QStringLiteral("dms-extpack-cli sso login --sso-session %1").arg(m_config.sessionName);
}

QUrl SsoCredentialSource::requestUrl() const
{
    QUrl url(m_config.portalEndpoint.isEmpty()
                 ? QStringLiteral("https://portal.sso.%1.amazonaws.com").arg(m_config.ssoRegion)
                 : m_config.portalEndpoint);
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/federation/credentials"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("role_name"), m_config.roleName);
    query.addQueryItem(QStringLiteral("account_id"), m_config.accountId);
    url.setQuery(query);
    return url;
}

Result<void> SsoCredentialSource::checkConfig() const
{
    QStringList missing;
    if (m_config.sessionName.isEmpty() && m_config.startUrl.isEmpty())
        missing << QStringLiteral("sso_start_url (or sso_session)");
    if (m_config.ssoRegion.isEmpty())
        missing << QStringLiteral("sso_region");
    if (m_config.accountId.isEmpty())
        missing << QStringLiteral("sso_account_id");
    if (m_config.roleName.isEmpty())
        missing << QStringLiteral("sso_role_name");
    if (!missing.isEmpty()) {
        return Fault::make(FaultKind::Configuration, FaultCode::SsoProfileIncomplete,
                           QStringLiteral("SSO profile %1 lacks %2")
                               .arg(m_config.profileName, missing.join(QStringLiteral(", "))));
    }
    const QString where =
        m_config.sessionName.isEmpty()
            ? QStringLiteral("profile %1").arg(m_config.profileName)
            : QStringLiteral("profile %1 (sso-session %2)").arg(m_config.profileName, m_config.sessionName);
    // The region becomes a host name: "us-east-1.evil.example/x" must not pick another server.
    if (!EndpointResolver::isValidHostLabel(m_config.ssoRegion)) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::SsoRegionInvalid,
                              QStringLiteral("SSO profile %1: sso_region \"%2\" is not a region name")
                                  .arg(m_config.profileName, m_config.ssoRegion));
        f.detail = QStringLiteral("%1: \"%2\"").arg(where, m_config.ssoRegion);
        f.operation = kOperation;
        return f;
    }
    if (!m_config.startUrl.isEmpty()) {
        const QUrl start(m_config.startUrl, QUrl::StrictMode);
        if (!start.isValid() || start.scheme().compare(u"https", Qt::CaseInsensitive) != 0 ||
            start.host().isEmpty()) {
            const QString shown = EndpointResolver::withoutPassword(m_config.startUrl);
            Fault f =
                Fault::make(FaultKind::Configuration, FaultCode::SsoStartUrlInvalid,
                            QStringLiteral("SSO profile %1: sso_start_url \"%2\" is not an https:// URL")
                                .arg(m_config.profileName, shown));
            f.detail = QStringLiteral("%1: \"%2\"").arg(where, shown);
            f.operation = kOperation;
            return f;
        }
    }
    return {};
}

Fault SsoCredentialSource::tokenFault(const QString& code, const QString& what) const
{
    Fault f = Fault::make(FaultKind::Credentials, code);
    adviseSignIn(f, what, m_config, signInCommand());
    f.operation = kOperation;
    return f;
}

Result<AwsCredentials> SsoCredentialSource::parseRoleCredentials(const QByteArray& body)
{
    const QJsonObject o =
        QJsonDocument::fromJson(body).object().value(QLatin1String("roleCredentials")).toObject();
    AwsCredentials c;
    c.accessKeyId = o.value(QLatin1String("accessKeyId")).toString();
    c.secretAccessKey = o.value(QLatin1String("secretAccessKey")).toString();
    c.sessionToken = o.value(QLatin1String("sessionToken")).toString();
    Redactor::registerSecrets(QStringLiteral("sso:role-credentials"), {c.secretAccessKey, c.sessionToken});
    const QJsonValue expiration = o.value(QLatin1String("expiration"));
    // Epoch milliseconds; AwsTime range-checks before converting (1e300 is valid JSON).
    if (expiration.isDouble())
        c.expiration = AwsTime::fromEpochSeconds(expiration.toDouble() / 1000.0);
    if (!c.isValid() || c.sessionToken.isEmpty() || !c.expiration.isValid()) {
        Fault f = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                              QStringLiteral("GetRoleCredentials answered without complete roleCredentials"));
        f.operation = kOperation;
        return f;
    }
    return c;
}

void SsoCredentialSource::fetch(QObject* context, Handler done)
{
    auto later = [context, done](const Result<AwsCredentials>& r) {
        QTimer::singleShot(0, context, [done, r] { done(r); });
    };

    if (const Result<void> config = checkConfig(); !config) {
        later(config.fault());
        return;
    }
    std::optional<QList<QSslCertificate>> caCertificates;
    if (!m_config.caBundlePath.isEmpty()) {
        Result<QList<QSslCertificate>> certs = CaBundle::load(m_config.caBundlePath);
        if (!certs) {
            later(certs.fault());
            return;
        }
        caCertificates = certs.value();
    }
    const SsoTokenCache cache(m_env);
    const Result<SsoToken> token = cache.load(m_config);
    if (!token) {
        const Fault& f = token.fault();
        if (f.code == FaultCode::SsoTokenMissing)
            later(tokenFault(f.code, QStringLiteral("No SSO token for profile %1 was found (%2)")
                                         .arg(m_config.profileName, token.fault().message)));
        else
            later(tokenFault(f.code, QStringLiteral("The SSO token for profile %1 cannot be used: %2")
                                         .arg(m_config.profileName, f.message)));
        return;
    }
    const QDateTime now = m_clock->nowUtc();
    const bool canRefresh = !m_config.sessionName.isEmpty() && !token->refreshToken.isEmpty() &&
                            !token->clientId.isEmpty() && !token->clientSecret.isEmpty();
    if (canRefresh && now.secsTo(token->expiresAt) <= kTokenRefreshWindowSeconds) {
        refreshThenRequest(context, done, token.value(), caCertificates);
        return;
    }
    if (token->expiresAt <= now) {
        later(tokenFault(FaultCode::SsoTokenExpired,
                         QStringLiteral("The SSO token for profile %1 expired at %2")
                             .arg(m_config.profileName, token->expiresAt.toString(Qt::ISODate))));
        return;
    }
    sendRoleRequest(context, done, token->accessToken, caCertificates);
}

void SsoCredentialSource::refreshThenRequest(QObject* context, Handler done, const SsoToken& token,
                                             const std::optional<QList<QSslCertificate>>& caCertificates)
{
    const QDateTime now = m_clock->nowUtc();
    const bool stillValid = token.expiresAt > now;
    auto refreshFault = [config = m_config, signIn = signInCommand()](const QString& why) {
        const QString what =
            QStringLiteral("The SSO sign-in of profile %1 (sso-session %2) could not be renewed: %3")
                .arg(config.profileName, config.sessionName, why);
        Fault f = Fault::make(FaultKind::Credentials, FaultCode::SsoRefreshFailed);
        if (config.storedByApp) {
            adviseSignIn(f, what, config, signIn);
        } else {
            f.message = Redactor::redact(what + QLatin1Char('.'));
            f.detail = signIn;
        }
        f.operation = QStringLiteral("CreateToken");
        return f;
    };
    if (token.registrationExpiresAt.isValid() && token.registrationExpiresAt <= now) {
        if (stillValid) {
            sendRoleRequest(context, done, token.accessToken, caCertificates);
            return;
        }
        const Fault f = refreshFault(QStringLiteral("its client registration expired at %1")
                                         .arg(token.registrationExpiresAt.toString(Qt::ISODate)));
        QTimer::singleShot(0, context, [done, f] { done(f); });
        return;
    }
    const Result<QUrl> endpoint = SsoOidcClient::endpointFor(m_config.ssoRegion, m_config.oidcEndpoint);
    if (!endpoint) {
        const Fault f = endpoint.fault();
        QTimer::singleShot(0, context, [done, f] { done(f); });
        return;
    }
    SsoClientRegistration client;
    client.clientId = token.clientId;
    client.clientSecret = token.clientSecret;
    client.expiresAt = token.registrationExpiresAt;
    const SsoOidcClient oidc(endpoint.value(), m_nam, m_clock, m_config.caBundlePath);
    // The source may be gone when the answer comes (the chain's refresh runs in the background):
    // what the answer needs is copied, and the portal call then goes through a copy of it.
    auto self = std::make_shared<SsoCredentialSource>(m_config, m_nam, m_clock, m_env);
    self->setObservers(m_observers);
    const QPointer<QNetworkAccessManager> nam(m_nam);
    oidc.createTokenWithRefreshToken(
        client, token.refreshToken, context,
        [self, done, token, caCertificates, stillValid, refreshFault, nam,
         context](const Result<SsoToken>& r) {
            if (!nam)
                return;
            if (!r) {
                const Fault& cause = r.fault();
                // A token that still works is used while it lasts, as the SDKs do.
                if (stillValid) {
                    self->sendRoleRequest(context, done, token.accessToken, caCertificates);
                    return;
                }
                if (cause.kind == FaultKind::Transport) {
                    done(cause);
                    return;
                }
                done(refreshFault(QStringLiteral("IAM Identity Center refused the refresh (%1%2)")
                                      .arg(cause.code, cause.message.isEmpty()
                                                           ? QString()
                                                           : QStringLiteral(": ") + cause.message)));
                return;
            }
            SsoToken renewed = token;
            renewed.accessToken = r->accessToken;
            renewed.expiresAt = r->expiresAt;
            if (!r->refreshToken.isEmpty())
                renewed.refreshToken = r->refreshToken;
            Redactor::registerSecrets(QStringLiteral("sso:token"),
                                      {renewed.accessToken, renewed.refreshToken, renewed.clientSecret});
            // A token that cannot be saved still serves this call; the next one refreshes again.
            SsoTokenCacheWriter(self->m_env).writeToken(self->m_config, renewed);
            self->sendRoleRequest(context, done, renewed.accessToken, caCertificates);
        });
}

void SsoCredentialSource::sendRoleRequest(QObject* context, Handler done, const QString& accessToken,
                                          const std::optional<QList<QSslCertificate>>& caCertificates)
{
    const QString source = describe();
    const QUrl url = requestUrl();
    const QString endpoint =
        url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString());
    const Clock* clock = m_clock;

    // Observers hear about the call before it is sent (as AwsTransport's calls), so the history
    // shows the portal call even if the process dies while it is in flight. The event carries
    // the account and role only: never the token, never the credentials of the answer.
    const QList<CallObserver*> observers = m_observers;
    CallEvent started;
    started.invocationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    started.operation = kOperation;
    started.input = QJsonObject{{QStringLiteral("accountId"), m_config.accountId},
                                {QStringLiteral("roleName"), m_config.roleName}};
    started.region = m_config.ssoRegion;
    started.endpointHost = endpoint;
    started.startedAt = clock->nowUtc();
    for (CallObserver* o : observers)
        o->callStarted(started);
    // Exactly one end per start, whichever of the answer or the caller's disappearance comes first.
    auto finishNotified = std::make_shared<bool>(false);
    auto notifyFinished = [observers, started, clock, finishNotified](int status, const QString& requestId,
                                                                      std::optional<Fault> fault) {
        if (*finishNotified)
            return;
        *finishNotified = true;
        CallEvent e = started;
        e.finishedAt = clock->nowUtc();
        e.attempts = 1;
        e.httpStatus = status;
        e.requestId = requestId;
        if (fault) {
            fault->message = Redactor::redact(fault->message);
            fault->detail = Redactor::redact(fault->detail);
            fault->rawBody.clear(); // an answer's body may hold credentials
            if (e.requestId.isEmpty())
                e.requestId = fault->requestId;
            e.fault = std::move(fault);
        }
        for (CallObserver* o : observers)
            o->callFinished(e);
    };

    QNetworkRequest request(url);
    request.setRawHeader("x-amz-sso_bearer_token", accessToken.toUtf8());
    request.setRawHeader("User-Agent", DMSX_USER_AGENT);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(kRequestTimeoutMs);
    // Qt would follow a redirect with every header, the bearer token included, to whatever host
    // the Location names; the portal never redirects, so a 3xx is refused below.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (caCertificates && url.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(*caCertificates);
        request.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = m_nam->get(request);
    QPointer<QNetworkReply> guarded(reply);
    QObject::connect(context, &QObject::destroyed, reply, [guarded, notifyFinished, endpoint] {
        if (guarded) {
            guarded->disconnect();
            guarded->abort();
            guarded->deleteLater();
            Fault f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled,
                                  QStringLiteral("Cancelled: the caller went away"));
            f.operation = kOperation;
            f.endpoint = endpoint;
            f.attempts = 1;
            notifyFinished(0, QString(), f);
        }
    });
    const SsoProfileConfig config = m_config; // the source may be gone when the answer comes
    const QString signIn = signInCommand();
    QObject::connect(reply, &QNetworkReply::finished, context, [=] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        const QString requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
        if (status == 0) {
            NetworkFaults::Situation situation;
            situation.abortMeansTimeout = true; // setTransferTimeout
            Fault f = NetworkFaults::fromReply(reply, situation);
            f.message = Redactor::redact(f.message);
            f.operation = kOperation;
            f.endpoint = endpoint;
            f.requestWasSent = false;
            notifyFinished(status, requestId, f);
            done(f);
            return;
        }
        if (status >= 300 && status < 400) {
            const QByteArray locationHeader = reply->rawHeader("Location");
            const QUrl location = locationHeader.isEmpty()
                                      ? QUrl()
                                      : reply->url().resolved(QUrl(QString::fromUtf8(locationHeader)));
            Fault f = Fault::make(FaultKind::Protocol, FaultCode::SsoPortalRedirected,
                                  QStringLiteral("The SSO portal answered HTTP %1 with a redirect; it was "
                                                 "not followed and the token was not sent there")
                                      .arg(status));
            // The host only, in its ASCII form: the rest of a Location may carry anything, and this
            // text reaches a terminal.
            const QString host = location.host(QUrl::FullyEncoded);
            f.detail = !host.isEmpty()            ? QStringLiteral("to %1").arg(host)
                       : locationHeader.isEmpty() ? QStringLiteral("no Location")
                                                  : QStringLiteral("to an unreadable address");
            f.operation = kOperation;
            f.endpoint = endpoint;
            f.httpStatus = status;
            f.requestId = requestId;
            notifyFinished(status, requestId, f);
            done(f);
            return;
        }
        if (status != 200) {
            HeaderList headers;
            const auto pairs = reply->rawHeaderPairs();
            for (const auto& p : pairs)
                headers.append({p.first, p.second});
            Fault f = AwsErrorParser::parse(status, headers, body, clock->nowUtc());
            f.operation = kOperation;
            f.endpoint = endpoint;
            if (f.code == FaultCode::UnauthorizedException) {
                // The portal no longer accepts the token (signed out, revoked): only a new login helps.
                f.kind = FaultKind::Credentials;
                adviseSignIn(f,
                             QStringLiteral("The SSO portal rejected the token of profile %1 (%2)")
                                 .arg(config.profileName, f.message),
                             config, signIn);
            } else if (f.code == FaultCode::ForbiddenException ||
                       f.code == FaultCode::ResourceNotFoundException) {
                f.kind = FaultKind::Credentials;
            }
            f.message = Redactor::redact(f.message);
            notifyFinished(status, requestId, f);
            done(f);
            return;
        }
        Result<AwsCredentials> r = parseRoleCredentials(body);
        if (r) {
            r.value().source = source;
            notifyFinished(status, requestId, std::nullopt);
        } else {
            Fault f = r.fault();
            f.endpoint = endpoint;
            f.httpStatus = status;
            f.requestId = requestId;
            r = f;
            notifyFinished(status, requestId, f);
        }
        done(r);
    });
}

} // namespace dmsx
