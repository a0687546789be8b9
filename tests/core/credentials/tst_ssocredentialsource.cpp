// SsoTokenCache and SsoCredentialSource against real files in a temporary HOME and a scripted
// loopback HTTP server standing in for the SSO portal (so the wire format is checked by bytes,
// independently of dms-sim).
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/SsoCredentialSource.h"
#include "credentials/SsoTokenCache.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace dmsx;

namespace {

const QString kAccessToken = QStringLiteral("SsoBearerTokenForTheUnitTest0123456789abcdef");
const QString kSecret = QStringLiteral("SsoRoleSecretKey/ForTheUnitTest000000001");
const QString kSessionToken = QStringLiteral("SsoRoleSessionTokenForTheUnitTest0123456789");

// Answers every request with one canned response and keeps the raw request bytes.
class PortalStub : public QObject
{
public:
    PortalStub()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket* s = m_server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [this, s] {
                m_request += s->readAll();
                if (!m_request.contains("\r\n\r\n"))
                    return;
                ++m_requests;
                s->write("HTTP/1.1 " + QByteArray::number(status) +
                         " X\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: " +
                         QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                s->disconnectFromHost();
            });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    QByteArray request() const { return m_request; }
    int requests() const { return m_requests; }

    int status = 200;
    QByteArray body;
    QByteArray extraHeaders;

private:
    QTcpServer m_server;
    QByteArray m_request;
    int m_requests = 0;
};

} // namespace

class TestSsoCredentialSource : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_home;
    QNetworkAccessManager m_nam;
    ManualClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};

    QProcessEnvironment env() const
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), m_home->path());
        return e;
    }

    static SsoProfileConfig sessionProfile()
    {
        SsoProfileConfig c;
        c.profileName = QStringLiteral("dev");
        c.sessionName = QStringLiteral("my-sso");
        c.startUrl = QStringLiteral("https://my-sso-portal.awsapps.com/start");
        c.ssoRegion = QStringLiteral("eu-west-1");
        c.accountId = QStringLiteral("111122223333");
        c.roleName = QStringLiteral("Dms Operator");
        return c;
    }
    static SsoProfileConfig legacyProfile()
    {
        SsoProfileConfig c = sessionProfile();
        c.profileName = QStringLiteral("legacy");
        c.sessionName.clear();
        return c;
    }

    void writeCache(const QString& fileName, const QJsonObject& o)
    {
        const QString dir = m_home->filePath(QStringLiteral(".aws/sso/cache"));
        QVERIFY(QDir().mkpath(dir));
        QFile f(QDir(dir).filePath(fileName));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(o).toJson());
    }
    QJsonObject token(const QString& expiresAt) const
    {
        QJsonObject o;
        o.insert(QStringLiteral("startUrl"), QStringLiteral("https://my-sso-portal.awsapps.com/start"));
        o.insert(QStringLiteral("region"), QStringLiteral("eu-west-1"));
        o.insert(QStringLiteral("accessToken"), kAccessToken);
        o.insert(QStringLiteral("expiresAt"), expiresAt);
        return o;
    }

    Result<AwsCredentials> fetch(const SsoProfileConfig& config)
    {
        SsoCredentialSource source(config, &m_nam, &m_clock, env());
        QObject context;
        std::optional<Result<AwsCredentials>> out;
        int calls = 0;
        source.fetch(&context, [&](const Result<AwsCredentials>& r) {
            out = r;
            ++calls;
        });
        if (calls != 0)
            return Fault::make(FaultKind::Usage, QStringLiteral("TestCalledSynchronously"));
        if (!QTest::qWaitFor([&] { return calls > 0; }, 30000))
            return Fault::make(FaultKind::Usage, QStringLiteral("TestNeverFinished"));
        return *out;
    }

