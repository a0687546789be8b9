#include "DmsSimulator.h"

#include "SimCertificateAuthority.h"
#include "SimFaultCodes.h"
#include "SimHttpServer.h"
#include "base/FaultCodes.h"
#include "sigv4/HttpRequestData.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QLocale>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <sys/socket.h>

namespace dmsx {

namespace {

constexpr int kMaxLogEntries = 10000;
const QLatin1String kTargetPrefix("AmazonDMSv20160101.");

// Header names are case-insensitive; QHttpServerRequest::value() compares them exactly.
QByteArray headerValue(const QHttpServerRequest& request, const QByteArray& name)
{
    const auto headers = request.headers();
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray httpDate(const QDateTime& t)
{
    return QLocale::c().toString(t.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

Fault fileFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, SimFaultCode::InvalidScenario, message);
}

} // namespace

DmsSimulator::DmsSimulator(const Clock* clock, QObject* parent)
    : QObject(parent), m_clock(clock), m_service(clock)
{
    m_service.setScenario(SimScenario::fromJson(QJsonObject(), m_clock->nowUtc()).value());
    m_sso.setTokenIssuer(&m_ssoOidc);
}

DmsSimulator::~DmsSimulator() = default;

AwsCredentials DmsSimulator::demoCredentials()
{
    AwsCredentials c = SimScenario::demoKeyPairs(QDateTime::currentDateTimeUtc()).first().credentials;
    c.source = QStringLiteral("dms-sim demo key pair");
    return c;
}

Result<void> DmsSimulator::loadScenario(const QJsonObject& scenario)
{
    Result<SimScenario> s = SimScenario::fromJson(scenario, m_service.now());
    if (!s)
        return s.fault();
    Result<void> faults = m_faults.setConfig(s->faults);
    if (!faults)
        return faults.fault();
    if (Result<void> sso = m_sso.load(scenario.value(QLatin1String("sso")),
                                      scenario.value(QLatin1String("ssoOidc")), m_service.now());
        !sso)
        return sso.fault();
    if (Result<void> oidc = m_ssoOidc.load(scenario.value(QLatin1String("ssoOidc"))); !oidc)
        return oidc.fault();
    if (Result<void> sts = m_sts.load(scenario, s->accountId); !sts)
        return sts.fault();
    m_service.setScenario(s.value());
    return {};
}

Result<void> DmsSimulator::loadScenarioFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileFault(QStringLiteral("cannot read scenario %1: %2").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return fileFault(
            QStringLiteral("scenario %1 is not a JSON object: %2").arg(path, error.errorString()));
    return loadScenario(doc.object());
}

Result<void> DmsSimulator::loadDemoScenario()
{
    return loadScenarioFile(QStringLiteral(":/dmsx_sim/demo.json"));
}

void DmsSimulator::generateProjects(int count)
{
    SimScenario s = m_service.scenario();
    s.generateProjects(count, m_service.now());
    m_service.setScenario(s);
}

Result<void> DmsSimulator::setFaults(const QJsonValue& config)
{
    return m_faults.setConfig(config);
}

Result<QByteArray> DmsSimulator::enableTls()
{
    Result<SimTlsMaterial> material = SimCertificateAuthority::generate();
    if (!material)
        return material.fault();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(material->serverCertificatePem, QSsl::Pem));
    config.setPrivateKey(QSslKey(material->serverKeyPem, QSsl::Ec, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!m_server)
        m_server = std::make_unique<SimHttpServer>(
            [this](const QHttpServerRequest& r, QTcpSocket* s) { handle(r, s); });
    m_server->sslSetup(config);
    m_tls = true;
    return material->caCertificatePem;
}

Result<quint16> DmsSimulator::listen(const QHostAddress& address, quint16 port)
{
    if (!m_server)
        m_server = std::make_unique<SimHttpServer>(
            [this](const QHttpServerRequest& r, QTcpSocket* s) { handle(r, s); });
    const quint16 bound = m_server->listen(address, port);
    if (bound == 0)
        return Fault::make(FaultKind::Configuration, QStringLiteral("ListenFailed"),
                           QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port));
    m_address = address;
    m_port = bound;
    return bound;
}

QUrl DmsSimulator::serverUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    const bool any = m_address == QHostAddress::Any || m_address == QHostAddress::AnyIPv4 ||
                     m_address == QHostAddress::AnyIPv6;
    url.setHost(any ? QStringLiteral("127.0.0.1") : m_address.toString());
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    return url;
}

