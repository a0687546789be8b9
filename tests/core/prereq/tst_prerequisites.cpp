// The prerequisite checks' service clients and the checks themselves: S3's REST-XML requests as
// they go on the wire (GET, x-amz-content-sha256, signed for s3 and the bucket's region, signed
// again for the region a redirect names), IAM's answers and trust policies, and the checklist
// against the in-process simulator over loopback.
#include "DmsSimulator.h"
#include "ScriptedHttpServer.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "config/ServiceEndpointResolver.h"
#include "dms/DmsClient.h"
#include "iam/IamClient.h"
#include "iam/TrustPolicy.h"
#include "net/AwsJsonTransport.h"
#include "net/AwsQueryListProtocol.h"
#include "net/S3RestXmlProtocol.h"
#include "net/TransportPool.h"
#include "prereq/PrerequisiteChecker.h"
#include "prereq/PrerequisiteServices.h"
#include "s3/S3Client.h"
#include "secretsmanager/SecretsManagerClient.h"
#include "sigv4/Sha256.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>

#include <optional>

using namespace dmsx;
using Id = PrerequisiteCheck::Id;
using Status = PrerequisiteCheck::Status;

namespace {

TransportConfig baseConfig()
{
    TransportConfig c;
    c.credentials = [] {
        AwsCredentials k;
        k.accessKeyId = QStringLiteral("AKIDPREREQTEST");
        k.secretAccessKey = QStringLiteral("prereq-test-secret");
        return Result<AwsCredentials>(k);
    };
    c.environment = QProcessEnvironment();
    c.maxAttempts = 1;
    return c;
}

template <typename T, typename Start> Result<T> await(Start start)
{
    QEventLoop loop;
    std::optional<Result<T>> out;
    start(&loop, [&](const Result<T>& r) {
        out = r;
        loop.quit();
    });
    if (!out)
        loop.exec();
    return *out;
}

QByteArray headerOf(const QByteArray& request, const QByteArray& name)
{
    for (const QByteArray& line : request.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.toLower().startsWith(QByteArray(name.toLower() + ':')))
            return l.mid(name.size() + 1).trimmed();
    }
    return QByteArray();
}

Fault serviceFault(const QString& code, const QString& operation, int status = 400)
{
    Fault f = Fault::make(FaultKind::Service, code, QStringLiteral("denied or missing"));
    f.operation = operation;
    f.httpStatus = status;
    return f;
}

// Every finding is worded by the catalogue, none by its generic entry.
bool worded(const PrerequisiteCheck& c)
{
    return !c.fault || FaultCatalogue::explain(*c.fault).catalogueKey != QLatin1String("Generic");
}

} // namespace

