#pragma once

#include "base/Result.h"
#include "config/AwsConfigFile.h"
#include "config/ClientConfigResolver.h"
#include "credentials/AppProfileStore.h"
#include "credentials/CredentialChain.h"
#include "net/TransportConfig.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QProcessEnvironment>

#include <functional>
#include <memory>
#include <optional>

namespace dmsx {

class AwsJsonTransport;
class DmsClient;
class KeychainStore;
class SessionCredentials;

// The connection the CLI and the GUI share: the effective configuration (options, environment,
// ~/.aws files, or one of our app profiles when the AWS files do not know the name), the
// credential chain, and one transport and DmsClient. Opening is asynchronous so the GUI never
// waits in a nested event loop; the CLI awaits it.
class DmsConnection : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        ClientOptions client;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        SessionCredentials* sessionCredentials = nullptr; // not owned; first in the chain when set
        // The demo and tests must not pick up the user's ~/.aws files or keychain.
        bool ignoreSharedFiles = false;
        bool useKeychain = true;
        QString appProfilesFile; // empty: AppProfileStore::defaultFilePath()
        QString keychainService; // empty: DMSX_APP_ID (tests use their own)
        CredentialChain::MfaCallback mfa;
        // Not owned; must outlive the connection. Told about every call the connection makes:
        // the credential chain's STS calls while opening, then every DMS call of transport().
        QList<CallObserver*> observers;
        // The app's proxy setting ("none" or "manual", password included) for every call of the
        // connection; unset: HTTPS_PROXY and friends, then the system configuration.
        std::optional<QNetworkProxy> proxy;
        // Seconds, for the DMS and STS calls: -1 keeps the transport's defaults (TransportConfig),
        // 0 means none. A read timeout given replaces the bound on the whole attempt, as in the
        // AWS CLI, where only the silence is limited.
        int connectTimeoutSeconds = -1;
        int readTimeoutSeconds = -1;
        // Not owned; null: the system clock. The credentials' and tokens' expiry and the DMS
        // calls' signatures are read on it, so a test can let hours pass.
        const Clock* clock = nullptr;
    };
    using Done = std::function<void(const Result<void>&)>;

    explicit DmsConnection(Options options, QObject* parent = nullptr);
    ~DmsConnection() override;

    // Configuration and the credential chain, without fetching credentials or sending anything.
    Result<void> resolve();
    // resolve(), then the credentials (may call STS or run credential_process) and the transport.
    // `done` runs once, in `context`'s thread, never after `context` is gone.
    void open(QObject* context, Done done);
    bool isOpen() const { return m_client != nullptr; }

    const Options& options() const { return m_options; }
    const EffectiveClientConfig& config() const { return *m_config; }
    // The lines of ~/.aws/config and ~/.aws/credentials that could not be read (file:line and
    // what is wrong), known once resolve() has run, even when it failed: the rest still loads,
    // but people must hear about them, since the AWS CLI refuses such files.
    const QList<AwsConfigWarning>& configFileWarnings() const { return m_configFileWarnings; }
    CredentialChain* chain() const { return m_chain.get(); }
    const AwsCredentials& credentials() const { return m_credentials; }
    QNetworkAccessManager* networkAccessManager() { return &m_nam; }
    AwsJsonTransport* transport() const { return m_transport.get(); }
    DmsClient* client() const { return m_client.get(); }
    // STS's own custom endpoint (EffectiveClientConfig::stsEndpointUrl), never the DMS one; empty
    // for the regional STS endpoint. With its source.
    Sourced<QString> stsEndpoint() const { return m_stsEndpoint; }
    // What StsClient needs to ask "who am I" with the chain's credentials. After open().
    TransportConfig stsTransportConfig();
    // What the prerequisite checks' S3, IAM, Secrets Manager and KMS transports share: the
    // chain's credentials, the CA bundle, the proxy, the retries and timeouts. After open();
    // the endpoint, region and signing name are each service's (ServiceEndpointResolver).
    TransportConfig serviceTransportConfig();

private:
    // Fetches through the chain for a call whose credentials expired; safe after the connection is gone.
    CredentialsRefresher credentialsRefresher();
    void applyTimeouts(TransportConfig& transport) const;

    Options m_options;
    std::optional<EffectiveClientConfig> m_config;
    QList<AwsConfigWarning> m_configFileWarnings;
    QNetworkAccessManager m_nam;
    Sourced<QString> m_stsEndpoint;
    std::optional<Fault> m_proxyFault; // an unusable proxy variable, reported by open()
    std::unique_ptr<AppProfileStore> m_appProfiles;
    std::unique_ptr<KeychainStore> m_keychain;
    std::unique_ptr<CredentialChain> m_chain;
    AwsCredentials m_credentials;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;
};

} // namespace dmsx
