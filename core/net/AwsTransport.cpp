#include "net/AwsTransport.h"

#include "base/FaultCodes.h"
#include "config/CaBundle.h"
#include "net/EnvironmentProxyFactory.h"

#include <QNetworkAccessManager>
#include <QTimer>
#include <QUuid>

namespace dmsx {

// Per-attempt lines are opt-in (--debug or QT_LOGGING_RULES): the CLI and the window report
// retries in their own words, and the log would repeat them.
Q_LOGGING_CATEGORY(lcTransport, "dmsx.transport", QtWarningMsg)

AwsTransport::AwsTransport(TransportConfig config, std::shared_ptr<const AwsProtocol> protocol,
                           QNetworkAccessManager* nam, const Clock* clock, RetryStrategy::RandomSource random,
                           QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_protocol(std::move(protocol)), m_nam(nam),
      m_clock(clock ? clock : SystemClock::instance()), m_retry(m_config.maxAttempts, std::move(random))
{
    m_skew.setDisabled(m_config.disableClockSkewCorrection);
    if (!m_config.caBundlePath.isEmpty() && m_config.endpoint.scheme() == QLatin1String("https")) {
        auto certs = CaBundle::load(m_config.caBundlePath);
        if (certs.ok())
            m_caCertificates = certs.value();
        else
            m_configFault = certs.fault();
    } else if (!m_config.caBundlePath.isEmpty()) {
        // Plain http never uses the roots, but a bad bundle fails every call all the same.
        if (const Result<void> checked = CaBundle::check(m_config.caBundlePath); !checked.ok())
            m_configFault = checked.fault();
    }
    if (!m_config.endpoint.isValid() || m_config.endpoint.host().isEmpty() ||
        (m_config.endpoint.scheme() != QLatin1String("https") &&
         m_config.endpoint.scheme() != QLatin1String("http"))) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::InvalidEndpoint,
                              QStringLiteral("The endpoint is not an http(s) URL: %1")
                                  .arg(m_config.endpoint.toDisplayString(QUrl::RemoveUserInfo)));
        f.requestWasSent = false;
        m_configFault = f;
    }
    if (m_config.applyProxySettings && m_nam && m_config.proxy) {
        m_nam->setProxy(*m_config.proxy); // also drops any proxy factory
    } else if (m_config.applyProxySettings && m_nam) {
        Result<ProxyConfig> proxies = ProxyConfig::load(m_config.environment);
        if (!proxies) {
            // Going direct instead would be a surprise at best, and a leak past a required proxy.
            if (!m_configFault)
                m_configFault = proxies.fault();
        } else {
            QNetworkProxyFactory::setUseSystemConfiguration(true);
            m_nam->setProxyFactory(new EnvironmentProxyFactory(proxies.value()));
        }
    }
}

AwsTransport::~AwsTransport() = default;

Result<void> AwsTransport::configurationStatus() const
{
    if (m_configFault)
        return *m_configFault;
    return {};
}

bool AwsTransport::isIdempotent(const QString& operation)
{
    return operation != QLatin1String("StartExtensionPackAssociation") &&
           !operation.startsWith(QLatin1String("StartMetadataModel"));
}

QByteArray AwsTransport::hostHeader(const QUrl& url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':'))
        host = '[' + host + ']'; // IPv6 literal
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    if (url.port() != -1 && url.port() != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return host;
}

void AwsTransport::addObserver(CallObserver* observer)
{
    if (observer && !m_observers.contains(observer))
        m_observers.append(observer);
}

void AwsTransport::removeObserver(CallObserver* observer)
{
    m_observers.removeAll(observer);
}

void AwsTransport::reportAmbiguousCallChecked(const QString& invocationId,
                                              const std::optional<QJsonObject>& output)
{
    const QList<CallObserver*> observers = m_observers;
    for (CallObserver* o : observers)
        o->ambiguousCallChecked(invocationId, output);
}

void AwsTransport::reportLocalEvent(CallEvent event)
{
    if (event.invocationId.isEmpty())
        event.invocationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.startedAt = m_clock->nowUtc();
    event.finishedAt = event.startedAt;
    if (event.region.isEmpty())
        event.region = m_config.region;
    const QList<CallObserver*> observers = m_observers;
    for (CallObserver* o : observers)
        o->callStarted(event);
    for (CallObserver* o : observers)
        o->callFinished(event);
}

PendingCall* AwsTransport::call(const QString& operation, const QJsonObject& input,
                                const CallOptions& options)
{
    auto* pending = new PendingCall(this, operation, input, options);
    QTimer::singleShot(0, pending, &PendingCall::startAttempt);
    return pending;
}

} // namespace dmsx
