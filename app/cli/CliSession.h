#pragma once

#include "base/Result.h"
#include "cli/CliHistory.h"
#include "cli/RetryAnnouncer.h"
#include "config/ClientConfigResolver.h"
#include "credentials/CredentialChain.h"
#include "dms/DmsClient.h"
#include "dms/DmsConnection.h"
#include "net/PendingCall.h"
#include "prereq/PrerequisiteServices.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

#include <memory>
#include <optional>

namespace dmsx::cli {

class CliContext;

// The connection a DMS command works through: a DmsConnection (the effective configuration, the
// credential chain, one transport) whose MFA codes are asked on the terminal. Commands are
// sequential, so opening and each call are awaited in a local event loop; retries are announced
// on stderr while waiting.
class CliSession
{
public:
    // regionOptional: for diagnose, which reports a missing region instead of failing on it.
    explicit CliSession(CliContext& context, bool regionOptional = false);
    ~CliSession();

    // Configuration and the credential chain, without fetching credentials or sending anything.
    Result<void> resolve();
    // resolve(), then the credentials (may call STS, run credential_process, ask an MFA code) and
    // the transport.
    Result<void> open();
    CliContext& context() const { return m_context; }
    CredentialChain* chain() const { return m_connection.chain(); }
    // The credentials open() loaded (their `source` says where from).
    const AwsCredentials& credentials() const { return m_connection.credentials(); }
    QNetworkAccessManager* networkAccessManager() { return m_connection.networkAccessManager(); }
    // STS's own custom endpoint (never the DMS one), else empty for the regional STS endpoint.
    Sourced<QString> stsEndpoint() const { return m_connection.stsEndpoint(); }
    // Asks for an MFA code on the terminal without echo (or reads a line when stdin is not one).
    static std::optional<QString> promptMfaCode(const QString& mfaSerial);
    DmsClient* client() const { return m_connection.client(); }
    const EffectiveClientConfig& config() const { return m_connection.config(); }
    // What the command's request history observes (null when the history could not be opened):
    // attach it to any other client the command makes (whoami's StsClient) so its calls are recorded.
    CallObserver* historyObserver() const { return m_history ? m_history->observer() : nullptr; }
    // The S3, IAM, Secrets Manager and KMS clients of the prerequisite checks, made on first use
    // from the open connection (its credentials, endpoints and observers); null before open().
    PrerequisiteServices* prerequisiteServices();

    template <typename T>
    Result<T> await(const std::function<PendingCall*(QObject*, DmsClient::Handler<T>)>& start)
    {
        QEventLoop loop;
        std::optional<Result<T>> result;
        start(&loop, [&](const Result<T>& r) {
            result = r;
            loop.quit();
        });
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
    // With --allow-insecure-http: says on stderr which endpoints send in clear.
    void warnIfInsecure();
    // The unreadable lines of the ~/.aws files, on stderr with file:line.
    void warnAboutConfigFiles();

    static DmsConnection::Options connectionOptions(const CliContext& context, CallObserver* history,
                                                    RetryAnnouncer* retries, bool regionOptional);

    CliContext& m_context;
    // Before m_connection: the recorder must outlive every transport that reports to it.
    std::unique_ptr<CliHistory::Recording> m_history;
    RetryAnnouncer m_retries;
    DmsConnection m_connection;
    std::unique_ptr<PrerequisiteServices> m_services;
};

} // namespace dmsx::cli
