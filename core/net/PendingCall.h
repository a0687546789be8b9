#pragma once

#include "base/Fault.h"
#include "base/Result.h"
#include "net/CallEvent.h"
#include "net/CallOptions.h"
#include "sigv4/HttpRequestData.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <optional>

class QNetworkReply;

namespace dmsx {

class AwsTransport;

// One logical AWS call (any AwsProtocol): every attempt, its retries and the final outcome. Created by
// AwsTransport::call(); deletes itself (deleteLater) after finished() has been emitted, so
// read result() in the slot connected to finished().
class PendingCall : public QObject
{
    Q_OBJECT
public:
    ~PendingCall() override;

    QString operation() const { return m_operation; }
    QString invocationId() const { return m_invocationId; }
    bool isIdempotent() const { return m_idempotent; }
    bool isFinished() const { return m_result.has_value(); }
    int attempts() const { return m_attempt; }
    // Only valid once finished() has been emitted.
    const Result<QJsonObject>& result() const { return *m_result; }

    // Stops the call at once; finished() follows with a Fault of kind Cancelled. No retry.
    void cancel();

signals:
    void attemptStarted(int attempt, int maxAttempts);
    // About to wait delayMs before attempt `attempt` because of `fault`.
    void retrying(int attempt, qint64 delayMs, const dmsx::Fault& fault);
    void finished();

private:
    friend class AwsTransport;
    PendingCall(AwsTransport* transport, const QString& operation, const QJsonObject& input,
                const CallOptions& options);

    void startAttempt();
    void onReplyFinished();
    void onTimeout(int phase);
    // Restarts the read timeout: data (or the request's last byte) has just moved.
    void noteProgress();
    void limitReadBuffer();
    // Moves the body received so far out of the reply; aborts it once it announces or has sent
    // more than maxResponseBytes.
    void takeResponseData();
    // "DescribeMigrationProjects attempt 1 of 3", the start of each --debug line of an attempt.
    QString attemptLabel() const;
    void handleFault(Fault fault, bool clockSkewCorrected);
    void finishWith(Result<QJsonObject> result);
    Fault decorate(Fault fault) const;
    void dropReply();
    CallEvent baseEvent() const;
    void notifyStarted();

    AwsTransport* m_transport;
    QString m_operation;
    QByteArray m_body;
    QByteArray m_response; // the current attempt's body as received so far
    QByteArray m_contentType;
    QByteArray m_method;
    QByteArray m_query;
    HeaderList m_extraHeaders;
    QString m_invocationId;
    bool m_idempotent = true;
    int m_attemptTimeoutMs = 0;
    int m_maxAttempts = 3;
    QString m_groupKey;
    bool m_background = false;
    QString m_actionKey;
    QString m_subjectName;
    QString m_requiredOutputMember;
    std::function<std::optional<CallEvent::DeferredOutput>(const QByteArray&)> m_bodyReader;
    // What the observers are given of the answer the bodyReader read.
    std::optional<CallEvent::DeferredOutput> m_deferredOutput;
    QJsonObject m_input;
    QDateTime m_startedAt;
    bool m_startNotified = false;
    int m_lastHttpStatus = 0;
    QString m_lastRequestId;

    int m_attempt = 0;
    bool m_awaitedCredentials = false; // waited once for refreshed credentials
    bool m_requestSent = false;        // this attempt's request has been written
    bool m_anyRequestSent = false;     // some attempt's request has been written
    enum class TimeoutPhase
    {
        None,
        Connect,
        Read,
        Attempt
    };
    TimeoutPhase m_timedOut = TimeoutPhase::None;
    qint64 m_tooLargeAt = -1; // bytes received when the reply was aborted for its size
    QPointer<QNetworkReply> m_reply;
    QList<QSslError> m_sslErrors;
    QString m_proxy; // "host:port" of the proxy this attempt goes through, empty when direct
    QTimer m_connectTimer;
    QTimer m_readTimer;
    QTimer m_attemptTimer;
    QTimer m_backoffTimer;
    QElapsedTimer m_roundTrip;
    std::optional<Result<QJsonObject>> m_result;
};

} // namespace dmsx
