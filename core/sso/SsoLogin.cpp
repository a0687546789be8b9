#include "sso/SsoLogin.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/SsoTokenCache.h"
#include "sso/SsoTokenCacheWriter.h"

#include <QDir>

#include <algorithm>

namespace dmsx {

namespace {

// RFC 8628 §3.5: each slow_down adds 5 seconds to the interval.
constexpr int kSlowDownSeconds = 5;

} // namespace

SsoLogin::SsoLogin(Options options, QObject* parent)
    : QObject(parent), m_options(std::move(options)),
      m_clock(m_options.clock ? m_options.clock : SystemClock::instance())
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &SsoLogin::poll);
}

SsoLogin::~SsoLogin() = default;

void SsoLogin::start()
{
    if (m_running)
        return;
    m_running = true;
    m_polls = 0;
    QTimer::singleShot(0, callContext(), [this] {
        if (m_running)
            run();
    });
}

void SsoLogin::cancel()
{
    if (!m_running)
        return;
    Fault f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled, QStringLiteral("Sign-in cancelled"));
    f.requestWasSent = false;
    finish(f);
}

QObject* SsoLogin::callContext()
{
    dropCallContext();
    m_callContext = new QObject(this);
    return m_callContext;
}

void SsoLogin::dropCallContext()
{
    // Later, not at once: this may run inside the answer's own handler. Its destruction aborts
    // a request still in flight, and handlers check m_running meanwhile.
    if (m_callContext)
        m_callContext->deleteLater();
    m_callContext = nullptr;
}

void SsoLogin::finish(const Result<SsoToken>& result)
{
    if (!m_running)
        return;
    m_running = false;
    m_pollTimer.stop();
    dropCallContext();
    emit finished(result);
}

Fault SsoLogin::signInFault(const QString& code, const Fault& cause, const QString& what) const
{
    Fault f = Fault::make(FaultKind::Credentials, code,
                          Redactor::redact(QStringLiteral("%1 (start URL %2): %3")
                                               .arg(what, m_options.config.startUrl,
                                                    cause.message.isEmpty() ? cause.code : cause.message)));
    f.operation = cause.operation;
    f.endpoint = cause.endpoint;
    f.httpStatus = cause.httpStatus;
    f.requestId = cause.requestId;
    f.attempts = cause.attempts;
    f.detail = cause.code;
    return f;
}

void SsoLogin::run()
{
    const SsoProfileConfig& config = m_options.config;
    if (config.startUrl.isEmpty() || config.ssoRegion.isEmpty()) {
        finish(Fault::make(FaultKind::Configuration, FaultCode::SsoProfileIncomplete,
                           QStringLiteral("SSO profile %1 lacks %2")
                               .arg(config.profileName, config.startUrl.isEmpty()
                                                            ? QStringLiteral("sso_start_url")
                                                            : QStringLiteral("sso_region"))));
        return;
    }
    const Result<QUrl> endpoint = SsoOidcClient::endpointFor(config.ssoRegion, config.oidcEndpoint);
    if (!endpoint) {
        finish(endpoint.fault());
        return;
    }
    m_client = std::make_unique<SsoOidcClient>(endpoint.value(), m_options.nam, m_clock, config.caBundlePath);

    const SsoTokenCacheWriter cache(m_options.environment);
    if (const auto reused = cache.loadRegistration(config, m_clock->nowUtc())) {
        registered(*reused);
        return;
    }
    const QString clientName =
        QStringLiteral("dms-extpack-%1")
            .arg(config.sessionName.isEmpty() ? QString::number(m_clock->nowUtc().toSecsSinceEpoch())
                                              : config.sessionName);
    m_client->registerClient(clientName, config.registrationScopes, callContext(),
                             [this](const Result<SsoClientRegistration>& r) {
                                 if (!m_running)
                                     return;
                                 if (!r) {
                                     finish(signInFault(FaultCode::SsoSignInFailed, r.fault(),
                                                        QStringLiteral("RegisterClient failed")));
                                     return;
                                 }
                                 // Another sign-in (ours or the AWS CLI's) can reuse it; one that
                                 // cannot be saved only costs a new registration next time.
                                 const SsoTokenCacheWriter writer(m_options.environment);
                                 writer.writeRegistration(m_options.config, r.value());
                                 registered(r.value());
                             });
}

