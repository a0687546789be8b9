// The provider chain's order and role-chain rules, with real config and credentials files in a
// temporary folder (AwsConfigFile reads them as it does ~/.aws), and its in-memory cache.
#include "base/FaultCodes.h"
#include "config/AwsConfigFile.h"
#include "credentials/AssumeRoleCredentialSource.h"
#include "credentials/CredentialCache.h"
#include "credentials/CredentialChain.h"
#include "credentials/SessionCredentials.h"
#include "credentials/StsClient.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace dmsx;

namespace {

const QString kRole = QStringLiteral("arn:aws:iam::111122223333:role/Deploy");

// Counts loads; answers with credentials expiring `lifetimeSeconds` after the clock's now.
class CountingSource final : public CredentialSource
{
public:
    CountingSource(const Clock* clock, qint64 lifetimeSeconds) : m_clock(clock), m_lifetime(lifetimeSeconds)
    {}
    QString describe() const override { return QStringLiteral("counting"); }
    void fetch(QObject* context, Handler done) override
    {
        ++loads;
        AwsCredentials c;
        c.accessKeyId = QStringLiteral("ASIACOUNTING%1").arg(loads, 8, 10, QLatin1Char('0'));
        c.secretAccessKey = QStringLiteral("counting-secret-%1").arg(loads);
        c.sessionToken = QStringLiteral("counting-token-%1").arg(loads);
        c.expiration = m_clock->nowUtc().addSecs(m_lifetime);
        QTimer::singleShot(0, context, [c, done] { done(c); });
    }
    int loads = 0;

private:
    const Clock* m_clock;
    qint64 m_lifetime;
};

Result<AwsCredentials> fetchNow(CredentialSource& source)
{
    QObject context;
    std::optional<Result<AwsCredentials>> out;
    source.fetch(&context, [&](const Result<AwsCredentials>& r) { out = r; });
    // Never synchronous, by contract.
    if (out)
        return Fault::make(FaultKind::Usage, QStringLiteral("Synchronous"),
                           QStringLiteral("answered inside fetch"));
    for (int i = 0; i < 500 && !out; ++i)
        QTest::qWait(10);
    if (!out)
        return Fault::make(FaultKind::Transport, FaultCode::Timeout, QStringLiteral("no answer"));
    return *out;
}

} // namespace