void DmsSimulator::handle(const QHttpServerRequest& request, QTcpSocket* socket)
{
    static const QByteArray methods[] = {"GET",     "PUT",   "DELETE",  "POST", "HEAD",
                                         "OPTIONS", "PATCH", "CONNECT", "TRACE"};
    QByteArray method = "UNKNOWN";
    for (int i = 0; i < 9; ++i) {
        if (int(request.method()) == (1 << i))
            method = methods[i];
    }
    const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString path = request.url().path();
    if (path.startsWith(QLatin1String("/__sim/"))) {
        // The control endpoints are the simulator's own: unsigned, never logged, never faulted.
        // With --listen wider than loopback, only this computer may use them; and a web page's
        // "simple" cross-origin POST (form or text/plain, no preflight) cannot carry JSON's type.
        auto refused = [](int status, const QString& message) {
            return SimReply::json(QJsonObject{{QStringLiteral("error"), message}}, status);
        };
        SimReply reply;
        if (!isControlClient(socket->peerAddress()))
            reply = refused(403, QStringLiteral("control endpoints answer clients on this computer only"));
        else if ((method == "POST" || method == "PUT") &&
                 !isJsonContentType(headerValue(request, "content-type")))
            reply = refused(
                415, QStringLiteral("control requests must be sent as Content-Type: application/json"));
        else
            reply = handleControl(method, path, QUrlQuery(request.url()), request.body());
        send(socket, reply, requestId, 0);
        return;
    }
    if (SimSsoOidcService::accepts(path)) {
        // SSO OIDC: restJson, unsigned as at AWS; faultable by operation name like the rest.
        const QByteArray body = request.body();
        handleService(
            socket, method, requestId,
            [&](const SimCallContext& c, QJsonObject* log) {
                return m_ssoOidc.handle(method, path, body, serverUrl(), c.now, log);
            },
            &SimSsoOidcService::injectedError);
        return;
    }
    if (SimSsoService::accepts(path)) {
        // The SSO portal: bearer token, not SigV4; logged without the token.
        const QString operation = SimSsoService::operationOf(path);
        const SimReply sso = m_sso.handle(method, path, QUrlQuery(request.url()),
                                          headerValue(request, "x-amz-sso_bearer_token"), m_service.now());
        QJsonObject entry;
        entry.insert(QStringLiteral("time"), SimService::isoTime(m_service.now()));
        entry.insert(QStringLiteral("requestId"), requestId);
        entry.insert(QStringLiteral("method"), QString::fromLatin1(method));
        entry.insert(QStringLiteral("service"), QStringLiteral("sso"));
        entry.insert(QStringLiteral("operation"), operation);
        entry.insert(QStringLiteral("signed"), !request.value("authorization").isEmpty());
        entry.insert(QStringLiteral("status"), sso.status);
        if (!sso.errorCode.isEmpty())
            entry.insert(QStringLiteral("errorCode"), sso.errorCode);
        m_requestLog.append(entry);
        while (m_requestLog.size() > kMaxLogEntries)
            m_requestLog.removeFirst();
        emit requestServed(operation, sso.status);
        send(socket, sso, requestId, 0);
        return;
    }

    HttpRequestData data;
    data.method = method;
    // The path as it was on the wire: SigV4 encodes that once more ("twice" for non-S3 services),
    // so a decoded %20 or %2F would verify a different canonical request than AWS does.
    data.path = request.url().path(QUrl::FullyEncoded).toUtf8();
    data.query = request.url().query(QUrl::FullyEncoded).toUtf8();
    data.headers = request.headers();
    data.body = request.body();
    // The services a prerequisite check calls share the port, routed by the signing scope's service
    // and the request's shape, as AWS's separate hosts would be.
    if (SimS3Service::accepts(data)) {
        handleService(
            socket, method, requestId,
            [&](const SimCallContext& c, QJsonObject* log) { return m_s3.handle(data, c, log); },
            [&](int status, const QString& code, const QString& message) {
                return SimS3Service::error(status, code, message, requestId);
            });
        return;
    }
    if (SimIamService::accepts(data)) {
        handleService(
            socket, method, requestId,
            [&](const SimCallContext& c, QJsonObject* log) { return m_iam.handle(data, c, log); },
            [&](int status, const QString& code, const QString& message) {
                return SimIamService::error(status, code, message, requestId);
            });
        return;
    }
    if (SimSecretsManagerService::accepts(data)) {
        handleService(
            socket, method, requestId,
            [&](const SimCallContext& c, QJsonObject* log) { return m_secretsManager.handle(data, c, log); },
            &SimSecretsManagerService::error);
        return;
    }
    if (SimKmsService::accepts(data)) {
        handleService(
            socket, method, requestId,
            [&](const SimCallContext& c, QJsonObject* log) { return m_kms.handle(data, c, log); },
            &SimKmsService::error);
        return;
    }
    if (SimStsService::accepts(data)) {
        // STS (awsQuery) shares the port, told apart by its form-encoded body.
        QJsonObject entry;
        entry.insert(QStringLiteral("time"), SimService::isoTime(m_service.now()));
        entry.insert(QStringLiteral("requestId"), requestId);
        entry.insert(QStringLiteral("method"), QString::fromLatin1(method));
        const SimFaultDecision decision = m_faults.decide(SimStsService::actionOf(data));
        SimReply sts = m_sts.handle(data, m_service.scenario().keyPairs + m_sso.issuedKeyPairs(), region(),
                                    m_service.now(), requestId, &entry);
        if (decision.action == SimFaultDecision::Action::Error)
            sts = SimStsService::error(decision.status, decision.code, decision.message, requestId);
        if (!decision.rule.isEmpty())
            entry.insert(QStringLiteral("fault"), decision.rule);
        entry.insert(QStringLiteral("status"), sts.status);
        if (!sts.errorCode.isEmpty())
            entry.insert(QStringLiteral("errorCode"), sts.errorCode);
        m_requestLog.append(entry);
        emit requestServed(entry.value(QLatin1String("operation")).toString(), sts.status);
        send(socket, sts, requestId, decision.latencyMs, decision.action);
        return;
    }

    const QByteArray target = data.header("x-amz-target");
    QString operation = QString::fromUtf8(target);
    if (operation.startsWith(kTargetPrefix))
        operation = operation.mid(kTargetPrefix.size());

    QJsonObject entry;
    entry.insert(QStringLiteral("time"), SimService::isoTime(m_service.now()));
    entry.insert(QStringLiteral("requestId"), requestId);
    entry.insert(QStringLiteral("method"), QString::fromLatin1(method));
    entry.insert(QStringLiteral("operation"), operation);
    entry.insert(QStringLiteral("xAmzDate"), QString::fromLatin1(data.header("x-amz-date")));
    entry.insert(QStringLiteral("amzSdkRequest"), QString::fromLatin1(data.header("amz-sdk-request")));
    entry.insert(QStringLiteral("amzSdkInvocationId"),
                 QString::fromLatin1(data.header("amz-sdk-invocation-id")));
    entry.insert(QStringLiteral("userAgent"), QString::fromUtf8(data.header("user-agent")));
    // Which project a per-project call was about, so tests can tell which ones a client asked.
    if (operation.contains(QLatin1String("ExtensionPack"))) {
        const QString project = QJsonDocument::fromJson(data.body)
                                    .object()
                                    .value(QStringLiteral("MigrationProjectIdentifier"))
                                    .toString();
        if (!project.isEmpty())
            entry.insert(QStringLiteral("project"), project);
    }

    const SimAuthResult auth = m_verifier.verify(
        data, m_service.scenario().keyPairs + m_sso.issuedKeyPairs() + m_sts.issuedKeyPairs(), region(),
        m_service.now());
    entry.insert(QStringLiteral("accessKeyId"), auth.accessKeyId);
    entry.insert(QStringLiteral("signatureValid"), auth.signatureValid);
    SimReply reply;
    SimFaultDecision decision;
    if (!auth.ok) {
        entry.insert(QStringLiteral("authError"), auth.code);
        reply = SimService::commonError(auth.status, auth.code, auth.message);
    } else {
        decision = m_faults.decide(operation);
        const QByteArray contentType = data.header("content-type").trimmed();
        if (decision.action == SimFaultDecision::Action::Error) {
            reply = decision.code == FaultCode::ThrottlingException || decision.status < 500
                        ? SimService::commonError(decision.status, decision.code, decision.message)
                        : SimReply::error(decision.status, decision.code, decision.message);
            if (decision.retryAfterMs >= 0)
                reply.headers.append(
                    {QByteArrayLiteral("x-amz-retry-after"), QByteArray::number(decision.retryAfterMs)});
        } else if (decision.action == SimFaultDecision::Action::Html502) {
            reply.status = 502;
            reply.contentType = "text/html";
            reply.errorCode = QStringLiteral("BadGateway");
            reply.body =
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
                "Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
        } else if (decision.action == SimFaultDecision::Action::ConnectionReset && !decision.processed) {
            // Dropped before the service saw it, as a load balancer that fails to forward.
        } else if (method != "POST" || !target.startsWith(kTargetPrefix.data()) ||
                   (contentType != "application/x-amz-json-1.1" &&
                    contentType != "application/x-amz-json-1.0")) {
            reply = SimService::commonError(400, FaultCode::UnknownOperationException, QString());
        } else {
            reply = m_service.handle(operation, pagedBody(decision, data.body));
            markPage(decision, reply);
        }
    }
    if (!decision.rule.isEmpty())
        entry.insert(QStringLiteral("fault"), decision.rule);
    const bool dropped = decision.action == SimFaultDecision::Action::ConnectionReset;
    entry.insert(QStringLiteral("status"), dropped ? 0 : reply.status);
    if (!reply.errorCode.isEmpty())
        entry.insert(QStringLiteral("errorCode"), reply.errorCode);
    m_requestLog.append(entry);
    while (m_requestLog.size() > kMaxLogEntries)
        m_requestLog.removeFirst();
    emit requestServed(operation, dropped ? 0 : reply.status);
    send(socket, reply, requestId, decision.latencyMs, decision.action);
}

