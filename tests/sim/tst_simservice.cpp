// In-process tests of the simulator library: the association lifecycle under a ManualClock,
// the auth verifier's exact AWS wording, deterministic fault rules, scenarios, and the
// DmsSimulator object as the GUI's demo mode uses it, and the faults the apply workflow meets:
// a Start whose answer is lost after or before it was handled, and a request cancelled in AWS.
// The S3, IAM, Secrets Manager and KMS sides are driven over real loopback, signed by the core
// signer for each service, through every outcome a prerequisite check can meet.
#include "DmsSimulator.h"
#include "SimAuthVerifier.h"
#include "SimFaultInjector.h"
#include "SimScenario.h"
#include "SimService.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "sigv4/CanonicalRequest.h"
#include "sigv4/SigV4Signer.h"
#include "sigv4/SigningKeyCache.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrl>

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

// The account behind the prerequisite checks: one of each failure beside healthy defaults.
QJsonObject prerequisitesJson()
{
    QByteArray json = R"({
        "credentials": [
            {"accessKeyId": "AKIADEMOEXTPACK00001", "secretAccessKey": "DemoSecretKey/ForTheDmsExtPackSimulator1"},
            {"accessKeyId": "AKIARESTRICTED000004", "secretAccessKey": "RestrictedSecretKey/ForTheDmsExtPackSim4",
             "deniedActions": ["iam:GetRole", "kms:*"]}
        ],
        "dataProviders": [{"name": "src", "engine": "oracle"}, {"name": "tgt", "engine": "postgres"}],
        "projects": [
            {"name": "healthy", "sourceDataProviders": ["src"], "targetDataProviders": ["tgt"],
             "s3BucketPath": "S3_BUCKET_PATH",
             "s3BucketRoleArn": "arn:aws:iam::111122223333:role/dms-sc-s3-role",
             "secretsManagerSecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:healthy-target",
             "secretsManagerAccessRoleArn": "arn:aws:iam::111122223333:role/service-role/dms-sc-secrets-role"}
        ],
        "s3Buckets": [
            {"name": "sc-suspended", "versioning": "Suspended"},
            {"name": "sc-never", "versioning": "never"},
            {"name": "sc-eu", "region": "eu-west-1"},
            {"name": "sc-healthy-gone", "exists": false},
            {"name": "sc-locked"}
        ],
        "iamRoles": [
            {"name": "dms-sc-untrusted", "trustedServices": ["ec2.amazonaws.com"],
             "deniedActions": ["secretsmanager:GetSecretValue"], "explicitlyDeniedActions": ["s3:*"]},
            {"name": "dms-sc-locked"},
            {"name": "dms-sc-deleted", "exists": false}
        ],
        "secrets": [
            {"name": "pending-target", "deletedDate": "2030-01-08T00:00:00Z"},
            {"name": "managed-target", "kmsKeyId": null},
            {"name": "disabled-key-target", "kmsKeyId": "alias/dms-sc-disabled"},
            {"name": "locked-target"}
        ],
        "kmsKeys": [
            {"keyId": "11111111-2222-3333-4444-555555555555", "state": "Disabled", "aliases": ["alias/dms-sc-disabled"]},
            {"keyId": "66666666-7777-8888-9999-000000000000", "state": "PendingDeletion", "deletionInDays": 7}
        ],
        "accessDenied": [
            {"action": "iam:GetRole", "resource": "dms-sc-locked"},
            {"action": "s3:GetBucketVersioning", "resource": "sc-locked"},
            {"action": "secretsmanager:DescribeSecret", "resource": "locked-target"}
        ]
    })";
    // Outside the raw string: moc would read the "//" of the S3 URL as a comment.
    json.replace("S3_BUCKET_PATH", "s3://sc-healthy/healthy");
    return QJsonDocument::fromJson(json).object();
}

const QString kRestrictedKey = QStringLiteral("AKIARESTRICTED000004");

AwsCredentials restrictedCredentials()
{
    AwsCredentials c;
    c.accessKeyId = kRestrictedKey;
    c.secretAccessKey = QStringLiteral("RestrictedSecretKey/ForTheDmsExtPackSim4");
    return c;
}

