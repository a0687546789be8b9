// Credentials go only to their own service: with a custom DMS endpoint (from each of its sources),
// a role profile with MFA and an SSO profile send AssumeRole, GetCallerIdentity and the SSO bearer
// token to the STS and SSO endpoints configured for them, never to the DMS endpoint.
#include "DmsSimulator.h"
#include "ScriptedHttpServer.h"
#include "base/FaultCodes.h"
#include "credentials/SsoProfileConfig.h"
#include "credentials/SsoTokenCache.h"
#include "credentials/StsClient.h"
#include "dms/DmsClient.h"
#include "dms/DmsConnection.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace dmsx;

namespace {

const QString kGoodToken = QStringLiteral("SimSsoGoodBearerToken0123456789");
const QString kStartUrl = QStringLiteral("https://corp.awsapps.com/start");

const char* kScenario = R"({
  "accountId": "111122223333", "region": "us-east-1",
  "credentials": [{"accessKeyId": "AKIASTSTESTBASE00001",
                   "secretAccessKey": "StsTestSecretKeyBase/0000000000000000001"}],
  "users": [{"accessKeyId": "AKIASTSTESTBASE00001", "arn": "arn:aws:iam::111122223333:user/dba",
             "userId": "AIDASTSTESTDBA"}],
  "roles": [{"arn": "arn:aws:iam::111122223333:role/Guarded",
             "trust": ["arn:aws:iam::111122223333:user/dba"],
             "mfaSerial": "arn:aws:iam::111122223333:mfa/dba"}],
  "mfa": [{"serialNumber": "arn:aws:iam::111122223333:mfa/dba", "code": "123456"}],
  "sso": {"tokens": [{"accessToken": "SimSsoGoodBearerToken0123456789", "expiresInSeconds": 28800}],
          "accounts": [{"accountId": "111122223333", "roles": ["DmsOperator"]}]}
})";

} // namespace

class TestServiceEndpoints : public QObject
{
    Q_OBJECT

private:
    DmsSimulator m_identity; // STS and the SSO portal
    std::unique_ptr<ScriptedHttpServer> m_dms;
    std::unique_ptr<QTemporaryDir> m_home;