void DmsSimulator::handleService(QTcpSocket* socket, const QByteArray& method, const QString& requestId,
                                 const std::function<SimReply(const SimCallContext&, QJsonObject*)>& serve,
                                 const std::function<SimReply(int, const QString&, const QString&)>& error)
{
    QJsonObject entry;
    entry.insert(QStringLiteral("time"), SimService::isoTime(m_service.now()));
    entry.insert(QStringLiteral("requestId"), requestId);
    entry.insert(QStringLiteral("method"), QString::fromLatin1(method));
    SimCallContext context;
    context.scenario = &m_service.scenario();
    context.keys = m_service.scenario().keyPairs + m_sso.issuedKeyPairs() + m_sts.issuedKeyPairs();
    context.now = m_service.now();
    context.requestId = requestId;
    context.callerArn = [this, keys = context.keys](const QString& accessKeyId) {
        return m_sts.callerArn(accessKeyId, keys);
    };
    SimReply reply = serve(context, &entry);
    const QString operation = entry.value(QLatin1String("operation")).toString();
    SimFaultDecision decision;
    // Faults apply after authentication, as for DMS.
    if (!entry.contains(QLatin1String("authError"))) {
        decision = m_faults.decide(operation);
        if (decision.action == SimFaultDecision::Action::Error) {
            reply = error(decision.status, decision.code, decision.message);
            if (decision.retryAfterMs >= 0)
                reply.headers.append(
                    {QByteArrayLiteral("x-amz-retry-after"), QByteArray::number(decision.retryAfterMs)});
        } else if (decision.action == SimFaultDecision::Action::Html502) {
            reply = SimReply();
            reply.status = 502;
            reply.contentType = "text/html";
            reply.errorCode = QStringLiteral("BadGateway");
            reply.body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
                         "Gateway</h1></center></body></html>\r\n";
        }
        if (!decision.rule.isEmpty())
            entry.insert(QStringLiteral("fault"), decision.rule);
    }
    const bool dropped = decision.action == SimFaultDecision::Action::ConnectionReset;
    entry.insert(QStringLiteral("status"), dropped ? 0 : reply.status);
    if (!reply.errorCode.isEmpty())
        entry.insert(QStringLiteral("errorCode"), reply.errorCode);
    m_requestLog.append(entry);
    while (m_requestLog.size() > kMaxLogEntries)
        m_requestLog.removeFirst();
    emit requestServed(operation, dropped ? 0 : reply.status);
    send(socket, reply, requestId, decision.latencyMs, decision.action);
}

