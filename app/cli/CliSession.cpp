#include "CliSession.h"

#include "AwsJsonTransport.h"
#include "CliContext.h"
#include "CliHistory.h"
#include "FaultCatalogue.h"
#include "KeychainStore.h"
#include "Redactor.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace dmsx::cli {

CliSession::CliSession(CliContext& context) : m_context(context) {}

CliSession::~CliSession() = default;

namespace {

// AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the custom DMS endpoint (option,
// environment or profile): a custom endpoint is almost always the simulator, which serves STS
// and the SSO portal on the same URL.
Sourced<QString> serviceEndpoint(const QProcessEnvironment& env, const QString& serviceVariable,
                                 const EffectiveClientConfig& config)
{
    Sourced<QString> out;
    for (const QString& variable : {serviceVariable, QStringLiteral("AWS_ENDPOINT_URL")}) {
        const QString value = env.value(variable);
        if (!value.isEmpty()) {
            out.value = value;
            out.source = ValueSource::environment(variable);
            return out;
        }
    }
    if (config.endpointUrl.isSet())
        return config.endpointUrl;
    return out;
}

} // namespace

std::optional<QString> CliSession::promptMfaCode(const QString& mfaSerial)
{
    std::fprintf(stderr, "MFA code for %s: ", mfaSerial.toLocal8Bit().constData());
    std::fflush(stderr);
    termios saved{};
    const bool hide = ::isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (hide) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (hide) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fprintf(stderr, "\n"); // the user's Enter was not echoed
    }
    if (!got)
        return std::nullopt;
    const QString code = QString::fromLocal8Bit(line.data(), qsizetype(line.size())).trimmed();
    if (code.isEmpty())
        return std::nullopt;
    return code;
}

Result<void> CliSession::resolve()
{
    if (m_chain)
        return {};
    ClientOptions options;
    options.profile = m_context.profile;
    options.region = m_context.region;
    options.endpointUrl = m_context.endpointUrl;
    const AwsConfigFile files = AwsConfigFile::load(m_context.environment);
    Result<EffectiveClientConfig> resolved =
        ClientConfigResolver::resolve(options, files, m_context.environment);
    if (!resolved.ok()) {
        // Keys in the app's keychain profile are the chain's business, not the resolver's: a
        // profile unknown to the AWS files may still be ours.
        const Fault& f = resolved.fault();
        m_appProfiles = std::make_unique<AppProfileStore>();
        const QString wanted = options.profile.isEmpty()
                                   ? m_context.environment.value(QStringLiteral("AWS_PROFILE"))
                                   : options.profile;
        if (f.code != QLatin1String("ProfileNotFound") || !m_appProfiles->contains(wanted))
            return f;
        const std::optional<AppProfileStore::Profile> app = m_appProfiles->profile(wanted);
        ClientOptions appOptions = options;
        appOptions.profile.clear();
        if (appOptions.region.isEmpty())
            appOptions.region = app->region;
        if (appOptions.endpointUrl.isEmpty())
            appOptions.endpointUrl = app->endpointUrl;
        QProcessEnvironment env = m_context.environment;
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
    m_stsEndpoint = serviceEndpoint(m_context.environment, QStringLiteral("AWS_ENDPOINT_URL_STS"), *m_config);

    if (!m_appProfiles)
        m_appProfiles = std::make_unique<AppProfileStore>();
    m_keychain = std::make_unique<KeychainStore>();
    CredentialChain::Options chain;
    chain.profile = m_config->profile.value;
    chain.profileExplicit = m_config->profile.source.kind != ValueSource::Kind::Default;
    chain.skipEnvironmentCredentials = m_config->profile.source.kind == ValueSource::Kind::Option;
    chain.region = m_config->endpoint.signingRegion;
    chain.stsEndpoint = QUrl(m_stsEndpoint.value);
    chain.ssoPortalEndpoint =
        serviceEndpoint(m_context.environment, QStringLiteral("AWS_ENDPOINT_URL_SSO"), *m_config).value;
    chain.caBundlePath = m_config->caBundle.value;
    chain.maxAttempts = m_config->maxAttempts.value;
    chain.environment = m_context.environment;
    chain.mfa = [](const QString& serial, std::function<void(std::optional<QString>)> reply) {
        reply(promptMfaCode(serial));
    };
    chain.appProfiles = m_appProfiles.get();
    chain.keychain = m_keychain.get();
    chain.nam = &m_nam;
    m_chain = std::make_unique<CredentialChain>(chain, files);
    return {};
}

Result<void> CliSession::open()
{
    const Result<void> resolved = resolve();
    if (!resolved.ok())
        return resolved;
    const Result<CredentialSource*> selected = m_chain->select();
    if (!selected.ok())
        return selected.fault();

    QEventLoop loop;
    std::optional<Result<AwsCredentials>> fetched;
    m_chain->fetch(&loop, [&](const Result<AwsCredentials>& r) {
        fetched = r;
        loop.quit();
    });
    if (!fetched)
        loop.exec();
    if (!fetched->ok())
        return fetched->fault();
    m_credentials = fetched->value();
    Redactor::registerSecret(m_credentials.secretAccessKey);
    Redactor::registerSecret(m_credentials.sessionToken);

    TransportConfig transport;
    transport.endpoint = m_config->endpoint.url;
    transport.region = m_config->endpoint.signingRegion;
    // Asked before every attempt: temporary credentials are refreshed in the background before
    // they expire, so a long `status --follow` keeps working.
    transport.credentials = m_chain->provider();
    transport.maxAttempts = m_config->maxAttempts.value;
    transport.caBundlePath = m_config->caBundle.value;
    transport.disableClockSkewCorrection = m_config->disableClockSkewCorrection.value;
    transport.environment = m_context.environment;
    m_transport = std::make_unique<AwsJsonTransport>(transport, &m_nam);
    const Result<void> status = m_transport->configurationStatus();
    if (!status.ok())
        return status.fault();
    CliHistory::attach(m_context, m_transport.get(), m_credentials, m_config->profile.value);
    m_client = std::make_unique<DmsClient>(m_transport.get());
    return {};
}

void CliSession::announceRetries(PendingCall* call)
{
    if (!call)
        return;
    QObject::connect(call, &PendingCall::retrying, call,
                     [this](int attempt, qint64 delayMs, const Fault& fault) {
                         const FaultExplanation why = FaultCatalogue::explain(fault);
                         m_context.err() << QStringLiteral("%1 (%2); retrying in %3 ms (attempt %4)…")
                                                .arg(why.title, fault.code)
                                                .arg(delayMs)
                                                .arg(attempt)
                                         << '\n';
                         m_context.err().flush();
                     });
}

} // namespace dmsx::cli
