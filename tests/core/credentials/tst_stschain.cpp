// STS and the provider chain against the real dms-sim over loopback: AssumeRole with
// source_profile, a chain of two roles, external id, MFA (right and wrong code), refresh before
// expiry, and `whoami` / `diagnose` through the real CLI.
#include "DmsSimProcess.h"
#include "SanitizerOptions.h"
#include "base/FaultCodes.h"
#include "config/AwsConfigFile.h"
#include "credentials/CredentialChain.h"
#include "credentials/StsClient.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"
#include "net/CallObserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;

namespace {

const QString kAccount = QStringLiteral("111122223333");
const QString kUserArn = QStringLiteral("arn:aws:iam::111122223333:user/dba");
const QString kDeploy = QStringLiteral("arn:aws:iam::111122223333:role/Deploy");
const QString kSecond = QStringLiteral("arn:aws:iam::111122223333:role/Second");
const QString kPartner = QStringLiteral("arn:aws:iam::111122223333:role/Partner");
const QString kMfaRole = QStringLiteral("arn:aws:iam::111122223333:role/Guarded");
const QString kMfaSerial = QStringLiteral("arn:aws:iam::111122223333:mfa/dba");
const QString kBaseKey = QStringLiteral("AKIASTSTESTBASE00001");
const QString kBaseSecret = QStringLiteral("StsTestSecretKeyBase/0000000000000000001");

const char* kScenario = R"({
  "accountId": "111122223333", "region": "us-east-1",
  "credentials": [{"accessKeyId": "AKIASTSTESTBASE00001",
                   "secretAccessKey": "StsTestSecretKeyBase/0000000000000000001"}],
  "users": [{"accessKeyId": "AKIASTSTESTBASE00001", "arn": "arn:aws:iam::111122223333:user/dba",
             "userId": "AIDASTSTESTDBA"}],
  "roles": [
    {"arn": "arn:aws:iam::111122223333:role/Deploy", "trust": ["arn:aws:iam::111122223333:user/dba"]},
    {"arn": "arn:aws:iam::111122223333:role/Second", "trust": ["arn:aws:iam::111122223333:role/Deploy"]},
    {"arn": "arn:aws:iam::111122223333:role/Partner", "trust": ["arn:aws:iam::111122223333:user/dba"],
     "externalId": "partner-ext-42"},
    {"arn": "arn:aws:iam::111122223333:role/Guarded", "trust": ["arn:aws:iam::111122223333:user/dba"],
     "mfaSerial": "arn:aws:iam::111122223333:mfa/dba"}
  ],
  "mfa": [{"serialNumber": "arn:aws:iam::111122223333:mfa/dba", "code": "123456"}]
})";

} // namespace

class TestStsChain : public QObject
{
    Q_OBJECT

private:
    DmsSimProcess m_sim;
    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;

    QString homePath() const { return m_dir.filePath(QStringLiteral("home")); }

    AwsConfigFile files() const
    {
        AwsConfigFile::Paths paths;
        paths.configFile = homePath() + QStringLiteral("/.aws/config");
        paths.credentialsFile = homePath() + QStringLiteral("/.aws/credentials");
        return AwsConfigFile::load(paths);
    }

    CredentialChain::Options options(const QString& profile) const
    {
        CredentialChain::Options o;
        o.profile = profile;
        o.profileExplicit = true;
        o.skipEnvironmentCredentials = true;
        o.region = QStringLiteral("us-east-1");
        o.stsEndpoint = m_sim.url();
        o.environment = QProcessEnvironment();
        o.nam = const_cast<QNetworkAccessManager*>(&m_nam);
        o.maxAttempts = 1;
        return o;
    }

    static Result<AwsCredentials> fetch(CredentialSource& source)
    {
        QObject context;
        std::optional<Result<AwsCredentials>> out;
        source.fetch(&context, [&](const Result<AwsCredentials>& r) { out = r; });
        for (int i = 0; i < 1500 && !out; ++i)
            QTest::qWait(10);
        if (!out)
            return Fault::make(FaultKind::Transport, FaultCode::Timeout, QStringLiteral("no answer"));
        return *out;
    }

    // GetCallerIdentity signed with `credentials`.
    Result<CallerIdentity> whoAmI(const AwsCredentials& credentials)
    {
        TransportConfig cfg;
        cfg.endpoint = m_sim.url();
        cfg.region = QStringLiteral("us-east-1");
        cfg.credentials = [credentials]() -> Result<AwsCredentials> { return credentials; };
        cfg.applyProxySettings = false;
        StsClient sts(cfg, &m_nam);
        QObject context;
        std::optional<Result<CallerIdentity>> out;
        sts.getCallerIdentity(&context, [&](const Result<CallerIdentity>& r) { out = r; });
        for (int i = 0; i < 1500 && !out; ++i)
            QTest::qWait(10);
        if (!out)
            return Fault::make(FaultKind::Transport, FaultCode::Timeout, QStringLiteral("no answer"));
        return *out;
    }

