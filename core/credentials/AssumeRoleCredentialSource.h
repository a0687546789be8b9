#pragma once

#include "credentials/CredentialCache.h"
#include "credentials/CredentialSource.h"
#include "credentials/StsClient.h"
#include "net/CallObserver.h"

#include <QList>
#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

// What a role profile says (role_arn with source_profile or credential_source), resolved.
struct AssumeRoleConfig
{
    QString profileName;
    QString roleArn;
    QString roleSessionName;
    QString externalId;
    QString mfaSerial;
    int durationSeconds = 0; // 0: STS default
    QString region;          // signing region of the STS call
    QUrl stsEndpoint;        // empty: StsClient::regionalEndpoint(region)
    QString caBundlePath;
    int maxAttempts = 3;
    std::optional<QNetworkProxy> proxy; // TransportConfig::proxy
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Not owned. Told about the AssumeRole calls, so the request history sees the STS calls made
    // while a connection opens (before anyone could attach to the DMS transport).
    QList<CallObserver*> observers;
};

// A role assumed with STS AssumeRole using the credentials of another source (which may itself
// be a role: chains). Results are cached in memory and refreshed before they expire; the MFA
// code, when the profile names an mfa_serial, is asked through the callback at each refresh.
class AssumeRoleCredentialSource final : public CredentialSource
{
public:
    // Asks the person for the current code of the MFA device; reply(nullopt) means cancelled.
    using MfaCallback =
        std::function<void(const QString& mfaSerial, std::function<void(std::optional<QString> code)> reply)>;

    AssumeRoleCredentialSource(AssumeRoleConfig config, std::unique_ptr<CredentialSource> source,
                               MfaCallback mfa, QNetworkAccessManager* nam, const Clock* clock = nullptr);
    ~AssumeRoleCredentialSource() override;

    QString describe() const override;
    void fetch(QObject* context, Handler done) override;

    const AssumeRoleConfig& config() const { return m_config; }
    const CredentialSource* source() const { return m_source.get(); }

private:
    void load(QObject* context, Handler done);
    void callSts(const AwsCredentials& sourceCredentials, const QString& tokenCode, QObject* context,
                 Handler done);

    AssumeRoleConfig m_config;
    std::unique_ptr<CredentialSource> m_source;
    MfaCallback m_mfa;
    QNetworkAccessManager* m_nam;
    const Clock* m_clock;
    CredentialCache m_cache;
    std::unique_ptr<StsClient> m_sts;
};

} // namespace dmsx