struct RawReply
{
    int status = 0;
    HeaderList headers;
    QByteArray body;
    QByteArray header(const QByteArray& name) const
    {
        for (const auto& h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return QByteArray();
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // The text of the first <name> element of an XML answer.
    QString xml(const QString& name) const
    {
        const QByteArray open = '<' + name.toUtf8() + '>';
        const qsizetype at = body.indexOf(open);
        if (at < 0)
            return QString();
        const qsizetype from = at + open.size();
        return QString::fromUtf8(body.mid(from, body.indexOf('<', from) - from));
    }
};

struct ServiceCall
{
    QString service = QStringLiteral("s3");
    QByteArray method = "GET";
    QByteArray host; // default: 127.0.0.1:PORT
    QByteArray path = "/";
    QByteArray query;
    HeaderList headers;
    QByteArray body;
    QString region = QStringLiteral("us-east-1");
    AwsCredentials credentials = DmsSimulator::demoCredentials();
    bool sign = true;
};

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

    // Signs `call` with the core signer for its service and region (S3: unnormalised path, signed
    // payload hash) and exchanges it with the simulator as raw HTTP/1.1, so the Host header is ours.
    static RawReply exchange(quint16 port, ServiceCall call)
    {
        HttpRequestData data;
        data.method = call.method;
        data.path = call.path;
        data.query = call.query;
        data.setHeader("host",
                       call.host.isEmpty() ? QByteArray("127.0.0.1:" + QByteArray::number(port)) : call.host);
        for (const auto& h : std::as_const(call.headers))
            data.headers.append(h);
        data.body = call.body;
        if (call.sign) {
            SigningParams params;
            params.credentials = call.credentials;
            params.region = call.region;
            params.service = call.service;
            params.time = QDateTime::currentDateTimeUtc();
            params.normalizePath = call.service != u"s3";
            params.signBody = call.service == u"s3";
            SigV4Signer signer;
            data = signer.sign(data, params).signedRequest;
        }
        QByteArray wire = data.method + ' ' + data.path +
                          (data.query.isEmpty() ? QByteArray() : '?' + data.query) + " HTTP/1.1\r\n";
        for (const auto& h : std::as_const(data.headers))
            wire += h.first + ": " + h.second + "\r\n";
        wire += "Content-Length: " + QByteArray::number(data.body.size()) + "\r\n\r\n" + data.body;

        QTcpSocket socket;
        QByteArray answer;
        QObject::connect(&socket, &QTcpSocket::connected, &socket, [&] { socket.write(wire); });
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { answer += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        RawReply reply;
        auto complete = [&] {
            const qsizetype end = answer.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const QList<QByteArray> lines = answer.left(end).split('\n');
            reply.status = lines.first().split(' ').value(1).toInt();
            reply.headers.clear();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                reply.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
            }
            reply.body = answer.mid(end + 4);
            return reply.body.size() >= reply.header("content-length").toLongLong();
        };
        if (!QTest::qWaitFor(complete, 10000))
            return RawReply();
        return reply;
    }

    static ServiceCall s3(const QByteArray& pathAndQuery)
    {
        ServiceCall c;
        const qsizetype q = pathAndQuery.indexOf('?');
        c.path = q < 0 ? pathAndQuery : pathAndQuery.left(q);
        c.query = q < 0 ? QByteArray() : pathAndQuery.mid(q + 1);
        return c;
    }

    static ServiceCall iam(const QByteArray& form)
    {
        ServiceCall c;
        c.service = QStringLiteral("iam");
        c.method = "POST";
        c.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
        c.body = form + "&Version=2010-05-08";
        return c;
    }

    static ServiceCall json(const QString& service, const QByteArray& target, const QJsonObject& body)
    {
        ServiceCall c;
        c.service = service;
        c.method = "POST";
        c.headers = {{"content-type", "application/x-amz-json-1.1"}, {"x-amz-target", target}};
        c.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return c;
    }

private slots:
    void s3VersioningAndLocation_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("pathAndQuery");
        QTest::addColumn<QString>("region");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");            // S3's error code, or empty
        QTest::addColumn<QString>("status_text");     // <Status> or <LocationConstraint>
        QTest::addColumn<QByteArray>("bucketRegion"); // x-amz-bucket-region

        QTest::newRow("implicit bucket: enabled")
            << QByteArray() << QByteArray("/sc-healthy?versioning") << "us-east-1" << 200 << ""
            << "Enabled" << QByteArray("us-east-1");
        QTest::newRow("suspended") << QByteArray() << QByteArray("/sc-suspended?versioning") << "us-east-1"
                                   << 200 << ""
                                   << "Suspended" << QByteArray("us-east-1");
        QTest::newRow("never enabled")
            << QByteArray() << QByteArray("/sc-never?versioning") << "us-east-1" << 200 << ""
            << "" << QByteArray("us-east-1");
        QTest::newRow("virtual-hosted on AWS's host")
            << QByteArray("sc-suspended.s3.us-east-1.amazonaws.com") << QByteArray("/?versioning")
            << "us-east-1" << 200 << ""
            << "Suspended" << QByteArray("us-east-1");
        QTest::newRow("virtual-hosted on localhost")
            << QByteArray("sc-healthy.localhost:9") << QByteArray("/?versioning") << "us-east-1" << 200 << ""
            << "Enabled" << QByteArray("us-east-1");
        QTest::newRow("unknown bucket")
            << QByteArray() << QByteArray("/sc-nowhere?versioning") << "us-east-1" << 404 << "NoSuchBucket"
            << "" << QByteArray();
        QTest::newRow("declared missing") << QByteArray() << QByteArray("/sc-healthy-gone?versioning")
                                          << "us-east-1" << 404 << "NoSuchBucket"
                                          << "" << QByteArray();
        QTest::newRow("another region")
            << QByteArray() << QByteArray("/sc-eu?versioning") << "us-east-1" << 301 << "PermanentRedirect"
            << "" << QByteArray("eu-west-1");
        QTest::newRow("another region, signed for it")
            << QByteArray() << QByteArray("/sc-eu?versioning") << "eu-west-1" << 200 << ""
            << "Enabled" << QByteArray("eu-west-1");
        QTest::newRow("location from any region")
            << QByteArray() << QByteArray("/sc-eu?location") << "us-east-1" << 200 << ""
            << "eu-west-1" << QByteArray("eu-west-1");
        QTest::newRow("location us-east-1 is empty")
            << QByteArray() << QByteArray("/sc-healthy?location") << "us-east-1" << 200 << ""
            << "" << QByteArray("us-east-1");
        QTest::newRow("caller denied")
            << QByteArray() << QByteArray("/sc-locked?versioning") << "us-east-1" << 403 << "AccessDenied"
            << "" << QByteArray("us-east-1");
        QTest::newRow("object key: not served") << QByteArray() << QByteArray("/sc-healthy/key?versioning")
                                                << "us-east-1" << 501 << "NotImplemented"
                                                << "" << QByteArray();
    }