class TestCredentialChain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    AwsConfigFile files(const QByteArray& config, const QByteArray& credentials = {})
    {
        const QString configPath = m_dir.filePath(QStringLiteral("config"));
        const QString credentialsPath = m_dir.filePath(QStringLiteral("credentials"));
        QFile c(configPath);
        c.open(QIODevice::WriteOnly | QIODevice::Truncate);
        c.write(config);
        c.close();
        QFile k(credentialsPath);
        k.open(QIODevice::WriteOnly | QIODevice::Truncate);
        k.write(credentials);
        k.close();
        AwsConfigFile::Paths paths;
        paths.configFile = configPath;
        paths.credentialsFile = credentialsPath;
        return AwsConfigFile::load(paths);
    }

    static CredentialChain::Options options(const QString& profile, const QProcessEnvironment& env = {})
    {
        CredentialChain::Options o;
        o.profile = profile;
        o.profileExplicit = profile != QLatin1String("default");
        o.region = QStringLiteral("us-east-1");
        o.environment = env;
        return o;
    }

    static QProcessEnvironment envKeys()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENVIRONMENT00001"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("environment-secret-0001"));
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("environment-token-0001"));
        return env;
    }

    const QByteArray kBaseKeys = "[base]\naws_access_key_id = AKIABASEPROFILE00001\n"
                                 "aws_secret_access_key = base-secret-0001\n";

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void environmentComesBeforeTheProfile()
    {
        CredentialChain chain(options(QStringLiteral("default"), envKeys()),
                              files("[default]\nregion = us-east-1\n",
                                    "[default]\naws_access_key_id = AKIAFILEDEFAULT00001\n"
                                    "aws_secret_access_key = file-secret-0001\n"));
        const Result<AwsCredentials> c = fetchNow(chain);
        QVERIFY(c.ok());
        QCOMPARE(c->accessKeyId, QStringLiteral("AKIAENVIRONMENT00001"));
        QCOMPARE(c->sessionToken, QStringLiteral("environment-token-0001"));
        QCOMPARE(c->source, QStringLiteral("environment variables"));
    }

    void explicitProfileSkipsTheEnvironment()
    {
        CredentialChain::Options o = options(QStringLiteral("base"), envKeys());
        o.skipEnvironmentCredentials = true;
        CredentialChain chain(o, files("[profile base]\nregion = us-east-1\n", kBaseKeys));
        const Result<AwsCredentials> c = fetchNow(chain);
        QVERIFY(c.ok());
        QCOMPARE(c->accessKeyId, QStringLiteral("AKIABASEPROFILE00001"));
        // The source names the file and line the keys came from.
        QVERIFY2(c->source.contains(m_dir.filePath(QStringLiteral("credentials")) + QStringLiteral(":2")),
                 qPrintable(c->source));
        QVERIFY(c->source.contains(QStringLiteral("profile base")));
    }

    void sessionCredentialsComeFirst()
    {
        SessionCredentials session(QStringLiteral("base"));
        AwsCredentials typed;
        typed.accessKeyId = QStringLiteral("AKIASESSIONONLY00001");
        typed.secretAccessKey = QStringLiteral("session-secret-0001");
        session.set(typed);
        CredentialChain::Options o = options(QStringLiteral("base"), envKeys());
        o.sessionCredentials = &session;
        CredentialChain chain(o, files("[profile base]\n", kBaseKeys));
        const Result<AwsCredentials> c = fetchNow(chain);
        QVERIFY(c.ok());
        QCOMPARE(c->accessKeyId, QStringLiteral("AKIASESSIONONLY00001"));
        QVERIFY(c->source.contains(QStringLiteral("session-only")));
    }

    void partialEnvironmentIsAnErrorNotSkipped()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAENVIRONMENT00001"));
        CredentialChain chain(options(QStringLiteral("default"), env), files("[default]\n", kBaseKeys));
        const Result<CredentialSource*> s = chain.select();
        QVERIFY(!s.ok());
        QCOMPARE(s.fault().code, FaultCode::PartialCredentials);
        QVERIFY(s.fault().message.contains(QStringLiteral("AWS_SECRET_ACCESS_KEY")));
    }

    void roleProfileUsesItsSourceProfile()
    {
        CredentialChain chain(
            options(QStringLiteral("ops")),
            files("[profile ops]\nrole_arn = " + kRole.toUtf8() +
                      "\nsource_profile = base\nexternal_id = x-1\nmfa_serial = arn:aws:iam::1:mfa/me\n"
                      "duration_seconds = 1800\nrole_session_name = me\n",
                  kBaseKeys));
        const Result<CredentialSource*> s = chain.select();
        QVERIFY2(s.ok(), qPrintable(s.fault().message));
        auto* role = dynamic_cast<AssumeRoleCredentialSource*>(s.value());
        QVERIFY(role);
        QCOMPARE(role->config().roleArn, kRole);
        QCOMPARE(role->config().externalId, QStringLiteral("x-1"));
        QCOMPARE(role->config().mfaSerial, QStringLiteral("arn:aws:iam::1:mfa/me"));
        QCOMPARE(role->config().durationSeconds, 1800);
        QCOMPARE(role->config().roleSessionName, QStringLiteral("me"));
        QVERIFY(role->source()->describe().contains(QStringLiteral("profile base")));
        QCOMPARE(chain.profilePath(), (QStringList{QStringLiteral("ops"), QStringLiteral("base")}));
    }

    void roleBeatsStaticKeysAtTheTopButNotAsSource()
    {
        // "second" has its own keys and a role: asked for directly, it assumes the role; reached as
        // somebody's source_profile, its keys are used (the SDK rule).
        const QByteArray config = "[profile second]\nrole_arn = " + kRole.toUtf8() +
                                  "\nsource_profile = base\n[profile top]\nrole_arn = " + kRole.toUtf8() +
                                  "\nsource_profile = second\n";
        const QByteArray creds = kBaseKeys + "[second]\naws_access_key_id = AKIASECONDPROFILE001\n"
                                             "aws_secret_access_key = second-secret-0001\n";
        CredentialChain direct(options(QStringLiteral("second")), files(config, creds));
        QVERIFY(dynamic_cast<AssumeRoleCredentialSource*>(direct.select().value()));
        CredentialChain viaTop(options(QStringLiteral("top")), files(config, creds));
        auto* role = dynamic_cast<AssumeRoleCredentialSource*>(viaTop.select().value());
        QVERIFY(role);
        QVERIFY(!dynamic_cast<const AssumeRoleCredentialSource*>(role->source()));
        QVERIFY(role->source()->describe().contains(QStringLiteral("profile second")));
    }

    void cycleIsAConfigurationFaultNamingIt()
    {
        CredentialChain chain(options(QStringLiteral("a")),
                              files("[profile a]\nrole_arn = " + kRole.toUtf8() +
                                    "\nsource_profile = b\n[profile b]\nrole_arn = " + kRole.toUtf8() +
                                    "\nsource_profile = c\n[profile c]\nrole_arn = " + kRole.toUtf8() +
                                    "\nsource_profile = a\n"));
        const Result<CredentialSource*> s = chain.select();
        QVERIFY(!s.ok());
        QCOMPARE(s.fault().kind, FaultKind::Configuration);
        QCOMPARE(s.fault().code, FaultCode::RoleChainCycle);
        QVERIFY2(s.fault().message.contains(QStringLiteral("a -> b -> c -> a")),
                 qPrintable(s.fault().message));
        // Asking again gives the same answer, without recursion.
        QCOMPARE(fetchNow(chain).fault().code, FaultCode::RoleChainCycle);
    }

    void selfReferenceNeedsKeys()
    {
        const QByteArray config =
            "[profile self]\nrole_arn = " + kRole.toUtf8() + "\nsource_profile = self\n";
        CredentialChain withoutKeys(options(QStringLiteral("self")), files(config));
        QCOMPARE(withoutKeys.select().fault().code, FaultCode::RoleChainCycle);
        QVERIFY(withoutKeys.select().fault().message.contains(QStringLiteral("self -> self")));

        CredentialChain withKeys(options(QStringLiteral("self")),
                                 files(config, "[self]\naws_access_key_id = AKIASELFPROFILE00001\n"
                                               "aws_secret_access_key = self-secret-0001\n"));
        auto* role = dynamic_cast<AssumeRoleCredentialSource*>(withKeys.select().value());
        QVERIFY(role);
        QVERIFY(role->source()->describe().contains(QStringLiteral("static keys")));
    }

    void roleProfileRules()
    {
        CredentialChain neither(options(QStringLiteral("r")),
                                files("[profile r]\nrole_arn = " + kRole.toUtf8() + "\n"));
        QCOMPARE(neither.select().fault().code, FaultCode::InvalidRoleProfile);

        CredentialChain ec2(options(QStringLiteral("r")),
                            files("[profile r]\nrole_arn = " + kRole.toUtf8() +
                                  "\ncredential_source = Ec2InstanceMetadata\n"));
        QCOMPARE(ec2.select().fault().code, FaultCode::UnsupportedCredentialSource);

        // --profile given: the environment keys are not used directly, only as the role's source.
        CredentialChain::Options withEnv = options(QStringLiteral("r"), envKeys());
        withEnv.skipEnvironmentCredentials = true;
        CredentialChain env(withEnv, files("[profile r]\nrole_arn = " + kRole.toUtf8() +
                                           "\ncredential_source = Environment\n"));
        auto* role = dynamic_cast<AssumeRoleCredentialSource*>(env.select().value());
        QVERIFY(role);
        QCOMPARE(role->source()->describe(), QStringLiteral("environment variables"));

        CredentialChain badDuration(options(QStringLiteral("r")),
                                    files("[profile r]\nrole_arn = " + kRole.toUtf8() +
                                              "\nsource_profile = base\nduration_seconds = 60\n",
                                          kBaseKeys));
        QCOMPARE(badDuration.select().fault().code, FaultCode::InvalidConfigurationValue);

        CredentialChain missingSource(
            options(QStringLiteral("r")),
            files("[profile r]\nrole_arn = " + kRole.toUtf8() + "\nsource_profile = gone\n"));
        QCOMPARE(missingSource.select().fault().code, FaultCode::ProfileNotFound);
    }

    void processAndSsoProfilesAreRecognised()
    {
        const QByteArray config =
            "[profile proc]\ncredential_process = /bin/true\n"
            "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
            "sso_role_name = Dba\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
            "sso_region = eu-west-1\n"
            "[profile empty]\nregion = us-east-1\n";
        CredentialChain proc(options(QStringLiteral("proc")), files(config));
        QVERIFY(proc.select().ok());
        QVERIFY(proc.describe().contains(QStringLiteral("proc")));
        CredentialChain sso(options(QStringLiteral("sso")), files(config));
        QVERIFY(sso.select().ok());
        QVERIFY2(sso.describe().contains(QStringLiteral("sso"), Qt::CaseInsensitive),
                 qPrintable(sso.describe()));
        CredentialChain empty(options(QStringLiteral("empty")), files(config));
        QCOMPARE(empty.select().fault().code, FaultCode::MissingCredentials);
        CredentialChain unknown(options(QStringLiteral("nope")), files(config));
        QCOMPARE(unknown.select().fault().code, FaultCode::ProfileNotFound);
    }

    void ssoProfileUsesTheCaBundle()
    {
        const QByteArray config = "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
                                  "sso_role_name = Dba\n[sso-session corp]\n"
                                  "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";
        QTemporaryDir home;
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), home.path());
        CredentialChain::Options o = options(QStringLiteral("sso"), env);
        o.caBundlePath = home.filePath(QStringLiteral("missing-ca.pem"));
        CredentialChain chain(o, files(config));
        QVERIFY(chain.select().ok());
        QObject context;
        std::optional<Result<AwsCredentials>> out;
        chain.fetch(&context, [&](const Result<AwsCredentials>& r) { out = r; });
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 10000));
        QVERIFY(!out->ok());
        QCOMPARE(out->fault().code, FaultCode::CaBundleNotFound);
    }

    void cacheRefreshesFiveMinutesBeforeExpiry()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 9), QTime(12, 0), Qt::UTC));
        CountingSource source(&clock, 15 * 60);
        CredentialCache cache(&clock);
        auto fetch = [&]() {
            QObject context;
            std::optional<Result<AwsCredentials>> out;
            cache.fetch(
                &context, [&](const Result<AwsCredentials>& r) { out = r; },
                [&](QObject* ctx, CredentialSource::Handler done) { source.fetch(ctx, done); });
            for (int i = 0; i < 500 && !out; ++i)
                QTest::qWait(10);
            return out && out->ok() ? out->value().accessKeyId : QString();
        };
        const QString first = fetch();
        QCOMPARE(source.loads, 1);
        clock.advanceMs(9 * 60 * 1000); // 6 minutes left: still fresh
        QCOMPARE(fetch(), first);
        QCOMPARE(source.loads, 1);
        clock.advanceMs(2 * 60 * 1000); // 4 minutes left: inside the refresh window
        const QString second = fetch();
        QCOMPARE(source.loads, 2);
        QVERIFY(second != first);
    }

    void concurrentCallersShareOneLoad()
    {
        ManualClock clock(QDateTime(QDate(2026, 1, 9), QTime(12, 0), Qt::UTC));
        CountingSource source(&clock, 3600);
        CredentialCache cache(&clock);
        QObject context;
        int answers = 0;
        for (int i = 0; i < 3; ++i)
            cache.fetch(
                &context, [&](const Result<AwsCredentials>& r) { answers += r.ok() ? 1 : 0; },
                [&](QObject* ctx, CredentialSource::Handler done) { source.fetch(ctx, done); });
        QTRY_COMPARE_WITH_TIMEOUT(answers, 3, 5000);
        QCOMPARE(source.loads, 1);
    }

    void stsWireFormat()
    {
        const QByteArray body = StsClient::encodeForm(
            QStringLiteral("AssumeRole"), {{QStringLiteral("RoleArn"), kRole},
                                           {QStringLiteral("RoleSessionName"), QStringLiteral("a b+c")}});
        QCOMPARE(body, QByteArray(
                           "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3A"
                           "role%2FDeploy&RoleSessionName=a%20b%2Bc"));
        const Fault f = StsClient::parseError(
            403,
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
            "<Code>RegionDisabledException</Code><Message>STS is not activated in this region</Message>"
            "</Error><RequestId>req-1</RequestId></ErrorResponse>");
        QCOMPARE(f.kind, FaultKind::Service);
        QCOMPARE(f.code, QStringLiteral("RegionDisabledException"));
        QCOMPARE(f.message, QStringLiteral("STS is not activated in this region"));
        QCOMPARE(f.requestId, QStringLiteral("req-1"));
        QCOMPARE(f.httpStatus, 403);
        const Fault html = StsClient::parseError(502, "<html><body>Bad Gateway</body>");
        QCOMPARE(html.kind, FaultKind::Protocol);
        QCOMPARE(html.code, FaultCode::NonXmlResponse);
        QCOMPARE(StsClient::regionalEndpoint(QStringLiteral("cn-north-1")).host(),
                 QStringLiteral("sts.cn-north-1.amazonaws.com.cn"));
        QCOMPARE(StsClient::regionalEndpoint(QStringLiteral("eu-west-1")).toString(),
                 QStringLiteral("https://sts.eu-west-1.amazonaws.com"));
    }
};

QTEST_GUILESS_MAIN(TestCredentialChain)
#include "tst_credentialchain.moc"