QByteArray DmsSimulator::pagedBody(const SimFaultDecision& decision, const QByteArray& body)
{
    using Action = SimFaultDecision::Action;
    if (decision.action != Action::RepeatMarker && decision.action != Action::EndlessMarkers &&
        decision.action != Action::PageSize)
        return body;
    QJsonObject request = QJsonDocument::fromJson(body).object();
    if (decision.action == Action::PageSize)
        request.insert(QStringLiteral("MaxRecords"), decision.records);
    else
        request.remove(QStringLiteral("Marker")); // the faked markers mean nothing to the service
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

void DmsSimulator::markPage(const SimFaultDecision& decision, SimReply& reply)
{
    using Action = SimFaultDecision::Action;
    if (reply.status == 200 && decision.action == Action::EmptyAnswer) {
        reply.body = "{}";
        return;
    }
    if (reply.status != 200 ||
        (decision.action != Action::RepeatMarker && decision.action != Action::EndlessMarkers))
        return;
    QJsonObject answer = QJsonDocument::fromJson(reply.body).object();
    answer.insert(QStringLiteral("Marker"),
                  decision.action == Action::RepeatMarker
                      ? QStringLiteral("dmsx-sim-repeated-marker")
                      : QStringLiteral("dmsx-sim-endless-%1").arg(++m_endlessMarkers));
    reply.body = QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

bool DmsSimulator::isControlClient(const QHostAddress& peer)
{
    bool mapped = false;
    const quint32 v4 = peer.toIPv4Address(&mapped); // ::ffff:127.0.0.1 from a dual-stack socket
    return mapped ? QHostAddress(v4).isLoopback() : peer.isLoopback();
}

bool DmsSimulator::isJsonContentType(const QByteArray& value)
{
    const qsizetype semicolon = value.indexOf(';');
    const QByteArray mediaType = (semicolon < 0 ? value : value.left(semicolon)).trimmed().toLower();
    return mediaType == "application/json";
}

bool DmsSimulator::approveDeviceAuthorization(const QString& userCode)
{
    return m_ssoOidc.approve(userCode, m_service.now());
}

bool DmsSimulator::denyDeviceAuthorization(const QString& userCode)
{
    return m_ssoOidc.deny(userCode, m_service.now());
}

SimReply DmsSimulator::handleControl(const QByteArray& method, const QString& path, const QUrlQuery& query,
                                     const QByteArray& body)
{
    auto bodyJson = [&]() -> std::optional<QJsonDocument> {
        QJsonParseError error;
        QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError)
            return std::nullopt;
        return doc;
    };
    auto bad = [](const QString& message) {
        QJsonObject o;
        o.insert(QStringLiteral("error"), message);
        return SimReply::json(o, 400);
    };
    if (path == u"/__sim/requests") {
        if (method == "DELETE") {
            clearRequestLog();
            return SimReply::json(QJsonObject());
        }
        QJsonObject o;
        o.insert(QStringLiteral("requests"), m_requestLog);
        return SimReply::json(o);
    }
    if (path == u"/__sim/faults") {
        if (method == "POST" || method == "PUT") {
            const auto doc = bodyJson();
            if (!doc)
                return bad(QStringLiteral("body is not JSON"));
            const Result<void> r =
                m_faults.setConfig(doc->isArray() ? QJsonValue(doc->array()) : QJsonValue(doc->object()));
            if (!r)
                return bad(r.fault().message);
        }
        QJsonObject o;
        o.insert(QStringLiteral("faults"), m_faults.config());
        return SimReply::json(o);
    }
    if (path == u"/__sim/clock") {
        if (method == "POST" || method == "PUT") {
            const auto doc = bodyJson();
            if (!doc || !doc->object().value(QLatin1String("offsetSeconds")).isDouble())
                return bad(QStringLiteral("expected {\"offsetSeconds\": N}"));
            m_service.setClockOffsetSeconds(doc->object().value(QLatin1String("offsetSeconds")).toInteger());
        }
        QJsonObject o;
        o.insert(QStringLiteral("now"), SimService::isoTime(m_service.now()));
        o.insert(QStringLiteral("offsetSeconds"), m_service.clockOffsetSeconds());
        o.insert(QStringLiteral("timeScale"), m_service.timeScale());
        return SimReply::json(o);
    }
    if (path == u"/__sim/cancel" && (method == "POST" || method == "PUT")) {
        const auto doc = bodyJson();
        const QString requestId =
            doc ? doc->object().value(QLatin1String("requestId")).toString() : QString();
        if (requestId.isEmpty())
            return bad(QStringLiteral("expected {\"requestId\": \"...\"}"));
        if (!cancelAssociation(requestId))
            return bad(QStringLiteral("no RECEIVED or IN_PROGRESS request %1").arg(requestId));
        QJsonObject o;
        o.insert(QStringLiteral("requestId"), requestId);
        o.insert(QStringLiteral("status"), QStringLiteral("CANCELED"));
        return SimReply::json(o);
    }
    if ((path == u"/__sim/sso/approve" || path == u"/__sim/sso/deny") && method == "POST") {
        const auto doc = bodyJson();
        const QString userCode = doc ? doc->object().value(QLatin1String("userCode")).toString() : QString();
        if (userCode.isEmpty())
            return bad(QStringLiteral("expected {\"userCode\": \"XXXX-XXXX\"}"));
        const bool done = path == u"/__sim/sso/approve" ? approveDeviceAuthorization(userCode)
                                                        : denyDeviceAuthorization(userCode);
        if (!done)
            return bad(
                QStringLiteral("no pending sign-in has that user code (unknown, expired or answered)"));
        return SimReply::json(QJsonObject());
    }
    if (path == u"/__sim/sso/device" && method == "GET")
        return m_ssoOidc.devicePage(query.queryItemValue(QStringLiteral("user_code"), QUrl::FullyDecoded),
                                    m_service.now());
    QJsonObject o;
    o.insert(QStringLiteral("error"), QStringLiteral("unknown control endpoint"));
    return SimReply::json(o, 404);
}

void DmsSimulator::send(QTcpSocket* socket, const SimReply& reply, const QString& requestId, int latencyMs,
                        SimFaultDecision::Action action)
{
    if (latencyMs <= 0) {
        writeNow(socket, reply, requestId, action);
        return;
    }
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(latencyMs, this, [this, guarded, reply, requestId, action] {
        if (guarded && guarded->state() == QAbstractSocket::ConnectedState)
            writeNow(guarded, reply, requestId, action);
    });
}

void DmsSimulator::writeNow(QTcpSocket* socket, const SimReply& reply, const QString& requestId,
                            SimFaultDecision::Action action)
{
    if (action == SimFaultDecision::Action::ConnectionReset) {
        // SO_LINGER 0 makes close() send an RST, as a crashed load balancer would.
        const qintptr fd = socket->socketDescriptor();
        if (fd >= 0) {
            struct linger lingerOption = {1, 0};
            ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &lingerOption, sizeof lingerOption);
        }
        socket->abort();
        return;
    }
    const bool truncate = action == SimFaultDecision::Action::TruncatedBody;
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    out += "x-amzn-RequestId: " + requestId.toLatin1() + "\r\n";
    out += "Date: " + httpDate(m_service.now()) + "\r\n";
    out += "Content-Type: " + reply.contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(reply.body.size() + (truncate ? 64 : 0)) + "\r\n";
    for (const auto& header : reply.headers)
        out += header.first + ": " + header.second + "\r\n";
    out += "\r\n";
    out += reply.body;
    socket->write(out);
    if (truncate)
        socket->disconnectFromHost();
}

} // namespace dmsx