    QString dmsUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_dms->port()); }

    void writeFile(const QString& relative, const QByteArray& text)
    {
        const QString path = m_home->filePath(relative);
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), m_home->path());
        env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
        return env;
    }

    // The ~/.aws files: a role profile with MFA and an SSO profile, both naming a services
    // section with the DMS endpoint and/or the STS and SSO ones when asked.
    void writeConfig(bool dmsInServices, bool identityInServices)
    {
        writeFile(QStringLiteral(".aws/credentials"),
                  "[base]\naws_access_key_id = AKIASTSTESTBASE00001\n"
                  "aws_secret_access_key = StsTestSecretKeyBase/0000000000000000001\n");
        const QByteArray services = "services = custom\n";
        QByteArray config = "[profile guarded]\nrole_arn = arn:aws:iam::111122223333:role/Guarded\n"
                            "source_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/dba\n" +
                            services + "[profile sso-dev]\nsso_start_url = " + kStartUrl.toLatin1() +
                            "\nsso_region = us-east-1\nsso_account_id = 111122223333\n"
                            "sso_role_name = DmsOperator\n" +
                            services + "[services custom]\n";
        if (dmsInServices)
            config += "database_migration_service =\n  endpoint_url = " + dmsUrl().toLatin1() + "\n";
        if (identityInServices) {
            const QByteArray identity = m_identity.serverUrl().toString().toLatin1();
            config += "sts =\n  endpoint_url = " + identity + "\nsso =\n  endpoint_url = " + identity + "\n";
        }
        writeFile(QStringLiteral(".aws/config"), config);
    }

    // The DMS endpoint from one of its DMS-only sources; STS and SSO from the environment or the
    // profile's services section, or not at all (AWS's regional endpoints).
    DmsConnection::Options options(const QString& profile, const QString& dmsSource,
                                   const QString& identitySource)
    {
        writeConfig(dmsSource == u"services", identitySource == u"services");
        DmsConnection::Options o;
        o.environment = environment();
        if (identitySource == u"environment") {
            o.environment.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_identity.serverUrl().toString());
            o.environment.insert(QStringLiteral("AWS_ENDPOINT_URL_SSO"), m_identity.serverUrl().toString());
        }
        o.useKeychain = false;
        o.appProfilesFile = m_home->filePath(QStringLiteral("app-profiles.json"));
        o.client.profile = profile;
        if (dmsSource == u"option")
            o.client.endpointUrl = dmsUrl();
        else if (dmsSource == u"setting")
            o.client.settings.endpointUrl = dmsUrl();
        else if (dmsSource == u"environment")
            o.environment.insert(QStringLiteral("AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE"), dmsUrl());
        o.mfa = [](const QString&, std::function<void(std::optional<QString>)> reply) {
            reply(QStringLiteral("123456"));
        };
        return o;
    }

    static Result<void> open(DmsConnection& connection)
    {
        QObject context;
        std::optional<Result<void>> out;
        connection.open(&context, [&](const Result<void>& r) { out = r; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 30000))
            return Fault::make(FaultKind::Transport, FaultCode::TimeoutError, QStringLiteral("no answer"));
        return *out;
    }

    QStringList identityOperations() const
    {
        QStringList out;
        for (const QJsonValue& v : m_identity.requestLog())
            out << v.toObject().value(QLatin1String("operation")).toString();
        return out;
    }

    // Only the request line: the headers may hold a bearer token, never printed.
    static QByteArray requestLine(const QByteArray& raw) { return raw.left(raw.indexOf('\r')); }

    void verifyDmsSawNoCredentialCall()
    {
        for (const QByteArray& raw : std::as_const(m_dms->requests)) {
            const QByteArray lower = raw.toLower();
            const QByteArray line = requestLine(raw);
            QVERIFY2(!lower.contains("assumerole"), line.constData());
            QVERIFY2(!lower.contains("getcalleridentity"), line.constData());
            QVERIFY2(!lower.contains("x-amz-sso_bearer_token"), line.constData());
            QVERIFY2(!lower.contains("/federation/credentials"), line.constData());
            QVERIFY2(!raw.contains(kGoodToken.toLatin1()), line.constData());
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_identity.loadScenario(QJsonDocument::fromJson(kScenario).object()).ok());
        QVERIFY(m_identity.listen().ok());
    }

    void init()
    {
        m_identity.clearRequestLog();
        m_dms = std::make_unique<ScriptedHttpServer>(
            QList<QByteArray>{scriptedHttp(400, R"({"__type":"AccessDeniedException","message":"no"})")});
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        SsoProfileConfig c;
        c.startUrl = kStartUrl;
        c.ssoRegion = QStringLiteral("us-east-1");
        const SsoTokenCache cache(environment());
        QVERIFY(QDir().mkpath(cache.cacheDirectory()));
        QFile f(cache.cacheFilePath(c));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QJsonDocument(QJsonObject{{QStringLiteral("startUrl"), kStartUrl},
                                      {QStringLiteral("region"), QStringLiteral("us-east-1")},
                                      {QStringLiteral("accessToken"), kGoodToken},
                                      {QStringLiteral("expiresAt"),
                                       QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate)}})
                .toJson());
    }

    void dmsEndpointNeverMovesStsOrSso_data()
    {
        QTest::addColumn<QString>("dmsSource");
        QTest::addColumn<QString>("identitySource");
        for (const char* dms : {"option", "setting", "environment", "services"}) {
            for (const char* identity : {"environment", "services"}) {
                QTest::addRow("dms %s, sts and sso %s", dms, identity)
                    << QString::fromLatin1(dms) << QString::fromLatin1(identity);
            }
        }
    }

    void dmsEndpointNeverMovesStsOrSso()
    {
        QFETCH(QString, dmsSource);
        QFETCH(QString, identitySource);

        DmsConnection role(options(QStringLiteral("guarded"), dmsSource, identitySource));
        const Result<void> opened = open(role);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.fault().message));
        QCOMPARE(role.config().endpoint.url.toString(), dmsUrl());
        QCOMPARE(role.stsEndpoint().value, m_identity.serverUrl().toString());

        StsClient sts(role.stsTransportConfig(), role.networkAccessManager());
        QObject context;
        std::optional<Result<CallerIdentity>> who;
        sts.getCallerIdentity(&context, [&](const Result<CallerIdentity>& r) { who = r; });
        QVERIFY(QTest::qWaitFor([&] { return who.has_value(); }, 30000));
        QVERIFY2(who->ok(), qPrintable(who->ok() ? QString() : who->fault().message));

        DmsConnection sso(options(QStringLiteral("sso-dev"), dmsSource, identitySource));
        const Result<void> ssoOpened = open(sso);
        QVERIFY2(ssoOpened.ok(), qPrintable(ssoOpened.ok() ? QString() : ssoOpened.fault().message));

        // The DMS endpoint still gets DMS calls, signed with those credentials.
        std::optional<bool> listed;
        sso.client()->describeMigrationProjects(
            {}, std::nullopt, QString(), &context,
            [&](const Result<Page<MigrationProject>>& r) { listed = r.ok(); });
        QVERIFY(QTest::qWaitFor([&] { return listed.has_value(); }, 30000));
        QCOMPARE(m_dms->requests.size(), 1);

        QCOMPARE(identityOperations(),
                 (QStringList{QStringLiteral("AssumeRole"), QStringLiteral("GetCallerIdentity"),
                              QStringLiteral("GetRoleCredentials")}));
        verifyDmsSawNoCredentialCall();
    }

    // Without their own endpoints, STS and the SSO portal are AWS's regional ones whatever the DMS
    // endpoint; a recording proxy shows where each connection went, and refuses it.
    void withoutTheirOwnEndpointsStsAndSsoAreRegional_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("role") << QStringLiteral("guarded") << QByteArray("sts.us-east-1.amazonaws.com:443");
        QTest::newRow("sso") << QStringLiteral("sso-dev")
                             << QByteArray("portal.sso.us-east-1.amazonaws.com:443");
    }

    void withoutTheirOwnEndpointsStsAndSsoAreRegional()
    {
        QFETCH(QString, profile);
        QFETCH(QByteArray, target);
        ScriptedHttpServer proxy({scriptedHttp(403, "no", "text/plain")});
        DmsConnection::Options o = options(profile, QStringLiteral("option"), QStringLiteral("none"));
        o.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.port());
        DmsConnection connection(o);
        QVERIFY(!open(connection).ok());
        // STS retries the refused connection; every attempt went to the regional endpoint.
        QVERIFY(!proxy.requests.isEmpty());
        for (const QByteArray& request : std::as_const(proxy.requests))
            QVERIFY2(request.startsWith(QByteArray("CONNECT " + target + " ")),
                     requestLine(request).constData());
        QVERIFY(m_dms->requests.isEmpty());
        QVERIFY(m_identity.requestLog().isEmpty());
        QVERIFY(!connection.config().stsEndpointUrl.isSet());
        QVERIFY(!connection.config().ssoEndpointUrl.isSet());
    }

    // HTTPS_PROXY covers the SSO portal call made while the connection opens, as it covers DMS.
    void ssoPortalGoesThroughTheEnvironmentProxy()
    {
        ScriptedHttpServer proxy({scriptedHttp(403, "no", "text/plain")});
        DmsConnection::Options o =
            options(QStringLiteral("sso-dev"), QStringLiteral("option"), QStringLiteral("none"));
        o.environment.insert(QStringLiteral("HTTPS_PROXY"),
                             QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        DmsConnection connection(o);
        QVERIFY(!open(connection).ok());
        QCOMPARE(proxy.requests.size(), 1);
        QVERIFY2(proxy.requests.first().startsWith("CONNECT portal.sso.us-east-1.amazonaws.com:443 "),
                 requestLine(proxy.requests.first()).constData());
    }

    // An https:// proxy (or any unusable one) stops open() before a credential source sends
    // anything: never "direct" instead.
    void unusableProxyStopsTheConnectionBeforeAnythingIsSent()
    {
        ScriptedHttpServer proxy({scriptedHttp(403, "no", "text/plain")});
        DmsConnection::Options o =
            options(QStringLiteral("sso-dev"), QStringLiteral("option"), QStringLiteral("environment"));
        o.environment.insert(QStringLiteral("HTTP_PROXY"),
                             QStringLiteral("https://dba:Pr0xyS3cret@127.0.0.1:%1").arg(proxy.port()));
        DmsConnection connection(o);
        QVERIFY(connection.resolve().ok()); // diagnose and the settings still see the configuration
        const Result<void> opened = open(connection);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.fault().code, FaultCode::ProxyTlsUnsupported);
        QCOMPARE(opened.fault().kind, FaultKind::Configuration);
        QVERIFY(!opened.fault().message.contains(QLatin1String("Pr0xyS3cret")));
        QVERIFY(proxy.requests.isEmpty());
        QVERIFY(m_identity.requestLog().isEmpty());
        QVERIFY(m_dms->requests.isEmpty());

        // The app's own proxy setting ("none" or "manual") replaces the environment's.
        o.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        DmsConnection direct(o);
        QVERIFY(open(direct).ok());
    }
};

QTEST_MAIN(TestServiceEndpoints)
#include "tst_serviceendpoints.moc"
