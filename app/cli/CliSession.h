#pragma once

#include "AppProfileStore.h"
#include "ClientConfigResolver.h"
#include "CredentialChain.h"
#include "DmsClient.h"
#include "PendingCall.h"
#include "Result.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

#include <memory>
#include <optional>

namespace dmsx {
class AwsJsonTransport;
class KeychainStore;
} // namespace dmsx

namespace dmsx::cli {

class CliContext;

// The connection a DMS command works through: the effective configuration (options, environment,
// ~/.aws files), the credentials from the provider chain (CredentialChain; MFA codes are asked on
// the terminal) and one transport. Commands are sequential, so each call is
// awaited in a local event loop; retries are announced on stderr while waiting.
class CliSession
{
public:
    explicit CliSession(CliContext& context);
    ~CliSession();

    // Configuration and the credential chain, without fetching credentials or sending anything.
    Result<void> resolve();
    // resolve(), then the credentials (may call STS, run credential_process, ask an MFA code) and
    // the transport.
    Result<void> open();
    CredentialChain* chain() const { return m_chain.get(); }
    // The credentials open() loaded (their `source` says where from).
    const AwsCredentials& credentials() const { return m_credentials; }
    QNetworkAccessManager* networkAccessManager() { return &m_nam; }
    // Where STS requests go: AWS_ENDPOINT_URL_STS, else a configured custom endpoint (the
    // simulator serves STS on its DMS URL), else empty for the regional STS endpoint. With source.
    Sourced<QString> stsEndpoint() const { return m_stsEndpoint; }
    // Asks for an MFA code on the terminal without echo (or reads a line when stdin is not one).
    static std::optional<QString> promptMfaCode(const QString& mfaSerial);
    DmsClient* client() const { return m_client.get(); }
    const EffectiveClientConfig& config() const { return *m_config; }

    template <typename T>
    Result<T> await(const std::function<PendingCall*(QObject*, DmsClient::Handler<T>)>& start)
    {
        QEventLoop loop;
        std::optional<Result<T>> result;
        PendingCall* call = start(&loop, [&](const Result<T>& r) {
            result = r;
            loop.quit();
        });
        announceRetries(call);
        if (!result)
            loop.exec();
        return *result;
    }

    // Runs the loop until `signal` of `sender` fires.
    template <typename Sender, typename Signal> void waitFor(Sender* sender, Signal signal)
    {
        QEventLoop loop;
        QObject::connect(sender, signal, &loop, &QEventLoop::quit);
        loop.exec();
    }

private:
    void announceRetries(PendingCall* call);

    CliContext& m_context;
    std::optional<EffectiveClientConfig> m_config;
    QNetworkAccessManager m_nam;
    Sourced<QString> m_stsEndpoint;
    std::unique_ptr<AppProfileStore> m_appProfiles;
    std::unique_ptr<KeychainStore> m_keychain;
    std::unique_ptr<CredentialChain> m_chain;
    AwsCredentials m_credentials;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;
};

} // namespace dmsx::cli