    void s3VersioningAndLocation()
    {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, pathAndQuery);
        QFETCH(QString, region);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, status_text);
        QFETCH(QByteArray, bucketRegion);
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        const Result<quint16> port = sim.listen();
        QVERIFY(port.ok());
        ServiceCall call = s3(pathAndQuery);
        call.host = host;
        call.region = region;
        const RawReply r = exchange(port.value(), call);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), QByteArray("application/xml"));
        QVERIFY(!r.header("x-amz-request-id").isEmpty());
        QCOMPARE(r.header("x-amz-bucket-region"), bucketRegion);
        QVERIFY(r.body.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        if (!code.isEmpty()) {
            QCOMPARE(r.xml(QStringLiteral("Code")), code);
            QCOMPARE(r.xml(QStringLiteral("RequestId")), QString::fromLatin1(r.header("x-amz-request-id")));
            return;
        }
        if (pathAndQuery.endsWith("?location")) {
            QVERIFY(
                r.body.contains("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"));
            QCOMPARE(
                r.xml(QStringLiteral("LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"")),
                status_text);
        } else {
            QVERIFY(r.body.contains(
                "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"));
            QCOMPARE(r.xml(QStringLiteral("Status")), status_text);
        }
        const QJsonObject logged = sim.requestLog().last().toObject();
        QCOMPARE(logged.value(QLatin1String("service")).toString(), QStringLiteral("s3"));
        QCOMPARE(logged.value(QLatin1String("addressing")).toString(),
                 host.isEmpty() ? QStringLiteral("path") : QStringLiteral("virtual-hosted"));
    }

    void s3SigningRules()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        const quint16 port = sim.listen().value();
        auto code = [&](const ServiceCall& call) {
            const RawReply r = exchange(port, call);
            return QStringLiteral("%1 %2").arg(r.status).arg(r.xml(QStringLiteral("Code")));
        };
        ServiceCall unsigned_ = s3("/sc-healthy?versioning");
        unsigned_.sign = false;
        QCOMPARE(code(unsigned_), QStringLiteral("403 AccessDenied"));
        ServiceCall wrongSecret = s3("/sc-healthy?versioning");
        wrongSecret.credentials.secretAccessKey = QStringLiteral("not-the-secret");
        QCOMPARE(code(wrongSecret), QStringLiteral("403 SignatureDoesNotMatch"));
        ServiceCall unknownKey = s3("/sc-healthy?versioning");
        unknownKey.credentials.accessKeyId = QStringLiteral("AKIAUNKNOWN000000000");
        QCOMPARE(code(unknownKey), QStringLiteral("403 InvalidAccessKeyId"));
        // x-amz-content-sha256 is required and must be the body's hash: send one signed without it.
        HttpRequestData data;
        data.method = "GET";
        data.path = "/sc-healthy";
        data.query = "versioning";
        data.setHeader("host", "127.0.0.1:" + QByteArray::number(port));
        SigningParams params;
        params.credentials = DmsSimulator::demoCredentials();
        params.region = QStringLiteral("us-east-1");
        params.service = QStringLiteral("s3");
        params.normalizePath = false;
        params.time = QDateTime::currentDateTimeUtc();
        SigV4Signer signer;
        const HttpRequestData noHash = signer.sign(data, params).signedRequest;
        QVERIFY(!noHash.hasHeader("x-amz-content-sha256"));
        ServiceCall raw = s3("/sc-healthy?versioning");
        raw.sign = false;
        raw.headers = noHash.headers;
        raw.headers.removeIf([](const auto& h) { return h.first == "host"; });
        QCOMPARE(code(raw), QStringLiteral("400 InvalidRequest"));

        ServiceCall mismatch = s3("/sc-healthy?versioning");
        mismatch.sign = false;
        params.signBody = true;
        HttpRequestData hashed = signer.sign(data, params).signedRequest;
        hashed.body = "unexpected";
        mismatch.headers = hashed.headers;
        mismatch.headers.removeIf([](const auto& h) { return h.first == "host"; });
        mismatch.body = hashed.body;
        QCOMPARE(code(mismatch), QStringLiteral("400 XAmzContentSHA256Mismatch"));

        // UNSIGNED-PAYLOAD is signed as the payload hash (S3's rule, not the body's hash). The core
        // signer always hashes the body, so this one is built from the canonical pieces.
        HttpRequestData declared = data;
        const QByteArray amzDate = sigv4::amzDate(QDateTime::currentDateTimeUtc());
        declared.setHeader("x-amz-date", amzDate);
        declared.setHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        const sigv4::CanonicalHeaders canonical = sigv4::canonicalHeaders(declared.headers);
        const QByteArray scope =
            sigv4::credentialScope(amzDate, QStringLiteral("us-east-1"), QStringLiteral("s3"));
        const QByteArray toSign = sigv4::stringToSign(
            amzDate, scope,
            sigv4::canonicalRequest("GET", sigv4::canonicalUri(declared.path, false),
                                    sigv4::canonicalQuery(declared.query), canonical, "UNSIGNED-PAYLOAD"));
        SigningKeyCache keys;
        const AwsCredentials demo = DmsSimulator::demoCredentials();
        declared.setHeader("authorization",
                           "AWS4-HMAC-SHA256 Credential=" + demo.accessKeyId.toLatin1() + '/' + scope +
                               ", SignedHeaders=" + canonical.signedHeaders + ", Signature=" +
                               keys.signature(demo.accessKeyId, demo.secretAccessKey, amzDate.left(8),
                                              QStringLiteral("us-east-1"), QStringLiteral("s3"), toSign));
        ServiceCall unsignedPayload = s3("/sc-healthy?versioning");
        unsignedPayload.sign = false;
        unsignedPayload.headers = declared.headers;
        unsignedPayload.headers.removeIf([](const auto& h) { return h.first == "host"; });
        QCOMPARE(code(unsignedPayload), QStringLiteral("200 "));
    }

    void iamGetRole_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("restricted");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("principals");

        const QStringList dms{QStringLiteral("dms.amazonaws.com"),
                              QStringLiteral("dms.us-east-1.amazonaws.com")};
        QTest::newRow("project's role, default trust") << "dms-sc-s3-role" << false << 200 << "" << dms;
        QTest::newRow("role with a path") << "dms-sc-secrets-role" << false << 200 << "" << dms;
        QTest::newRow("trusts someone else")
            << "dms-sc-untrusted" << false << 200 << "" << QStringList{QStringLiteral("ec2.amazonaws.com")};
        QTest::newRow("unknown") << "dms-sc-nowhere" << false << 404 << "NoSuchEntity" << QStringList();
        QTest::newRow("declared missing")
            << "dms-sc-deleted" << false << 404 << "NoSuchEntity" << QStringList();
        QTest::newRow("denied on one role")
            << "dms-sc-locked" << false << 403 << "AccessDenied" << QStringList();
        QTest::newRow("denied to one key")
            << "dms-sc-s3-role" << true << 403 << "AccessDenied" << QStringList();
    }

    void iamGetRole()
    {
        QFETCH(QString, role);
        QFETCH(bool, restricted);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QStringList, principals);
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        ServiceCall call = iam("Action=GetRole&RoleName=" + role.toUtf8());
        if (restricted)
            call.credentials = restrictedCredentials();
        const RawReply r = exchange(sim.listen().value(), call);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), QByteArray("text/xml"));
        if (!code.isEmpty()) {
            QVERIFY(r.body.startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"));
            QCOMPARE(r.xml(QStringLiteral("Code")), code);
            QCOMPARE(r.xml(QStringLiteral("Type")), QStringLiteral("Sender"));
            if (code == u"AccessDenied")
                QCOMPARE(
                    r.xml(QStringLiteral("Message")),
                    QStringLiteral("User: arn:aws:iam::111122223333:user/dms-sim-user is not authorized to "
                                   "perform: iam:GetRole on resource: arn:aws:iam::111122223333:role/%1 "
                                   "because no identity-based policy allows the iam:GetRole action")
                        .arg(role));
            return;
        }
        QVERIFY(r.body.startsWith("<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"));
        QCOMPARE(r.xml(QStringLiteral("RoleName")), role);
        QVERIFY(r.xml(QStringLiteral("RoleId")).startsWith(QLatin1String("AROA")));
        // URL-encoded like AWS's: no raw JSON punctuation on the wire.
        const QString encoded = r.xml(QStringLiteral("AssumeRolePolicyDocument"));
        QVERIFY(encoded.startsWith(QLatin1String("%7B%22")));
        QVERIFY(!encoded.contains(QLatin1Char('{')));
        const QJsonObject policy =
            QJsonDocument::fromJson(QByteArray::fromPercentEncoding(encoded.toLatin1())).object();
        const QJsonObject statement = policy.value(QLatin1String("Statement")).toArray().first().toObject();
        QCOMPARE(statement.value(QLatin1String("Action")).toString(), QStringLiteral("sts:AssumeRole"));
        QStringList services;
        const QJsonArray listed =
            statement.value(QLatin1String("Principal")).toObject().value(QLatin1String("Service")).toArray();
        for (const QJsonValue& v : listed)
            services << v.toString();
        QCOMPARE(services, principals);
        if (role == u"dms-sc-secrets-role") {
            QCOMPARE(r.xml(QStringLiteral("Path")), QStringLiteral("/service-role/"));
            QCOMPARE(r.xml(QStringLiteral("Arn")),
                     QStringLiteral("arn:aws:iam::111122223333:role/service-role/dms-sc-secrets-role"));
        }
    }

    void iamSigningAndActions()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        const quint16 port = sim.listen().value();
        // IAM is global: signed for us-east-1 whatever the region; another region does not verify.
        ServiceCall otherRegion = iam("Action=GetRole&RoleName=dms-sc-s3-role");
        otherRegion.region = QStringLiteral("eu-west-1");
        RawReply r = exchange(port, otherRegion);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.xml(QStringLiteral("Code")), QStringLiteral("SignatureDoesNotMatch"));
        ServiceCall unknownKey = iam("Action=GetRole&RoleName=dms-sc-s3-role");
        unknownKey.credentials.accessKeyId = QStringLiteral("AKIAUNKNOWN000000000");
        QCOMPARE(exchange(port, unknownKey).xml(QStringLiteral("Code")),
                 QStringLiteral("InvalidClientTokenId"));
        r = exchange(port, iam("Action=ListRoles"));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.xml(QStringLiteral("Code")), QStringLiteral("InvalidAction"));
        r = exchange(port, iam("Action=GetRole"));
        QCOMPARE(r.xml(QStringLiteral("Code")), QStringLiteral("ValidationError"));
        // STS still answers its own scope on the same port.
        ServiceCall sts = iam("Action=GetCallerIdentity");
        sts.service = QStringLiteral("sts");
        sts.body = "Action=GetCallerIdentity&Version=2011-06-15";
        r = exchange(port, sts);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.xml(QStringLiteral("Account")), QStringLiteral("111122223333"));
    }

    void iamSimulatePrincipalPolicy()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        const quint16 port = sim.listen().value();
        const QByteArray actions = "&ActionNames.member.1=secretsmanager%3AGetSecretValue"
                                   "&ActionNames.member.2=s3%3APutObject"
                                   "&ActionNames.member.3=kms%3ADecrypt"
                                   "&ResourceArns.member.1=arn%3Aaws%3As3%3A%3A%3Asc-healthy%2Fhealthy%2F%2A";
        auto decisions = [&](const QByteArray& role) {
            const RawReply r =
                exchange(port, iam("Action=SimulatePrincipalPolicy&PolicySourceArn=" +
                                   QUrl::toPercentEncoding(QString::fromLatin1(role)) + actions));
            QStringList out;
            qsizetype at = 0;
            while ((at = r.body.indexOf("<EvalDecision>", at)) >= 0) {
                at += 14;
                out << QString::fromUtf8(r.body.mid(at, r.body.indexOf('<', at) - at));
            }
            return out;
        };
        QCOMPARE(
            decisions("arn:aws:iam::111122223333:role/dms-sc-s3-role"),
            (QStringList{QStringLiteral("allowed"), QStringLiteral("allowed"), QStringLiteral("allowed")}));
        QCOMPARE(decisions("arn:aws:iam::111122223333:role/dms-sc-untrusted"),
                 (QStringList{QStringLiteral("implicitDeny"), QStringLiteral("explicitDeny"),
                              QStringLiteral("allowed")}));
        const RawReply one = exchange(port, iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn%3Aaws%"
                                                "3Aiam%3A%3A111122223333%3Arole%2Fdms-sc-s3-role" +
                                                actions));
        QVERIFY(one.body.startsWith(
            "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"));
        QCOMPARE(one.xml(QStringLiteral("EvalActionName")), QStringLiteral("secretsmanager:GetSecretValue"));
        QCOMPARE(one.xml(QStringLiteral("EvalResourceName")),
                 QStringLiteral("arn:aws:s3:::sc-healthy/healthy/*"));
        QCOMPARE(one.xml(QStringLiteral("IsTruncated")), QStringLiteral("false"));
        const RawReply missing = exchange(port, iam("Action=SimulatePrincipalPolicy&PolicySourceArn=arn%"
                                                    "3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fnope" +
                                                    actions));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.xml(QStringLiteral("Code")), QStringLiteral("NoSuchEntity"));
    }

    void secretsManagerDescribeSecret_data()
    {
        QTest::addColumn<QString>("secretId");
        QTest::addColumn<bool>("restricted");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("kmsKeyId"); // "-": omitted
        QTest::addColumn<bool>("deleted");

        const QString defaultKey = SimAccountResources::defaultKmsKeyArn(QStringLiteral("us-east-1"),
                                                                         QStringLiteral("111122223333"));
        QTest::newRow("project's secret by partial ARN")
            << "arn:aws:secretsmanager:us-east-1:111122223333:secret:healthy-target" << false << ""
            << defaultKey << false;
        QTest::newRow("by name") << "healthy-target" << false << "" << defaultKey << false;
        QTest::newRow("pending deletion") << "pending-target" << false << "" << defaultKey << true;
        QTest::newRow("AWS managed key") << "managed-target" << false << ""
                                         << "-" << false;
        QTest::newRow("customer key by alias") << "disabled-key-target" << false << ""
                                               << "alias/dms-sc-disabled" << false;
        QTest::newRow("unknown") << "nope-target" << false << "ResourceNotFoundException"
                                 << "" << false;
        QTest::newRow("denied") << "locked-target" << false << "AccessDeniedException"
                                << "" << false;
    }

    void secretsManagerDescribeSecret()
    {
        QFETCH(QString, secretId);
        QFETCH(bool, restricted);
        QFETCH(QString, code);
        QFETCH(QString, kmsKeyId);
        QFETCH(bool, deleted);
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        ServiceCall call = json(QStringLiteral("secretsmanager"), "secretsmanager.DescribeSecret",
                                QJsonObject{{QStringLiteral("SecretId"), secretId}});
        if (restricted)
            call.credentials = restrictedCredentials();
        const RawReply r = exchange(sim.listen().value(), call);
        const QJsonObject o = r.json();
        if (!code.isEmpty()) {
            QCOMPARE(r.status, 400);
            QCOMPARE(o.value(QLatin1String("__type")).toString(), code);
            QVERIFY(!o.value(QLatin1String("Message")).toString().isEmpty());
            return;
        }
        QCOMPARE(r.status, 200);
        QVERIFY(o.value(QLatin1String("ARN"))
                    .toString()
                    .contains(QRegularExpression(QStringLiteral("-[A-Za-z0-9]{6}$"))));
        QVERIFY(o.value(QLatin1String("ARN"))
                    .toString()
                    .startsWith(QLatin1String("arn:aws:secretsmanager:us-east-1:111122223333:secret:")));
        QVERIFY(o.value(QLatin1String("CreatedDate")).isDouble());
        QCOMPARE(o.contains(QLatin1String("KmsKeyId")), kmsKeyId != u"-");
        if (kmsKeyId != u"-")
            QCOMPARE(o.value(QLatin1String("KmsKeyId")).toString(), kmsKeyId);
        QCOMPARE(o.contains(QLatin1String("DeletedDate")), deleted);
        if (deleted)
            QCOMPARE(o.value(QLatin1String("DeletedDate")).toDouble(),
                     double(QDateTime(QDate(2030, 1, 8), QTime(0, 0), Qt::UTC).toSecsSinceEpoch()));
        // The same secret by its full ARN.
        ServiceCall again = json(QStringLiteral("secretsmanager"), "secretsmanager.DescribeSecret",
                                 QJsonObject{{QStringLiteral("SecretId"), o.value(QLatin1String("ARN"))}});
        QCOMPARE(exchange(quint16(sim.serverUrl().port()), again).json().value(QLatin1String("Name")),
                 o.value(QLatin1String("Name")));
    }

    void kmsDescribeKey_data()
    {
        QTest::addColumn<QString>("keyId");
        QTest::addColumn<bool>("restricted");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("state");

        QTest::newRow("the secrets' default key")
            << SimAccountResources::defaultKmsKeyArn(QStringLiteral("us-east-1"),
                                                     QStringLiteral("111122223333"))
            << false << ""
            << "Enabled";
        QTest::newRow("disabled, by alias") << "alias/dms-sc-disabled" << false << ""
                                            << "Disabled";
        QTest::newRow("disabled, by id") << "11111111-2222-3333-4444-555555555555" << false << ""
                                         << "Disabled";
        QTest::newRow("pending deletion") << "66666666-7777-8888-9999-000000000000" << false << ""
                                          << "PendingDeletion";
        QTest::newRow("AWS managed") << "alias/aws/secretsmanager" << false << ""
                                     << "Enabled";
        QTest::newRow("unknown") << "99999999-0000-0000-0000-000000000000" << false << "NotFoundException"
                                 << "";
        QTest::newRow("denied to one key") << "alias/dms-sc-disabled" << true << "AccessDeniedException"
                                           << "";
    }

    void kmsDescribeKey()
    {
        QFETCH(QString, keyId);
        QFETCH(bool, restricted);
        QFETCH(QString, code);
        QFETCH(QString, state);
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        ServiceCall call = json(QStringLiteral("kms"), "TrentService.DescribeKey",
                                QJsonObject{{QStringLiteral("KeyId"), keyId}});
        if (restricted)
            call.credentials = restrictedCredentials();
        const RawReply r = exchange(sim.listen().value(), call);
        const QJsonObject o = r.json();
        if (!code.isEmpty()) {
            QCOMPARE(r.status, 400);
            QCOMPARE(o.value(QLatin1String("__type")).toString(), code);
            return;
        }
        QCOMPARE(r.status, 200);
        const QJsonObject key = o.value(QLatin1String("KeyMetadata")).toObject();
        QCOMPARE(key.value(QLatin1String("KeyState")).toString(), state);
        QCOMPARE(key.value(QLatin1String("Enabled")).toBool(), state == u"Enabled");
        QCOMPARE(key.contains(QLatin1String("DeletionDate")), state == u"PendingDeletion");
        QVERIFY(key.value(QLatin1String("Arn"))
                    .toString()
                    .startsWith(QLatin1String("arn:aws:kms:us-east-1:111122223333:key/")));
        QCOMPARE(key.value(QLatin1String("KeyManager")).toString(),
                 keyId.startsWith(QLatin1String("alias/aws/")) ? QStringLiteral("AWS")
                                                               : QStringLiteral("CUSTOMER"));
    }

    void jsonServicesVerifyTheirOwnScope_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("member");
        QTest::newRow("secretsmanager")
            << "secretsmanager" << QByteArray("secretsmanager.DescribeSecret") << "SecretId";
        QTest::newRow("kms") << "kms" << QByteArray("TrentService.DescribeKey") << "KeyId";
    }

    void jsonServicesVerifyTheirOwnScope()
    {
        QFETCH(QString, service);
        QFETCH(QByteArray, target);
        QFETCH(QString, member);
        DmsSimulator sim;
        QVERIFY(sim.loadScenario(prerequisitesJson()).ok());
        const quint16 port = sim.listen().value();
        ServiceCall call = json(QStringLiteral("dms"), target, QJsonObject{{member, QStringLiteral("x")}});
        RawReply r = exchange(port, call);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value(QLatin1String("__type")).toString(),
                 QStringLiteral("InvalidSignatureException"));
        QCOMPARE(r.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("Credential should be scoped to correct service: '%1'. ").arg(service));
        call.service = service;
        call.region = QStringLiteral("eu-west-1");
        r = exchange(port, call);
        QCOMPARE(r.json().value(QLatin1String("message")).toString(),
                 QStringLiteral("Credential should be scoped to a valid region. "));
        const QJsonObject logged = sim.requestLog().last().toObject();
        QCOMPARE(logged.value(QLatin1String("service")).toString(), service);
        QCOMPARE(logged.value(QLatin1String("authError")).toString(),
                 QStringLiteral("InvalidSignatureException"));
        // Fault rules name these operations like DMS ones.
        QVERIFY(
            sim.setFaults(QJsonDocument::fromJson(R"([{"type": "throttle", "everyNth": 1}])").array()).ok());
        call.region = QStringLiteral("us-east-1");
        r = exchange(port, call);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QLatin1String("__type")).toString(), QStringLiteral("ThrottlingException"));
    }

    // The demo account prepares one project per prerequisite problem (sim/README.md): each answers
    // as described, from the data DMS returns for the project.
    void demoAccountShowsEachPrerequisiteCase()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadDemoScenario().ok());
        const quint16 port = sim.listen().value();
        auto projectOf = [&](const QString& name) {
            const SimProject* p = sim.scenario().findProject(name);
            return p ? *p : SimProject();
        };
        auto versioning = [&](const QString& project) {
            const QString bucket = SimAccountResources::bucketOfPath(projectOf(project).s3BucketPath);
            const RawReply r = exchange(port, s3("/" + bucket.toUtf8() + "?versioning"));
            return r.status == 200 ? r.xml(QStringLiteral("Status")) : r.xml(QStringLiteral("Code"));
        };
        auto trusted = [&](const QString& roleArn, const AwsCredentials& credentials) {
            ServiceCall call =
                iam("Action=GetRole&RoleName=" + SimAccountResources::roleNameOfArn(roleArn).toUtf8());
            call.credentials = credentials;
            const RawReply r = exchange(port, call);
            if (r.status != 200)
                return r.xml(QStringLiteral("Code"));
            const QByteArray policy =
                QByteArray::fromPercentEncoding(r.xml(QStringLiteral("AssumeRolePolicyDocument")).toLatin1());
            return policy.contains("\"dms.amazonaws.com\"") &&
                           policy.contains("\"dms.us-east-1.amazonaws.com\"")
                       ? QStringLiteral("trusts DMS")
                       : QStringLiteral("does not trust DMS");
        };
        auto secret = [&](const QString& project) {
            const RawReply r = exchange(
                port,
                json(QStringLiteral("secretsmanager"), "secretsmanager.DescribeSecret",
                     QJsonObject{{QStringLiteral("SecretId"), projectOf(project).secretsManagerSecretId}}));
            return r.json();
        };
        auto keyState = [&](const QString& keyId, const AwsCredentials& credentials) {
            ServiceCall call = json(QStringLiteral("kms"), "TrentService.DescribeKey",
                                    QJsonObject{{QStringLiteral("KeyId"), keyId}});
            call.credentials = credentials;
            const QJsonObject o = exchange(port, call).json();
            return o.contains(QLatin1String("__type")) ? o.value(QLatin1String("__type")).toString()
                                                       : o.value(QLatin1String("KeyMetadata"))
                                                             .toObject()
                                                             .value(QLatin1String("KeyState"))
                                                             .toString();
        };
        const AwsCredentials demo = DmsSimulator::demoCredentials();

        // Healthy: every existing project, e.g. erp-migration.
        const QString erp = QStringLiteral("erp-migration");
        QCOMPARE(versioning(erp), QStringLiteral("Enabled"));
        QCOMPARE(trusted(projectOf(erp).s3BucketRoleArn, demo), QStringLiteral("trusts DMS"));
        QCOMPARE(trusted(projectOf(erp).secretsManagerAccessRoleArn, demo), QStringLiteral("trusts DMS"));
        QVERIFY(!secret(erp).contains(QLatin1String("DeletedDate")));
        QCOMPARE(keyState(secret(erp).value(QLatin1String("KmsKeyId")).toString(), demo),
                 QStringLiteral("Enabled"));

        QCOMPARE(versioning(QStringLiteral("docs-versioning-off-migration")), QStringLiteral("Suspended"));
        QCOMPARE(versioning(QStringLiteral("media-bucket-missing-migration")),
                 QStringLiteral("NoSuchBucket"));
        QCOMPARE(versioning(QStringLiteral("emea-bucket-elsewhere-migration")),
                 QStringLiteral("PermanentRedirect"));
        QCOMPARE(
            trusted(projectOf(QStringLiteral("audit-s3-role-untrusted-migration")).s3BucketRoleArn, demo),
            QStringLiteral("does not trust DMS"));
        QCOMPARE(trusted(projectOf(QStringLiteral("vendor-secrets-role-untrusted-migration"))
                             .secretsManagerAccessRoleArn,
                         demo),
                 QStringLiteral("does not trust DMS"));
        QVERIFY(secret(QStringLiteral("tax-secret-deleting-migration"))
                    .value(QLatin1String("DeletedDate"))
                    .isDouble());
        const QString disabledKey = secret(QStringLiteral("grants-key-disabled-migration"))
                                        .value(QLatin1String("KmsKeyId"))
                                        .toString();
        QCOMPARE(keyState(disabledKey, demo), QStringLiteral("Disabled"));
        QCOMPARE(
            trusted(projectOf(QStringLiteral("compliance-role-unreadable-migration")).s3BucketRoleArn, demo),
            QStringLiteral("AccessDenied"));

        // The fourth demo key may not read roles or keys anywhere.
        AwsCredentials restricted;
        restricted.accessKeyId = QStringLiteral("AKIADEMOEXTPACK00004");
        restricted.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator4");
        QCOMPARE(trusted(projectOf(erp).s3BucketRoleArn, restricted), QStringLiteral("AccessDenied"));
        QCOMPARE(keyState(disabledKey, restricted), QStringLiteral("AccessDeniedException"));
    }

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

    void startBehindRunningRequestsIsQueued()
    {
        ManualClock clock(kStart);
        SimService service(&clock);
        service.setScenario(SimScenario::fromJson(scenarioJson(), kStart).value());
        auto start = [&] {
            const SimReply r = service.handle(QStringLiteral("StartExtensionPackAssociation"),
                                              R"({"MigrationProjectIdentifier":"good"})");
            return r.status == 200 ? body(r).value(QLatin1String("RequestIdentifier")).toString() : QString();
        };
        auto status = [&](const QString& id) {
            const QJsonArray all = body(service.handle(QStringLiteral("DescribeExtensionPackAssociations"),
                                                       R"({"MigrationProjectIdentifier":"good"})"))
                                       .value(QLatin1String("Requests"))
                                       .toArray();
            for (const QJsonValue& v : all) {
                if (v.toObject().value(QLatin1String("RequestIdentifier")).toString() == id)
                    return v.toObject().value(QLatin1String("Status")).toString();
            }
            return QString();
        };
        const QString first = start();
        clock.set(kStart.addSecs(30));
        QCOMPARE(status(first), QStringLiteral("IN_PROGRESS"));
        // Accepted while the first runs, and RECEIVED until it ends at 100 s.
        const QString second = start();
        QVERIFY(!second.isEmpty());
        const QString third = start();
        QCOMPARE(status(second), QStringLiteral("RECEIVED"));
        clock.set(kStart.addSecs(99));
        QCOMPARE(status(first), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(status(second), QStringLiteral("RECEIVED"));
        // Then it runs its own 100 s: RECEIVED for 10 % of them, IN_PROGRESS, SUCCESS at 200 s.
        clock.set(kStart.addSecs(105));
        QCOMPARE(status(first), QStringLiteral("SUCCESS"));
        QCOMPARE(status(second), QStringLiteral("RECEIVED"));
        clock.set(kStart.addSecs(111));
        QCOMPARE(status(second), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(status(third), QStringLiteral("RECEIVED"));
        // Cancelling the running one lets the next start at once.
        QVERIFY(service.cancelAssociation(second));
        clock.set(kStart.addSecs(123));
        QCOMPARE(status(third), QStringLiteral("IN_PROGRESS"));
        clock.set(kStart.addSecs(212));
        QCOMPARE(status(second), QStringLiteral("CANCELED"));
        QCOMPARE(status(third), QStringLiteral("SUCCESS"));

        // The scenario option keeps the refusal: ResourceAlreadyExistsFault naming the project.
        QJsonObject refusing = scenarioJson();
        refusing.insert(QStringLiteral("refuseStartWhileRunning"), true);
        service.setScenario(SimScenario::fromJson(refusing, kStart).value());
        QVERIFY(!start().isEmpty());
        const SimReply refused = service.handle(QStringLiteral("StartExtensionPackAssociation"),
                                                R"({"MigrationProjectIdentifier":"good"})");
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.errorCode, QStringLiteral("ResourceAlreadyExistsFault"));
        QVERIFY(body(refused)
                    .value(QLatin1String("resourceArn"))
                    .toString()
                    .contains(QLatin1String(":migration-project:")));
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

    // A Start on a project whose prerequisites are broken ends as AWS ends it (docs/protocol.md
    // §10.3.1): refused at once, or FAILED with AWS's message; what could not be checked installs.
    void brokenPrerequisitesFailTheInstallationAsAwsDoes_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QString>("startError");
        QTest::addColumn<QString>("message"); // of the FAILED request; empty: SUCCESS
        QTest::newRow("healthy") << "erp-migration" << QString() << QString();
        QTest::newRow("could not check") << "compliance-role-unreadable-migration" << QString() << QString();
        QTest::newRow("no bucket") << "media-bucket-missing-migration"
                                   << "S3ResourceNotFoundFault" << QString();
        QTest::newRow("versioning off")
            << "docs-versioning-off-migration" << QString()
            << "S3 bucket versioning is disabled. Please turn it on and try again.";
        QTest::newRow("bucket elsewhere")
            << "emea-bucket-elsewhere-migration" << QString()
            << "Access to project storage denied. Check your S3 bucket, role, region, and try again.";
        QTest::newRow("s3 role untrusted")
            << "audit-s3-role-untrusted-migration" << QString()
            << "Access to the project storage is denied. Check you bucket, S3 role and try again.";
        QTest::newRow("secret role untrusted")
            << "vendor-secrets-role-untrusted-migration" << QString()
            << "The Secret does not exist. Please check the Secret name, IAM secret role, and region.";
        QTest::newRow("secret deleting")
            << "tax-secret-deleting-migration" << QString()
            << "The Secret does not exist. Please check the Secret name, IAM secret role, and region.";
        QTest::newRow("key disabled") << "grants-key-disabled-migration" << QString()
                                      << "Unable to access AWS Secrets Manager: the KMS key";
    }

    void brokenPrerequisitesFailTheInstallationAsAwsDoes()
    {
        QFETCH(QString, project);
        QFETCH(QString, startError);
        QFETCH(QString, message);
        QFile demo(QFINDTESTDATA("../../sim/scenarios/demo.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        ManualClock clock(kStart);
        SimService service(&clock);
        const Result<SimScenario> scenario =
            SimScenario::fromJson(QJsonDocument::fromJson(demo.readAll()).object(), kStart);
        QVERIFY(scenario.ok());
        service.setScenario(scenario.value());
        service.setTimeScale(1000);
        const SimReply started = service.handle(
            QStringLiteral("StartExtensionPackAssociation"),
            QJsonDocument(QJsonObject{{QStringLiteral("MigrationProjectIdentifier"), project}}).toJson());
        if (!startError.isEmpty()) {
            QCOMPARE(started.status, 400);
            QCOMPARE(started.errorCode, startError);
            return;
        }
        QCOMPARE(started.status, 200);
        clock.advanceMs(3600 * 1000);
        const QJsonObject request = describe(service, project);
        QCOMPARE(request.value(QLatin1String("Status")).toString(),
                 message.isEmpty() ? QStringLiteral("SUCCESS") : QStringLiteral("FAILED"));
        const QString said = request.value(QLatin1String("Error"))
                                 .toObject()
                                 .value(QLatin1String("defaultErrorDetails"))
                                 .toObject()
                                 .value(QLatin1String("Message"))
                                 .toString();
        QVERIFY2(said.startsWith(message), qPrintable(said));
    }

    void isoTimesHaveSixFractionDigits()
    {
        QCOMPARE(SimService::isoTime(QDateTime(QDate(2026, 1, 9), QTime(12, 30, 0, 123), Qt::UTC)),
                 QStringLiteral("2026-01-09T12:30:00.123000Z"));
        // In UTC whatever the zone given, padded everywhere; the format as Qt writes it.
        const QList<QDateTime> times{QDateTime(QDate(2026, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
                                     QDateTime(QDate(1, 2, 3), QTime(4, 5, 6, 7), Qt::UTC),
                                     QDateTime(QDate(9999, 12, 31), QTime(0, 0), Qt::UTC),
                                     QDateTime(QDate(2026, 6, 1), QTime(1, 30), Qt::OffsetFromUTC, 5 * 3600),
                                     QDateTime(QDate(2026, 3, 29), QTime(2, 30), Qt::LocalTime)};
        for (const QDateTime& t : times)
            QCOMPARE(SimService::isoTime(t),
                     t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z"));
        QCOMPARE(SimService::isoTime(QDateTime(QDate(2026, 6, 1), QTime(1, 30), Qt::OffsetFromUTC, 5 * 3600)),
                 QStringLiteral("2026-05-31T20:30:00.000000Z"));
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