    // Keeps the finish events, to check what observers are shown.
    struct EventLog : CallObserver
    {
        QList<CallEvent> finished;
        void callStarted(const CallEvent&) override {}
        void callFinished(const CallEvent& e) override { finished.append(e); }
    };

    QJsonArray assumeRoleLog() { return m_sim.requests(QStringLiteral("AssumeRole")); }

    // Runs the real CLI with HOME in the temp folder and nothing of the real environment's AWS settings.
    int runCli(const QStringList& args, QByteArray* out, QByteArray* err, const QByteArray& stdinData = {})
    {
        QProcess p;
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), homePath());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"),
                   m_sim.url().toString()); // --endpoint-url: DMS only
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
        p.start(qEnvironmentVariable("DMSX_CLI_BIN"), args);
        if (!p.waitForStarted(10000))
            return -1;
        p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return -2;
        }
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitCode();
    }

private slots:
    // STS goes through the shared transport, so the request history records it like DMS calls,
    // without the credentials STS hands out.
    void stsCallsAreRecordedInHistory()
    {
        HistoryStore store(m_dir.filePath(QStringLiteral("sts-history.sqlite")));
        QVERIFY(store.open().ok());
        HistoryRecorder recorder(&store);
        EventLog log;
        TransportConfig cfg;
        cfg.endpoint = m_sim.url();
        cfg.region = QStringLiteral("us-east-1");
        AwsCredentials base;
        base.accessKeyId = kBaseKey;
        base.secretAccessKey = kBaseSecret;
        cfg.credentials = [base]() -> Result<AwsCredentials> { return base; };
        cfg.applyProxySettings = false;
        StsClient sts(cfg, &m_nam);
        sts.addObserver(&recorder);
        sts.addObserver(&log);

        QObject context;
        std::optional<Result<StsClient::AssumeRoleResult>> assumed;
        StsClient::AssumeRoleParams params;
        params.roleArn = kDeploy;
        params.roleSessionName = QStringLiteral("history-test");
        sts.assumeRole(params, &context, [&](const Result<StsClient::AssumeRoleResult>& r) { assumed = r; });
        QTRY_VERIFY_WITH_TIMEOUT(assumed.has_value(), 15000);
        QVERIFY2(assumed->ok(), qPrintable(assumed->ok() ? QString() : assumed->fault().message));
        std::optional<Result<CallerIdentity>> identity;
        sts.getCallerIdentity(&context, [&](const Result<CallerIdentity>& r) { identity = r; });
        QTRY_VERIFY_WITH_TIMEOUT(identity.has_value(), 15000);
        QVERIFY(identity->ok());

        HistoryQuery q;
        const Result<QList<HistoryRecord>> rows = store.query(q);
        QVERIFY(rows.ok());
        QStringList operations;
        for (const HistoryRecord& r : rows.value()) {
            operations.append(r.operation);
            QCOMPARE(r.outcome, HistoryRecord::Outcome::Succeeded);
            QCOMPARE(r.httpStatus, 200);
        }
        operations.sort();
        QCOMPARE(operations,
                 (QStringList{QStringLiteral("AssumeRole"), QStringLiteral("GetCallerIdentity")}));

        // Observers see the answer's shape but never the issued secret or session token.
        QCOMPARE(log.finished.size(), 2);
        const CallEvent& e = log.finished.first();
        QCOMPARE(e.operation, QStringLiteral("AssumeRole"));
        QCOMPARE(e.input.value(QLatin1String("RoleArn")).toString(), kDeploy);
        QVERIFY(e.output.value(QLatin1String("AssumeRoleResult/AssumedRoleUser/Arn"))
                    .toString()
                    .contains(QLatin1String("Deploy")));
        QCOMPARE(e.output.value(QLatin1String("AssumeRoleResult/Credentials/SecretAccessKey")).toString(),
                 QStringLiteral("***"));
        const QByteArray output = QJsonDocument(e.output).toJson();
        QVERIFY(!output.contains(assumed->value().credentials.secretAccessKey.toUtf8()));
        QVERIFY(!output.contains(assumed->value().credentials.sessionToken.toUtf8()));
    }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_nam.setProxy(QNetworkProxy::NoProxy);
        QFile scenario(m_dir.filePath(QStringLiteral("scenario.json")));
        QVERIFY(scenario.open(QIODevice::WriteOnly));
        scenario.write(kScenario);
        scenario.close();
        QString error;
        QVERIFY2(m_sim.start({QStringLiteral("--scenario"), scenario.fileName()}, &error), qPrintable(error));

        QVERIFY(QDir().mkpath(homePath() + QStringLiteral("/.aws")));
        QFile config(homePath() + QStringLiteral("/.aws/config"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"([profile base]
region = us-east-1
[profile deploy]
region = us-east-1
role_arn = arn:aws:iam::111122223333:role/Deploy
source_profile = base
role_session_name = it-deploy
[profile short]
region = us-east-1
role_arn = arn:aws:iam::111122223333:role/Deploy
source_profile = base
duration_seconds = 900
[profile second]
region = us-east-1
role_arn = arn:aws:iam::111122223333:role/Second
source_profile = deploy
role_session_name = it-second
[profile partner]
role_arn = arn:aws:iam::111122223333:role/Partner
source_profile = base
external_id = partner-ext-42
[profile partner-wrong]
role_arn = arn:aws:iam::111122223333:role/Partner
source_profile = base
external_id = not-the-one
[profile guarded]
region = us-east-1
role_arn = arn:aws:iam::111122223333:role/Guarded
source_profile = base
mfa_serial = arn:aws:iam::111122223333:mfa/dba
)");
        config.close();
        QFile credentials(homePath() + QStringLiteral("/.aws/credentials"));
        QVERIFY(credentials.open(QIODevice::WriteOnly));
        credentials.write("[base]\naws_access_key_id = " + kBaseKey.toUtf8() +
                          "\naws_secret_access_key = " + kBaseSecret.toUtf8() + "\n");
        credentials.close();
    }

    void init() { QVERIFY(m_sim.clearRequests()); }

    void assumeRoleWithSourceProfile()
    {
        CredentialChain chain(options(QStringLiteral("deploy")), files());
        const Result<AwsCredentials> c = fetch(chain);
        QVERIFY2(c.ok(), qPrintable(c.fault().code + u' ' + c.fault().message));
        QVERIFY(c->accessKeyId.startsWith(QLatin1String("ASIA")));
        QVERIFY(!c->sessionToken.isEmpty());
        QVERIFY(c->expiration.isValid());
        QVERIFY(c->source.contains(kDeploy));
        QVERIFY(c->source.contains(QStringLiteral("profile base")));

        const QJsonArray log = assumeRoleLog();
        QCOMPARE(log.size(), 1);
        const QJsonObject entry = log.first().toObject();
        QCOMPARE(entry.value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(entry.value(QLatin1String("accessKeyId")).toString(),
                 kBaseKey); // signed by the source profile
        QCOMPARE(entry.value(QLatin1String("signatureValid")).toBool(), true);
        QCOMPARE(entry.value(QLatin1String("roleSessionName")).toString(), QStringLiteral("it-deploy"));

        // The issued credentials are real to the simulator: STS knows them as the role session.
        const Result<CallerIdentity> id = whoAmI(c.value());
        QVERIFY2(id.ok(), qPrintable(id.fault().message));
        QCOMPARE(id->arn, QStringLiteral("arn:aws:sts::111122223333:assumed-role/Deploy/it-deploy"));
        QCOMPARE(id->account, kAccount);
    }

    void chainOfTwoRoles()
    {
        CredentialChain chain(options(QStringLiteral("second")), files());
        const Result<AwsCredentials> c = fetch(chain);
        QVERIFY2(c.ok(), qPrintable(c.fault().code + u' ' + c.fault().message));
        const QJsonArray log = assumeRoleLog();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("roleArn")).toString(), kDeploy);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("callerArn")).toString(), kUserArn);
        QCOMPARE(log.at(1).toObject().value(QLatin1String("roleArn")).toString(), kSecond);
        // The second role trusts only Deploy: it was assumed with Deploy's session credentials.
        QCOMPARE(log.at(1).toObject().value(QLatin1String("callerArn")).toString(),
                 QStringLiteral("arn:aws:sts::111122223333:assumed-role/Deploy/it-deploy"));
        const Result<CallerIdentity> id = whoAmI(c.value());
        QVERIFY(id.ok());
        QCOMPARE(id->arn, QStringLiteral("arn:aws:sts::111122223333:assumed-role/Second/it-second"));
    }

    void externalId()
    {
        CredentialChain right(options(QStringLiteral("partner")), files());
        const Result<AwsCredentials> ok = fetch(right);
        QVERIFY2(ok.ok(), qPrintable(ok.fault().message));
        QCOMPARE(assumeRoleLog().first().toObject().value(QLatin1String("externalIdGiven")).toBool(), true);

        CredentialChain wrong(options(QStringLiteral("partner-wrong")), files());
        const Result<AwsCredentials> denied = fetch(wrong);
        QVERIFY(!denied.ok());
        QCOMPARE(denied.fault().kind, FaultKind::Service);
        QCOMPARE(denied.fault().code, QStringLiteral("AccessDenied"));
        QCOMPARE(denied.fault().httpStatus, 403);
        QCOMPARE(denied.fault().operation, QStringLiteral("AssumeRole"));
        QVERIFY(denied.fault().message.contains(QStringLiteral("sts:AssumeRole")));
    }

    void mfaRightAndWrongCode()
    {
        QStringList asked;
        QString code = QStringLiteral("123456");
        CredentialChain::Options o = options(QStringLiteral("guarded"));
        o.mfa = [&](const QString& serial, std::function<void(std::optional<QString>)> reply) {
            asked << serial;
            reply(code);
        };
        CredentialChain right(o, files());
        const Result<AwsCredentials> ok = fetch(right);
        QVERIFY2(ok.ok(), qPrintable(ok.fault().message));
        QCOMPARE(asked, QStringList{kMfaSerial});
        QCOMPARE(assumeRoleLog().last().toObject().value(QLatin1String("mfaSerial")).toString(), kMfaSerial);
        // Cached: no second prompt while the credentials are fresh.
        QVERIFY(fetch(right).ok());
        QCOMPARE(asked.size(), 1);

        code = QStringLiteral("654321");
        CredentialChain wrong(o, files());
        const Result<AwsCredentials> denied = fetch(wrong);
        QVERIFY(!denied.ok());
        QCOMPARE(denied.fault().code, QStringLiteral("AccessDenied"));
        QVERIFY(denied.fault().message.contains(QStringLiteral("MultiFactorAuthentication")));

        CredentialChain::Options cancelled = options(QStringLiteral("guarded"));
        cancelled.mfa = [](const QString&, std::function<void(std::optional<QString>)> reply) {
            reply(std::nullopt);
        };
        CredentialChain none(cancelled, files());
        QCOMPARE(fetch(none).fault().code, FaultCode::MfaCancelled);
        CredentialChain noPrompt(options(QStringLiteral("guarded")), files());
        QCOMPARE(fetch(noPrompt).fault().code, FaultCode::MfaCodeRequired);
    }

    void expiringCredentialsAreRefreshed()
    {
        // The chain's clock runs ahead of the simulator's; SigV4 tolerates 15 minutes of skew.
        ManualClock clock(QDateTime::currentDateTimeUtc());
        CredentialChain::Options o = options(QStringLiteral("short"));
        o.clock = &clock;
        CredentialChain chain(o, files());
        const Result<AwsCredentials> first = fetch(chain);
        QVERIFY2(first.ok(), qPrintable(first.fault().message));
        QVERIFY(qAbs(clock.nowUtc().secsTo(first->expiration) - 900) < 60);

        clock.advanceMs(5 * 60 * 1000); // 10 minutes left
        QCOMPARE(fetch(chain).value().accessKeyId, first->accessKeyId);
        QCOMPARE(assumeRoleLog().size(), 1);
        // The synchronous view the transport uses is the same cache.
        QCOMPARE(chain.provider()().value().accessKeyId, first->accessKeyId);

        clock.advanceMs(6 * 60 * 1000); // 4 minutes left: inside the refresh window
        const Result<AwsCredentials> second = fetch(chain);
        QVERIFY2(second.ok(), qPrintable(second.fault().message));
        QVERIFY(second->accessKeyId != first->accessKeyId);
        QCOMPARE(assumeRoleLog().size(), 2);
        const Result<CallerIdentity> id = whoAmI(second.value());
        QVERIFY(id.ok());
        QVERIFY(id->arn.contains(QStringLiteral("assumed-role/Deploy/")));
    }

    void stsErrorsAreParsed()
    {
        AwsCredentials bogus;
        bogus.accessKeyId = QStringLiteral("AKIANOTKNOWNATALL001");
        bogus.secretAccessKey = QStringLiteral("not-a-known-secret-key-000001");
        const Result<CallerIdentity> id = whoAmI(bogus);
        QVERIFY(!id.ok());
        QCOMPARE(id.fault().code, QStringLiteral("InvalidClientTokenId"));
        QCOMPARE(id.fault().httpStatus, 403);
        QVERIFY(!id.fault().requestId.isEmpty());
    }

    void whoamiThroughTheCli()
    {
        QByteArray out, err;
        const int rc = runCli({QStringLiteral("--profile"), QStringLiteral("deploy"),
                               QStringLiteral("--endpoint-url"), m_sim.url().toString(),
                               QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("whoami")},
                              &out, &err);
        QVERIFY2(rc == 0, err.constData());
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(o.value(QLatin1String("Account")).toString(), kAccount);
        QCOMPARE(o.value(QLatin1String("Arn")).toString(),
                 QStringLiteral("arn:aws:sts::111122223333:assumed-role/Deploy/it-deploy"));
        QVERIFY(o.value(QLatin1String("UserId")).toString().endsWith(QLatin1String(":it-deploy")));
        QVERIFY(o.value(QLatin1String("credentialsSource")).toString().contains(kDeploy));
        QVERIFY(!out.contains(kBaseSecret.toUtf8()));

        // Table form, MFA code read from stdin (not a terminal), never echoed to the output.
        const int mfaRc =
            runCli({QStringLiteral("--profile"), QStringLiteral("guarded"), QStringLiteral("--endpoint-url"),
                    m_sim.url().toString(), QStringLiteral("whoami")},
                   &out, &err, "123456\n");
        QVERIFY2(mfaRc == 0, err.constData());
        QVERIFY(out.contains("assumed-role/Guarded/"));
        QVERIFY(out.contains("Credentials"));
        QVERIFY(err.contains(kMfaSerial.toUtf8()));
        QVERIFY(!out.contains("123456") && !err.contains("123456"));

        const int wrongRc =
            runCli({QStringLiteral("--profile"), QStringLiteral("guarded"), QStringLiteral("--endpoint-url"),
                    m_sim.url().toString(), QStringLiteral("whoami")},
                   &out, &err, "000000\n");
        QCOMPARE(wrongRc, 1); // an AWS fault
        QVERIFY(err.contains("AccessDenied"));
    }

    void diagnoseThroughTheCli()
    {
        QByteArray out, err;
        const int rc =
            runCli({QStringLiteral("--profile"), QStringLiteral("second"), QStringLiteral("--endpoint-url"),
                    m_sim.url().toString(), QStringLiteral("--output"), QStringLiteral("json"),
                    QStringLiteral("diagnose")},
                   &out, &err);
        QVERIFY2(rc == 0, err.constData());
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        for (const char* key :
             {"profile", "region", "endpoint", "credentialsSource", "keychainBackend", "proxy", "caBundle"}) {
            QVERIFY2(o.value(QLatin1String(key)).isObject(), key);
            QVERIFY2(o.value(QLatin1String(key)).toObject().contains(QLatin1String("value")), key);
            QVERIFY2(
                !o.value(QLatin1String(key)).toObject().value(QLatin1String("source")).toString().isEmpty(),
                key);
        }
        QCOMPARE(o.value(QLatin1String("profile")).toObject().value(QLatin1String("value")).toString(),
                 QStringLiteral("second"));
        QCOMPARE(o.value(QLatin1String("profile")).toObject().value(QLatin1String("source")).toString(),
                 QStringLiteral("option --profile"));
        QCOMPARE(o.value(QLatin1String("region")).toObject().value(QLatin1String("value")).toString(),
                 QStringLiteral("us-east-1"));
        QVERIFY(o.value(QLatin1String("region"))
                    .toObject()
                    .value(QLatin1String("source"))
                    .toString()
                    .startsWith(homePath() + QStringLiteral("/.aws/config:")));
        const QJsonObject creds = o.value(QLatin1String("credentialsSource")).toObject();
        QVERIFY(creds.value(QLatin1String("value")).toString().contains(kSecond));
        QVERIFY(creds.value(QLatin1String("source"))
                    .toString()
                    .contains(QStringLiteral("second -> deploy -> base")));
        QVERIFY(o.value(QLatin1String("caBundle")).toObject().value(QLatin1String("value")).isNull());
        // diagnose sends nothing: no STS call for the role chain.
        QCOMPARE(assumeRoleLog().size(), 0);

        const int tableRc = runCli(
            {QStringLiteral("--profile"), QStringLiteral("base"), QStringLiteral("diagnose")}, &out, &err);
        QVERIFY2(tableRc == 0, err.constData());
        QVERIFY(out.contains("credentialsSource"));
        QVERIFY(out.contains("static keys in"));
        QVERIFY(!out.contains(kBaseSecret.toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestStsChain)
#include "tst_stschain.moc"
