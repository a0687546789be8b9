#include "base/FaultCodes.h"
#include "config/ClientConfigResolver.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;

namespace {

// One shared config file used by the precedence tables; line numbers matter for the sources.
const char kConfig[] = "[default]\n"                                 // 1
                       "region = eu-west-2\n"                        // 2
                       "[profile dev]\n"                             // 3
                       "region = ca-central-1\n"                     // 4
                       "services = local-dms\n"                      // 5
                       "endpoint_url = http://profile-level:1\n"     // 6
                       "[services local-dms]\n"                      // 7
                       "database_migration_service =\n"              // 8
                       "  endpoint_url = http://services-level:2\n"  // 9
                       "[profile ignoring]\n"                        // 10
                       "region = us-east-1\n"                        // 11
                       "ignore_configured_endpoint_urls = true\n"    // 12
                       "endpoint_url = http://profile-level:1\n"     // 13
                       "[profile badservices]\n"                     // 14
                       "region = us-east-1\n"                        // 15
                       "services = missing-one\n"                    // 16
                       "[profile onlyurl]\n"                         // 17
                       "region = us-east-1\n"                        // 18
                       "endpoint_url = http://profile-level:1\n"     // 19
                       "[profile servicesnodms]\n"                   // 20
                       "region = us-east-1\n"                        // 21
                       "services = other\n"                          // 22
                       "endpoint_url = http://profile-level:1\n"     // 23
                       "[services other]\n"                          // 24
                       "s3 =\n"                                      // 25
                       "  endpoint_url = http://s3:3\n"              // 26
                       "[profile tuned]\n"                           // 27
                       "region = us-west-2\n"                        // 28
                       "use_fips_endpoint = true\n"                  // 29
                       "use_dualstack_endpoint = true\n"             // 30
                       "ca_bundle = /etc/profile-ca.pem\n"           // 31
                       "retry_mode = adaptive\n"                     // 32
                       "max_attempts = 7\n"                          // 33
                       "disable_clock_skew_correction = true\n"      // 34
                       "[profile keys]\n"                            // 35
                       "region = us-east-1\n"                        // 36
                       "aws_access_key_id = AKIDCONFIG\n"            // 37
                       "aws_secret_access_key = config-secret\n"     // 38
                       "[profile configkeys]\n"                      // 39
                       "region = us-east-1\n"                        // 40
                       "aws_access_key_id = AKIDCONFIGONLY\n"        // 41
                       "aws_secret_access_key = configonly-secret\n" // 42
                       "aws_session_token = configonly-token\n"      // 43
                       "[profile halfkeys]\n"                        // 44
                       "region = us-east-1\n"                        // 45
                       "aws_access_key_id = AKIDHALF\n"              // 46
                       "[profile noregion]\n"                        // 47
                       "output = json\n"                             // 48
                       "[profile badbool]\n"                         // 49
                       "region = us-east-1\n"                        // 50
                       "use_fips_endpoint = yes\n"                   // 51
                       "[profile identity]\n"                        // 52
                       "region = us-east-1\n"                        // 53
                       "services = identity\n"                       // 54
                       "endpoint_url = http://profile-level:1\n"     // 55
                       "[services identity]\n"                       // 56
                       "database_migration_service =\n"              // 57
                       "  endpoint_url = http://services-dms:6\n"    // 58
                       "sts =\n"                                     // 59
                       "  endpoint_url = http://services-sts:7\n"    // 60
                       "sso =\n"                                     // 61
                       "  endpoint_url = http://services-sso:8\n"    // 62
                       "s3 =\n"                                      // 63
                       "  endpoint_url = http://services-s3:9\n"     // 64
                       "secrets_manager =\n"                         // 65
                       "  endpoint_url = http://services-sm:10\n";   // 66

const char kCredentials[] = "[default]\n"                              // 1
                            "aws_access_key_id = AKIDDEFAULT\n"        // 2
                            "aws_secret_access_key = default-secret\n" // 3
                            "[keys]\n"                                 // 4
                            "aws_access_key_id = AKIDCREDS\n"          // 5
                            "aws_secret_access_key = creds-secret\n"   // 6
                            "aws_session_token = creds-token\n"        // 7
                            "[regional]\n"                             // 8
                            "region = ap-south-1\n";                   // 9

class Fixture
{
public:
    explicit Fixture(const QStringList& envPairs = {})
    {
        m_config = m_dir.filePath(QStringLiteral("config"));
        m_credentials = m_dir.filePath(QStringLiteral("credentials"));
        write(m_config, kConfig);
        write(m_credentials, kCredentials);
        m_env.insert(QStringLiteral("HOME"), m_dir.path());
        m_env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_config);
        m_env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_credentials);
        // The precedence tables use made-up http:// hosts; the tests of the refusal turn it back off.
        m_env.insert(QStringLiteral("DMSX_ALLOW_INSECURE_HTTP"), QStringLiteral("true"));
        for (qsizetype i = 0; i + 1 < envPairs.size(); i += 2)
            m_env.insert(envPairs.at(i), envPairs.at(i + 1));
    }

    Result<EffectiveClientConfig> resolve(const ClientOptions& options = {}) const
    {
        return ClientConfigResolver::resolve(options, m_env);
    }
    QString expand(QString s) const
    {
        return s.replace(QStringLiteral("$CONFIG"), m_config)
            .replace(QStringLiteral("$CREDENTIALS"), m_credentials);
    }
    const QString& configPath() const { return m_config; }

