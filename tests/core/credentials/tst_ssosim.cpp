// SsoCredentialSource against the real dms-sim: the cached `aws sso login` token is exchanged at
// the simulator's portal, and the role credentials it hands out are then accepted by its DMS side.
// Observers hear about each portal call, without the token or the credentials.
#include "DmsSimProcess.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/SsoCredentialSource.h"
#include "credentials/SsoTokenCache.h"
#include "credentials/StsClient.h"
#include "net/AwsJsonTransport.h"
#include "net/CallObserver.h"
#include "net/PendingCall.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace dmsx;

namespace {

const QString kGoodToken = QStringLiteral("SimSsoGoodBearerToken0123456789");
const QString kPortalExpiredToken = QStringLiteral("SimSsoPortalExpiredToken0123456789");
const QString kFixedKeyId = QStringLiteral("ASIASSOSIMFIXED00001");
const QString kFixedSecret = QStringLiteral("SsoSimFixedSecretKey/ForTheIntegration01");
const QString kFixedToken = QStringLiteral("SsoSimFixedSessionTokenForTheIntegrationTest");

QJsonObject scenario()
{
    QJsonObject fixedRole{{QStringLiteral("roleName"), QStringLiteral("DmsOperator")},
                          {QStringLiteral("accessKeyId"), kFixedKeyId},
                          {QStringLiteral("secretAccessKey"), kFixedSecret},
                          {QStringLiteral("sessionToken"), kFixedToken},
                          {QStringLiteral("durationSeconds"), 3600}};
    QJsonObject account{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                        {QStringLiteral("roles"), QJsonArray{fixedRole, QStringLiteral("ReadOnly")}}};
    QJsonObject sso{{QStringLiteral("tokens"),
                     QJsonArray{QJsonObject{{QStringLiteral("accessToken"), kGoodToken},
                                            {QStringLiteral("expiresInSeconds"), 8 * 3600}},
                                QJsonObject{{QStringLiteral("accessToken"), kPortalExpiredToken},
                                            {QStringLiteral("expiresInSeconds"), -60}}}},
                    {QStringLiteral("accounts"), QJsonArray{account}}};
    QJsonObject project{{QStringLiteral("name"), QStringLiteral("sso-project")}};
    return QJsonObject{{QStringLiteral("sso"), sso}, {QStringLiteral("projects"), QJsonArray{project}}};
}

// Keeps what the source tells its observers.
class RecordingObserver final : public CallObserver
{
public:
    QList<CallEvent> started;
    QList<CallEvent> finished;
    void callStarted(const CallEvent& event) override { started.append(event); }
    void callFinished(const CallEvent& event) override { finished.append(event); }

    // Every text member of every event, to look for secrets in.
    QString allText() const
    {
        QString out;
        for (const QList<CallEvent>* list : {&started, &finished}) {
            for (const CallEvent& e : *list) {
                out += e.invocationId + e.operation + e.groupKey + e.region + e.endpointHost + e.requestId +
                       QString::fromUtf8(QJsonDocument(e.input).toJson()) +
                       QString::fromUtf8(QJsonDocument(e.output).toJson());
                if (e.fault)
                    out += e.fault->code + e.fault->message + e.fault->detail +
                           QString::fromUtf8(e.fault->rawBody);
            }
        }
        return out;
    }
};

} // namespace

