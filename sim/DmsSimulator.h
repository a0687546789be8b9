#pragma once

#include "SimAuthVerifier.h"
#include "SimFaultInjector.h"
#include "SimIamService.h"
#include "SimKmsService.h"
#include "SimReply.h"
#include "SimS3Service.h"
#include "SimSecretsManagerService.h"
#include "SimService.h"
#include "SimSsoOidcService.h"
#include "SimSsoService.h"
#include "SimStsService.h"
#include "base/Clock.h"
#include "base/Result.h"
#include "credentials/AwsCredentials.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QHttpServerRequest;
class QTcpSocket;
class QUrlQuery;

namespace dmsx {

class SimHttpServer;

// A local stand-in for the AWS DMS endpoint (awsJson 1.1 + SigV4), used by the integration
// tests through the dms-sim executable and by the GUI's demo mode in-process. Everything it
// serves comes from a scenario (sim/README.md); its clock is injected so tests can drive
// association lifecycles and clock skew.
class DmsSimulator : public QObject
{
    Q_OBJECT
public:
    explicit DmsSimulator(const Clock* clock = SystemClock::instance(), QObject* parent = nullptr);
    ~DmsSimulator() override;

    Result<void> loadScenario(const QJsonObject& scenario);
    Result<void> loadScenarioFile(const QString& path);
    Result<void> loadDemoScenario(); // the built-in sim/scenarios/demo.json
    void generateProjects(int count);
    const SimScenario& scenario() const { return m_service.scenario(); }
    QString region() const { return m_service.scenario().region; }

    void setTimeScale(double scale) { m_service.setTimeScale(scale); }
    void setClockOffsetSeconds(qint64 seconds) { m_service.setClockOffsetSeconds(seconds); }
    QDateTime serverTime() const { return m_service.now(); }

    // Replaces the global fault rules (the body format of POST /__sim/faults).
    Result<void> setFaults(const QJsonValue& config);
    // Ends a RECEIVED or IN_PROGRESS request as CANCELED (POST /__sim/cancel); false otherwise.
    bool cancelAssociation(const QString& requestId) { return m_service.cancelAssociation(requestId); }
    // The browser's answer to a pending IAM Identity Center sign-in (POST /__sim/sso/approve and
    // /__sim/sso/deny): false for an unknown, expired or already answered user code.
    bool approveDeviceAuthorization(const QString& userCode);
    bool denyDeviceAuthorization(const QString& userCode);

    // Serve HTTPS with a freshly generated CA; returns the CA certificate (PEM). Call before listen().
    Result<QByteArray> enableTls();
    Result<quint16> listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    QUrl serverUrl() const;

    QJsonArray requestLog() const { return m_requestLog; }
    void clearRequestLog() { m_requestLog = QJsonArray(); }

    // Who may use the /__sim/ control endpoints: loopback peers only (403 otherwise).
    static bool isControlClient(const QHostAddress& peer);
    // A POST or PUT to them must say Content-Type: application/json (415 otherwise).
    static bool isJsonContentType(const QByteArray& value);

    // The documented demo key pair (sim/README.md) accepted by the built-in scenarios.
    static AwsCredentials demoCredentials();

signals:
    void requestServed(const QString& operation, int status);

private:
    void handle(const QHttpServerRequest& request, QTcpSocket* socket);
    SimReply handleControl(const QByteArray& method, const QString& path, const QUrlQuery& query,
                           const QByteArray& body);
    // S3, IAM, Secrets Manager and KMS: `serve` answers and fills the log entry; fault rules match the
    // operation it logged, and an injected error is spelled by `error` in that service's protocol.
    void handleService(QTcpSocket* socket, const QByteArray& method, const QString& requestId,
                       const std::function<SimReply(const SimCallContext&, QJsonObject*)>& serve,
                       const std::function<SimReply(int, const QString&, const QString&)>& error);
    void send(QTcpSocket* socket, const SimReply& reply, const QString& requestId, int latencyMs,
              SimFaultDecision::Action action = SimFaultDecision::Action::None);
    void writeNow(QTcpSocket* socket, const SimReply& reply, const QString& requestId,
                  SimFaultDecision::Action action);
    // The paging faults and emptyAnswer: what the service sees, and what the client gets back.
    static QByteArray pagedBody(const SimFaultDecision& decision, const QByteArray& body);
    void markPage(const SimFaultDecision& decision, SimReply& reply);

    const Clock* m_clock;
    SimService m_service;
    SimAuthVerifier m_verifier;
    SimFaultInjector m_faults;
    SimSsoService m_sso;         // GET /federation/credentials (scenario key "sso")
    SimSsoOidcService m_ssoOidc; // RegisterClient, StartDeviceAuthorization, CreateToken ("ssoOidc")
    SimStsService m_sts; // form-encoded POST: GetCallerIdentity, AssumeRole (keys "roles", "mfa", "users")
    // The prerequisites' services, told apart by their signing scope and request shape.
    SimS3Service m_s3;
    SimIamService m_iam;
    SimSecretsManagerService m_secretsManager;
    SimKmsService m_kms;
    std::unique_ptr<SimHttpServer> m_server;
    QJsonArray m_requestLog;
    QHostAddress m_address;
    quint16 m_port = 0;
    bool m_tls = false;
    quint64 m_endlessMarkers = 0; // the last endlessMarkers marker given
};

} // namespace dmsx
