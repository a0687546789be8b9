#pragma once

#include "base/Clock.h"
#include "net/AwsProtocol.h"
#include "net/CallObserver.h"
#include "net/CallOptions.h"
#include "net/ClockSkewTracker.h"
#include "net/PendingCall.h"
#include "net/RetryStrategy.h"
#include "net/TransportConfig.h"
#include "sigv4/SigV4Signer.h"

#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QSslCertificate>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

Q_DECLARE_LOGGING_CATEGORY(lcTransport)

// An AWS protocol (AwsProtocol: awsJson for DMS, awsQuery for STS) over QNetworkAccessManager
// (docs/protocol.md §1, §5): builds and signs each attempt, retries per the standard mode, keeps the
// clock-skew offset, tells the observers and turns every outcome into a Result. One instance per
// endpoint/credentials; all calls share its retry quota.
class AwsTransport : public QObject
{
    Q_OBJECT
public:
    AwsTransport(TransportConfig config, std::shared_ptr<const AwsProtocol> protocol,
                 QNetworkAccessManager* nam, const Clock* clock = nullptr,
                 RetryStrategy::RandomSource random = {}, QObject* parent = nullptr);
    ~AwsTransport() override;

    // Starts the call on the next event-loop turn, so the caller can connect to the signals first.
    PendingCall* call(const QString& operation, const QJsonObject& input, const CallOptions& options = {});

    const TransportConfig& config() const { return m_config; }
    const AwsProtocol& protocol() const { return *m_protocol; }
    // Problems found before any call (e.g. a bad CA bundle); every call fails with this fault.
    Result<void> configurationStatus() const;

    // Observers are told about every call (start before sending, end after the last attempt).
    // Not owned; remove one before destroying it.
    void addObserver(CallObserver* observer);
    void removeObserver(CallObserver* observer);
    // Passes a caller's finding about one of this transport's ambiguous calls on to the
    // observers (CallObserver::ambiguousCallChecked), so the history can record what it did.
    void reportAmbiguousCallChecked(const QString& invocationId, const std::optional<QJsonObject>& output);

    // Tells the observers about something the caller decided without a call, as one that started
    // and ended at once (a person going on despite the prerequisite checks' problems), so the
    // request history keeps it with the action it belongs to. Nothing is sent.
    void reportLocalEvent(CallEvent event);

    ClockSkewTracker& clockSkew() { return m_skew; }

    // StartExtensionPackAssociation re-installs when repeated, so it must not be retried blindly.
    static bool isIdempotent(const QString& operation);
    // host[:port] as the Host header carries it (the port only when not the scheme's default).
    static QByteArray hostHeader(const QUrl& url);

private:
    friend class PendingCall;

    TransportConfig m_config;
    std::shared_ptr<const AwsProtocol> m_protocol;
    QNetworkAccessManager* m_nam;
    const Clock* m_clock;
    RetryStrategy m_retry;
    ClockSkewTracker m_skew;
    SigV4Signer m_signer;
    std::optional<QList<QSslCertificate>> m_caCertificates;
    std::optional<Fault> m_configFault;
    QList<CallObserver*> m_observers;
};

} // namespace dmsx
