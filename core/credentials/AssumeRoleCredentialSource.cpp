#include "credentials/AssumeRoleCredentialSource.h"

#include "base/FaultCodes.h"

#include <QPointer>
#include <QTimer>

#include <utility>

namespace dmsx {

AssumeRoleCredentialSource::AssumeRoleCredentialSource(AssumeRoleConfig config,
                                                       std::unique_ptr<CredentialSource> source,
                                                       MfaCallback mfa, QNetworkAccessManager* nam,
                                                       const Clock* clock)
    : m_config(std::move(config)), m_source(std::move(source)), m_mfa(std::move(mfa)), m_nam(nam),
      m_clock(clock ? clock : SystemClock::instance()), m_cache(m_clock)
{}

AssumeRoleCredentialSource::~AssumeRoleCredentialSource() = default;

QString AssumeRoleCredentialSource::describe() const
{
    return QStringLiteral("role %1 (profile %2) via %3")
        .arg(m_config.roleArn, m_config.profileName,
             m_source ? m_source->describe() : QStringLiteral("no source"));
}

void AssumeRoleCredentialSource::fetch(QObject* context, Handler done)
{
    m_cache.fetch(context, std::move(done),
                  [this](QObject* ctx, Handler loaded) { load(ctx, std::move(loaded)); });
}

void AssumeRoleCredentialSource::load(QObject* context, Handler done)
{
    if (!m_source) {
        QTimer::singleShot(0, context, [done] {
            done(Fault::make(FaultKind::Configuration, FaultCode::InvalidRoleProfile,
                             QStringLiteral("The role has no source of credentials")));
        });
        return;
    }
    QPointer<QObject> guard(context);
    m_source->fetch(context, [this, guard, done](const Result<AwsCredentials>& source) {
        if (!source.ok()) {
            done(source.fault());
            return;
        }
        const AwsCredentials sourceCredentials = source.value();
        if (m_config.mfaSerial.isEmpty()) {
            callSts(sourceCredentials, QString(), guard, done);
            return;
        }
        if (!m_mfa) {
            done(
                Fault::make(FaultKind::Credentials, FaultCode::MfaCodeRequired,
                            QStringLiteral("Profile \"%1\" needs a code from the MFA device %2 (mfa_serial), "
                                           "but nothing can ask for it here. Run the command in a terminal.")
                                .arg(m_config.profileName, m_config.mfaSerial)));
            return;
        }
        m_mfa(m_config.mfaSerial, [this, guard, done, sourceCredentials](std::optional<QString> code) {
            // The reply may come synchronously from the callback; the contract says never
            // answer from inside fetch(), so hop through the event loop.
            QTimer::singleShot(0, guard.data(), [this, guard, done, sourceCredentials, code] {
                if (!code || code->trimmed().isEmpty()) {
                    done(
                        Fault::make(FaultKind::Credentials, FaultCode::MfaCancelled,
                                    QStringLiteral("No MFA code was given for %1.").arg(m_config.mfaSerial)));
                    return;
                }
                callSts(sourceCredentials, code->trimmed(), guard, done);
            });
        });
    });
}

void AssumeRoleCredentialSource::callSts(const AwsCredentials& sourceCredentials, const QString& tokenCode,
                                         QObject* context, Handler done)
{
    if (!context)
        return;
    TransportConfig cfg;
    cfg.region = m_config.region.isEmpty() ? QStringLiteral("us-east-1") : m_config.region;
    cfg.endpoint =
        m_config.stsEndpoint.isEmpty() ? StsClient::regionalEndpoint(cfg.region) : m_config.stsEndpoint;
    cfg.credentials = [sourceCredentials]() -> Result<AwsCredentials> { return sourceCredentials; };
    cfg.maxAttempts = m_config.maxAttempts;
    cfg.caBundlePath = m_config.caBundlePath;
    cfg.proxy = m_config.proxy;
    cfg.environment = m_config.environment;
    // One client per load: the source credentials differ each time.
    m_sts = std::make_unique<StsClient>(cfg, m_nam, m_clock);
    for (CallObserver* observer : std::as_const(m_config.observers))
        m_sts->addObserver(observer);

    StsClient::AssumeRoleParams params;
    params.roleArn = m_config.roleArn;
    params.roleSessionName = m_config.roleSessionName.isEmpty()
                                 ? QStringLiteral("dmsx-%1").arg(m_clock->nowUtc().toMSecsSinceEpoch())
                                 : m_config.roleSessionName;
    params.externalId = m_config.externalId;
    params.durationSeconds = m_config.durationSeconds;
    if (!tokenCode.isEmpty()) {
        params.serialNumber = m_config.mfaSerial;
        params.tokenCode = tokenCode;
    }
    const QString description = describe();
    m_sts->assumeRole(params, context, [done, description](const Result<StsClient::AssumeRoleResult>& r) {
        if (!r.ok()) {
            done(r.fault());
            return;
        }
        AwsCredentials c = r->credentials;
        c.source = description;
        done(c);
    });
}

} // namespace dmsx