class TestPrerequisites : public QObject
{
    Q_OBJECT

private slots:
    void s3RequestsAreSignedGetsWithThePayloadHash()
    {
        ScriptedHttpServer server(
            {scriptedHttp(200,
                          "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                          "eu-west-1</LocationConstraint>",
                          "application/xml"),
             scriptedHttp(200,
                          "<?xml version=\"1.0\"?><VersioningConfiguration "
                          "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>Enabled"
                          "</Status></VersioningConfiguration>",
                          "application/xml")});
        QNetworkAccessManager nam;
        TransportPool pool(baseConfig(), &nam);
        S3Client s3(&pool, QStringLiteral("us-east-1"),
                    QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
        const Result<BucketVersioning> v = await<BucketVersioning>([&](QObject* ctx, auto done) {
            s3.getBucketVersioning(QStringLiteral("sc-demo-bucket"), ctx, done);
        });
        QVERIFY2(v.ok(), qPrintable(v.fault().message));
        QVERIFY(v->isEnabled());
        QCOMPARE(v->region, QStringLiteral("eu-west-1"));
        QCOMPARE(server.requests.size(), 2);
        const QByteArray location = server.requests.at(0);
        QVERIFY2(location.startsWith("GET /sc-demo-bucket?location HTTP/1.1"), location.constData());
        QCOMPARE(headerOf(location, "x-amz-content-sha256"), Sha256::hex(QByteArray()));
        QVERIFY(headerOf(location, "Authorization").contains("/us-east-1/s3/aws4_request"));
        QVERIFY(headerOf(location, "Authorization").contains("x-amz-content-sha256"));
        QVERIFY(headerOf(location, "Content-Length").isEmpty() ||
                headerOf(location, "Content-Length") == "0");
        // The versioning is asked where the bucket is, signed for that region.
        const QByteArray versioning = server.requests.at(1);
        QVERIFY2(versioning.startsWith("GET /sc-demo-bucket?versioning HTTP/1.1"), versioning.constData());
        QVERIFY(headerOf(versioning, "Authorization").contains("/eu-west-1/s3/aws4_request"));
    }

    // The services' signatures are dated by the connection's clock, as DMS's are: a test's clock,
    // or one the DBA's computer has, applies to every service alike.
    void theServicesAreSignedAtTheConnectionsClock()
    {
        ScriptedHttpServer server(
            {scriptedHttp(200, "<LocationConstraint/>", "application/xml"),
             scriptedHttp(200, "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
                          "application/xml")});
        QNetworkAccessManager nam;
        ManualClock clock(QDateTime(QDate(2031, 5, 6), QTime(7, 8, 9), Qt::UTC));
        const PrerequisiteServices::Settings settings = [&] {
            PrerequisiteServices::Settings s;
            s.region = QStringLiteral("us-east-1");
            s.s3Url = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
            return s;
        }();
        PrerequisiteServices services(settings, baseConfig(), &nam, {}, &clock);
        const Result<BucketVersioning> v = await<BucketVersioning>([&](QObject* ctx, auto done) {
            services.s3().getBucketVersioning(QStringLiteral("sc-demo-bucket"), ctx, done);
        });
        QVERIFY2(v.ok(), qPrintable(v.fault().message));
        QCOMPARE(server.requests.size(), 2);
        for (const QByteArray& request : std::as_const(server.requests)) {
            QCOMPARE(headerOf(request, "x-amz-date"), QByteArray("20310506T070809Z"));
            QVERIFY(headerOf(request, "Authorization").contains("/20310506/us-east-1/s3/aws4_request"));
        }
    }

    void aRedirectToTheBucketsRegionIsSignedAgainOnce()
    {
        const QByteArray redirect = scriptedHttp(
            301,
            "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be "
            "addressed using the specified endpoint.</Message><Endpoint>x.s3.ap-south-1.amazonaws.com"
            "</Endpoint></Error>",
            "application/xml", "x-amz-bucket-region: ap-south-1\r\n");
        ScriptedHttpServer server(
            {scriptedHttp(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
                          "application/xml"),
             redirect,
             scriptedHttp(200,
                          "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
                          "application/xml")});
        QNetworkAccessManager nam;
        TransportPool pool(baseConfig(), &nam);
        S3Client s3(&pool, QStringLiteral("us-east-1"),
                    QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
        const Result<BucketVersioning> v = await<BucketVersioning>([&](QObject* ctx, auto done) {
            s3.getBucketVersioning(QStringLiteral("sc-demo-bucket"), ctx, done);
        });
        QVERIFY2(v.ok(), qPrintable(v.fault().message));
        QCOMPARE(v->status, QStringLiteral("Suspended"));
        QCOMPARE(v->region, QStringLiteral("ap-south-1"));
        QCOMPARE(server.requests.size(), 3);
        QVERIFY(headerOf(server.requests.at(1), "Authorization").contains("/us-east-1/s3/"));
        QVERIFY(headerOf(server.requests.at(2), "Authorization").contains("/ap-south-1/s3/"));
    }

    void noSuchBucketIsAFault()
    {
        ScriptedHttpServer server({scriptedHttp(
            404,
            "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>"
            "<BucketName>gone</BucketName><RequestId>R1</RequestId></Error>",
            "application/xml")});
        QNetworkAccessManager nam;
        TransportPool pool(baseConfig(), &nam);
        S3Client s3(&pool, QStringLiteral("us-east-1"),
                    QStringLiteral("http://127.0.0.1:%1").arg(server.port()));
        const Result<BucketVersioning> v = await<BucketVersioning>([&](QObject* ctx, auto done) {
            s3.getBucketVersioning(QStringLiteral("gone-bucket"), ctx, done);
        });
        QVERIFY(!v.ok());
        QCOMPARE(v.fault().code, QStringLiteral("NoSuchBucket"));
        QCOMPARE(v.fault().httpStatus, 404);
        QCOMPARE(v.fault().requestId, QStringLiteral("R1"));
        QCOMPARE(server.requests.size(), 1);
    }

    void s3Documents()
    {
        const auto flat = S3RestXmlProtocol::flatten(
            "<VersioningConfiguration xmlns=\"x\"><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete>"
            "</VersioningConfiguration>");
        QVERIFY(flat);
        QCOMPARE(flat->value(QStringLiteral("Status")), QStringLiteral("Enabled"));
        QVERIFY(S3RestXmlProtocol::flatten("<VersioningConfiguration/>")->isEmpty());
        QCOMPARE(S3RestXmlProtocol::flatten("<LocationConstraint>EU</LocationConstraint>")
                     ->value(QStringLiteral("LocationConstraint")),
                 QStringLiteral("EU"));
        QVERIFY(!S3RestXmlProtocol::flatten("<a><b></a>"));
        QCOMPARE(S3Client::regionOfLocationConstraint(QString()), QStringLiteral("us-east-1"));
        QCOMPARE(S3Client::regionOfLocationConstraint(QStringLiteral("EU")), QStringLiteral("eu-west-1"));
        QCOMPARE(S3Client::bucketOfPath(QStringLiteral("s3://sc-demo-bucket/erp/x")),
                 QStringLiteral("sc-demo-bucket"));
        QVERIFY(S3Client::bucketOfPath(QStringLiteral("s3://Bad_Bucket/x")).isEmpty());
        // A region the header names only if it is one.
        const Fault f =
            S3RestXmlProtocol::parseErrorDocument(301, {{"x-amz-bucket-region", "evil.example/x"}}, {});
        QVERIFY(S3RestXmlProtocol::bucketRegionOf(f).isEmpty());
        QCOMPARE(f.code, QStringLiteral("PermanentRedirect"));
    }

    // DeletedDate comes as epoch seconds (awsJson) or ISO 8601; a number no date can hold is no
    // date, never an undefined conversion (the fuzzer's 1e99).
    void secretDeletionDates_data()
    {
        QTest::addColumn<QByteArray>("deleted");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime christmas(QDate(2026, 12, 24), QTime(0, 0), Qt::UTC);
        QTest::newRow("epoch seconds") << QByteArray("1798070400") << christmas;
        QTest::newRow("fractional seconds") << QByteArray("1798070400.5") << christmas.addMSecs(500);
        QTest::newRow("ISO 8601") << QByteArray("\"2026-12-24T00:00:00Z\"") << christmas;
        QTest::newRow("beyond any date") << QByteArray("1e99") << QDateTime();
        QTest::newRow("before any date") << QByteArray("-1e99") << QDateTime();
        QTest::newRow("not a date") << QByteArray("\"soon\"") << QDateTime();
        QTest::newRow("absent") << QByteArray() << QDateTime();
    }

    void secretDeletionDates()
    {
        QFETCH(QByteArray, deleted);
        QFETCH(QDateTime, expected);
        QByteArray body =
            R"({"ARN":"arn:aws:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf","Name":"x")";
        if (!deleted.isEmpty())
            body += ",\"DeletedDate\":" + deleted;
        body += '}';
        const Result<SecretDescription> d =
            SecretsManagerClient::parseDescription(QJsonDocument::fromJson(body).object());
        QVERIFY(d);
        QCOMPARE(d.value().deletedDate.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(d.value().deletedDate, expected);
    }

    void iamAnswers()
    {
        const QByteArray role =
            "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role>"
            "<Path>/</"
            "Path><AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B"
            "%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%5B%22dms.amazonaws.com%22%5D%"
            "7D%2C"
            "%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>"
            "<RoleName>dms-sc-s3-role</RoleName><Arn>arn:aws:iam::111122223333:role/dms-sc-s3-role</Arn>"
            "</Role></GetRoleResult></GetRoleResponse>";
        const Result<QJsonObject> flat =
            AwsQueryListProtocol(QStringLiteral("2010-05-08")).parseSuccess(role, {});
        QVERIFY(flat.ok());
        const Result<IamRole> parsed = IamClient::parseRole(flat.value());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->roleName, QStringLiteral("dms-sc-s3-role"));
        const Result<TrustPolicy> policy = TrustPolicy::parse(parsed->trustPolicy);
        QVERIFY(policy.ok());
        QVERIFY(policy->trustsDms(QStringLiteral("us-east-1")));

        const QByteArray simulated =
            "<SimulatePrincipalPolicyResponse><SimulatePrincipalPolicyResult><EvaluationResults>"
            "<member><EvalActionName>s3:GetObject</EvalActionName><EvalDecision>allowed</EvalDecision>"
            "<EvalResourceName>arn:aws:s3:::b/p/*</EvalResourceName></member>"
            "<member><EvalActionName>s3:PutObject</EvalActionName><EvalDecision>explicitDeny</EvalDecision>"
            "<EvalResourceName>arn:aws:s3:::b/p/*</EvalResourceName></member>"
            "</EvaluationResults><IsTruncated>false</IsTruncated></SimulatePrincipalPolicyResult>"
            "</SimulatePrincipalPolicyResponse>";
        const QList<PolicyDecision> decisions = IamClient::parseEvaluationResults(
            AwsQueryListProtocol(QStringLiteral("2010-05-08")).parseSuccess(simulated, {}).value());
        QCOMPARE(decisions.size(), 2);
        QVERIFY(decisions.at(0).isAllowed());
        QCOMPARE(decisions.at(1).action, QStringLiteral("s3:PutObject"));
        QVERIFY(!decisions.at(1).isAllowed());
        QCOMPARE(IamClient::roleNameOfArn(QStringLiteral("arn:aws:iam::111122223333:role/service/dms-x")),
                 QStringLiteral("dms-x"));
        QVERIFY(IamClient::roleNameOfArn(QStringLiteral("arn:aws:s3:::bucket")).isEmpty());
    }

    void trustPolicies_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<QString>("region");
        QTest::addColumn<bool>("trusted");
        QTest::newRow("dms")
            << R"({"Statement":{"Effect":"Allow","Principal":{"Service":"dms.amazonaws.com"},"Action":"sts:AssumeRole"}})"
            << "us-east-1" << true;
        QTest::newRow("regional")
            << R"({"Statement":[{"Effect":"Allow","Principal":{"Service":["dms.eu-west-1.amazonaws.com"]},"Action":["sts:AssumeRole"]}]})"
            << "eu-west-1" << true;
        QTest::newRow("china")
            << R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"dms.cn-north-1.amazonaws.com.cn"},"Action":"sts:*"}]})"
            << "cn-north-1" << true;
        QTest::newRow("ec2 only")
            << R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})"
            << "us-east-1" << false;
        QTest::newRow("other action")
            << R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"dms.amazonaws.com"},"Action":"sts:TagSession"}]})"
            << "us-east-1" << false;
        QTest::newRow("denied")
            << R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"dms.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":"*","Action":"*"}]})"
            << "us-east-1" << false;
        QTest::newRow("other region's principal")
            << R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"dms.eu-west-1.amazonaws.com"},"Action":"sts:AssumeRole"}]})"
            << "us-east-1" << false;
    }
    void trustPolicies()
    {
        QFETCH(QString, policy);
        QFETCH(QString, region);
        QFETCH(bool, trusted);
        const Result<TrustPolicy> p = TrustPolicy::parse(policy);
        QVERIFY(p.ok());
        QCOMPARE(p->trustsDms(region), trusted);
        QVERIFY(!TrustPolicy::parse(QStringLiteral("not json")).ok());
    }

    // Each service check's three outcomes: passed, problem found, could not check (naming the
    // permission it would need).
    void bucketOutcomes()
    {
        const QString path = QStringLiteral("s3://sc-demo-bucket/erp");
        const QString region = QStringLiteral("us-east-1");
        BucketVersioning v{QStringLiteral("sc-demo-bucket"), QStringLiteral("eu-west-1"),
                           QStringLiteral("Enabled")};
        PrerequisiteCheck c = PrerequisiteChecker::bucketCheck(v, path, region);
        QCOMPARE(c.status, Status::Passed);
        QVERIFY(c.finding().contains(QLatin1String("eu-west-1")));
        QVERIFY(c.consoleUrl.contains(QLatin1String("region=eu-west-1")));
        for (const QString& status : {QStringLiteral("Suspended"), QString()}) {
            v.status = status;
            c = PrerequisiteChecker::bucketCheck(v, path, region);
            QCOMPARE(c.status, Status::Problem);
            QCOMPARE(c.fault->code, FaultCode::PrereqBucketVersioningOff);
            QVERIFY2(c.cliCommand.startsWith(
                         QLatin1String("aws s3api put-bucket-versioning --bucket sc-demo-bucket "
                                       "--versioning-configuration Status=Enabled --region eu-west-1")),
                     qPrintable(c.cliCommand));
            QVERIFY(worded(c));
        }
        c = PrerequisiteChecker::bucketCheck(
            serviceFault(QStringLiteral("NoSuchBucket"), QStringLiteral("GetBucketLocation"), 404), path,
            region);
        QCOMPARE(c.status, Status::Problem);
        QCOMPARE(c.fault->code, FaultCode::PrereqBucketNotFound);
        QVERIFY(worded(c));
        c = PrerequisiteChecker::bucketCheck(
            serviceFault(QStringLiteral("AccessDenied"), QStringLiteral("GetBucketVersioning"), 403), path,
            region);
        QCOMPARE(c.status, Status::CouldNotCheck);
        QVERIFY(!c.blocks());
        QCOMPARE(FaultCatalogue::explain(*c.fault).iamAction, QStringLiteral("s3:GetBucketVersioning"));
        QVERIFY(c.finding().contains(QLatin1String("s3:GetBucketVersioning")));
        QVERIFY(c.cliCommand.startsWith(QLatin1String("aws s3api get-bucket-versioning")));
    }

    void roleOutcomes()
    {
        const QString arn = QStringLiteral("arn:aws:iam::111122223333:role/dms-sc-s3-role");
        const QString region = QStringLiteral("us-east-1");
        IamRole role{
            QStringLiteral("dms-sc-s3-role"), arn,
            QStringLiteral(
                R"({"Statement":[{"Effect":"Allow","Principal":{"Service":["dms.amazonaws.com"]},"Action":"sts:AssumeRole"}]})")};
        PrerequisiteCheck c = PrerequisiteChecker::roleCheck(Id::S3Role, role, arn, region);
        QCOMPARE(c.status, Status::Passed);
        QVERIFY(c.consoleUrl.contains(QLatin1String("/iam/home#/roles/details/dms-sc-s3-role")));
        role.trustPolicy = QStringLiteral(
            R"({"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
        c = PrerequisiteChecker::roleCheck(Id::S3Role, role, arn, region);
        QCOMPARE(c.status, Status::Problem);
        QCOMPARE(c.fault->code, FaultCode::PrereqRoleNotTrusted);
        QVERIFY(c.fault->message.contains(QLatin1String("ec2.amazonaws.com")));
        QVERIFY2(c.cliCommand.contains(QLatin1String("update-assume-role-policy --role-name dms-sc-s3-role")),
                 qPrintable(c.cliCommand));
        QVERIFY(c.cliCommand.contains(QLatin1String("dms.us-east-1.amazonaws.com")));
        QVERIFY(worded(c));
        c = PrerequisiteChecker::roleCheck(
            Id::SecretRole, serviceFault(QStringLiteral("NoSuchEntity"), QStringLiteral("GetRole"), 404), arn,
            region);
        QCOMPARE(c.status, Status::Problem);
        QCOMPARE(c.fault->code, FaultCode::PrereqRoleNotFound);
        c = PrerequisiteChecker::roleCheck(
            Id::S3Role, serviceFault(QStringLiteral("AccessDenied"), QStringLiteral("GetRole"), 403), arn,
            region);
        QCOMPARE(c.status, Status::CouldNotCheck);
        QCOMPARE(FaultCatalogue::explain(*c.fault).iamAction, QStringLiteral("iam:GetRole"));
        QVERIFY(c.cliCommand.startsWith(QLatin1String("aws iam get-role --role-name dms-sc-s3-role")));
    }

    void secretAndKeyOutcomes()
    {
        const QString id = QStringLiteral("arn:aws:secretsmanager:eu-west-1:111122223333:secret:erp-target");
        SecretDescription secret{id + QStringLiteral("-AbCdEf"), QStringLiteral("erp-target"), QString(),
                                 QDateTime()};
        PrerequisiteCheck c = PrerequisiteChecker::secretCheck(secret, id, QStringLiteral("us-east-1"));
        QCOMPARE(c.status, Status::Passed);
        QVERIFY(c.finding().contains(QLatin1String("aws/secretsmanager")));
        secret.deletedDate = QDateTime(QDate(2026, 12, 24), QTime(0, 0), Qt::UTC);
        c = PrerequisiteChecker::secretCheck(secret, id, QStringLiteral("us-east-1"));
        QCOMPARE(c.status, Status::Problem);
        QCOMPARE(c.fault->code, FaultCode::PrereqSecretPendingDeletion);
        QVERIFY(c.finding().contains(QLatin1String("2026-12-24")));
        QVERIFY2(c.cliCommand.contains(QLatin1String("restore-secret")) &&
                     c.cliCommand.contains(QLatin1String("eu-west-1")),
                 qPrintable(c.cliCommand));
        c = PrerequisiteChecker::secretCheck(
            serviceFault(QStringLiteral("ResourceNotFoundException"), QStringLiteral("DescribeSecret")), id,
            QStringLiteral("us-east-1"));
        QCOMPARE(c.fault->code, FaultCode::PrereqSecretNotFound);
        QCOMPARE(c.status, Status::Problem);
        c = PrerequisiteChecker::secretCheck(
            serviceFault(QStringLiteral("AccessDeniedException"), QStringLiteral("DescribeSecret")), id,
            QStringLiteral("us-east-1"));
        QCOMPARE(c.status, Status::CouldNotCheck);
        QCOMPARE(FaultCatalogue::explain(*c.fault).iamAction,
                 QStringLiteral("secretsmanager:DescribeSecret"));

        const QString key =
            QStringLiteral("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        KeyDescription k{QStringLiteral("1234abcd-12ab-34cd-56ef-1234567890ab"), key,
                         QStringLiteral("Enabled"), QStringLiteral("CUSTOMER"), true};
        QCOMPARE(PrerequisiteChecker::keyCheck(k, key, QStringLiteral("us-east-1")).status, Status::Passed);
        for (const QString& state : {QStringLiteral("Disabled"), QStringLiteral("PendingDeletion")}) {
            k.keyState = state;
            k.enabled = false;
            c = PrerequisiteChecker::keyCheck(k, key, QStringLiteral("us-east-1"));
            QCOMPARE(c.status, Status::Problem);
            QCOMPARE(c.fault->code, FaultCode::PrereqKeyNotUsable);
            QVERIFY(c.cliCommand.contains(state == u"Disabled" ? QLatin1String("enable-key")
                                                               : QLatin1String("cancel-key-deletion")));
            QVERIFY(worded(c));
        }
        c = PrerequisiteChecker::keyCheck(
            serviceFault(QStringLiteral("NotFoundException"), QStringLiteral("DescribeKey")), key,
            QStringLiteral("us-east-1"));
        QCOMPARE(c.fault->code, FaultCode::PrereqKeyNotFound);
        c = PrerequisiteChecker::keyCheck(
            serviceFault(QStringLiteral("AccessDeniedException"), QStringLiteral("DescribeKey")), key,
            QStringLiteral("us-east-1"));
        QCOMPARE(c.status, Status::CouldNotCheck);
        QCOMPARE(FaultCatalogue::explain(*c.fault).iamAction, QStringLiteral("kms:DescribeKey"));
    }

    // DMS on this computer and nothing said about the other services: their checks are "could
    // not check", nothing goes to AWS, and nothing blocks.
    void aLoopbackDmsWithoutServiceEndpointsSendsNothingElsewhere()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadDemoScenario().ok());
        QVERIFY(sim.listen().ok());
        QNetworkAccessManager nam;
        TransportConfig c = baseConfig();
        c.endpoint = sim.serverUrl();
        c.region = sim.region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        AwsJsonTransport transport(c, &nam);
        DmsClient client(&transport);
        PrerequisiteServices::Settings settings;
        settings.region = sim.region();
        settings.dmsOnLoopback = true;
        PrerequisiteServices services(settings, baseConfig(), &nam);
        PrerequisiteChecker checker(&client, QStringLiteral("erp-migration"));
        checker.setServices(&services);
        QList<int> rows;
        connect(&checker, &PrerequisiteChecker::checkUpdated, this,
                [&](int row, const PrerequisiteCheck&) { rows << row; });
        bool finished = false;
        connect(&checker, &PrerequisiteChecker::finished, this, [&] { finished = true; });
        checker.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished, 20000);
        QVERIFY(checker.result().ok());
        const PrerequisiteReport& report = checker.result()->checks;
        QVERIFY(report.isComplete());
        QVERIFY(!report.hasProblems());
        QCOMPARE(rows.size(), report.checks.size());
        for (const Id id : {Id::S3Bucket, Id::S3Role, Id::SecretRole, Id::Secret}) {
            const PrerequisiteCheck* row = report.find(id);
            QVERIFY(row);
            QCOMPARE(row->status, Status::CouldNotCheck);
            QCOMPARE(row->fault->code, FaultCode::PrereqServiceEndpointNotSet);
            QVERIFY(worded(*row));
        }
        QVERIFY(report.find(Id::S3Bucket)->fix().contains(QLatin1String("AWS_ENDPOINT_URL_S3")));
        for (const QJsonValue& v : sim.requestLog()) {
            const QString op = v.toObject().value(QLatin1String("operation")).toString();
            QVERIFY2(op.startsWith(QLatin1String("Describe")) && !op.contains(QLatin1String("Secret")),
                     qPrintable(op));
        }
    }
};

QTEST_MAIN(TestPrerequisites)
#include "tst_prerequisites.moc"
