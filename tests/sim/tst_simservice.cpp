// In-process tests of the simulator library: the association lifecycle under a ManualClock,
// the auth verifier's exact AWS wording, deterministic fault rules, scenarios, and the
// DmsSimulator object as the GUI's demo mode uses it, and the faults the apply workflow meets:
// a Start whose answer is lost after or before it was handled, and a request cancelled in AWS.
#include "DmsSimulator.h"
#include "SimAuthVerifier.h"
#include "SimFaultInjector.h"
#include "SimScenario.h"
#include "SimService.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "sigv4/SigV4Signer.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace dmsx;

namespace {

const QDateTime kStart(QDate(2026, 1, 9), QTime(12, 30, 0), Qt::UTC);

QJsonObject scenarioJson()
{
    return QJsonDocument::fromJson(R"({
        "dataProviders": [
            {"name": "src", "engine": "oracle", "serverName": "ora.example.com", "databaseName": "ORCL"},
            {"name": "tgt", "engine": "aurora-postgresql", "serverName": "apg.example.com", "databaseName": "app"},
            {"name": "virt", "engine": "postgres", "virtual": true}
        ],
        "instanceProfiles": [{"name": "profile"}],
        "projects": [
            {"name": "good", "sourceDataProviders": ["src"], "targetDataProviders": ["tgt"],
             "instanceProfile": "profile", "completionSeconds": 100, "totalObjects": 40},
            {"name": "bad", "sourceDataProviders": ["src"], "targetDataProviders": ["tgt"],
             "completionSeconds": 100, "asyncFailure": "The database user in your target secret does not have sufficient privileges."},
            {"name": "virtual", "sourceDataProviders": ["src"], "targetDataProviders": ["virt"]}
        ]
    })")
        .object();
}

QJsonObject body(const SimReply& r)
{
    return QJsonDocument::fromJson(r.body).object();
}

QJsonObject describe(SimService& service, const QString& project)
{
    const SimReply r =
        service.handle(QStringLiteral("DescribeExtensionPackAssociations"),
                       QJsonDocument(QJsonObject{{QStringLiteral("MigrationProjectIdentifier"), project}})
                           .toJson(QJsonDocument::Compact));
    return body(r).value(QLatin1String("Requests")).toArray().first().toObject();
}

HttpRequestData signedRequest(const AwsCredentials& creds, const QDateTime& time)
{
    HttpRequestData data;
    data.setHeader("host", "dms.us-east-1.amazonaws.com");
    data.setHeader("content-type", "application/x-amz-json-1.1");
    data.setHeader("x-amz-target", "AmazonDMSv20160101.DescribeMigrationProjects");
    data.body = "{}";
    SigningParams params;
    params.credentials = creds;
    params.region = QStringLiteral("us-east-1");
    params.service = QStringLiteral("dms");
    params.time = time;
    SigV4Signer signer;
    return signer.sign(data, params).signedRequest;
}

} // namespace

class TestSimService : public QObject
{
    Q_OBJECT
    // Sends raw bytes and gives the status of the answer (0 when none came).
    static int rawStatus(const QHostAddress& host, int port, const QByteArray& request)
    {
        // The in-process simulator answers from this thread's event loop: never block it.
        QTcpSocket socket;
        QByteArray answer;
        QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { socket.write(request); });
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
        socket.connectToHost(host, quint16(port));
        if (!QTest::qWaitFor([&] { return answer.contains("\r\n"); }, 10000))
            return 0;
        const QList<QByteArray> words = answer.left(answer.indexOf("\r\n")).split(' ');
        return words.size() >= 2 ? words.at(1).toInt() : 0;
    }

