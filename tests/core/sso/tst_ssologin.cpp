// SsoLogin (the sign-in the CLI and the window share) and the SSO credential source's refresh,
// against the in-process simulator over real loopback: approved, denied, expired, slow_down and
// cancelled sign-ins; the token written where the AWS CLI writes it; the registration reused; a
// token about to expire refreshed before a DMS call, and an expired refresh token turned into
// "sign in again". No secret reaches a fault text or the log.
#include "DmsSimulator.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/SsoCredentialSource.h"
#include "credentials/SsoTokenCache.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "sso/SsoLogin.h"
#include "sso/SsoTokenCacheWriter.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <functional>
#include <memory>
#include <optional>

using namespace dmsx;

namespace {

const QString kStartUrl = QStringLiteral("https://d-1234567890.awsapps.com/start");
const QString kAccount = QStringLiteral("111122223333");
const QString kRole = QStringLiteral("DmsOperator");

// Everything Qt logs while a test runs, to look for secrets in.
QString g_log;
QMutex g_logMutex;
void collectLog(QtMsgType, const QMessageLogContext&, const QString& message)
{
    QMutexLocker lock(&g_logMutex);
    g_log += message + QLatin1Char('\n');
}

unsigned modeOf(const QString& path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

QJsonObject readObject(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestSsoLogin : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_home;
    QNetworkAccessManager m_nam;

    void startSim(const QJsonObject& ssoOidc)
    {
        m_sim = std::make_unique<DmsSimulator>();
        QJsonObject oidc = ssoOidc;
        if (!oidc.contains(QLatin1String("interval")))
            oidc.insert(QStringLiteral("interval"), 0);
        const QJsonObject account{{QStringLiteral("accountId"), kAccount},
                                  {QStringLiteral("accountName"), QStringLiteral("Databases")},
                                  {QStringLiteral("roles"), QJsonArray{kRole}}};
        oidc.insert(QStringLiteral("accounts"), QJsonArray{account});
        const QJsonObject scenario{
            {QStringLiteral("ssoOidc"), oidc},
            {QStringLiteral("projects"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("sso-project")}}}}};
        QVERIFY(m_sim->loadScenario(scenario));
        QVERIFY(m_sim->listen());
        m_home = std::make_unique<QTemporaryDir>();
    }

    QProcessEnvironment env() const
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), m_home->path());
        return e;
    }

    SsoProfileConfig sessionConfig() const
    {
        SsoProfileConfig c;
        c.profileName = QStringLiteral("dba");
        c.sessionName = QStringLiteral("corp");
        c.startUrl = kStartUrl;
        c.ssoRegion = QStringLiteral("eu-west-1");
        c.accountId = kAccount;
        c.roleName = kRole;
        c.registrationScopes = {QStringLiteral("sso:account:access")};
        c.oidcEndpoint = m_sim->serverUrl().toString();
        c.portalEndpoint = m_sim->serverUrl().toString();
        return c;
    }

    struct Outcome
    {
        std::optional<Result<SsoToken>> result;
        QString userCode;
        QUrl verificationUriComplete;
        QDateTime deadline;
        int polls = 0;
        int interval = 0;
    };

    // Runs a sign-in to its end; `onCode` plays the person in front of the browser.
    Outcome signIn(const SsoProfileConfig& config,
                   const std::function<void(SsoLogin&, const QString&)>& onCode)
    {
        SsoLogin::Options options;
        options.config = config;
        options.nam = &m_nam;
        options.environment = env();
        SsoLogin login(options);
        Outcome out;
        connect(&login, &SsoLogin::authorizationStarted, this,
                [&](const QString& code, const QUrl&, const QUrl& complete, const QDateTime& deadline) {
                    out.userCode = code;
                    out.verificationUriComplete = complete;
                    out.deadline = deadline;
                    if (onCode)
                        onCode(login, code);
                });
        QEventLoop loop;
        connect(&login, &SsoLogin::finished, &loop, [&](const Result<SsoToken>& r) {
            out.result = r;
            loop.quit();
        });
        login.start();
        loop.exec();
        out.polls = login.polls();
        out.interval = login.intervalSeconds();
        return out;
    }

    int operationCount(const QString& operation) const
    {
        int n = 0;
        for (const QJsonValue& v : m_sim->requestLog())
            n += v.toObject().value(QLatin1String("operation")).toString() == operation;
        return n;
    }

    Result<AwsCredentials> fetchCredentials(const SsoProfileConfig& config)
    {
        SsoCredentialSource source(config, &m_nam, SystemClock::instance(), env());
        QEventLoop loop;
        std::optional<Result<AwsCredentials>> result;
        source.fetch(&loop, [&](const Result<AwsCredentials>& r) {
            result = r;
            loop.quit();
        });
        if (!result)
            loop.exec();
        return *result;
    }

    // Every text a person or a log could see of a fault.
    static QString faultTexts(const Fault& f)
    {
        return f.message + f.detail + QString::fromUtf8(f.rawBody) + FaultCatalogue::formatText(f);
    }

