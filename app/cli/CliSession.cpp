#include "CliSession.h"

#include "AwsJsonTransport.h"
#include "CliContext.h"
#include "FaultCatalogue.h"
#include "Redactor.h"

namespace dmsx::cli {

CliSession::CliSession(CliContext& context) : m_context(context) {}

CliSession::~CliSession() = default;

Result<void> CliSession::open()
{
    ClientOptions options;
    options.profile = m_context.profile;
    options.region = m_context.region;
    options.endpointUrl = m_context.endpointUrl;
    Result<EffectiveClientConfig> resolved = ClientConfigResolver::resolve(options, m_context.environment);
    if (!resolved.ok())
        return resolved.fault();
    m_config = resolved.value();

    const AwsCredentials credentials = m_config->staticCredentials;
    if (!credentials.isValid()) {
        return Fault::make(
            FaultKind::Credentials, QStringLiteral("MissingCredentials"),
            QStringLiteral("No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put "
                           "aws_access_key_id and aws_secret_access_key in the [%1] section of "
                           "~/.aws/credentials.")
                .arg(m_config->profile.value));
    }
    Redactor::registerSecret(credentials.secretAccessKey);
    if (!credentials.sessionToken.isEmpty())
        Redactor::registerSecret(credentials.sessionToken);

    TransportConfig transport;
    transport.endpoint = m_config->endpoint.url;
    transport.region = m_config->endpoint.signingRegion;
    transport.credentials = [credentials]() -> Result<AwsCredentials> { return credentials; };
    transport.maxAttempts = m_config->maxAttempts.value;
    transport.caBundlePath = m_config->caBundle.value;
    transport.disableClockSkewCorrection = m_config->disableClockSkewCorrection.value;
    transport.environment = m_context.environment;
    m_transport = std::make_unique<AwsJsonTransport>(transport, &m_nam);
    const Result<void> status = m_transport->configurationStatus();
    if (!status.ok())
        return status.fault();
    m_client = std::make_unique<DmsClient>(m_transport.get());
    return {};
}

void CliSession::announceRetries(PendingCall* call)
{
    if (!call)
        return;
    QObject::connect(call, &PendingCall::retrying, call, [this](int attempt, qint64 delayMs, const Fault& fault) {
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
