#pragma once

#include "base/Result.h"
#include "credentials/AwsCredentials.h"

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <functional>

class QObject;
#include <optional>

namespace dmsx {

using CredentialsProvider = std::function<Result<AwsCredentials>()>;
// Loads credentials when the provider has none still valid; `done` runs later, in `context`'s
// thread, never after `context` is gone.
using CredentialsRefresher =
    std::function<void(QObject* context, std::function<void(const Result<AwsCredentials>&)> done)>;

// Everything the awsJson transport needs, already resolved: it does not look at the endpoint
// resolver or the config files itself.
struct TransportConfig
{
    QUrl endpoint;  // e.g. https://dms.us-east-1.amazonaws.com, or http://127.0.0.1:PORT for the simulator
    QString region; // signing region (a custom endpoint does not change it)
    QString signingName = QStringLiteral("dms");
    QString targetPrefix = QStringLiteral("AmazonDMSv20160101");
    CredentialsProvider credentials; // asked before every attempt, so refreshed keys are picked up
    // Unset: a call whose credentials expired fails. Set: the call waits for new ones first, so a
    // window left open past its role credentials' expiry still works on the next click.
    CredentialsRefresher refreshCredentials;

    int maxAttempts = 3;
    // Each 0 = none. Connect: until the request has been written (connection, proxy, TLS).
    // Read: the longest silence once it has been written, the answer's headers and body included.
    // Attempt: the whole attempt.
    int connectTimeoutMs = 10000;
    int readTimeoutMs = 0;
    int attemptTimeoutMs = 60000;
    // A reply larger than this is aborted as it arrives (ResponseTooLarge): a real DMS page is a
    // few hundred KiB, so 16 MiB only stops a broken or hostile server from filling the memory
    // (docs/protocol.md §4.5).
    static constexpr qint64 kDefaultMaxResponseBytes = 16 * 1024 * 1024;
    qint64 maxResponseBytes = kDefaultMaxResponseBytes;

    QString caBundlePath; // AWS_CA_BUNDLE / ca_bundle: replaces the trust store when set
    bool disableClockSkewCorrection = false;

    // HTTPS_PROXY, HTTP_PROXY, NO_PROXY are read from here; the system proxy configuration is
    // used for whatever they don't decide.
    bool applyProxySettings = true;
    // The app's proxy setting when it is "none" (QNetworkProxy::NoProxy) or "manual": used for
    // every request instead of the environment and the system configuration.
    std::optional<QNetworkProxy> proxy;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
};

} // namespace dmsx
