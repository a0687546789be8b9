// The transport against a scripted loopback socket server: exact bytes on the wire, response
// classification, proxies and the secret hygiene of its logging. No simulator process needed;
// only the simulator's signature check, to verify what arrived.
#include "DmsSimulator.h"
#include "FullBacklog.h"
#include "ScriptedHttpServer.h"
#include "SimAuthVerifier.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Version.h"
#include "dms/DmsClient.h"
#include "net/AwsErrorParser.h"
#include "net/AwsJsonTransport.h"
#include "net/RetryStrategy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

using namespace dmsx;

namespace {

AwsCredentials creds()
{
    AwsCredentials c;
    c.accessKeyId = QStringLiteral("ASIAUNITTESTKEY00001");
    c.secretAccessKey = QStringLiteral("UnitTestSecretKeyThatMustNeverBeLogged1");
    c.sessionToken = QStringLiteral("UnitTestSessionTokenThatMustNeverBeLogged");
    return c;
}

TransportConfig configFor(quint16 port)
{
    TransportConfig c;
    c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    c.region = QStringLiteral("us-east-1");
    c.credentials = [] { return Result<AwsCredentials>(creds()); };
    c.environment = QProcessEnvironment();
    return c;
}

std::optional<Result<QJsonObject>> runCall(AwsJsonTransport& t, const QString& op,
                                           const QJsonObject& input = QJsonObject())
{
    PendingCall* call = t.call(op, input);
    std::optional<Result<QJsonObject>> out;
    QObject::connect(call, &PendingCall::finished, call, [&out, call] { out.emplace(call->result()); });
    QElapsedTimer timer;
    timer.start();
    while (!out && timer.elapsed() < 20000)
        QTest::qWait(5);
    return out;
}

// Header value from a raw request, case-insensitively.
QByteArray headerOf(const QByteArray& raw, const QByteArray& name)
{
    const QList<QByteArray> lines = raw.left(raw.indexOf("\r\n\r\n")).split('\n');
    for (const QByteArray& l : lines) {
        const int colon = int(l.indexOf(':'));
        if (colon > 0 && l.left(colon).trimmed().toLower() == name)
            return l.mid(colon + 1).trimmed();
    }
    return {};
}

QtMessageHandler g_previous = nullptr;
QStringList* g_captured = nullptr;
void capture(QtMsgType type, const QMessageLogContext& ctx, const QString& msg)
{
    if (g_captured)
        g_captured->append(msg);
    if (g_previous)
        g_previous(type, ctx, msg);
}

// Answers every request with a 200 whose body never ends (chunked), or that announces
// `announced` bytes and sends them as fast as the socket takes them; counts what it wrote.
class FloodingServer : public QTcpServer
{
public:
    explicit FloodingServer(qint64 announced = -1) : m_announced(announced)
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    if (!s->property("answered").toBool() && s->readAll().contains("\r\n\r\n")) {
                        s->setProperty("answered", true);
                        s->write(
                            m_announced < 0
                                ? QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\n")
                                : QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
                                             "Content-Length: ") +
                                      QByteArray::number(m_announced) + "\r\n\r\n");
                        feed(s);
                    }
                });
                connect(s, &QTcpSocket::bytesWritten, s, [this, s] {
                    if (s->bytesToWrite() < 256 * 1024)
                        feed(s);
                });
                connect(s, &QTcpSocket::disconnected, s, [this, s] {
                    closed = true;
                    s->deleteLater();
                });
            }
        });
    }
    qint64 bodyBytesWritten = 0;
    bool closed = false;

private:
    void feed(QTcpSocket* s)
    {
        if (!s->property("answered").toBool() || s->state() != QAbstractSocket::ConnectedState)
            return;
        static const QByteArray chunk(64 * 1024, ' ');
        if (m_announced >= 0 && bodyBytesWritten >= m_announced)
            return;
        s->write(m_announced < 0 ? QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n" : chunk);
        bodyBytesWritten += chunk.size();
    }
    qint64 m_announced;
};