class TestSsoSim : public QObject
{
    Q_OBJECT
private:
    DmsSimProcess m_sim;
    QTemporaryDir m_dir;
    std::unique_ptr<QTemporaryDir> m_home;
    QNetworkAccessManager m_nam;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), m_home->path());
        return e;
    }

    SsoProfileConfig profile(const QString& role, const QString& session = QStringLiteral("corp")) const
    {
        SsoProfileConfig c;
        c.profileName = QStringLiteral("sso-dev");
        c.sessionName = session;
        c.startUrl = QStringLiteral("https://corp.awsapps.com/start");
        c.ssoRegion = QStringLiteral("us-east-1");
        c.accountId = QStringLiteral("111122223333");
        c.roleName = role;
        c.portalEndpoint = m_sim.url().toString();
        return c;
    }

    void cacheToken(const SsoProfileConfig& c, const QString& accessToken, const QDateTime& expiresAt)
    {
        const SsoTokenCache cache(env());
        QVERIFY(QDir().mkpath(cache.cacheDirectory()));
        QFile f(cache.cacheFilePath(c));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QJsonObject o{{QStringLiteral("startUrl"), c.startUrl},
                      {QStringLiteral("region"), c.ssoRegion},
                      {QStringLiteral("accessToken"), accessToken},
                      {QStringLiteral("expiresAt"), expiresAt.toString(Qt::ISODate)}};
        f.write(QJsonDocument(o).toJson());
    }

    Result<AwsCredentials> fetch(const SsoProfileConfig& c, CallObserver* observer = nullptr)
    {
        SsoCredentialSource source(c, &m_nam, SystemClock::instance(), env());
        if (observer)
            source.setObservers({observer});
        std::optional<Result<AwsCredentials>> out;
        QObject context;
        source.fetch(&context, [&](const Result<AwsCredentials>& r) { out = r; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 30000))
            return Fault::make(FaultKind::Usage, QStringLiteral("TestNeverFinished"));
        return *out;
    }

    // DescribeMigrationProjects signed with `credentials`.
    Result<QJsonObject> callDms(const AwsCredentials& credentials)
    {
        TransportConfig config;
        config.endpoint = m_sim.url();
        config.region = QStringLiteral("us-east-1");
        config.credentials = [credentials] { return Result<AwsCredentials>(credentials); };
        config.environment = QProcessEnvironment();
        config.maxAttempts = 1;
        AwsJsonTransport transport(config, &m_nam);
        PendingCall* call = transport.call(QStringLiteral("DescribeMigrationProjects"), QJsonObject());
        std::optional<Result<QJsonObject>> out;
        connect(call, &PendingCall::finished, call, [&out, call] { out.emplace(call->result()); });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 30000))
            return Fault::make(FaultKind::Usage, QStringLiteral("TestNeverFinished"));
        return *out;
    }

    int portalRequests()
    {
        int n = 0;
        const QJsonArray log = m_sim.requests(QStringLiteral("GetRoleCredentials"));
        for (const QJsonValue& v : log) {
            if (v.toObject().value(QLatin1String("signed")).toBool())
                return -1; // the portal call must never be SigV4-signed
            ++n;
        }
        return n;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("sso.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(scenario()).toJson());
        f.close();
        QString error;
        QVERIFY2(m_sim.start({QStringLiteral("--scenario"), path}, &error), qPrintable(error));
        m_nam.setProxy(QNetworkProxy::NoProxy);
    }
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        QVERIFY(m_sim.clearRequests());
    }
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void validTokenGivesFixedRoleCredentialsThatDmsAccepts()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY2(r.ok(), qPrintable(r.fault().code + QLatin1Char(' ') + r.fault().message));
        QCOMPARE(r->accessKeyId, kFixedKeyId);
        QCOMPARE(r->secretAccessKey, kFixedSecret);
        QCOMPARE(r->sessionToken, kFixedToken);
        const qint64 left = QDateTime::currentDateTimeUtc().secsTo(r->expiration);
        QVERIFY2(left > 3000 && left <= 3600, qPrintable(QString::number(left)));
        QCOMPARE(portalRequests(), 1);

        const Result<QJsonObject> dms = callDms(r.value());
        QVERIFY2(dms.ok(), qPrintable(dms.fault().code + QLatin1Char(' ') + dms.fault().message));
        QCOMPARE(dms->value(QLatin1String("MigrationProjects")).toArray().size(), 1);
    }

    void mintedRoleCredentialsAreAcceptedByDms()
    {
        const SsoProfileConfig c = profile(QStringLiteral("ReadOnly"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        const Result<AwsCredentials> first = fetch(c);
        QVERIFY2(first.ok(), qPrintable(first.fault().message));
        QVERIFY(first->accessKeyId.startsWith(QLatin1String("ASIA")));
        QVERIFY(!first->sessionToken.isEmpty());
        QVERIFY(callDms(first.value()).ok());

        // A key pair the portal never issued is refused: acceptance above is not a blanket yes.
        AwsCredentials forged = first.value();
        forged.accessKeyId = QStringLiteral("ASIASSOSIMFORGED0001");
        const Result<QJsonObject> refused = callDms(forged);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.fault().code, QStringLiteral("UnrecognizedClientException"));
    }

    // Who STS says the role's credentials are: the permission set's session in the role's account,
    // as AWS names it (the window's identity line shows it), not the scenario's default user.
    void roleCredentialsAreTheRolesSessionToSts()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        const Result<AwsCredentials> creds = fetch(c);
        QVERIFY2(creds.ok(), qPrintable(creds.fault().message));
        TransportConfig config;
        config.endpoint = m_sim.url();
        config.region = QStringLiteral("us-east-1");
        config.signingName = QStringLiteral("sts");
        config.credentials = [k = creds.value()] { return Result<AwsCredentials>(k); };
        config.environment = QProcessEnvironment();
        config.maxAttempts = 1;
        StsClient sts(config, &m_nam);
        std::optional<Result<CallerIdentity>> out;
        QObject context;
        sts.getCallerIdentity(&context, [&](const Result<CallerIdentity>& r) { out = r; });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
        QVERIFY2(out->ok(), qPrintable(out->fault().message));
        QCOMPARE(out->value().account, c.accountId);
        const QRegularExpression arn(QStringLiteral(
            "^arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_DmsOperator_[0-9a-f]{16}/[^/]+$"));
        QVERIFY2(arn.match(out->value().arn).hasMatch(), qPrintable(out->value().arn));
    }

    void expiredCachedTokenNamesTheLoginCommand()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(-5));
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoTokenExpired);
        QVERIFY2(r.fault().detail.contains(QLatin1String("dms-extpack-cli sso login --sso-session corp")),
                 qPrintable(r.fault().detail));
        QCOMPARE(portalRequests(), 0);
    }

    void missingTokenNamesTheLoginCommand()
    {
        SsoProfileConfig c = profile(QStringLiteral("DmsOperator"), QString()); // legacy profile
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoTokenMissing);
        QVERIFY2(r.fault().detail.contains(QLatin1String("dms-extpack-cli sso login --profile sso-dev")),
                 qPrintable(r.fault().detail));
        QCOMPARE(portalRequests(), 0);
    }

    void tokenThePortalNoLongerAcceptsNamesTheLoginCommand()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kPortalExpiredToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, QStringLiteral("UnauthorizedException"));
        QCOMPARE(r.fault().httpStatus, 401);
        QVERIFY(r.fault().detail.contains(QLatin1String("dms-extpack-cli sso login --sso-session corp")));
        QVERIFY(!r.fault().message.contains(kPortalExpiredToken));
        QCOMPARE(portalRequests(), 1);
    }

    void observersSeeASuccessfulCallWithoutSecrets()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        RecordingObserver observer;
        const Result<AwsCredentials> r = fetch(c, &observer);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(observer.started.size(), 1);
        QCOMPARE(observer.finished.size(), 1);
        const CallEvent& s = observer.started.first();
        const CallEvent& e = observer.finished.first();
        QCOMPARE(s.operation, QStringLiteral("GetRoleCredentials"));
        QCOMPARE(s.endpointHost, QStringLiteral("127.0.0.1:%1").arg(m_sim.port()));
        QCOMPARE(s.region, QStringLiteral("us-east-1"));
        QVERIFY(s.startedAt.isValid());
        QVERIFY(!s.invocationId.isEmpty());
        QCOMPARE(e.invocationId, s.invocationId);
        QCOMPARE(e.operation, QStringLiteral("GetRoleCredentials"));
        QCOMPARE(e.httpStatus, 200);
        QCOMPARE(e.attempts, 1);
        QVERIFY(!e.fault.has_value());
        QVERIFY(e.finishedAt.isValid());
        // The request id is the one the portal answered with.
        const QJsonArray log = m_sim.requests(QStringLiteral("GetRoleCredentials"));
        QCOMPARE(log.size(), 1);
        QCOMPARE(e.requestId, log.first().toObject().value(QLatin1String("requestId")).toString());
        QVERIFY(!e.requestId.isEmpty());

        const QString text = observer.allText();
        QVERIFY(text.contains(QLatin1String("DmsOperator"))); // allText does see the events
        for (const QString& secret : {kGoodToken, kFixedSecret, kFixedToken})
            QVERIFY2(!text.contains(secret), "a secret reached the observers");
    }

    void observersSeeARejectedCallWithItsFault()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kPortalExpiredToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        RecordingObserver observer;
        const Result<AwsCredentials> r = fetch(c, &observer);
        QVERIFY(!r.ok());
        QCOMPARE(observer.started.size(), 1);
        QCOMPARE(observer.finished.size(), 1);
        const CallEvent& e = observer.finished.first();
        QCOMPARE(e.httpStatus, 401);
        QVERIFY(e.fault.has_value());
        QCOMPARE(e.fault->code, QStringLiteral("UnauthorizedException"));
        QVERIFY(!e.requestId.isEmpty());
        QVERIFY(!observer.allText().contains(kPortalExpiredToken));
    }

    void noEventsWhenNothingIsSent()
    {
        const SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(-5));
        RecordingObserver observer;
        QVERIFY(!fetch(c, &observer).ok());
        QCOMPARE(portalRequests(), 0);
        QCOMPARE(observer.started.size(), 0);
        QCOMPARE(observer.finished.size(), 0);
    }

    void roleNotAssignedIsForbidden()
    {
        const SsoProfileConfig c = profile(QStringLiteral("Administrator"));
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(3600));
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, QStringLiteral("ForbiddenException"));
        QCOMPARE(r.fault().httpStatus, 403);
    }

    // AWS_CA_BUNDLE / ca_bundle trusts a company CA for the portal as it does for DMS and STS.
    void httpsPortalIsTrustedThroughTheCaBundleOnly()
    {
        const QString ca = m_dir.filePath(QStringLiteral("sso-ca.pem"));
        DmsSimProcess tlsSim;
        QString error;
        QVERIFY2(tlsSim.start({QStringLiteral("--scenario"), m_dir.filePath(QStringLiteral("sso.json")),
                               QStringLiteral("--https"), QStringLiteral("--ca-out"), ca},
                              &error),
                 qPrintable(error));
        QCOMPARE(tlsSim.url().scheme(), QStringLiteral("https"));
        SsoProfileConfig c = profile(QStringLiteral("DmsOperator"));
        c.portalEndpoint = tlsSim.url().toString();
        cacheToken(c, kGoodToken, QDateTime::currentDateTimeUtc().addSecs(3600));

        const Result<AwsCredentials> untrusted = fetch(c);
        QVERIFY(!untrusted.ok());
        QCOMPARE(untrusted.fault().code, FaultCode::TlsVerificationFailed);
        QCOMPARE(untrusted.fault().kind, FaultKind::Transport);
        QVERIFY(!untrusted.fault().requestWasSent);

        c.caBundlePath = ca;
        m_nam.clearConnectionCache(); // its key ignores the TLS configuration
        const Result<AwsCredentials> trusted = fetch(c);
        QVERIFY2(trusted.ok(), qPrintable(trusted.fault().code + QLatin1Char(' ') + trusted.fault().message));
        QCOMPARE(trusted->accessKeyId, kFixedKeyId);
    }
};

QTEST_GUILESS_MAIN(TestSsoSim)
#include "tst_ssosim.moc"