private slots:
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
        m_nam.setProxy(QNetworkProxy::NoProxy);
    }
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void cacheFileIsTheSha1OfSessionOrStartUrl()
    {
        // Values from Python's hashlib, which is what the AWS CLI uses to name the files.
        QCOMPARE(SsoTokenCache::cacheFileName(sessionProfile()),
                 QStringLiteral("0ad374308c5a4e22f723adf10145eafad7c4031c.json"));
        QCOMPARE(SsoTokenCache::cacheFileName(legacyProfile()),
                 QStringLiteral("c7aaaf71fcc8777ae2475525ed049d39fe16c484.json"));
        const SsoTokenCache cache(env());
        QCOMPARE(
            cache.cacheFilePath(sessionProfile()),
            m_home->filePath(QStringLiteral(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json")));
    }

    void loadsTheCachedToken_data()
    {
        QTest::addColumn<QString>("expiresAt");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime t(QDate(2026, 3, 1), QTime(20, 0), Qt::UTC);
        QTest::newRow("Z") << QStringLiteral("2026-03-01T20:00:00Z") << t;
        QTest::newRow("UTC suffix (older CLI)") << QStringLiteral("2026-03-01T20:00:00UTC") << t;
        QTest::newRow("offset") << QStringLiteral("2026-03-01T21:00:00+01:00") << t;
    }
    void loadsTheCachedToken()
    {
        QFETCH(QString, expiresAt);
        QFETCH(QDateTime, expected);
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()), token(expiresAt));
        const Result<SsoToken> t = SsoTokenCache(env()).load(sessionProfile());
        QVERIFY2(t.ok(), qPrintable(t.fault().message));
        QCOMPARE(t->accessToken, kAccessToken);
        QCOMPARE(t->expiresAt, expected);
        QCOMPARE(t->region, QStringLiteral("eu-west-1"));
        QCOMPARE(t->startUrl, QStringLiteral("https://my-sso-portal.awsapps.com/start"));
        // The bearer token is a secret from the moment it is read.
        QVERIFY(!Redactor::redact(QStringLiteral("t=") + kAccessToken).contains(kAccessToken));
    }

    void brokenCacheFileIsInvalid()
    {
        QJsonObject o = token(QStringLiteral("2026-03-01T20:00:00Z"));
        o.remove(QStringLiteral("accessToken"));
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()), o);
        Result<SsoToken> t = SsoTokenCache(env()).load(sessionProfile());
        QVERIFY(!t.ok());
        QCOMPARE(t.fault().code, FaultCode::SsoTokenInvalid);

        const Result<AwsCredentials> r = fetch(sessionProfile());
        QCOMPARE(r.fault().code, FaultCode::SsoTokenInvalid);
        QVERIFY(r.fault().detail.contains(QLatin1String("dms-extpack-cli sso login --sso-session my-sso")));
    }

    void missingTokenNamesTheLoginCommand_data()
    {
        QTest::addColumn<bool>("legacy");
        QTest::addColumn<QString>("command");
        QTest::newRow("sso_session") << false
                                     << QStringLiteral("dms-extpack-cli sso login --sso-session my-sso");
        QTest::newRow("legacy") << true << QStringLiteral("dms-extpack-cli sso login --profile legacy");
    }
    void missingTokenNamesTheLoginCommand()
    {
        QFETCH(bool, legacy);
        QFETCH(QString, command);
        const Result<AwsCredentials> r = fetch(legacy ? legacyProfile() : sessionProfile());
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoTokenMissing);
        QCOMPARE(r.fault().kind, FaultKind::Credentials);
        // The message says what happened; the commands are the advice's, ours first.
        QVERIFY2(!r.fault().message.contains(QLatin1String("Run:")), qPrintable(r.fault().message));
        QCOMPARE(r.fault().detail, command);
        // The catalogue's advice carries the command too.
        const FaultExplanation e = FaultCatalogue::explain(r.fault());
        QCOMPARE(e.catalogueKey, QStringLiteral("SsoTokenMissing"));
        QVERIFY(e.steps.join(QLatin1Char('\n')).contains(command));
        QVERIFY(e.steps.join(QLatin1Char('\n')).contains(QLatin1String("aws sso login")));
    }

    // A profile the app keeps is not in ~/.aws/config, so neither 'dms-extpack-cli sso login' nor
    // 'aws sso login' can sign it in: the advice is the window's "Sign in", or saving the profile
    // to ~/.aws/config for the command line; a profile of that file keeps its commands.
    void appProfileIsSignedInFromTheWindow_data()
    {
        QTest::addColumn<bool>("expired");
        QTest::newRow("missing") << false;
        QTest::newRow("expired") << true;
    }
    void appProfileIsSignedInFromTheWindow()
    {
        QFETCH(bool, expired);
        SsoProfileConfig app = sessionProfile();
        app.profileName = QStringLiteral("corp-app");
        app.storedByApp = true;
        if (expired) {
            writeCache(SsoTokenCache::cacheFileName(app),
                       token(m_clock.nowUtc().addSecs(-60).toString(Qt::ISODate)));
        }
        const Result<AwsCredentials> r = fetch(app);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, expired ? FaultCode::SsoTokenExpired : FaultCode::SsoTokenMissing);
        QVERIFY(r.fault().appSsoProfile);
        QCOMPARE(r.fault().detail, QStringLiteral("corp-app"));
        const QString text = FaultCatalogue::formatText(r.fault());
        const QString steps = FaultCatalogue::explain(r.fault()).steps.join(QLatin1Char('\n'));
        QVERIFY2(!text.contains(QLatin1String("sso login --sso-session")), qPrintable(text));
        QVERIFY2(!steps.contains(QLatin1String("aws sso login")), qPrintable(steps));
        QVERIFY2(!r.fault().message.contains(QLatin1String("aws sso login")), qPrintable(r.fault().message));
        QVERIFY2(text.contains(QLatin1String("Sign in from the window")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("dms-extpack-cli sso login --profile corp-app")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("~/.aws/config")), qPrintable(text));

        const Result<AwsCredentials> config = fetch(sessionProfile());
        QVERIFY(!config.fault().appSsoProfile);
        const QString configText = FaultCatalogue::formatText(config.fault());
        QVERIFY2(configText.contains(QLatin1String("dms-extpack-cli sso login --sso-session my-sso")),
                 qPrintable(configText));
        QVERIFY2(!configText.contains(QLatin1String("Sign in from the window")), qPrintable(configText));
    }

    void expiredTokenIsNotSent()
    {
        PortalStub portal;
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T11:59:59Z")));
        SsoProfileConfig c = sessionProfile();
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoTokenExpired);
        QVERIFY(r.fault().detail.contains(QLatin1String("dms-extpack-cli sso login --sso-session my-sso")));
        QCOMPARE(portal.requests(), 0);
        QVERIFY(!r.fault().message.contains(kAccessToken));
    }

    void getRoleCredentialsOnTheWire()
    {
        PortalStub portal;
        portal.body = QByteArrayLiteral("{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOUNITTEST00001\","
                                        "\"secretAccessKey\":\"SsoRoleSecretKey/ForTheUnitTest000000001\","
                                        "\"sessionToken\":\"SsoRoleSessionTokenForTheUnitTest0123456789\","
                                        "\"expiration\":1772409600000}}");
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = sessionProfile();
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY2(r.ok(), qPrintable(r.fault().code + QLatin1Char(' ') + r.fault().message));
        QCOMPARE(r->accessKeyId, QStringLiteral("ASIASSOUNITTEST00001"));
        QVERIFY2(r->secretAccessKey == kSecret, "wrong secret access key"); // QCOMPARE would print it
        QCOMPARE(r->sessionToken, kSessionToken);
        QCOMPARE(r->expiration, QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1772409600000), Qt::UTC));
        QVERIFY(r->source.contains(QLatin1String("SSO")));
        QVERIFY(r->source.contains(QLatin1String("my-sso")));

        const QByteArray req = portal.request();
        QVERIFY2(req.startsWith("GET /federation/credentials?"), req.constData());
        const QByteArray line = req.left(req.indexOf("\r\n"));
        QVERIFY(line.contains("role_name=Dms%20Operator"));
        QVERIFY(line.contains("account_id=111122223333"));
        QVERIFY(req.toLower().contains(
            QByteArray("\r\nx-amz-sso_bearer_token: " + kAccessToken.toLatin1().toLower())));
        QVERIFY(!req.toLower().contains("authorization:")); // not SigV4-signed
        QVERIFY(!req.toLower().contains("x-amz-date:"));
        // Everything handed out is redacted from now on.
        QVERIFY(!Redactor::redact(kSessionToken).contains(kSessionToken));
    }

    void defaultPortalUrlIsRegional()
    {
        SsoCredentialSource s(sessionProfile(), &m_nam, &m_clock, env());
        QCOMPARE(s.requestUrl().toString(QUrl::FullyEncoded),
                 QStringLiteral("https://portal.sso.eu-west-1.amazonaws.com/federation/"
                                "credentials?role_name=Dms%20Operator&account_id=111122223333"));
    }

    void portalErrors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<bool>("namesLogin");
        QTest::newRow("unauthorized") << 401 << QByteArray("UnauthorizedException") << true;
        QTest::newRow("forbidden") << 403 << QByteArray("ForbiddenException") << false;
        QTest::newRow("throttled") << 429 << QByteArray("TooManyRequestsException") << false;
    }
    void portalErrors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        QFETCH(bool, namesLogin);
        PortalStub portal;
        portal.status = status;
        portal.body = "{\"message\":\"Session token not found or invalid\"}";
        portal.extraHeaders = "x-amzn-ErrorType: " + code +
                              ":http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/\r\n";
        writeCache(SsoTokenCache::cacheFileName(legacyProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = legacyProfile();
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, QString::fromLatin1(code));
        QCOMPARE(r.fault().httpStatus, status);
        QCOMPARE(r.fault().operation, QStringLiteral("GetRoleCredentials"));
        QCOMPARE(r.fault().detail.contains(QLatin1String("dms-extpack-cli sso login --profile legacy")),
                 namesLogin);
        QVERIFY(FaultCatalogue::explain(r.fault()).catalogueKey != QLatin1String("Generic"));
    }

    void incompleteAnswerIsAProtocolFault()
    {
        PortalStub portal;
        portal.body = "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOUNITTEST00001\"}}";
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = sessionProfile();
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::InvalidResponse);
    }

    void expirationOutOfRangeIsInvalid_data()
    {
        QTest::addColumn<QByteArray>("expiration");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("epoch ms") << QByteArray("1772395200123") << true;
        // Found by fuzz_sso: converting this to qint64 milliseconds was undefined behaviour.
        QTest::newRow("past qint64") << QByteArray("1.7777777777777777e64") << false;
        QTest::newRow("past year 9999") << QByteArray("253402300800000") << false;
        QTest::newRow("negative past year 1") << QByteArray("-1e300") << false;
    }
    void expirationOutOfRangeIsInvalid()
    {
        QFETCH(QByteArray, expiration);
        QFETCH(bool, accepted);
        const Result<AwsCredentials> r = SsoCredentialSource::parseRoleCredentials(
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOUNITTEST00001\",\"secretAccessKey\":"
            "\"SsoUnitTestSecretKey0000000000000000000\",\"sessionToken\":\"SsoUnitTestSessionToken\","
            "\"expiration\":" +
            expiration + "}}");
        QCOMPARE(r.ok(), accepted);
        if (accepted)
            QCOMPARE(r.value().expiration, QDateTime::fromMSecsSinceEpoch(1772395200123, Qt::UTC));
        else
            QCOMPARE(r.fault().code, FaultCode::InvalidResponse);
    }

    void incompleteProfileIsAConfigurationFault()
    {
        SsoProfileConfig c = sessionProfile();
        c.roleName.clear();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoProfileIncomplete);
        QVERIFY(r.fault().message.contains(QLatin1String("sso_role_name")));
    }

    void expirationOutOfRangeIsNoTime_data()
    {
        QTest::addColumn<QByteArray>("expiration");
        QTest::addColumn<bool>("usable");
        QTest::newRow("sane") << QByteArray("1772409600000") << true;
        QTest::newRow("fractional") << QByteArray("1772409600000.4") << true;
        QTest::newRow("1e300") << QByteArray("1e300") << false;
        QTest::newRow("-1e300") << QByteArray("-1e300") << false;
        QTest::newRow("largest double") << QByteArray("1.7976931348623157e308") << false;
        QTest::newRow("overflows to infinity") << QByteArray("1e400") << false;
        QTest::newRow("just past qint64 ms") << QByteArray("9.3e18") << false;
        QTest::newRow("after year 9999") << QByteArray("253402300800000") << false;
    }
    void expirationOutOfRangeIsNoTime()
    {
        QFETCH(QByteArray, expiration);
        QFETCH(bool, usable);
        const Result<AwsCredentials> r = SsoCredentialSource::parseRoleCredentials(
            "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOUNITTEST00001\",\"secretAccessKey\":\"" +
            kSecret.toLatin1() + "\",\"sessionToken\":\"" + kSessionToken.toLatin1() +
            "\",\"expiration\":" + expiration + "}}");
        QCOMPARE(r.ok(), usable);
        if (usable)
            QCOMPARE(r->expiration, QDateTime::fromMSecsSinceEpoch(Q_INT64_C(1772409600000), Qt::UTC));
        else
            QCOMPARE(r.fault().code, FaultCode::InvalidResponse);
    }

    void badSsoRegionIsAConfigurationFaultBeforeAnythingIsSent_data()
    {
        QTest::addColumn<QString>("region");
        QTest::newRow("another host") << QStringLiteral("us-east-1.evil.example");
        QTest::newRow("a path") << QStringLiteral("us-east-1/x");
        QTest::newRow("user info") << QStringLiteral("attacker@us-east-1");
        QTest::newRow("space") << QStringLiteral("eu west 1");
        QTest::newRow("leading dash") << QStringLiteral("-eu-west-1");
    }
    void badSsoRegionIsAConfigurationFaultBeforeAnythingIsSent()
    {
        QFETCH(QString, region);
        PortalStub portal;
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = sessionProfile();
        c.ssoRegion = region;
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoRegionInvalid);
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        const QString text = FaultCatalogue::formatText(r.fault());
        QVERIFY2(text.contains(QLatin1String("profile dev")) && text.contains(region), qPrintable(text));
        QCOMPARE(FaultCatalogue::explain(r.fault()).catalogueKey, QStringLiteral("SsoRegionInvalid"));
        QCOMPARE(portal.requests(), 0);
    }

    void badStartUrlIsAConfigurationFault_data()
    {
        QTest::addColumn<QString>("startUrl");
        QTest::newRow("no scheme") << QStringLiteral("my-sso-portal.awsapps.com/start");
        QTest::newRow("plain http") << QStringLiteral("http://my-sso-portal.awsapps.com/start");
        QTest::newRow("no host") << QStringLiteral("https:///start");
    }
    void badStartUrlIsAConfigurationFault()
    {
        QFETCH(QString, startUrl);
        SsoProfileConfig c = legacyProfile();
        c.startUrl = startUrl;
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoStartUrlInvalid);
        QVERIFY2(FaultCatalogue::formatText(r.fault()).contains(startUrl), qPrintable(r.fault().detail));
    }

    void redirectIsRefusedAndTheTokenStaysHome_data()
    {
        QTest::addColumn<int>("status");
        for (int status : {301, 302, 303, 307, 308})
            QTest::newRow(qPrintable(QString::number(status))) << status;
    }
    void redirectIsRefusedAndTheTokenStaysHome()
    {
        QFETCH(int, status);
        PortalStub elsewhere; // what a followed redirect would reach
        elsewhere.body = "{}";
        PortalStub portal;
        portal.status = status;
        portal.extraHeaders = "Location: " + elsewhere.url().toLatin1() +
                              "/federation/credentials?role_name=x&account_id=1\r\n";
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = sessionProfile();
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SsoPortalRedirected);
        QCOMPARE(r.fault().httpStatus, status);
        QVERIFY2(r.fault().detail.contains(QLatin1String("127.0.0.1")), qPrintable(r.fault().detail));
        QCOMPARE(portal.requests(), 1);
        QCOMPARE(elsewhere.requests(), 0);
        QVERIFY(elsewhere.request().isEmpty());
        QCOMPARE(FaultCatalogue::explain(r.fault()).catalogueKey, QStringLiteral("SsoPortalRedirected"));
    }

    void redirectNamesOnlyTheHost_data()
    {
        QTest::addColumn<QByteArray>("location");
        QTest::addColumn<QString>("detail");
        QTest::newRow("user, port, query")
            << QByteArray("https://user:pw@elsewhere.example:8443/x?token=leak")
            << QStringLiteral("to elsewhere.example");
        QTest::newRow("escape sequence")
            << QByteArray("http://ev\x1b[31mil.example/") << QStringLiteral("to an unreadable address");
        QTest::newRow("none") << QByteArray() << QStringLiteral("no Location");
    }
    void redirectNamesOnlyTheHost()
    {
        QFETCH(QByteArray, location);
        QFETCH(QString, detail);
        PortalStub portal;
        portal.status = 302;
        if (!location.isEmpty())
            portal.extraHeaders = "Location: " + location + "\r\n";
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = sessionProfile();
        c.portalEndpoint = portal.url();
        const Result<AwsCredentials> r = fetch(c);
        QCOMPARE(r.fault().code, FaultCode::SsoPortalRedirected);
        QCOMPARE(r.fault().detail, detail);
    }

    void missingCaBundleIsAConfigurationFault()
    {
        PortalStub portal;
        writeCache(SsoTokenCache::cacheFileName(sessionProfile()),
                   token(QStringLiteral("2026-03-01T20:00:00Z")));
        SsoProfileConfig c = sessionProfile();
        c.portalEndpoint = portal.url();
        c.caBundlePath = m_home->filePath(QStringLiteral("missing.pem"));
        const Result<AwsCredentials> r = fetch(c);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(FaultCatalogue::explain(r.fault()).catalogueKey, QStringLiteral("Configuration.CaBundle"));
        QCOMPARE(portal.requests(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSsoCredentialSource)
#include "tst_ssocredentialsource.moc"