private slots:
    void lifecycleFollowsTheClock()
    {
        ManualClock clock(kStart);
        SimService service(&clock);
        service.setScenario(SimScenario::fromJson(scenarioJson(), kStart).value());
        const SimReply started = service.handle(QStringLiteral("StartExtensionPackAssociation"),
                                                R"({"MigrationProjectIdentifier":"good"})");
        QCOMPARE(started.status, 200);
        QCOMPARE(describe(service, QStringLiteral("good")).value(QLatin1String("Status")).toString(),
                 QStringLiteral("RECEIVED"));

        // 100 s: RECEIVED for 10 s, then five 18 s steps.
        const QStringList steps = {QStringLiteral("LOADING_METADATA"), QStringLiteral("COUNTING_OBJECTS"),
                                   QStringLiteral("ANALYZING"), QStringLiteral("CONVERTING"),
                                   QStringLiteral("APPLYING")};
        for (int i = 0; i < steps.size(); ++i) {
            double lastPercent = -1;
            for (int part : {1, 9, 17}) {
                clock.set(kStart.addSecs(10 + 18 * i + part));
                const QJsonObject r = describe(service, QStringLiteral("good"));
                QCOMPARE(r.value(QLatin1String("Status")).toString(), QStringLiteral("IN_PROGRESS"));
                const QJsonObject progress = r.value(QLatin1String("Progress")).toObject();
                QCOMPARE(progress.value(QLatin1String("ProgressStep")).toString(), steps.at(i));
                const double percent = progress.value(QLatin1String("ProgressPercent")).toDouble();
                QVERIFY(percent > lastPercent);
                QVERIFY(percent <= 100.0);
                lastPercent = percent;
                QCOMPARE(progress.value(QLatin1String("TotalObjects")).toInteger(), 40);
            }
        }
        clock.set(kStart.addSecs(100));
        const QJsonObject done = describe(service, QStringLiteral("good"));
        QCOMPARE(done.value(QLatin1String("Status")).toString(), QStringLiteral("SUCCESS"));
        QVERIFY(!done.contains(QLatin1String("Progress")));
        QVERIFY(!done.contains(QLatin1String("Error")));
    }

    void failureAndTimeScale()
    {
        ManualClock clock(kStart);
        SimService service(&clock);
        service.setScenario(SimScenario::fromJson(scenarioJson(), kStart).value());
        service.setTimeScale(10);
        QCOMPARE(service
                     .handle(QStringLiteral("StartExtensionPackAssociation"),
                             R"({"MigrationProjectIdentifier":"bad"})")
                     .status,
                 200);
        clock.advanceMs(9000); // 90 scaled seconds: still running
        QCOMPARE(describe(service, QStringLiteral("bad")).value(QLatin1String("Status")).toString(),
                 QStringLiteral("IN_PROGRESS"));
        clock.advanceMs(1000);
        const QJsonObject failed = describe(service, QStringLiteral("bad"));
        QCOMPARE(failed.value(QLatin1String("Status")).toString(), QStringLiteral("FAILED"));
        QCOMPARE(
            failed.value(QLatin1String("Error"))
                .toObject()
                .value(QLatin1String("defaultErrorDetails"))
                .toObject()
                .value(QLatin1String("Message"))
                .toString(),
            QStringLiteral("The database user in your target secret does not have sufficient privileges."));
    }

    void isoTimesHaveSixFractionDigits()
    {
        QCOMPARE(SimService::isoTime(QDateTime(QDate(2026, 1, 9), QTime(12, 30, 0, 123), Qt::UTC)),
                 QStringLiteral("2026-01-09T12:30:00.123000Z"));
    }

    void errorTypeStyles()
    {
        ManualClock clock(kStart);
        SimService service(&clock);
        QJsonObject json = scenarioJson();
        json.insert(QStringLiteral("errorTypeStyle"), QStringLiteral("coral"));
        service.setScenario(SimScenario::fromJson(json, kStart).value());
        const SimReply r = service.handle(QStringLiteral("StartExtensionPackAssociation"),
                                          R"({"MigrationProjectIdentifier":"virtual"})");
        QCOMPARE(
            body(r).value(QLatin1String("__type")).toString(),
            QStringLiteral("InvalidResourceStateFault:http://internal.amazon.com/coral/com.amazonaws.dms/"));
        json.insert(QStringLiteral("errorTypeStyle"), QStringLiteral("namespaced"));
        service.setScenario(SimScenario::fromJson(json, kStart).value());
        QCOMPARE(body(service.handle(QStringLiteral("StartExtensionPackAssociation"),
                                     R"({"MigrationProjectIdentifier":"virtual"})"))
                     .value(QLatin1String("__type"))
                     .toString(),
                 QStringLiteral("com.amazonaws.dms#InvalidResourceStateFault"));
    }

    void scenarioErrors()
    {
        QJsonObject json = scenarioJson();
        QJsonArray projects = json.value(QLatin1String("projects")).toArray();
        QJsonObject p = projects.first().toObject();
        p.insert(QStringLiteral("targetDataProviders"), QJsonArray{QStringLiteral("missing")});
        projects.append(p);
        json.insert(QStringLiteral("projects"), projects);
        const Result<SimScenario> s = SimScenario::fromJson(json, kStart);
        QVERIFY(!s.ok());
        QVERIFY(s.fault().message.contains(QLatin1String("missing")));
    }

    void generatedProjectsAreDeterministic()
    {
        SimScenario a;
        a.generateProjects(40, kStart);
        SimScenario b;
        b.generateProjects(40, kStart);
        QCOMPARE(a.projects.size(), 40);
        QCOMPARE(a.dataProviders.size(), 80);
        for (int i = 0; i < 40; ++i) {
            QCOMPARE(a.projects.at(i).name, b.projects.at(i).name);
            QCOMPARE(a.projects.at(i).arn, b.projects.at(i).arn);
            QVERIFY(a.findProvider(a.projects.at(i).targetProviders.first()));
        }
        QVERIFY(a.projects.first().arn.startsWith(
            QLatin1String("arn:aws:dms:us-east-1:111122223333:migration-project:")));
        QCOMPARE(a.projects.first().arn.section(QLatin1Char(':'), 6).size(), 26);
    }

    void authWordingMatchesAws()
    {
        const QList<SimKeyPair> keys = SimScenario::demoKeyPairs(kStart);
        SimAuthVerifier verifier;
        const AwsCredentials creds = keys.first().credentials;
        const SimAuthResult ok =
            verifier.verify(signedRequest(creds, kStart), keys, QStringLiteral("us-east-1"), kStart);
        QVERIFY(ok.ok);
        QVERIFY(ok.signatureValid);
        const SimAuthResult late = verifier.verify(signedRequest(creds, kStart), keys,
                                                   QStringLiteral("us-east-1"), kStart.addSecs(20 * 60));
        QCOMPARE(late.code, QStringLiteral("InvalidSignatureException"));
        QCOMPARE(late.message, QStringLiteral("Signature expired: 20260109T123000Z is now earlier than "
                                              "20260109T123500Z (20260109T125000Z - 15 min.)"));
        const SimAuthResult early = verifier.verify(signedRequest(creds, kStart), keys,
                                                    QStringLiteral("us-east-1"), kStart.addSecs(-20 * 60));
        QCOMPARE(early.message,
                 QStringLiteral("Signature not yet current: 20260109T123000Z is still later than "
                                "20260109T122500Z (20260109T121000Z + 15 min.)"));
        // Exactly at the edge of the window is still accepted.
        QVERIFY(verifier
                    .verify(signedRequest(creds, kStart), keys, QStringLiteral("us-east-1"),
                            kStart.addSecs(15 * 60))
                    .ok);

        HttpRequestData tampered = signedRequest(creds, kStart);
        tampered.body = "{\"MaxRecords\":20}";
        const SimAuthResult bad = verifier.verify(tampered, keys, QStringLiteral("us-east-1"), kStart);
        QCOMPARE(bad.code, QStringLiteral("InvalidSignatureException"));
        QVERIFY(bad.signatureChecked);
        QVERIFY(!bad.signatureValid);

        HttpRequestData unsignedHost = signedRequest(creds, kStart);
        QByteArray auth = unsignedHost.header("authorization");
        auth.replace("host;", "");
        unsignedHost.setHeader("authorization", auth);
        QCOMPARE(verifier.verify(unsignedHost, keys, QStringLiteral("us-east-1"), kStart).code,
                 QStringLiteral("IncompleteSignatureException"));

        HttpRequestData wrongScopeDate = signedRequest(creds, kStart);
        auth = wrongScopeDate.header("authorization");
        auth.replace("/20260109/", "/20260108/");
        wrongScopeDate.setHeader("authorization", auth);
        QVERIFY(verifier.verify(wrongScopeDate, keys, QStringLiteral("us-east-1"), kStart)
                    .message.startsWith(QLatin1String("Date in Credential scope does not match")));
    }

    void faultRulesAreDeterministicAndTargeted()
    {
        SimFaultInjector injector;
        QVERIFY(injector
                    .setConfig(QJsonDocument::fromJson(R"({"faults":[
                        {"type":"serverError","status":503,"count":2,"after":1,"operations":["A"]},
                        {"type":"latency","ms":30,"operations":["B"]}]})")
                                   .object())
                    .ok());
        QCOMPARE(int(injector.decide(QStringLiteral("A")).action), int(SimFaultDecision::Action::None));
        const SimFaultDecision second = injector.decide(QStringLiteral("A"));
        QCOMPARE(int(second.action), int(SimFaultDecision::Action::Error));
        QCOMPARE(second.status, 503);
        QCOMPARE(second.code, QStringLiteral("ServiceUnavailableException"));
        QCOMPARE(int(injector.decide(QStringLiteral("A")).action), int(SimFaultDecision::Action::Error));
        QCOMPARE(int(injector.decide(QStringLiteral("A")).action), int(SimFaultDecision::Action::None));
        const SimFaultDecision b = injector.decide(QStringLiteral("B"));
        QCOMPARE(int(b.action), int(SimFaultDecision::Action::None));
        QCOMPARE(b.latencyMs, 30);
        QVERIFY(!injector.setConfig(QJsonDocument::fromJson(R"([{"type":"nope"}])").array()).ok());
    }

    void inProcessServerForDemoMode()
    {
        ManualClock clock(QDateTime::currentDateTimeUtc());
        DmsSimulator sim(&clock);
        QVERIFY(sim.loadDemoScenario().ok());
        QVERIFY(sim.scenario().projects.size() >= 30);
        const Result<quint16> port = sim.listen();
        QVERIFY(port.ok());
        QCOMPARE(sim.serverUrl().port(), int(port.value()));

        HttpRequestData data;
        data.setHeader("host", QStringLiteral("127.0.0.1:%1").arg(port.value()).toLatin1());
        data.setHeader("content-type", "application/x-amz-json-1.1");
        data.setHeader("x-amz-target", "AmazonDMSv20160101.StartExtensionPackAssociation");
        data.body = R"({"MigrationProjectIdentifier":"erp-migration"})";
        SigningParams params;
        params.credentials = DmsSimulator::demoCredentials();
        params.region = sim.region();
        params.service = QStringLiteral("dms");
        params.time = clock.nowUtc();
        SigV4Signer signer;
        const HttpRequestData req = signer.sign(data, params).signedRequest;
        QNetworkRequest request(sim.serverUrl());
        for (const auto& h : req.headers) {
            if (h.first != "host")
                request.setRawHeader(h.first, h.second);
        }
        QNetworkAccessManager nam;
        QNetworkReply* reply = nam.post(request, req.body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QString id = QJsonDocument::fromJson(reply->readAll())
                               .object()
                               .value(QLatin1String("RequestIdentifier"))
                               .toString();
        reply->deleteLater();
        QCOMPARE(id.size(), 36);
        QCOMPARE(sim.requestLog().size(), 1);

        // The injected clock drives the association started over HTTP.
        clock.advanceMs(3600 * 1000);
        QCOMPARE(sim.serverTime(), clock.nowUtc());
    }

    void cancelEndsARunningRequestAsCanceled()
    {
        ManualClock clock(kStart);
        SimService service(&clock);
        service.setScenario(SimScenario::fromJson(scenarioJson(), kStart).value());
        const SimReply started = service.handle(QStringLiteral("StartExtensionPackAssociation"),
                                                R"({"MigrationProjectIdentifier":"good"})");
        const QString id = body(started).value(QLatin1String("RequestIdentifier")).toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(!service.cancelAssociation(QStringLiteral("no-such-request")));
        clock.advanceMs(20000); // IN_PROGRESS
        QVERIFY(service.cancelAssociation(id));
        QCOMPARE(describe(service, QStringLiteral("good")).value(QLatin1String("Status")).toString(),
                 QStringLiteral("CANCELED"));
        clock.advanceMs(200000); // past its completion time: still CANCELED, not SUCCESS
        QCOMPARE(describe(service, QStringLiteral("good")).value(QLatin1String("Status")).toString(),
                 QStringLiteral("CANCELED"));
        QVERIFY(!service.cancelAssociation(id)); // already finished
        // A cancelled request no longer blocks a new Start.
        QCOMPARE(service
                     .handle(QStringLiteral("StartExtensionPackAssociation"),
                             R"({"MigrationProjectIdentifier":"good"})")
                     .status,
                 200);
    }

    void cancelControlEndpoint()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(scenarioJson()).ok());
        QVERIFY(sim.listen().ok());
        QNetworkAccessManager nam;
        auto post = [&](const QString& path, const QByteArray& payload) {
            QUrl url = sim.serverUrl();
            url.setPath(path);
            QNetworkRequest request(url);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            QNetworkReply* reply = nam.post(request, payload);
            QEventLoop loop;
            connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            QTimer::singleShot(20000, &loop, &QEventLoop::quit);
            loop.exec();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            return status;
        };
        QCOMPARE(post(QStringLiteral("/__sim/cancel"), R"({"requestId":"nope"})"), 400);
        TransportConfig c;
        c.endpoint = sim.serverUrl();
        c.region = sim.region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        AwsJsonTransport transport(c, &nam, nullptr, [] { return 0.0; });
        DmsClient client(&transport);
        QEventLoop loop;
        QString id;
        client.startExtensionPackAssociation(QStringLiteral("good"), &loop, [&](const Result<QString>& r) {
            id = r.ok() ? r.value() : QString();
            loop.quit();
        });
        loop.exec();
        QVERIFY(!id.isEmpty());
        QCOMPARE(post(QStringLiteral("/__sim/cancel"),
                      QJsonDocument(QJsonObject{{QStringLiteral("requestId"), id}}).toJson()),
                 200);
        QVERIFY(!sim.cancelAssociation(id)); // the endpoint did it
    }

    void controlClientsAreLoopbackOnly_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("127.0.0.2") << QStringLiteral("127.0.0.2") << true;
        QTest::newRow("::1") << QStringLiteral("::1") << true;
        QTest::newRow("v4-mapped loopback") << QStringLiteral("::ffff:127.0.0.1") << true;
        QTest::newRow("LAN") << QStringLiteral("192.168.1.20") << false;
        QTest::newRow("documentation net") << QStringLiteral("192.0.2.2") << false;
        QTest::newRow("v4-mapped LAN") << QStringLiteral("::ffff:10.0.0.1") << false;
        QTest::newRow("IPv6") << QStringLiteral("2001:db8::1") << false;
        QTest::newRow("any") << QStringLiteral("0.0.0.0") << false;
        QTest::newRow("none") << QString() << false;
    }
    void controlClientsAreLoopbackOnly()
    {
        QFETCH(QString, peer);
        QFETCH(bool, allowed);
        QCOMPARE(DmsSimulator::isControlClient(QHostAddress(peer)), allowed);
    }

    // What a browser page elsewhere could send without a CORS preflight is refused; JSON is served.
    void jsonContentTypes_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("json");
        QTest::newRow("plain") << QByteArray("application/json") << true;
        QTest::newRow("charset") << QByteArray("application/json; charset=utf-8") << true;
        QTest::newRow("case and spaces") << QByteArray(" Application/JSON ") << true;
        QTest::newRow("text") << QByteArray("text/plain") << false;
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << false;
        QTest::newRow("json suffix") << QByteArray("application/json-patch+json") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }
    void jsonContentTypes()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, json);
        QCOMPARE(DmsSimulator::isJsonContentType(value), json);
    }

    void controlWritesMustBeJson_data()
    {
        QTest::addColumn<QByteArray>("contentTypeLine");
        QTest::addColumn<int>("status");
        QTest::newRow("json") << QByteArray("Content-Type: application/json\r\n") << 200;
        QTest::newRow("json with charset")
            << QByteArray("content-type: Application/JSON; charset=utf-8\r\n") << 200;
        QTest::newRow("text/plain") << QByteArray("Content-Type: text/plain;charset=UTF-8\r\n") << 415;
        QTest::newRow("form") << QByteArray("Content-Type: application/x-www-form-urlencoded\r\n") << 415;
        QTest::newRow("multipart") << QByteArray("Content-Type: multipart/form-data; boundary=x\r\n") << 415;
        QTest::newRow("none") << QByteArray() << 415;
    }
    void controlWritesMustBeJson()
    {
        QFETCH(QByteArray, contentTypeLine);
        QFETCH(int, status);
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(scenarioJson()).ok());
        QVERIFY(sim.listen().ok());
        const QByteArray body = R"({"offsetSeconds":3600})";
        const QByteArray request = "POST /__sim/clock HTTP/1.1\r\nHost: 127.0.0.1\r\n" + contentTypeLine +
                                   "Content-Length: " + QByteArray::number(body.size()) +
                                   "\r\nConnection: close\r\n\r\n" + body;
        const qint64 before = sim.serverTime().toSecsSinceEpoch();
        QCOMPARE(rawStatus(QHostAddress::LocalHost, sim.serverUrl().port(), request), status);
        const qint64 moved = sim.serverTime().toSecsSinceEpoch() - before;
        QCOMPARE(moved >= 3600, status == 200); // a refused write changed nothing
        // Reads need no body, so no content type.
        QCOMPARE(rawStatus(QHostAddress::LocalHost, sim.serverUrl().port(),
                           "GET /__sim/clock HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                 200);
    }

    // Listening on every address, a client reaching it through this computer's network address
    // (not loopback) is refused, even with JSON.
    void controlFromTheNetworkIsForbidden()
    {
        QHostAddress external;
        const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
        for (const QHostAddress& a : addresses) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback()) {
                external = a;
                break;
            }
        }
        if (external.isNull())
            QSKIP("this computer has no non-loopback IPv4 address");
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(scenarioJson()).ok());
        QVERIFY(sim.listen(QHostAddress::AnyIPv4).ok());
        const QByteArray body = R"({"offsetSeconds":3600})";
        const QByteArray post = "POST /__sim/clock HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                "Content-Length: " +
                                QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        const QByteArray get = "GET /__sim/requests HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const qint64 before = sim.serverTime().toSecsSinceEpoch();
        QCOMPARE(rawStatus(external, sim.serverUrl().port(), post), 403);
        QCOMPARE(rawStatus(external, sim.serverUrl().port(), get), 403);
        QVERIFY(sim.serverTime().toSecsSinceEpoch() - before < 3600);
        // The same requests from loopback are served.
        QCOMPARE(rawStatus(QHostAddress::LocalHost, sim.serverUrl().port(), get), 200);
        QCOMPARE(rawStatus(QHostAddress::LocalHost, sim.serverUrl().port(), post), 200);
    }

    void connectionResetAfterOrBeforeHandlingTheStart()
    {
        SimFaultInjector injector;
        QVERIFY(injector
                    .setConfig(
                        QJsonDocument::fromJson(R"([{"type":"connectionReset","processed":false}])").array())
                    .ok());
        QVERIFY(!injector.decide(QStringLiteral("A")).processed);
        QVERIFY(injector.setConfig(QJsonDocument::fromJson(R"([{"type":"connectionReset"}])").array()).ok());
        QVERIFY(injector.decide(QStringLiteral("A")).processed);

        DmsSimulator sim;
        QVERIFY(sim.loadScenario(scenarioJson()).ok());
        QVERIFY(sim.listen().ok());
        QNetworkAccessManager nam;
        TransportConfig c;
        c.endpoint = sim.serverUrl();
        c.region = sim.region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        AwsJsonTransport transport(c, &nam, nullptr, [] { return 0.0; });
        DmsClient client(&transport);
        auto start = [&]() {
            QEventLoop loop;
            std::optional<Result<QString>> out;
            client.startExtensionPackAssociation(QStringLiteral("good"), &loop,
                                                 [&](const Result<QString>& r) {
                                                     out = r;
                                                     loop.quit();
                                                 });
            loop.exec();
            return *out;
        };
        auto requests = [&]() {
            QEventLoop loop;
            int n = -1;
            client.describeExtensionPackAssociations(QStringLiteral("good"), {}, QString(), &loop,
                                                     [&](const Result<Page<SchemaConversionRequest>>& r) {
                                                         n = r.ok() ? int(r->items.size()) : -1;
                                                         loop.quit();
                                                     });
            loop.exec();
            return n;
        };
        const QJsonArray onStart{QStringLiteral("StartExtensionPackAssociation")};
        // Dropped before the service saw it: the client cannot tell, but no request exists.
        QVERIFY(
            sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("connectionReset")},
                                                 {QStringLiteral("processed"), false},
                                                 {QStringLiteral("operations"), onStart}}})
                .ok());
        const Result<QString> dropped = start();
        QVERIFY(!dropped.ok());
        QVERIFY(dropped.fault().requestMayHaveBeenProcessed);
        QCOMPARE(requests(), 0);
        // Taken, then the answer lost: the request exists.
        QVERIFY(
            sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("connectionReset")},
                                                 {QStringLiteral("operations"), onStart}}})
                .ok());
        const Result<QString> lost = start();
        QVERIFY(!lost.ok());
        QVERIFY(lost.fault().requestMayHaveBeenProcessed);
        QCOMPARE(requests(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSimService)
#include "tst_simservice.moc"