private slots:
    void initTestCase()
    {
        m_nam.setProxy(QNetworkProxy::NoProxy);
        qInstallMessageHandler(collectLog);
    }

    void cleanup()
    {
        m_sim.reset();
        m_home.reset();
    }

    void approvedSignInWritesTheCliTokenFile()
    {
        startSim({});
        const Outcome out = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(out.result);
        QVERIFY2(out.result->ok(), qPrintable(out.result->fault().message));
        QVERIFY(!out.userCode.isEmpty());
        QVERIFY(out.verificationUriComplete.toString().contains(out.userCode));
        QVERIFY(out.deadline > QDateTime::currentDateTimeUtc());

        const SsoToken& token = out.result->value();
        const SsoTokenCache cache(env());
        const QString path = cache.cacheFilePath(sessionConfig());
        QCOMPARE(token.filePath, path);
        const QJsonObject file = readObject(path);
        QCOMPARE(file.value(QLatin1String("accessToken")).toString(), token.accessToken);
        QCOMPARE(file.value(QLatin1String("refreshToken")).toString(), token.refreshToken);
        QVERIFY(!token.refreshToken.isEmpty()); // registered with sso:account:access
        QCOMPARE(file.value(QLatin1String("startUrl")).toString(), kStartUrl);
        QCOMPARE(file.value(QLatin1String("region")).toString(), QStringLiteral("eu-west-1"));
        QVERIFY(!file.value(QLatin1String("clientSecret")).toString().isEmpty());
        QVERIFY(file.value(QLatin1String("expiresAt")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(modeOf(path), 0600u);
        // The reader the credential source uses takes it back whole.
        const Result<SsoToken> read = cache.load(sessionConfig());
        QVERIFY(read);
        QCOMPARE(read->accessToken, token.accessToken);

        // The same person signing in again reuses the registration, as the AWS CLI does.
        QCOMPARE(operationCount(QStringLiteral("RegisterClient")), 1);
        const Outcome again = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(again.result && again.result->ok());
        QCOMPARE(operationCount(QStringLiteral("RegisterClient")), 1);
        QCOMPARE(operationCount(QStringLiteral("StartDeviceAuthorization")), 2);

        // And the role credentials the portal gives for it work.
        const Result<AwsCredentials> creds = fetchCredentials(sessionConfig());
        QVERIFY2(creds, qPrintable(creds.fault().message));
    }

    void deniedSignInSaysSo()
    {
        startSim({});
        const Outcome out = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->denyDeviceAuthorization(code));
        });
        QVERIFY(out.result && !out.result->ok());
        const Fault& f = out.result->fault();
        QCOMPARE(f.code, QString(FaultCode::SsoSignInDenied));
        QCOMPARE(FaultCatalogue::explain(f).catalogueKey, QStringLiteral("SsoSignInDenied"));
        QVERIFY(!QFile::exists(SsoTokenCache(env()).cacheFilePath(sessionConfig())));
    }

    void expiredDeviceCodeSaysSo()
    {
        startSim({{QStringLiteral("expireDeviceCode"), true}});
        const Outcome out = signIn(sessionConfig(), {});
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->fault().code, QString(FaultCode::SsoSignInExpired));
        QCOMPARE(FaultCatalogue::explain(out.result->fault()).catalogueKey,
                 QStringLiteral("SsoSignInExpired"));
    }

    // slow_down adds 5 seconds to the interval (RFC 8628), and polling goes on.
    void slowDownSlowsThePolling()
    {
        startSim({{QStringLiteral("slowDownPolls"), 1}});
        const Outcome out = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(out.result);
        QVERIFY2(out.result->ok(), qPrintable(out.result->fault().message));
        QCOMPARE(out.interval, 5);
        QCOMPARE(out.polls, 2);
    }

    void cancelledSignInStops()
    {
        startSim({{QStringLiteral("interval"), 1}});
        const Outcome out = signIn(sessionConfig(), [](SsoLogin& login, const QString&) { login.cancel(); });
        QVERIFY(out.result && !out.result->ok());
        QCOMPARE(out.result->fault().kind, FaultKind::Cancelled);
        QCOMPARE(out.polls, 0);
        QVERIFY(!QFile::exists(SsoTokenCache(env()).cacheFilePath(sessionConfig())));
    }

    // A token expiring within 5 minutes is refreshed through SSO OIDC before the portal call; the
    // cache gets the new token, and DMS accepts the credentials it leads to.
    void tokenAboutToExpireIsRefreshed()
    {
        startSim({});
        const Outcome out = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(out.result && out.result->ok());
        SsoToken soon = out.result->value();
        soon.expiresAt = QDateTime::currentDateTimeUtc().addSecs(120);
        QVERIFY(SsoTokenCacheWriter(env()).writeToken(sessionConfig(), soon));

        const Result<AwsCredentials> creds = fetchCredentials(sessionConfig());
        QVERIFY2(creds, qPrintable(creds.fault().message));
        const Result<SsoToken> renewed = SsoTokenCache(env()).load(sessionConfig());
        QVERIFY(renewed);
        QVERIFY(renewed->accessToken != soon.accessToken);
        QVERIFY(renewed->refreshToken != soon.refreshToken); // rotated
        QVERIFY(renewed->expiresAt > QDateTime::currentDateTimeUtc().addSecs(3600));
        QCOMPARE(operationCount(QStringLiteral("CreateToken")) >= 2, true);

        TransportConfig cfg;
        cfg.endpoint = m_sim->serverUrl();
        cfg.region = m_sim->region();
        const AwsCredentials keys = creds.value();
        cfg.credentials = [keys] { return Result<AwsCredentials>(keys); };
        AwsJsonTransport transport(cfg, &m_nam);
        DmsClient dms(&transport);
        QEventLoop loop;
        std::optional<Result<Page<MigrationProject>>> listed;
        dms.describeMigrationProjects({}, std::nullopt, QString(), &loop,
                                      [&](const Result<Page<MigrationProject>>& r) {
                                          listed = r;
                                          loop.quit();
                                      });
        if (!listed)
            loop.exec();
        QVERIFY2(listed->ok(), qPrintable(listed->fault().message));
    }

    // A refresh refused once the token is gone: sign in again, said with the reason.
    void expiredRefreshTokenAsksForSignIn()
    {
        startSim({{QStringLiteral("refreshTokenExpired"), true}});
        const Outcome out = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(out.result && out.result->ok());
        const SsoToken original = out.result->value();
        SsoToken expired = original;
        expired.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-60);
        QVERIFY(SsoTokenCacheWriter(env()).writeToken(sessionConfig(), expired));

        const Result<AwsCredentials> creds = fetchCredentials(sessionConfig());
        QVERIFY(!creds);
        const Fault& f = creds.fault();
        QCOMPARE(f.code, QString(FaultCode::SsoRefreshFailed));
        QCOMPARE(f.kind, FaultKind::Credentials);
        QVERIFY2(f.message.contains(QLatin1String("InvalidGrantException")), qPrintable(f.message));
        QCOMPARE(f.detail, QStringLiteral("dms-extpack-cli sso login --sso-session corp"));
        const QString text = FaultCatalogue::formatText(f);
        QVERIFY2(text.contains(QLatin1String("Sign in again")), qPrintable(text));

        // Not one secret of the sign-in in any fault text, nor in anything logged.
        for (const QString& secret : {original.accessToken, original.refreshToken, original.clientSecret}) {
            QVERIFY(!secret.isEmpty());
            QVERIFY2(!faultTexts(f).contains(secret), qPrintable(faultTexts(f)));
            QMutexLocker lock(&g_logMutex);
            QVERIFY(!g_log.contains(secret));
        }
    }

    // A legacy profile has no refresh: an expired token is "sign in again" at once.
    void legacyExpiredTokenAsksForSignIn()
    {
        startSim({});
        SsoProfileConfig legacy = sessionConfig();
        legacy.sessionName.clear();
        legacy.registrationScopes.clear();
        legacy.profileName = QStringLiteral("legacy");
        const Outcome out = signIn(legacy, [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(out.result && out.result->ok());
        const QJsonObject file = readObject(SsoTokenCache(env()).cacheFilePath(legacy));
        QVERIFY(!file.contains(QLatin1String("refreshToken")));
        QVERIFY(!file.contains(QLatin1String("clientSecret")));
        SsoToken expired = out.result->value();
        expired.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-60);
        QVERIFY(SsoTokenCacheWriter(env()).writeToken(legacy, expired));
        const int createTokens = operationCount(QStringLiteral("CreateToken"));
        const Result<AwsCredentials> creds = fetchCredentials(legacy);
        QVERIFY(!creds);
        QCOMPARE(creds.fault().code, QString(FaultCode::SsoTokenExpired));
        QCOMPARE(operationCount(QStringLiteral("CreateToken")), createTokens);
    }

    // The secrets of a sign-in are known to the Redactor from the moment they arrive.
    void secretsNeverReachTexts()
    {
        startSim({});
        const Outcome out = signIn(sessionConfig(), [this](SsoLogin&, const QString& code) {
            QVERIFY(m_sim->approveDeviceAuthorization(code));
        });
        QVERIFY(out.result && out.result->ok());
        const SsoToken& t = out.result->value();
        for (const QString& secret : {t.accessToken, t.refreshToken, t.clientSecret}) {
            const QString redacted = Redactor::redact(QStringLiteral("value %1 end").arg(secret));
            QCOMPARE(redacted, QStringLiteral("value [REDACTED] end"));
            QMutexLocker lock(&g_logMutex);
            QVERIFY(!g_log.contains(secret));
        }
    }
};

QTEST_GUILESS_MAIN(TestSsoLogin)
#include "tst_ssologin.moc"