// Accepts connections and reads every request, never answering: a server that went silent.
class SilentServer : public QTcpServer
{
public:
    SilentServer()
    {
        listen(QHostAddress::LocalHost);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, s, [s] { s->readAll(); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    int connections = 0;
};

} // namespace

class TestAwsJsonTransport : public QObject
{
    Q_OBJECT
private slots:
    void requestOnTheWire()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{\"ok\":true}")});
        QNetworkAccessManager nam;
        ManualClock clock(QDateTime(QDate(2026, 1, 9), QTime(12, 30), Qt::UTC));
        AwsJsonTransport t(configFor(server.port()), &nam, &clock);
        QJsonObject input;
        input.insert(QStringLiteral("MaxRecords"), 20);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"), input);
        QVERIFY(out && out->ok());
        QCOMPARE(out->value().value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(server.requests.size(), 1);
        const QByteArray raw = server.requests.first();
        QVERIFY(raw.startsWith("POST / HTTP/1.1\r\n"));
        QCOMPARE(headerOf(raw, "host"), QByteArray("127.0.0.1:") + QByteArray::number(server.port()));
        QCOMPARE(headerOf(raw, "content-type"), QByteArray("application/x-amz-json-1.1"));
        QCOMPARE(headerOf(raw, "x-amz-target"), QByteArray("AmazonDMSv20160101.DescribeMigrationProjects"));
        QCOMPARE(headerOf(raw, "x-amz-date"), QByteArray("20260109T123000Z"));
        QCOMPARE(headerOf(raw, "x-amz-security-token"), creds().sessionToken.toLatin1());
        QCOMPARE(headerOf(raw, "amz-sdk-request"), QByteArray("attempt=1; max=3"));
        QVERIFY(QRegularExpression(
                    QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
                    .match(QString::fromLatin1(headerOf(raw, "amz-sdk-invocation-id")))
                    .hasMatch());
        QCOMPARE(headerOf(raw, "user-agent"), QByteArray(DMSX_USER_AGENT));
        QCOMPARE(headerOf(raw, "content-length"), QByteArray("17"));
        QVERIFY(raw.endsWith("\r\n\r\n{\"MaxRecords\":20}"));

        const QByteArray auth = headerOf(raw, "authorization");
        QVERIFY(auth.startsWith(
            "AWS4-HMAC-SHA256 Credential=ASIAUNITTESTKEY00001/20260109/us-east-1/dms/aws4_request"));
        const QByteArray signedHeaders = auth.mid(auth.indexOf("SignedHeaders=") + 14).split(',').first();
        const QList<QByteArray> names = signedHeaders.split(';');
        for (const char* n : {"host", "content-type", "x-amz-target", "x-amz-date", "x-amz-security-token",
                              "amz-sdk-invocation-id", "amz-sdk-request", "content-length"})
            QVERIFY2(names.contains(QByteArray(n)), n);
        QVERIFY(!names.contains("user-agent"));
        // The signature verifies over the bytes that actually arrived.
        HttpRequestData parsed;
        const int headEnd = int(raw.indexOf("\r\n\r\n"));
        const QList<QByteArray> lines = raw.left(headEnd).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const int colon = int(lines[i].indexOf(':'));
            parsed.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
        }
        parsed.method = "POST";
        parsed.path = "/";
        parsed.body = raw.mid(headEnd + 4);
        const QByteArray expected = SimAuthVerifier().expectedSignature(
            parsed, signedHeaders, creds().secretAccessKey, creds().accessKeyId, QStringLiteral("us-east-1"),
            QStringLiteral("dms"));
        QCOMPARE(auth.mid(auth.indexOf("Signature=") + 10), expected);
    }

    // A custom endpoint under an escaped path: what goes on the wire is that path, and the
    // signature covers it encoded once more, as AWS (and the official SDKs) compute it.
    void escapedEndpointPathIsSignedEncodedTwice()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        c.endpoint.setPath(QStringLiteral("/dms%20gw/a%2Fb/"), QUrl::TolerantMode);
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeInstanceProfiles"));
        QVERIFY(out && out->ok());
        const QByteArray raw = server.requests.first();
        QVERIFY2(raw.startsWith("POST /dms%20gw/a%2Fb/ HTTP/1.1\r\n"),
                 raw.left(raw.indexOf('\r')).constData());

        const QByteArray auth = headerOf(raw, "authorization");
        const QByteArray signedHeaders = auth.mid(auth.indexOf("SignedHeaders=") + 14).split(',').first();
        HttpRequestData parsed;
        const int headEnd = int(raw.indexOf("\r\n\r\n"));
        const QList<QByteArray> lines = raw.left(headEnd).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const int colon = int(lines[i].indexOf(':'));
            parsed.headers.append({lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
        }
        parsed.method = "POST";
        parsed.path = "/dms%20gw/a%2Fb/"; // canonical: /dms%2520gw/a%252Fb/ (tst_canonicalrequest)
        parsed.body = raw.mid(headEnd + 4);
        const QByteArray expected = SimAuthVerifier().expectedSignature(
            parsed, signedHeaders, creds().secretAccessKey, creds().accessKeyId, QStringLiteral("us-east-1"),
            QStringLiteral("dms"));
        QCOMPARE(auth.mid(auth.indexOf("Signature=") + 10), expected);
    }

    // End to end: the simulator, mounted under such a path, accepts the signature.
    void escapedEndpointPathAgainstTheSimulator()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadDemoScenario().ok());
        QVERIFY(sim.listen().ok());
        QNetworkAccessManager nam;
        TransportConfig c;
        c.endpoint = sim.serverUrl();
        c.endpoint.setPath(QStringLiteral("/dms%20gw/a%2Fb/"), QUrl::TolerantMode);
        c.region = sim.region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        c.maxAttempts = 1;
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeInstanceProfiles"));
        QVERIFY(out);
        QVERIFY2(out->ok(), qPrintable(out->fault().code + QLatin1Char(' ') + out->fault().message));
        QVERIFY(sim.requestLog().first().toObject().value(QLatin1String("signatureValid")).toBool());
    }

    void emptyInputIsAnEmptyObject()
    {
        ScriptedHttpServer server({scriptedHttp(200, "")});
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.port()), &nam);
        const auto out = runCall(t, QStringLiteral("DescribeInstanceProfiles"));
        QVERIFY(out && out->ok());
        QVERIFY(out->value().isEmpty()); // an empty success body reads as {}
        QVERIFY(server.requests.first().endsWith("\r\n\r\n{}"));
    }

    void hostHeader()
    {
        QCOMPARE(AwsJsonTransport::hostHeader(QUrl(QStringLiteral("https://dms.us-east-1.amazonaws.com"))),
                 QByteArray("dms.us-east-1.amazonaws.com"));
        QCOMPARE(
            AwsJsonTransport::hostHeader(QUrl(QStringLiteral("https://dms.us-east-1.amazonaws.com:443"))),
            QByteArray("dms.us-east-1.amazonaws.com"));
        QCOMPARE(AwsJsonTransport::hostHeader(QUrl(QStringLiteral("http://localhost:80/"))),
                 QByteArray("localhost"));
        QCOMPARE(AwsJsonTransport::hostHeader(QUrl(QStringLiteral("https://localhost:4566"))),
                 QByteArray("localhost:4566"));
        QCOMPARE(AwsJsonTransport::hostHeader(QUrl(QStringLiteral("http://[::1]:8080"))),
                 QByteArray("[::1]:8080"));
    }

    void idempotency()
    {
        QVERIFY(!AwsJsonTransport::isIdempotent(QStringLiteral("StartExtensionPackAssociation")));
        QVERIFY(AwsJsonTransport::isIdempotent(QStringLiteral("DescribeExtensionPackAssociations")));
        QVERIFY(AwsJsonTransport::isIdempotent(QStringLiteral("DescribeMigrationProjects")));
    }

    void responseClassification_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kind");
        QTest::newRow("html 200") << scriptedHttp(200, "<html><body>captive portal</body></html>",
                                                  "text/html")
                                  << "NonJsonResponse" << int(FaultKind::Protocol);
        QTest::newRow("cut json") << scriptedHttp(200,
                                                  "{\"MigrationProjects\":[{\"MigrationProjectName\":\"p")
                                  << "TruncatedResponse" << int(FaultKind::Protocol);
        QTest::newRow("json array") << scriptedHttp(200, "[1,2]") << "InvalidResponse"
                                    << int(FaultKind::Protocol);
        QTest::newRow("service fault")
            << scriptedHttp(400,
                            "{\"__type\":\"com.amazonaws.dms#ResourceNotFoundFault\",\"message\":\"nope\"}")
            << "ResourceNotFoundFault" << int(FaultKind::Service);
        // AWS refusing the keys is a credentials problem to the caller (the CLI exits 3), while
        // refusing a permission stays a service answer.
        QTest::newRow("expired token")
            << scriptedHttp(403, "{\"__type\":\"ExpiredTokenException\",\"message\":\"expired\"}")
            << "ExpiredTokenException" << int(FaultKind::Credentials);
        QTest::newRow("unknown key")
            << scriptedHttp(403, "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\"}")
            << "UnrecognizedClientException" << int(FaultKind::Credentials);
        QTest::newRow("wrong secret")
            << scriptedHttp(403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"no match\"}")
            << "InvalidSignatureException" << int(FaultKind::Credentials);
        QTest::newRow("access denied")
            << scriptedHttp(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}")
            << "AccessDeniedException" << int(FaultKind::Service);
    }

    // The credentials classification comes after the retry rules: an expired signature is still
    // retried (the clock may be corrected) before the last answer is reported as a key problem.
    void anExpiredSignatureIsRetriedThenReportedAsCredentials()
    {
        const QByteArray expired = scriptedHttp(
            403,
            "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: 20260109T123000Z "
            "is now earlier than 20260109T123500Z\"}");
        ScriptedHttpServer server({expired});
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.port()), &nam, nullptr, [] { return 0.0; });
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && !out->ok());
        QCOMPARE(server.requests.size(), 3);
        QCOMPARE(out->fault().kind, FaultKind::Credentials);
        QCOMPARE(out->fault().httpStatus, 403);
        QVERIFY(RetryStrategy::classify(out->fault(), false) != RetryClass::None);
    }

    // Connected, request written, then nothing: the read timeout names itself and its length. An
    // idempotent read is tried again; a Start is not, since AWS may have it.
    void aSilentServerHitsTheReadTimeout()
    {
        SilentServer server;
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.serverPort());
        c.readTimeoutMs = 300;
        c.attemptTimeoutMs = 0;
        AwsJsonTransport t(c, &nam, nullptr, [] { return 0.0; });
        const auto read = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(read && !read->ok());
        const Fault& f = read->fault();
        QCOMPARE(f.kind, FaultKind::Transport);
        QCOMPARE(f.code, FaultCode::Timeout);
        QCOMPARE(f.detail, QStringLiteral("read timeout"));
        QVERIFY2(f.message.contains(
                     QStringLiteral("No data from 127.0.0.1:%1 for 300 ms").arg(server.serverPort())),
                 qPrintable(f.message));
        QVERIFY(f.requestWasSent);
        QCOMPARE(f.attempts, 3);

        QJsonObject in{{QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("p")}};
        const int before = server.connections;
        const auto start = runCall(t, QStringLiteral("StartExtensionPackAssociation"), in);
        QVERIFY(start && !start->ok());
        QCOMPARE(start->fault().detail, QStringLiteral("read timeout"));
        QCOMPARE(start->fault().attempts, 1);
        QVERIFY(start->fault().requestMayHaveBeenProcessed);
        QCOMPARE(server.connections - before, 1);
    }

    // 0 is no read timeout: a slow answer still arrives.
    void noReadTimeoutWaits()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        c.readTimeoutMs = 0;
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && out->ok());
    }

    // No connection at all: the connect timeout, and since nothing was sent even a Start is tried
    // again.
    void aConnectThatNeverCompletesHitsTheConnectTimeout()
    {
        FullBacklog backlog;
        QVERIFY(backlog.isFull());
        QNetworkAccessManager nam;
        TransportConfig c = configFor(backlog.port());
        c.connectTimeoutMs = 1000;
        c.readTimeoutMs = 100; // never reached: nothing is sent
        AwsJsonTransport t(c, &nam, nullptr, [] { return 0.0; });
        QJsonObject in{{QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("p")}};
        const auto out = runCall(t, QStringLiteral("StartExtensionPackAssociation"), in);
        QVERIFY(out && !out->ok());
        const Fault& f = out->fault();
        QCOMPARE(f.code, FaultCode::Timeout);
        QCOMPARE(f.detail, QStringLiteral("connect timeout"));
        QVERIFY2(f.message.contains(
                     QStringLiteral("No connection to 127.0.0.1:%1 within 1 s").arg(backlog.port())),
                 qPrintable(f.message));
        QVERIFY(!f.requestWasSent);
        QVERIFY(!f.requestMayHaveBeenProcessed);
        QCOMPARE(f.attempts, 3);
    }

    void credentialRejectionCodes()
    {
        for (const QLatin1StringView code :
             {FaultCode::ExpiredTokenException, FaultCode::ExpiredToken, FaultCode::InvalidClientTokenId,
              FaultCode::UnrecognizedClientException, FaultCode::InvalidSignatureException,
              FaultCode::SignatureDoesNotMatch})
            QVERIFY2(AwsErrorParser::rejectsCredentials(code), code.data());
        for (const QLatin1StringView code :
             {FaultCode::AccessDeniedException, FaultCode::AccessDenied, FaultCode::ThrottlingException,
              FaultCode::ResourceNotFoundFault, FaultCode::MissingCredentials})
            QVERIFY2(!AwsErrorParser::rejectsCredentials(code), code.data());
    }
    void responseClassification()
    {
        QFETCH(QByteArray, response);
        QFETCH(QString, code);
        QFETCH(int, kind);
        ScriptedHttpServer server({response});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        c.maxAttempts = 1;
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeDataProviders"));
        QVERIFY(out && !out->ok());
        const Fault& f = out->fault();
        QCOMPARE(f.code, code);
        QCOMPARE(int(f.kind), kind);
        QVERIFY(f.requestId.startsWith(QLatin1String("rid-")));
        QCOMPARE(f.operation, QStringLiteral("DescribeDataProviders"));
        QCOMPARE(f.endpoint, QStringLiteral("127.0.0.1:%1").arg(server.port()));
        QCOMPARE(f.attempts, 1);
        QVERIFY(f.httpStatus >= 200);
        QVERIFY(!f.rawBody.isEmpty());
    }

    void idempotentCallSurvivesAReset()
    {
        // The first connection is dropped without an answer; the call still succeeds.
        ScriptedHttpServer server({QByteArray(), scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.port()), &nam, nullptr, [] { return 0.0; });
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && out->ok());
        QCOMPARE(server.requests.size(), 2);
    }

    void nonIdempotentCallIsNotResentByQt()
    {
        ScriptedHttpServer server({QByteArray(), scriptedHttp(200, "{\"RequestIdentifier\":\"r\"}")});
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.port()), &nam, nullptr, [] { return 0.0; });
        QJsonObject in;
        in.insert(QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("p"));
        const auto out = runCall(t, QStringLiteral("StartExtensionPackAssociation"), in);
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, FaultCode::ConnectionReset);
        QVERIFY(out->fault().requestMayHaveBeenProcessed);
        QTest::qWait(100);
        QCOMPARE(server.requests.size(), 1);
    }

    void cancelBeforeSendingAndDuringBackoff()
    {
        ScriptedHttpServer server(
            {scriptedHttp(503, "{\"__type\":\"ServiceUnavailable\"}"), scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.port()), &nam, nullptr, [] { return 0.99; });

        PendingCall* first = t.call(QStringLiteral("StartExtensionPackAssociation"), QJsonObject());
        connect(first, &PendingCall::attemptStarted, first, [first] { first->cancel(); });
        std::optional<Result<QJsonObject>> out;
        connect(first, &PendingCall::finished, this, [&] { out.emplace(first->result()); });
        QTRY_VERIFY(out.has_value());
        QCOMPARE(out->fault().kind, FaultKind::Cancelled);
        QVERIFY(!out->fault().requestWasSent);
        QVERIFY(!out->fault().requestMayHaveBeenProcessed);
        QTest::qWait(50);
        QCOMPARE(server.requests.size(), 0);

        PendingCall* second = t.call(QStringLiteral("DescribeMigrationProjects"), QJsonObject());
        connect(second, &PendingCall::retrying, second, [second] { second->cancel(); });
        out.reset();
        connect(second, &PendingCall::finished, this, [&] { out.emplace(second->result()); });
        QTRY_VERIFY(out.has_value());
        QCOMPARE(out->fault().kind, FaultKind::Cancelled);
        QVERIFY(out->fault().requestWasSent);
        QTest::qWait(100);
        QCOMPARE(server.requests.size(), 1); // the retry never went out
    }

    void missingCredentialsNeverSend()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        c.credentials = [] {
            return Result<AwsCredentials>(
                Fault::make(FaultKind::Credentials, FaultCode::NoCredentials, QStringLiteral("none found")));
        };
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().kind, FaultKind::Credentials);
        QVERIFY(!out->fault().requestWasSent);
        QCOMPARE(server.requests.size(), 0);
    }

    // Credentials that expired while nothing was calling: the call waits for the refreshed ones
    // (once) and goes out signed with them; a refresh that fails ends the call unsent, with its
    // fault (the reason, such as a sign-in that ended), never with "expired".
    void expiredCredentialsAreRefreshedBeforeTheCall()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        auto current = std::make_shared<std::optional<AwsCredentials>>();
        c.credentials = [current]() -> Result<AwsCredentials> {
            if (!*current)
                return Fault::make(FaultKind::Credentials, FaultCode::ExpiredToken,
                                   QStringLiteral("expired"));
            return current->value();
        };
        int refreshes = 0;
        c.refreshCredentials = [current, &refreshes](QObject* context, auto done) {
            ++refreshes;
            QTimer::singleShot(0, context, [current, done] {
                *current = creds();
                done(creds());
            });
        };
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && out->ok());
        QCOMPARE(refreshes, 1);
        QCOMPARE(server.requests.size(), 1);
        QVERIFY(server.requests.first().contains("Credential=ASIAUNITTESTKEY00001/"));
    }

    void aFailedRefreshEndsTheCallUnsent()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        c.credentials = [] {
            return Result<AwsCredentials>(
                Fault::make(FaultKind::Credentials, FaultCode::ExpiredToken, QStringLiteral("expired")));
        };
        int refreshes = 0;
        c.refreshCredentials = [&refreshes](QObject* context, auto done) {
            ++refreshes;
            QTimer::singleShot(0, context, [done] {
                done(Fault::make(FaultKind::Credentials, FaultCode::SsoRefreshFailed,
                                 QStringLiteral("signed out")));
            });
        };
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("StartExtensionPackAssociation"));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, QString(FaultCode::SsoRefreshFailed));
        QVERIFY(!out->fault().requestWasSent);
        QVERIFY(!out->fault().requestMayHaveBeenProcessed);
        QCOMPARE(refreshes, 1);
        QCOMPARE(server.requests.size(), 0);
    }

    void badCaBundles()
    {
        QTemporaryDir dir;
        const QString garbage = dir.filePath(QStringLiteral("garbage.pem"));
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        f.close();
        QNetworkAccessManager nam;
        TransportConfig c = configFor(1);
        c.endpoint = QUrl(QStringLiteral("https://127.0.0.1:1"));
        c.caBundlePath = garbage;
        AwsJsonTransport bad(c, &nam);
        QCOMPARE(bad.configurationStatus().fault().kind, FaultKind::Configuration);
        QCOMPARE(bad.configurationStatus().fault().code, FaultCode::CaBundleInvalid);
        c.caBundlePath = dir.filePath(QStringLiteral("missing.pem"));
        AwsJsonTransport missing(c, &nam);
        QCOMPARE(missing.configurationStatus().fault().code, FaultCode::CaBundleNotFound);
        const auto out = runCall(missing, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().kind, FaultKind::Configuration);
    }

    void httpProxyFromEnvironment()
    {
        ScriptedHttpServer proxy({scriptedHttp(200, "{\"via\":\"proxy\"}")});
        QNetworkAccessManager nam;
        TransportConfig c = configFor(1);
        // A name that cannot resolve: only the proxy can reach it.
        c.endpoint = QUrl(QStringLiteral("http://dms.sim.invalid:4566"));
        c.environment.insert(QStringLiteral("HTTP_PROXY"),
                             QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY2(out && out->ok(), out ? qPrintable(out->fault().code) : "");
        QCOMPARE(proxy.requests.size(), 1);
        QVERIFY(proxy.requests.first().startsWith("POST http://dms.sim.invalid:4566/ HTTP/1.1"));
        QCOMPARE(headerOf(proxy.requests.first(), "host"), QByteArray("dms.sim.invalid:4566"));
    }

    void noProxyBypassesTheProxy()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.port());
        c.environment.insert(QStringLiteral("HTTP_PROXY"),
                             QStringLiteral("http://127.0.0.1:%1").arg(deadPort));
        c.environment.insert(QStringLiteral("NO_PROXY"), QStringLiteral("localhost,127.0.0.1"));
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out && out->ok());
        QCOMPARE(server.requests.size(), 1);
    }

    void proxyFailures()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        QNetworkAccessManager nam;
        TransportConfig c = configFor(1);
        c.endpoint = QUrl(QStringLiteral("http://dms.sim.invalid:4566"));
        c.maxAttempts = 1;
        c.environment.insert(QStringLiteral("HTTP_PROXY"),
                             QStringLiteral("http://127.0.0.1:%1").arg(deadPort));
        AwsJsonTransport refused(c, &nam);
        const auto r1 = runCall(refused, QStringLiteral("StartExtensionPackAssociation"));
        QVERIFY(r1 && !r1->ok());
        // A refused proxy is said as such and named, for plain HTTP and for HTTPS (a CONNECT
        // tunnel, which QNAM reports as an unknown network error).
        QCOMPARE(r1->fault().code, FaultCode::ProxyConnectionRefused);
        QVERIFY(!r1->fault().requestWasSent);
        QVERIFY(r1->fault().detail.contains(QStringLiteral("127.0.0.1:%1").arg(deadPort)));
        {
            TransportConfig tls = c;
            tls.endpoint = QUrl(QStringLiteral("https://dms.sim.invalid:4566"));
            tls.environment.insert(QStringLiteral("HTTPS_PROXY"),
                                   QStringLiteral("http://127.0.0.1:%1").arg(deadPort));
            QNetworkAccessManager tlsNam;
            AwsJsonTransport refusedTunnel(tls, &tlsNam);
            const auto r = runCall(refusedTunnel, QStringLiteral("StartExtensionPackAssociation"));
            QVERIFY(r && !r->ok());
            QCOMPARE(r->fault().code, FaultCode::ProxyConnectionRefused);
            QVERIFY(!r->fault().requestWasSent);
            QVERIFY(r->fault().detail.contains(QStringLiteral("127.0.0.1:%1").arg(deadPort)));
        }

        ScriptedHttpServer authProxy(
            {"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic "
             "realm=\"corp\"\r\nContent-Length: 0\r\n\r\n"});
        QNetworkAccessManager nam2;
        c.environment.insert(QStringLiteral("HTTP_PROXY"),
                             QStringLiteral("http://127.0.0.1:%1").arg(authProxy.port()));
        AwsJsonTransport needsAuth(c, &nam2);
        const auto r2 = runCall(needsAuth, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(r2 && !r2->ok());
        QCOMPARE(r2->fault().code, FaultCode::ProxyAuthenticationRequired);
    }

    void anEndlessBodyIsAbandonedAtTheCap()
    {
        FloodingServer server;
        QNetworkAccessManager nam;
        TransportConfig c = configFor(server.serverPort());
        c.maxResponseBytes = 1024 * 1024;
        AwsJsonTransport t(c, &nam);
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        QVERIFY(out);
        QVERIFY(!out->ok());
        QCOMPARE(out->fault().code, FaultCode::ResponseTooLarge);
        QCOMPARE(out->fault().kind, FaultKind::Protocol);
        QCOMPARE(out->fault().httpStatus, 200);
        QCOMPARE(out->fault().attempts, 1); // never asked again
        QVERIFY(out->fault().rawBody.isEmpty());
        QVERIFY(FaultCatalogue::explain(out->fault()).cause.contains(QLatin1String("1 MiB")));
        QTRY_VERIFY(server.closed); // aborted, not drained
        // Abandoned within one read window (256 KiB) past the cap. What the sockets held on the way
        // is the kernel's business (loopback buffers autotune to tens of MiB) and is not asserted.
        const QRegularExpressionMatch held =
            QRegularExpression(QStringLiteral("\\((\\d+) received")).match(out->fault().message);
        QVERIFY2(held.hasMatch(), qPrintable(out->fault().message));
        QVERIFY2(held.captured(1).toLongLong() > c.maxResponseBytes, qPrintable(out->fault().message));
        QVERIFY2(held.captured(1).toLongLong() <= c.maxResponseBytes + 256 * 1024,
                 qPrintable(out->fault().message));
        QCOMPARE(TransportConfig::kDefaultMaxResponseBytes, qint64(16 * 1024 * 1024));
    }

    void anAnnouncedHugeBodyIsRefusedAtOnce()
    {
        FloodingServer server(200ll * 1024 * 1024);
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.serverPort()), &nam); // the default 16 MiB
        const auto out =
            runCall(t, QStringLiteral("StartExtensionPackAssociation"),
                    QJsonObject{{QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("p")}});
        QVERIFY(out);
        QVERIFY(!out->ok());
        QCOMPARE(out->fault().code, FaultCode::ResponseTooLarge);
        QVERIFY(out->fault().requestMayHaveBeenProcessed); // a Start that reached the server
        QTRY_VERIFY(server.closed);
        QVERIFY2(server.bodyBytesWritten < 32 * 1024 * 1024,
                 qPrintable(QString::number(server.bodyBytesWritten)));
    }

    void secretsNeverReachTheLog()
    {
        // An error body that echoes the Authorization header back, retried once by clock skew.
        const QByteArray skewed =
            scriptedHttp(400,
                         "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: "
                         "20260109T123000Z is now earlier than 20260109T133000Z\"}",
                         "application/x-amz-json-1.1", "Date: Fri, 09 Jan 2026 13:30:00 GMT\r\n");
        ScriptedHttpServer server({skewed, scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        ManualClock clock(QDateTime(QDate(2026, 1, 9), QTime(12, 30), Qt::UTC));
        AwsJsonTransport t(configFor(server.port()), &nam, &clock, [] { return 0.0; });
        QStringList captured;
        g_captured = &captured;
        g_previous = qInstallMessageHandler(capture);
        QLoggingCategory::setFilterRules(QStringLiteral("dmsx.transport=true"));
        const auto out = runCall(t, QStringLiteral("DescribeMigrationProjects"));
        qInstallMessageHandler(g_previous);
        g_captured = nullptr;
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(out && out->ok());
        QCOMPARE(server.requests.size(), 2);
        QCOMPARE(headerOf(server.requests.at(1), "x-amz-date"), QByteArray("20260109T133000Z"));
        QVERIFY(captured.size() >= 3); // the log did say something
        const QByteArray sig1 = headerOf(server.requests.at(0), "authorization").split('=').last();
        const QString all = captured.join(QLatin1Char('\n'));
        QVERIFY(!all.contains(creds().secretAccessKey));
        QVERIFY(!all.contains(creds().sessionToken));
        QVERIFY(!all.contains(QString::fromLatin1(sig1)));
        QVERIFY(!all.contains(QLatin1String("Signature=")));
    }

    void clientValidatesAndShapesInput()
    {
        ScriptedHttpServer server({scriptedHttp(200, "{}")});
        QNetworkAccessManager nam;
        AwsJsonTransport t(configFor(server.port()), &nam);
        DmsClient client(&t);
        std::optional<Result<QString>> out;
        QObject ctx;
        PendingCall* call = client.startExtensionPackAssociation(
            QString(256, QLatin1Char('x')), &ctx, [&](const Result<QString>& r) { out.emplace(r); });
        QVERIFY(!call);
        QTRY_VERIFY(out.has_value());
        QCOMPARE(out->fault().kind, FaultKind::Usage);
        QTest::qWait(50);
        QCOMPARE(server.requests.size(), 0);

        const QJsonObject in = DmsClient::describeInput(
            {Filter{QStringLiteral("migration-project-identifier"), {QStringLiteral("arn:x")}}}, 20,
            QStringLiteral("m1"));
        QCOMPARE(QJsonDocument(in).toJson(QJsonDocument::Compact),
                 QByteArray("{\"Filters\":[{\"Name\":\"migration-project-identifier\",\"Values\":[\"arn:x\"]}"
                            "],\"Marker\":\"m1\",\"MaxRecords\":20}"));
        QVERIFY(DmsClient::describeInput({}, std::nullopt, QString()).isEmpty());

        QJsonObject page;
        page.insert(QStringLiteral("Marker"), QString());
        page.insert(QStringLiteral("MigrationProjects"),
                    QJsonArray{QJsonValue(QJsonObject{
                                   {QStringLiteral("MigrationProjectName"), QStringLiteral("p1")}}),
                               QJsonValue(5)});
        const auto parsed = DmsClient::parseMigrationProjects(page);
        QCOMPARE(parsed.items.size(), 1);
        QVERIFY(parsed.marker.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAwsJsonTransport)
#include "tst_awsjsontransport.moc"
