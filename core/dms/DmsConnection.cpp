#include "dms/DmsConnection.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/KeychainStore.h"
#include "credentials/StsClient.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "net/EnvironmentProxyFactory.h"

#include <QPointer>

#include <algorithm>
#include <utility>

namespace dmsx {

DmsConnection::DmsConnection(Options options, QObject* parent)
    : QObject(parent), m_options(std::move(options))
{}

DmsConnection::~DmsConnection() = default;

Result<void> DmsConnection::resolve()
{
    if (m_chain)
        return {};
    const ClientOptions& options = m_options.client;
    const QProcessEnvironment& environment = m_options.environment;
    const AwsConfigFile files =
        m_options.ignoreSharedFiles ? AwsConfigFile() : AwsConfigFile::load(environment);
    m_configFileWarnings = files.warnings();
    m_appProfiles = std::make_unique<AppProfileStore>(
        m_options.appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath() : m_options.appProfilesFile);
    Result<EffectiveClientConfig> resolved = ClientConfigResolver::resolve(options, files, environment);
    if (!resolved.ok()) {
        // Keys in the app's keychain profile are the chain's business, not the resolver's: a
        // profile unknown to the AWS files may still be ours.
        const Fault& f = resolved.fault();
        const QString wanted =
            options.profile.isEmpty() ? environment.value(QStringLiteral("AWS_PROFILE")) : options.profile;
        if (f.code != FaultCode::ProfileNotFound || !m_appProfiles->contains(wanted))
            return f;
        const std::optional<AppProfileStore::Profile> app = m_appProfiles->profile(wanted);
        ClientOptions appOptions = options;
        appOptions.profile.clear();
        if (appOptions.region.isEmpty())
            appOptions.region = app->region;
        if (appOptions.endpointUrl.isEmpty())
            appOptions.endpointUrl = app->endpointUrl;
        QProcessEnvironment env = environment;
        env.remove(QStringLiteral("AWS_PROFILE"));
        resolved = ClientConfigResolver::resolve(appOptions, AwsConfigFile(), env);
        if (!resolved.ok())
            return resolved.fault();
        resolved.value().profile.value = wanted;
        resolved.value().profile.source = options.profile.isEmpty()
                                              ? ValueSource::environment(QStringLiteral("AWS_PROFILE"))
                                              : ValueSource::option(QStringLiteral("profile"));
    }
    m_config = resolved.value();
    m_stsEndpoint = m_config->stsEndpointUrl;

    if (m_options.useKeychain)
        m_keychain = m_options.keychainService.isEmpty()
                         ? std::make_unique<KeychainStore>()
                         : std::make_unique<KeychainStore>(m_options.keychainService);
    CredentialChain::Options chain;
    chain.profile = m_config->profile.value;
    chain.profileExplicit = m_config->profile.source.kind != ValueSource::Kind::Default;
    chain.skipEnvironmentCredentials = m_config->profile.source.kind == ValueSource::Kind::Option;
    chain.sessionCredentials = m_options.sessionCredentials;
    chain.region = m_config->endpoint.signingRegion;
    chain.stsEndpoint = QUrl(m_stsEndpoint.value);
    chain.ssoPortalEndpoint = m_config->ssoEndpointUrl.value;
    chain.ssoOidcEndpoint = m_config->ssoOidcEndpointUrl.value;
    chain.caBundlePath = m_config->caBundle.value;
    chain.maxAttempts = m_config->maxAttempts.value;
    chain.proxy = m_options.proxy;
    chain.environment = environment;
    chain.mfa = m_options.mfa;
    chain.appProfiles = m_appProfiles.get();
    chain.keychain = m_keychain.get();
    chain.nam = &m_nam;
    chain.clock = m_options.clock;
    // Calls made straight on the manager (the SSO portal) go through the chosen proxy too. An
    // unusable proxy variable is open()'s fault: diagnose and the settings still resolve.
    if (m_options.proxy) {
        m_nam.setProxy(*m_options.proxy);
    } else if (Result<ProxyConfig> proxies = ProxyConfig::load(environment); proxies) {
        m_nam.setProxyFactory(new EnvironmentProxyFactory(proxies.value()));
    } else {
        m_proxyFault = proxies.fault();
    }
    chain.observers = m_options.observers;
    m_chain = std::make_unique<CredentialChain>(chain, files);
    return {};
}

void DmsConnection::open(QObject* context, Done done)
{
    Result<void> resolved = resolve();
    // Before any credential source talks to the network (SSO, STS): never "direct" instead.
    if (resolved.ok() && m_proxyFault)
        resolved = *m_proxyFault;
    Result<CredentialSource*> selected =
        resolved.ok() ? m_chain->select() : Result<CredentialSource*>(resolved.fault());
    if (!selected.ok()) {
        // Handlers never run synchronously, so callers can treat every outcome alike.
        QMetaObject::invokeMethod(
            context, [done, fault = selected.fault()] { done(fault); }, Qt::QueuedConnection);
        return;
    }
    QPointer<DmsConnection> self(this);
    m_chain->fetch(context, [self, done](const Result<AwsCredentials>& fetched) {
        if (!self)
            return;
        if (!fetched.ok()) {
            done(fetched.fault());
            return;
        }
        DmsConnection& c = *self;
        c.m_credentials = fetched.value();
        Redactor::registerSecret(c.m_credentials.secretAccessKey);
        Redactor::registerSecret(c.m_credentials.sessionToken);

        TransportConfig transport;
        transport.endpoint = c.m_config->endpoint.url;
        transport.region = c.m_config->endpoint.signingRegion;
        // Asked before every attempt: temporary credentials are refreshed in the background
        // before they expire, so a long-running window keeps working.
        transport.credentials = c.m_chain->provider();
        transport.refreshCredentials = c.credentialsRefresher();
        transport.maxAttempts = c.m_config->maxAttempts.value;
        transport.caBundlePath = c.m_config->caBundle.value;
        transport.proxy = c.m_options.proxy;
        transport.disableClockSkewCorrection = c.m_config->disableClockSkewCorrection.value;
        transport.environment = c.m_options.environment;
        c.applyTimeouts(transport);
        c.m_transport = std::make_unique<AwsJsonTransport>(transport, &c.m_nam, c.m_options.clock);
        const Result<void> status = c.m_transport->configurationStatus();
        if (!status.ok()) {
            c.m_transport.reset();
            done(status.fault());
            return;
        }
        for (CallObserver* observer : std::as_const(c.m_options.observers))
            c.m_transport->addObserver(observer);
        c.m_client = std::make_unique<DmsClient>(c.m_transport.get());
        done(Result<void>());
    });
}

CredentialsRefresher DmsConnection::credentialsRefresher()
{
    QPointer<DmsConnection> self(this);
    return [self](QObject* context, CredentialSource::Handler done) {
        if (!self || !self->m_chain) {
            QMetaObject::invokeMethod(
                context,
                [done] {
                    done(Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                                     QStringLiteral("The connection was closed.")));
                },
                Qt::QueuedConnection);
            return;
        }
        self->m_chain->fetch(context, std::move(done));
    };
}

