#pragma once

#include "ClientConfigResolver.h"
#include "DmsClient.h"
#include "PendingCall.h"
#include "Result.h"

#include <QEventLoop>
#include <QNetworkAccessManager>

#include <memory>
#include <optional>

namespace dmsx {
class AwsJsonTransport;
}

namespace dmsx::cli {

class CliContext;

// The connection a DMS command works through: the effective configuration (options, environment,
// ~/.aws files), the credentials and one transport. Commands are sequential, so each call is
// awaited in a local event loop; retries are announced on stderr while waiting.
class CliSession
{
public:
    explicit CliSession(CliContext& context);
    ~CliSession();

    Result<void> open();
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
    template <typename Sender, typename Signal>
    void waitFor(Sender* sender, Signal signal)
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
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;
};

} // namespace dmsx::cli