private:
    static void write(const QString& path, const char* text)
    {
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
    }
    QTemporaryDir m_dir;
    QString m_config;
    QString m_credentials;
    QProcessEnvironment m_env;
};

ClientOptions options(const QString& profile = QString(), const QString& region = QString(),
                      const QString& endpoint = QString())
{
    ClientOptions o;
    o.profile = profile;
    o.region = region;
    o.endpointUrl = endpoint;
    return o;
}

} // namespace

class TestClientConfigResolver : public QObject
{
    Q_OBJECT
private slots:
    void profilePrecedence_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("source");
        QTest::newRow("option beats AWS_PROFILE")
            << "dev" << QStringList{QStringLiteral("AWS_PROFILE"), QStringLiteral("keys")} << "dev"
            << "option --profile";
        QTest::newRow("AWS_PROFILE") << QString()
                                     << QStringList{QStringLiteral("AWS_PROFILE"), QStringLiteral("keys")}
                                     << "keys"
                                     << "environment variable AWS_PROFILE";
        QTest::newRow("default") << QString() << QStringList{} << "default"
                                 << "default";
        QTest::newRow("empty AWS_PROFILE is unset")
            << QString() << QStringList{QStringLiteral("AWS_PROFILE"), QString()} << "default"
            << "default";
    }
    void profilePrecedence()
    {
        QFETCH(QString, option);
        QFETCH(QStringList, env);
        QFETCH(QString, profile);
        QFETCH(QString, source);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(option));
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->profile.value, profile);
        QCOMPARE(r->profile.source.describe(), source);
    }

    void unknownProfile_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("from");
        QTest::newRow("option") << "nosuch" << QStringList{} << "option --profile";
        QTest::newRow("AWS_PROFILE") << QString()
                                     << QStringList{QStringLiteral("AWS_PROFILE"), QStringLiteral("nosuch")}
                                     << "environment variable AWS_PROFILE";
    }
    void unknownProfile()
    {
        QFETCH(QString, option);
        QFETCH(QStringList, env);
        QFETCH(QString, from);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(option));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(r.fault().code, FaultCode::ProfileNotFound);
        const QString msg = r.fault().message;
        QVERIFY2(msg.contains(QStringLiteral("\"nosuch\"")), qPrintable(msg));
        QVERIFY2(msg.contains(from), qPrintable(msg));
        QVERIFY2(
            msg.contains(QStringLiteral("Profiles found: badbool, badservices, configkeys, default, dev, "
                                        "halfkeys, identity, ignoring, keys, noregion, onlyurl, regional, "
                                        "servicesnodms, tuned.")),
            qPrintable(msg));
    }

    void implicitDefaultMayBeAbsentButNamedDefaultMustExist()
    {
        QTemporaryDir empty;
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), empty.path());
        env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-2"));
        const Result<EffectiveClientConfig> r = ClientConfigResolver::resolve({}, env);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->endpoint.host, QStringLiteral("dms.us-east-2.amazonaws.com"));
        QVERIFY(!r->staticCredentials.isValid());

        const Result<EffectiveClientConfig> named =
            ClientConfigResolver::resolve(options(QStringLiteral("default")), env);
        QVERIFY(!named.ok());
        QCOMPARE(named.fault().code, FaultCode::ProfileNotFound);
        QVERIFY(named.fault().message.contains(QStringLiteral("No profiles were found.")));
    }

    void regionPrecedence_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("source");
        const QStringList allEnv{QStringLiteral("AWS_REGION"), QStringLiteral("us-west-2"),
                                 QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("eu-west-1")};
        QTest::newRow("option beats everything") << QString() << "us-west-1" << allEnv << "us-west-1"
                                                 << "option --region";
        QTest::newRow("AWS_REGION beats AWS_DEFAULT_REGION and file")
            << QString() << QString() << allEnv << "us-west-2"
            << "environment variable AWS_REGION";
        QTest::newRow("AWS_DEFAULT_REGION beats file")
            << QString() << QString()
            << QStringList{QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("eu-west-1")} << "eu-west-1"
            << "environment variable AWS_DEFAULT_REGION";
        QTest::newRow("profile in config file") << QString() << QString() << QStringList{} << "eu-west-2"
                                                << "$CONFIG:2 (profile default, region)";
        QTest::newRow("named profile") << "dev" << QString() << QStringList{} << "ca-central-1"
                                       << "$CONFIG:4 (profile dev, region)";
        QTest::newRow("profile in credentials file")
            << "regional" << QString() << QStringList{} << "ap-south-1"
            << "$CREDENTIALS:9 (profile regional, region)";
        QTest::newRow("empty env values are unset")
            << QString() << QString()
            << QStringList{QStringLiteral("AWS_REGION"), QString(), QStringLiteral("AWS_DEFAULT_REGION"),
                           QString()}
            << "eu-west-2"
            << "$CONFIG:2 (profile default, region)";
    }
    void regionPrecedence()
    {
        QFETCH(QString, profile);
        QFETCH(QString, option);
        QFETCH(QStringList, env);
        QFETCH(QString, region);
        QFETCH(QString, source);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(profile, option));
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->region.value, region);
        QCOMPARE(r->region.source.describe(), fx.expand(source));
        QCOMPARE(r->endpoint.signingRegion, region);
    }

    void missingRegion()
    {
        Fixture fx;
        const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("noregion")));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(r.fault().code, FaultCode::MissingRegion);
        const QString msg = r.fault().message;
        QVERIFY2(msg.contains(QStringLiteral("--region")), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("AWS_REGION")), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("[profile noregion]")), qPrintable(msg));
        QVERIFY2(msg.contains(fx.configPath()), qPrintable(msg));

        // A custom endpoint does not excuse a missing region: signing needs it.
        const Result<EffectiveClientConfig> custom =
            fx.resolve(options(QStringLiteral("noregion"), QString(), QStringLiteral("http://127.0.0.1:1")));
        QVERIFY(!custom.ok());
        QCOMPARE(custom.fault().code, FaultCode::MissingRegion);
    }

    void endpointPrecedence_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("endpoint"); // empty: the rule set decides
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("url");
        const QString dmsVar = QStringLiteral("AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE");
        const QString allVar = QStringLiteral("AWS_ENDPOINT_URL");
        const QString ignoreVar = QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        const QStringList bothEnv{dmsVar, QStringLiteral("http://dms-env:3"), allVar,
                                  QStringLiteral("http://all-env:4")};

        QTest::newRow("option beats everything") << "dev"
                                                 << "http://option:5" << bothEnv << "http://option:5"
                                                 << "option --endpoint-url"
                                                 << "http://option:5";
        QTest::newRow("service env beats generic env")
            << "dev" << QString() << bothEnv << "http://dms-env:3"
            << "environment variable AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE"
            << "http://dms-env:3";
        QTest::newRow("generic env beats services section")
            << "dev" << QString() << QStringList{allVar, QStringLiteral("http://all-env:4")}
            << "http://all-env:4"
            << "environment variable AWS_ENDPOINT_URL"
            << "http://all-env:4";
        QTest::newRow("services section beats profile endpoint_url")
            << "dev" << QString() << QStringList{} << "http://services-level:2"
            << "$CONFIG:9 (services local-dms, database_migration_service.endpoint_url)"
            << "http://services-level:2";
        QTest::newRow("profile endpoint_url")
            << "onlyurl" << QString() << QStringList{} << "http://profile-level:1"
            << "$CONFIG:19 (profile onlyurl, endpoint_url)"
            << "http://profile-level:1";
        QTest::newRow("services section without dms falls back to profile")
            << "servicesnodms" << QString() << QStringList{} << "http://profile-level:1"
            << "$CONFIG:23 (profile servicesnodms, endpoint_url)"
            << "http://profile-level:1";
        QTest::newRow("nothing configured: rule set")
            << "default" << QString() << QStringList{} << QString() << "not set"
            << "https://dms.eu-west-2.amazonaws.com/";
        QTest::newRow("env ignore switch skips env and files")
            << "dev" << QString() << (QStringList(bothEnv) << ignoreVar << QStringLiteral("true"))
            << QString() << "not set"
            << "https://dms.ca-central-1.amazonaws.com/";
        QTest::newRow("ignore switch is case-insensitive")
            << "dev" << QString() << (QStringList(bothEnv) << ignoreVar << QStringLiteral("TRUE"))
            << QString() << "not set"
            << "https://dms.ca-central-1.amazonaws.com/";
        QTest::newRow("ignore switch keeps the explicit option")
            << "dev"
            << "http://option:5" << (QStringList(bothEnv) << ignoreVar << QStringLiteral("true"))
            << "http://option:5"
            << "option --endpoint-url"
            << "http://option:5";
        QTest::newRow("config ignore switch skips env and files")
            << "ignoring" << QString() << bothEnv << QString() << "not set"
            << "https://dms.us-east-1.amazonaws.com/";
        QTest::newRow("env ignore=false beats config ignore=true")
            << "ignoring" << QString() << QStringList{ignoreVar, QStringLiteral("false")}
            << "http://profile-level:1"
            << "$CONFIG:13 (profile ignoring, endpoint_url)"
            << "http://profile-level:1";
        QTest::newRow("env wins before a missing services section is looked at")
            << "badservices" << QString() << QStringList{dmsVar, QStringLiteral("http://dms-env:3")}
            << "http://dms-env:3"
            << "environment variable AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE"
            << "http://dms-env:3";
    }
    void endpointPrecedence()
    {
        QFETCH(QString, profile);
        QFETCH(QString, option);
        QFETCH(QStringList, env);
        QFETCH(QString, endpoint);
        QFETCH(QString, source);
        QFETCH(QString, url);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(profile, QString(), option));
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->endpointUrl.value, endpoint);
        QCOMPARE(r->endpointUrl.source.describe(), fx.expand(source));
        QCOMPARE(r->endpoint.url.toString(), url);
        QCOMPARE(r->endpoint.custom, !endpoint.isEmpty());
        // Signing never follows the custom endpoint.
        QCOMPARE(r->endpoint.signingRegion, r->region.value);
        QCOMPARE(r->endpoint.signingName, QStringLiteral("dms"));
    }

    // STS and the SSO portal resolve their own endpoints as the SDKs do; the DMS-only settings
    // (the option, the app setting, the DMS variable, services dms) never move them.
    void stsAndSsoEndpointPrecedence_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("sts");
        QTest::addColumn<QString>("stsSource");
        QTest::addColumn<QString>("sso");
        QTest::addColumn<QString>("ssoSource");
        const QString stsVar = QStringLiteral("AWS_ENDPOINT_URL_STS");
        const QString ssoVar = QStringLiteral("AWS_ENDPOINT_URL_SSO");
        const QString allVar = QStringLiteral("AWS_ENDPOINT_URL");
        const QString dmsVar = QStringLiteral("AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE");

        QTest::newRow("own variables beat the generic one")
            << "identity" << QStringList{stsVar, QStringLiteral("http://sts-env:1"),
                                         ssoVar, QStringLiteral("http://sso-env:2"),
                                         allVar, QStringLiteral("http://all-env:3")}
            << "http://sts-env:1"
            << "environment variable AWS_ENDPOINT_URL_STS"
            << "http://sso-env:2"
            << "environment variable AWS_ENDPOINT_URL_SSO";
        QTest::newRow("generic variable beats the services section")
            << "identity" << QStringList{allVar, QStringLiteral("http://all-env:3")} << "http://all-env:3"
            << "environment variable AWS_ENDPOINT_URL"
            << "http://all-env:3"
            << "environment variable AWS_ENDPOINT_URL";
        QTest::newRow("services section, not its dms entry")
            << "identity" << QStringList{dmsVar, QStringLiteral("http://dms-env:4")}
            << "http://services-sts:7"
            << "$CONFIG:60 (services identity, sts.endpoint_url)"
            << "http://services-sso:8"
            << "$CONFIG:62 (services identity, sso.endpoint_url)";
        QTest::newRow("profile endpoint_url applies to every service")
            << "onlyurl" << QStringList{} << "http://profile-level:1"
            << "$CONFIG:19 (profile onlyurl, endpoint_url)"
            << "http://profile-level:1"
            << "$CONFIG:19 (profile onlyurl, endpoint_url)";
        QTest::newRow("DMS-only settings leave them regional")
            << "default" << QStringList{dmsVar, QStringLiteral("http://dms-env:4")} << QString() << "not set"
            << QString() << "not set";
        QTest::newRow("ignore switch leaves them regional")
            << "identity"
            << QStringList{stsVar, QStringLiteral("http://sts-env:1"),
                           QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), QStringLiteral("true")}
            << QString() << "not set" << QString() << "not set";
    }
    void stsAndSsoEndpointPrecedence()
    {
        QFETCH(QString, profile);
        QFETCH(QStringList, env);
        QFETCH(QString, sts);
        QFETCH(QString, stsSource);
        QFETCH(QString, sso);
        QFETCH(QString, ssoSource);
        Fixture fx(env);
        for (const bool withDmsOption : {false, true}) {
            ClientOptions o =
                options(profile, QString(), withDmsOption ? QStringLiteral("http://option:5") : QString());
            if (withDmsOption)
                o.settings.endpointUrl = QStringLiteral("http://setting:6");
            const Result<EffectiveClientConfig> r = fx.resolve(o);
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->stsEndpointUrl.value, sts);
            QCOMPARE(r->stsEndpointUrl.source.describe(), fx.expand(stsSource));
            QCOMPARE(r->ssoEndpointUrl.value, sso);
            QCOMPARE(r->ssoEndpointUrl.source.describe(), fx.expand(ssoSource));
        }
    }

    void stsAndSsoOptionsBeatEverything()
    {
        Fixture fx({QStringLiteral("AWS_ENDPOINT_URL_STS"), QStringLiteral("http://sts-env:1"),
                    QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), QStringLiteral("true")});
        ClientOptions o = options(QStringLiteral("identity"));
        o.stsEndpointUrl = QStringLiteral("http://127.0.0.1:9/");
        o.ssoEndpointUrl = QStringLiteral("http://127.0.0.1:10/");
        o.optionOrigins.insert(QStringLiteral("sts-endpoint-url"), QStringLiteral("the demo"));
        const Result<EffectiveClientConfig> r = fx.resolve(o);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->stsEndpointUrl.value, QStringLiteral("http://127.0.0.1:9/"));
        QCOMPARE(r->stsEndpointUrl.source.describe(), QStringLiteral("the demo"));
        QCOMPARE(r->ssoEndpointUrl.value, QStringLiteral("http://127.0.0.1:10/"));
        QCOMPARE(r->ssoEndpointUrl.source.describe(), QStringLiteral("option --sso-endpoint-url"));
    }

    // Sign-in has its own variable; the portal's does not move it, the generic one does, and a
    // program serving the portal itself (the option) serves sign-in too.
    void ssoOidcEndpoint()
    {
        {
            Fixture fx({QStringLiteral("AWS_ENDPOINT_URL_SSO"), QStringLiteral("http://sso-env:2"),
                        QStringLiteral("AWS_ENDPOINT_URL_SSO_OIDC"), QStringLiteral("http://oidc-env:3")});
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("default")));
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->ssoOidcEndpointUrl.value, QStringLiteral("http://oidc-env:3"));
            QCOMPARE(r->ssoOidcEndpointUrl.source.describe(),
                     QStringLiteral("environment variable AWS_ENDPOINT_URL_SSO_OIDC"));
        }
        {
            Fixture fx({QStringLiteral("AWS_ENDPOINT_URL_SSO"), QStringLiteral("http://sso-env:2")});
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("default")));
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QVERIFY(!r->ssoOidcEndpointUrl.isSet());
        }
        {
            Fixture fx({QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://all-env:4")});
            ClientOptions o = options(QStringLiteral("default"));
            QCOMPARE(fx.resolve(o)->ssoOidcEndpointUrl.value, QStringLiteral("http://all-env:4"));
            o.ssoEndpointUrl = QStringLiteral("http://127.0.0.1:10/");
            QCOMPARE(fx.resolve(o)->ssoOidcEndpointUrl.value, QStringLiteral("http://127.0.0.1:10/"));
        }
    }

    // The prerequisite checks' services follow the AWS CLI's rules; nothing meant for DMS alone
    // moves them, so their credentials never go to a DMS endpoint that was not configured for them.
    void prerequisiteServiceEndpoints()
    {
        const QString dmsVar = QStringLiteral("AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE");
        {
            Fixture fx({dmsVar, QStringLiteral("http://127.0.0.1:4")});
            ClientOptions o =
                options(QStringLiteral("default"), QString(), QStringLiteral("http://127.0.0.1:5"));
            const Result<EffectiveClientConfig> r = fx.resolve(o);
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            for (const AwsService s :
                 {AwsService::S3, AwsService::Iam, AwsService::SecretsManager, AwsService::Kms})
                QVERIFY2(!r->endpointUrlFor(s).isSet(), qPrintable(ServiceEndpointResolver::displayName(s)));
        }
        {
            Fixture fx({QStringLiteral("AWS_ENDPOINT_URL_IAM"), QStringLiteral("http://127.0.0.1:11"),
                        QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://127.0.0.1:12")});
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("identity")));
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->iamEndpointUrl.value, QStringLiteral("http://127.0.0.1:11"));
            QCOMPARE(r->iamEndpointUrl.source.describe(),
                     QStringLiteral("environment variable AWS_ENDPOINT_URL_IAM"));
            QCOMPARE(r->s3EndpointUrl.value, QStringLiteral("http://127.0.0.1:12"));
            QCOMPARE(r->kmsEndpointUrl.source.describe(),
                     QStringLiteral("environment variable AWS_ENDPOINT_URL"));
        }
        {
            Fixture fx({QStringLiteral("DMSX_ALLOW_INSECURE_HTTP"), QStringLiteral("true")});
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("identity")));
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->s3EndpointUrl.value, QStringLiteral("http://services-s3:9"));
            QCOMPARE(r->s3EndpointUrl.source.describe(),
                     fx.expand(QStringLiteral("$CONFIG:64 (services identity, s3.endpoint_url)")));
            QCOMPARE(r->secretsManagerEndpointUrl.value, QStringLiteral("http://services-sm:10"));
            // Not in the services section: the profile's own endpoint_url, as for every service.
            QCOMPARE(r->iamEndpointUrl.value, QStringLiteral("http://profile-level:1"));
            QVERIFY(r->insecureEndpoints().contains(QStringLiteral("S3 http://services-s3:9")));
        }
        {
            // The demo's simulator serves them all.
            Fixture fx(QStringList{});
            ClientOptions o = options(QStringLiteral("default"));
            o.servicesEndpointUrl = QStringLiteral("http://127.0.0.1:13");
            const Result<EffectiveClientConfig> r = fx.resolve(o);
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->kmsEndpointUrl.value, QStringLiteral("http://127.0.0.1:13"));
            QCOMPARE(r->kmsEndpointUrl.source.describe(), QStringLiteral("option --services-endpoint-url"));
        }
        {
            // Plain http:// beyond this computer is refused for them too.
            Fixture fx({QStringLiteral("AWS_ENDPOINT_URL_S3"), QStringLiteral("http://10.0.0.5:9000"),
                        QStringLiteral("DMSX_ALLOW_INSECURE_HTTP"), QStringLiteral("false")});
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("default")));
            QVERIFY(!r.ok());
            QCOMPARE(r.fault().code, FaultCode::InsecureEndpoint);
            QVERIFY(r.fault().message.contains(QLatin1String("The S3 endpoint")));
        }
    }

    // Plain http:// only to this computer, for every service, unless the user opts in.
    void insecureHttpBeyondLoopbackIsRefused_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("127.0.0.1") << "http://127.0.0.1:8080" << true;
        QTest::newRow("127.0.0.0/8") << "http://127.42.0.9:8080" << true;
        QTest::newRow("::1") << "http://[::1]:8080" << true;
        QTest::newRow("localhost") << "http://LocalHost:8080/" << true;
        QTest::newRow("https anywhere") << "https://vpce-1.dms.us-east-1.vpce.amazonaws.com" << true;
        QTest::newRow("private address") << "http://10.0.0.5:8080" << false;
        QTest::newRow("host name") << "http://dms.internal" << false;
        QTest::newRow("localhost lookalike") << "http://localhost.example.com" << false;
        QTest::newRow("password") << "http://dba:Hunter2Pass@10.0.0.5:8080" << false;
    }
    void insecureHttpBeyondLoopbackIsRefused()
    {
        QFETCH(QString, url);
        QFETCH(bool, accepted);
        const QString off = QStringLiteral("DMSX_ALLOW_INSECURE_HTTP");
        const QStringList services{QStringLiteral("dms"), QStringLiteral("AWS_ENDPOINT_URL_STS"),
                                   QStringLiteral("AWS_ENDPOINT_URL_SSO")};
        for (const QString& service : services) {
            const bool dms = service == u"dms";
            Fixture fx(dms ? QStringList{off, QStringLiteral("false")}
                           : QStringList{off, QStringLiteral("false"), service, url});
            const Result<EffectiveClientConfig> r =
                fx.resolve(options(QStringLiteral("default"), QString(), dms ? url : QString()));
            QCOMPARE(r.ok(), accepted);
            if (accepted) {
                QVERIFY(r->insecureEndpoints().isEmpty());
                continue;
            }
            QCOMPARE(r.fault().code, FaultCode::InsecureEndpoint);
            QCOMPARE(r.fault().kind, FaultKind::Configuration);
            QVERIFY2(r.fault().message.contains(QLatin1String("--allow-insecure-http")),
                     qPrintable(r.fault().message));
            QVERIFY2(!r.fault().message.contains(QLatin1String("Hunter2Pass")), "the password was shown");

            // Opted in: accepted, and listed for the warning, password masked.
            ClientOptions allowed = options(QStringLiteral("default"), QString(), dms ? url : QString());
            allowed.allowInsecureHttp = true;
            const Result<EffectiveClientConfig> optedIn = fx.resolve(allowed);
            QVERIFY2(optedIn.ok(), qPrintable(optedIn.fault().message));
            QCOMPARE(optedIn->allowInsecureHttp.source.describe(),
                     QStringLiteral("option --allow-insecure-http"));
            QCOMPARE(optedIn->insecureEndpoints().size(), 1);
            QVERIFY(!optedIn->insecureEndpoints().first().contains(QLatin1String("Hunter2Pass")));
        }
    }

    void passwordInAnInvalidEndpointIsNotEchoed()
    {
        Fixture fx;
        const Result<EffectiveClientConfig> r = fx.resolve(
            options(QStringLiteral("default"), QString(), QStringLiteral("ftp://dba:Hunter2Pass@10.0.0.5/")));
        QVERIFY(!r.ok());
        QVERIFY2(!r.fault().message.contains(QLatin1String("Hunter2Pass")), qPrintable(r.fault().message));
        QVERIFY2(r.fault().message.contains(QLatin1String("ftp://dba:****@10.0.0.5/")),
                 qPrintable(r.fault().message));
    }

    void missingServicesSectionIsAnError()
    {
        Fixture fx;
        const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("badservices")));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(r.fault().code, FaultCode::ServicesSectionNotFound);
        QVERIFY2(r.fault().message.contains(QStringLiteral("[services missing-one]")),
                 qPrintable(r.fault().message));
        QVERIFY2(r.fault().message.contains(fx.configPath() + QStringLiteral(":16")),
                 qPrintable(r.fault().message));
    }

    void customEndpointWithFipsKeepsRuleSetText()
    {
        Fixture fx({QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://all-env:4"),
                    QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("true")});
        const Result<EffectiveClientConfig> r = fx.resolve();
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(r.fault().message,
                 QStringLiteral("Invalid Configuration: FIPS and custom endpoint are not supported"));
        QVERIFY2(
            r.fault().detail.contains(QStringLiteral("FIPS from environment variable AWS_USE_FIPS_ENDPOINT")),
            qPrintable(r.fault().detail));
        QVERIFY2(r.fault().detail.contains(
                     QStringLiteral("endpoint URL from environment variable AWS_ENDPOINT_URL")),
                 qPrintable(r.fault().detail));
    }

    void fipsAndDualStackPrecedence_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("fipsOption"); // -1: not given
        QTest::addColumn<int>("dualStackOption");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<bool>("fips");
        QTest::addColumn<QString>("fipsSource");
        QTest::addColumn<bool>("dualStack");
        QTest::addColumn<QString>("dualStackSource");
        QTest::addColumn<QString>("host");
        const QStringList envOff{QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("false"),
                                 QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT"), QStringLiteral("False")};
        QTest::newRow("defaults") << "default" << -1 << -1 << QStringList{} << false << "default" << false
                                  << "default"
                                  << "dms.eu-west-2.amazonaws.com";
        QTest::newRow("profile") << "tuned" << -1 << -1 << QStringList{} << true
                                 << "$CONFIG:29 (profile tuned, use_fips_endpoint)" << true
                                 << "$CONFIG:30 (profile tuned, use_dualstack_endpoint)"
                                 << "dms-fips.us-west-2.api.aws";
        QTest::newRow("env beats profile")
            << "tuned" << -1 << -1 << envOff << false << "environment variable AWS_USE_FIPS_ENDPOINT" << false
            << "environment variable AWS_USE_DUALSTACK_ENDPOINT"
            << "dms.us-west-2.amazonaws.com";
        QTest::newRow("option beats env")
            << "default" << 1 << 0
            << QStringList{QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("false"),
                           QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT"), QStringLiteral("true")}
            << true << "option --fips" << false << "option --dualstack"
            << "dms-fips.eu-west-2.amazonaws.com";
        QTest::newRow("option false beats profile true")
            << "tuned" << 0 << 0 << QStringList{} << false << "option --fips" << false << "option --dualstack"
            << "dms.us-west-2.amazonaws.com";
    }
    void fipsAndDualStackPrecedence()
    {
        QFETCH(QString, profile);
        QFETCH(int, fipsOption);
        QFETCH(int, dualStackOption);
        QFETCH(QStringList, env);
        QFETCH(bool, fips);
        QFETCH(QString, fipsSource);
        QFETCH(bool, dualStack);
        QFETCH(QString, dualStackSource);
        QFETCH(QString, host);
        Fixture fx(env);
        ClientOptions o = options(profile);
        if (fipsOption >= 0)
            o.useFips = fipsOption == 1;
        if (dualStackOption >= 0)
            o.useDualStack = dualStackOption == 1;
        const Result<EffectiveClientConfig> r = fx.resolve(o);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->useFips.value, fips);
        QCOMPARE(r->useFips.source.describe(), fx.expand(fipsSource));
        QCOMPARE(r->useDualStack.value, dualStack);
        QCOMPARE(r->useDualStack.source.describe(), fx.expand(dualStackSource));
        QCOMPARE(r->endpoint.host, host);
    }

    void regionSuffixTurnsFipsOn()
    {
        Fixture fx;
        const Result<EffectiveClientConfig> r =
            fx.resolve(options(QString(), QStringLiteral("us-east-1-fips")));
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->region.value, QStringLiteral("us-east-1-fips"));
        QCOMPARE(r->endpoint.signingRegion, QStringLiteral("us-east-1"));
        QCOMPARE(r->endpoint.host, QStringLiteral("dms-fips.us-east-1.amazonaws.com"));
        QVERIFY(r->endpoint.fips);
    }

    void credentialsPrecedence_data()
    {
        QTest::addColumn<QString>("profileOption");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("accessKeyId");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("source");
        const QStringList envKeys{QStringLiteral("AWS_ACCESS_KEY_ID"),     QStringLiteral("AKIDENV"),
                                  QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("env-secret"),
                                  QStringLiteral("AWS_SESSION_TOKEN"),     QStringLiteral("env-token")};
        QTest::newRow("environment beats default profile") << QString() << envKeys << "AKIDENV"
                                                           << "env-secret"
                                                           << "env-token"
                                                           << "environment variable AWS_ACCESS_KEY_ID";
        QTest::newRow("environment beats AWS_PROFILE's keys")
            << QString() << (QStringList(envKeys) << QStringLiteral("AWS_PROFILE") << QStringLiteral("keys"))
            << "AKIDENV"
            << "env-secret"
            << "env-token"
            << "environment variable AWS_ACCESS_KEY_ID";
        QTest::newRow("explicit --profile beats environment")
            << "keys" << envKeys << "AKIDCREDS"
            << "creds-secret"
            << "creds-token"
            << "$CREDENTIALS:5 (profile keys, aws_access_key_id)";
        QTest::newRow("credentials file beats config file")
            << QString() << QStringList{QStringLiteral("AWS_PROFILE"), QStringLiteral("keys")} << "AKIDCREDS"
            << "creds-secret"
            << "creds-token"
            << "$CREDENTIALS:5 (profile keys, aws_access_key_id)";
        QTest::newRow("config file keys") << "configkeys" << QStringList{} << "AKIDCONFIGONLY"
                                          << "configonly-secret"
                                          << "configonly-token"
                                          << "$CONFIG:41 (profile configkeys, aws_access_key_id)";
        QTest::newRow("default profile keys")
            << QString() << QStringList{} << "AKIDDEFAULT"
            << "default-secret" << QString() << "$CREDENTIALS:2 (profile default, aws_access_key_id)";
        QTest::newRow("env token without env keys is ignored")
            << QString() << QStringList{QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("stray")}
            << "AKIDDEFAULT"
            << "default-secret" << QString() << "$CREDENTIALS:2 (profile default, aws_access_key_id)";
        QTest::newRow("none") << "dev" << QStringList{} << QString() << QString() << QString() << "not set";
    }
    void credentialsPrecedence()
    {
        QFETCH(QString, profileOption);
        QFETCH(QStringList, env);
        QFETCH(QString, accessKeyId);
        QFETCH(QString, secret);
        QFETCH(QString, token);
        QFETCH(QString, source);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(profileOption));
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->staticCredentials.accessKeyId, accessKeyId);
        QCOMPARE(r->staticCredentials.secretAccessKey == secret, true); // never print secrets
        QCOMPARE(r->staticCredentials.sessionToken == token, true);
        QCOMPARE(r->staticCredentials.isValid(), !accessKeyId.isEmpty());
        QCOMPARE(r->credentialsSource.describe(), fx.expand(source));
    }

    void halfCredentialPairs_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("missing");
        QTest::addColumn<QString>("present");
        QTest::newRow("env key without secret")
            << QString() << QStringList{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDLONELY")}
            << "AWS_SECRET_ACCESS_KEY"
            << "AKIDLONELY";
        QTest::newRow("env secret without key")
            << QString()
            << QStringList{QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("lonely-secret")}
            << "AWS_ACCESS_KEY_ID"
            << "lonely-secret";
        QTest::newRow("profile key without secret") << "halfkeys" << QStringList{} << "aws_secret_access_key"
                                                    << "AKIDHALF";
    }
    void halfCredentialPairs()
    {
        QFETCH(QString, profile);
        QFETCH(QStringList, env);
        QFETCH(QString, missing);
        QFETCH(QString, present);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(profile));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Credentials);
        QCOMPARE(r.fault().code, FaultCode::PartialCredentials);
        QVERIFY2(r.fault().message.contains(missing), qPrintable(r.fault().message));
        // The value that is present is never echoed.
        QVERIFY(!r.fault().message.contains(present));
        QVERIFY(!r.fault().detail.contains(present));
    }

    void otherSettingsAndSources()
    {
        {
            Fixture fx;
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("tuned")));
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->caBundle.value, QStringLiteral("/etc/profile-ca.pem"));
            QCOMPARE(r->caBundle.source.describe(),
                     fx.expand(QStringLiteral("$CONFIG:31 (profile tuned, ca_bundle)")));
            QCOMPARE(r->retryMode.value, QStringLiteral("adaptive"));
            QCOMPARE(r->retryMode.source.line, 32);
            QCOMPARE(r->maxAttempts.value, 7);
            QCOMPARE(r->maxAttempts.source.describe(),
                     fx.expand(QStringLiteral("$CONFIG:33 (profile tuned, max_attempts)")));
            QVERIFY(r->disableClockSkewCorrection.value);
            QCOMPARE(r->disableClockSkewCorrection.source.kind, ValueSource::Kind::File);
        }
        {
            Fixture fx({QStringLiteral("AWS_CA_BUNDLE"), QStringLiteral("/env/ca.pem"),
                        QStringLiteral("AWS_RETRY_MODE"), QStringLiteral("Legacy"),
                        QStringLiteral("AWS_MAX_ATTEMPTS"), QStringLiteral("2"),
                        QStringLiteral("AWS_DISABLE_CLOCK_SKEW_CORRECTION"), QStringLiteral("false")});
            const Result<EffectiveClientConfig> r = fx.resolve(options(QStringLiteral("tuned")));
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QCOMPARE(r->caBundle.value, QStringLiteral("/env/ca.pem"));
            QCOMPARE(r->caBundle.source.describe(), QStringLiteral("environment variable AWS_CA_BUNDLE"));
            QCOMPARE(r->retryMode.value, QStringLiteral("legacy"));
            QCOMPARE(r->retryMode.source.describe(), QStringLiteral("environment variable AWS_RETRY_MODE"));
            QCOMPARE(r->maxAttempts.value, 2);
            QCOMPARE(r->maxAttempts.source.describe(),
                     QStringLiteral("environment variable AWS_MAX_ATTEMPTS"));
            QVERIFY(!r->disableClockSkewCorrection.value);
            QCOMPARE(r->disableClockSkewCorrection.source.describe(),
                     QStringLiteral("environment variable AWS_DISABLE_CLOCK_SKEW_CORRECTION"));
        }
        {
            Fixture fx;
            const Result<EffectiveClientConfig> r = fx.resolve();
            QVERIFY2(r.ok(), qPrintable(r.fault().message));
            QVERIFY(!r->caBundle.isSet());
            QCOMPARE(r->retryMode.value, QStringLiteral("standard"));
            QCOMPARE(r->retryMode.source.kind, ValueSource::Kind::Default);
            QCOMPARE(r->maxAttempts.value, 3);
            QCOMPARE(r->maxAttempts.source.kind, ValueSource::Kind::Default);
            QVERIFY(!r->disableClockSkewCorrection.value);
            QCOMPARE(r->disableClockSkewCorrection.source.kind, ValueSource::Kind::Default);
        }
    }

    void invalidValues_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("bad bool in file")
            << "badbool" << QStringList{}
            << "Invalid value \"yes\" in $CONFIG:51 (profile badbool, use_fips_endpoint)";
        QTest::newRow("bad bool in env")
            << QString() << QStringList{QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT"), QStringLiteral("1")}
            << "environment variable AWS_USE_DUALSTACK_ENDPOINT";
        QTest::newRow("bad ignore switch")
            << QString()
            << QStringList{QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), QStringLiteral("on")}
            << "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
        QTest::newRow("bad max attempts")
            << QString() << QStringList{QStringLiteral("AWS_MAX_ATTEMPTS"), QStringLiteral("0")}
            << "Invalid max attempts \"0\"";
        QTest::newRow("bad retry mode")
            << QString() << QStringList{QStringLiteral("AWS_RETRY_MODE"), QStringLiteral("eager")}
            << "Invalid retry mode \"eager\"";
        QTest::newRow("bad region") << QString()
                                    << QStringList{QStringLiteral("AWS_REGION"), QStringLiteral("a.b")}
                                    << "Region not accepted";
    }
    void invalidValues()
    {
        QFETCH(QString, profile);
        QFETCH(QStringList, env);
        QFETCH(QString, fragment);
        Fixture fx(env);
        const Result<EffectiveClientConfig> r = fx.resolve(options(profile));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QVERIFY2(r.fault().message.contains(fx.expand(fragment)), qPrintable(r.fault().message));
    }

    // The overload taking loaded files does not touch the disk or the real environment.
    void preloadedFiles()
    {
        AwsConfigFile files;
        files.addConfigText(QStringLiteral("[profile mem]\nregion = eu-north-1\n"),
                            QStringLiteral("/virtual/config"));
        QProcessEnvironment env;
        const Result<EffectiveClientConfig> r =
            ClientConfigResolver::resolve(options(QStringLiteral("mem")), files, env);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->endpoint.host, QStringLiteral("dms.eu-north-1.amazonaws.com"));
        QCOMPARE(r->region.source.describe(), QStringLiteral("/virtual/config:2 (profile mem, region)"));
    }
};

QTEST_GUILESS_MAIN(TestClientConfigResolver)
#include "tst_clientconfigresolver.moc"