TransportConfig DmsConnection::stsTransportConfig()
{
    TransportConfig sts;
    if (!m_config || !m_chain)
        return sts;
    sts.region = m_config->endpoint.signingRegion;
    sts.endpoint =
        m_stsEndpoint.value.isEmpty() ? StsClient::regionalEndpoint(sts.region) : QUrl(m_stsEndpoint.value);
    sts.credentials = m_chain->provider();
    sts.refreshCredentials = credentialsRefresher();
    sts.maxAttempts = m_config->maxAttempts.value;
    sts.caBundlePath = m_config->caBundle.value;
    sts.proxy = m_options.proxy;
    sts.environment = m_options.environment;
    applyTimeouts(sts);
    return sts;
}

TransportConfig DmsConnection::serviceTransportConfig()
{
    TransportConfig config;
    if (!m_config || !m_chain)
        return config;
    config.credentials = m_chain->provider();
    config.refreshCredentials = credentialsRefresher();
    config.maxAttempts = m_config->maxAttempts.value;
    config.caBundlePath = m_config->caBundle.value;
    config.proxy = m_options.proxy;
    config.environment = m_options.environment;
    config.disableClockSkewCorrection = m_config->disableClockSkewCorrection.value;
    // A bucket's versioning or a role is a page of XML or JSON at most.
    config.maxResponseBytes = 1024 * 1024;
    applyTimeouts(config);
    return config;
}

void DmsConnection::applyTimeouts(TransportConfig& transport) const
{
    // A timer counts at most about 24 days of milliseconds in an int.
    constexpr int kMaxSeconds = 24 * 24 * 3600;
    if (m_options.connectTimeoutSeconds >= 0)
        transport.connectTimeoutMs = std::min(m_options.connectTimeoutSeconds, kMaxSeconds) * 1000;
    if (m_options.readTimeoutSeconds >= 0) {
        transport.readTimeoutMs = std::min(m_options.readTimeoutSeconds, kMaxSeconds) * 1000;
        transport.attemptTimeoutMs = 0;
    }
}

} // namespace dmsx
