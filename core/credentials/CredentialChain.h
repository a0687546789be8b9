#pragma once

#include "config/AwsConfigFile.h"
#include "credentials/AssumeRoleCredentialSource.h"
#include "credentials/CredentialCache.h"
#include "credentials/CredentialSource.h"
#include "net/TransportConfig.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace dmsx {

class AppProfileStore;
class KeychainStore;
class SessionCredentials;

// THE provider chain. In order:
//   1. explicit session-only credentials (SessionCredentials, when set);
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), unless the profile was
//      chosen explicitly (--profile), as both AWS SDKs do;
//   3. the selected profile: our keychain profile (AppProfileStore + KeychainStore, optionally
//      with its role), else the AWS files' profile: role_arn with source_profile or
//      credential_source, static keys, credential_process, SSO (legacy and sso_session).
// Which source applies is decided from configuration alone (select()); its failures are
// reported, not skipped, so a broken profile is never silently replaced by other keys.
// Results are cached in memory and refreshed CredentialCache::kRefreshWindowSeconds before
// they expire; every result's `source` says where it came from.
class CredentialChain final : public CredentialSource
{
public:
    using MfaCallback = AssumeRoleCredentialSource::MfaCallback;

    struct Options
    {
        QString profile = QStringLiteral("default");
        bool profileExplicit = false;            // --profile / AWS_PROFILE: an absent profile is an error
        bool skipEnvironmentCredentials = false; // --profile given: environment keys are not used
        SessionCredentials* sessionCredentials = nullptr; // not owned; first when isSet()
        QString region;                                   // STS signing region (and regional endpoint)
        QUrl stsEndpoint;                                 // empty: StsClient::regionalEndpoint(region)
        QString ssoPortalEndpoint;                        // override of the SSO portal (simulator)
        QString ssoOidcEndpoint; // custom SSO OIDC endpoint (refreshing tokens); empty: the rules
        QString caBundlePath;
        int maxAttempts = 3;
        std::optional<QNetworkProxy> proxy; // TransportConfig::proxy, for the STS calls
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        MfaCallback mfa;
        AppProfileStore* appProfiles = nullptr; // not owned; null: no app profiles
        KeychainStore* keychain = nullptr;      // not owned
        QNetworkAccessManager* nam = nullptr;   // not owned
        const Clock* clock = nullptr;
        QList<CallObserver*> observers; // not owned; told about the chain's STS and SSO portal calls
    };

    CredentialChain(Options options, AwsConfigFile files);
    ~CredentialChain() override;

    // The source the chain uses (built once, without fetching anything), or why there is none:
    // MissingCredentials, PartialCredentials, ProfileNotFound, RoleChainCycle (Configuration,
    // naming the cycle), InvalidRoleProfile, UnsupportedCredentialSource, InvalidConfigurationValue.
    Result<CredentialSource*> select();

    QString describe() const override;
    void fetch(QObject* context, Handler done) override;

    // The last credentials, for TransportConfig::credentials (which is synchronous): when they
    // are inside the refresh window a refresh starts in the background and the current ones,
    // still valid, are returned; expired or never fetched gives a Credentials fault.
    CredentialsProvider provider();
    std::optional<AwsCredentials> cached() const { return m_cache.current(); }

    // For diagnostics: the profiles walked to reach the selected source, e.g. {"ops", "base"}.
    QStringList profilePath() const { return m_profilePath; }

private:
    Result<std::unique_ptr<CredentialSource>> build();
    Result<std::unique_ptr<CredentialSource>> fromEnvironment(bool required);
    Result<std::unique_ptr<CredentialSource>> fromFileProfile(const QString& name, QStringList visited,
                                                              bool topLevel);
    AssumeRoleConfig roleConfig(const QString& profileName) const;

    Options m_options;
    AwsConfigFile m_files;
    std::unique_ptr<CredentialSource> m_selected;
    CredentialSource* m_active = nullptr; // m_selected, or the session credentials
    std::optional<Fault> m_selectFault;
    bool m_selectDone = false;
    QStringList m_profilePath;
    CredentialCache m_cache;
    QObject m_backgroundContext;
};

} // namespace dmsx