void SsoLogin::registered(const SsoClientRegistration& registration)
{
    m_registration = registration;
    m_client->startDeviceAuthorization(
        registration, m_options.config.startUrl, callContext(),
        [this](const Result<SsoDeviceAuthorization>& a) {
            if (!m_running)
                return;
            if (!a) {
                finish(signInFault(FaultCode::SsoSignInFailed, a.fault(),
                                   QStringLiteral("StartDeviceAuthorization failed")));
                return;
            }
            authorized(a.value());
        });
}

void SsoLogin::authorized(const SsoDeviceAuthorization& authorization)
{
    m_authorization = authorization;
    m_interval = authorization.intervalSeconds;
    const QUrl complete(authorization.verificationUriComplete.isEmpty()
                            ? authorization.verificationUri
                            : authorization.verificationUriComplete);
    emit authorizationStarted(authorization.userCode, QUrl(authorization.verificationUri), complete,
                              authorization.expiresAt);
    if (m_running)
        schedulePoll();
}

void SsoLogin::schedulePoll()
{
    const qint64 untilDeadline = std::max<qint64>(0, m_clock->nowUtc().msecsTo(m_authorization.expiresAt));
    m_pollTimer.start(int(std::min<qint64>(qint64(m_interval) * 1000, untilDeadline)));
}

void SsoLogin::poll()
{
    if (!m_running)
        return;
    if (m_clock->nowUtc() >= m_authorization.expiresAt) {
        Fault cause = Fault::make(
            FaultKind::Credentials, QStringLiteral("ExpiredTokenException"),
            QStringLiteral("the code %1 was not confirmed before %2")
                .arg(m_authorization.userCode, SsoTokenCacheWriter::formatTime(m_authorization.expiresAt)));
        finish(signInFault(FaultCode::SsoSignInExpired, cause, QStringLiteral("The sign-in code expired")));
        return;
    }
    ++m_polls;
    m_client->createTokenWithDeviceCode(
        m_registration, m_authorization.deviceCode, callContext(), [this](const Result<SsoToken>& r) {
            if (!m_running)
                return;
            if (!r) {
                const Fault& f = r.fault();
                if (f.code == QLatin1String("AuthorizationPendingException")) {
                    schedulePoll();
                } else if (f.code == QLatin1String("SlowDownException")) {
                    m_interval += kSlowDownSeconds;
                    schedulePoll();
                } else if (f.code == QLatin1String("ExpiredTokenException")) {
                    finish(signInFault(FaultCode::SsoSignInExpired, f,
                                       QStringLiteral("The sign-in code expired")));
                } else if (f.code == QLatin1String("AccessDeniedException")) {
                    finish(
                        signInFault(FaultCode::SsoSignInDenied, f, QStringLiteral("The sign-in was denied")));
                } else if (f.kind == FaultKind::Service || f.kind == FaultKind::Protocol) {
                    finish(signInFault(FaultCode::SsoSignInFailed, f, QStringLiteral("CreateToken failed")));
                } else {
                    finish(f); // the network's own fault, worded by the catalogue
                }
                return;
            }
            SsoToken token = r.value();
            token.region = m_options.config.ssoRegion;
            token.startUrl = m_options.config.startUrl;
            token.clientId = m_registration.clientId;
            token.clientSecret = m_registration.clientSecret;
            token.registrationExpiresAt = m_registration.expiresAt;
            const SsoTokenCacheWriter writer(m_options.environment);
            if (const Result<void> written = writer.writeToken(m_options.config, token); !written) {
                finish(written.fault());
                return;
            }
            token.filePath =
                QDir(writer.cacheDirectory()).filePath(SsoTokenCache::cacheFileName(m_options.config));
            finish(token);
        });
}

} // namespace dmsx
