// ConnectionController: the DmsConnection::Options it builds for each kind of profile (demo, app,
// AWS files, environment, session-only), that the Settings dialog resolves exactly what a
// connection is opened with, and the swap to the demo's scratch history. Connections go to the
// simulator in-process over loopback.
#include "DmsSimulator.h"
#include "WindowTestSupport.h"
#include "base/FaultCodes.h"
#include "config/AppSettings.h"
#include "credentials/SessionCredentials.h"
#include "dms/DmsClient.h"
#include "dms/DmsConnection.h"
#include "history/HistoryStore.h"
#include "window/ConnectionController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using Kind = ProfileKey::Kind;

namespace {

void writeFile(const QString& file, const QString& text)
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

// Every field a connection is made of, side by side.
void compareOptions(const DmsConnection::Options& actual, const DmsConnection::Options& expected)
{
    QCOMPARE(actual.client.profile, expected.client.profile);
    QCOMPARE(actual.client.region, expected.client.region);
    QCOMPARE(actual.client.endpointUrl, expected.client.endpointUrl);
    QCOMPARE(actual.client.useFips, expected.client.useFips);
    QCOMPARE(actual.client.useDualStack, expected.client.useDualStack);
    QCOMPARE(actual.client.settings.endpointUrl, expected.client.settings.endpointUrl);
    QCOMPARE(actual.client.settings.maxAttempts, expected.client.settings.maxAttempts);
    QCOMPARE(actual.client.settings.caBundle, expected.client.settings.caBundle);
    QCOMPARE(actual.environment.toStringList(), expected.environment.toStringList());
    QCOMPARE(actual.sessionCredentials, expected.sessionCredentials);
    QCOMPARE(actual.ignoreSharedFiles, expected.ignoreSharedFiles);
    QCOMPARE(actual.useKeychain, expected.useKeychain);
    QCOMPARE(actual.appProfilesFile, expected.appProfilesFile);
    QCOMPARE(actual.keychainService, expected.keychainService);
    QCOMPARE(actual.observers, expected.observers);
    QCOMPARE(actual.proxy.has_value(), expected.proxy.has_value());
    if (actual.proxy)
        QCOMPARE(*actual.proxy, *expected.proxy);
    QCOMPARE(bool(actual.mfa), bool(expected.mfa));
}

// The message bar's lines that name a request missing from the history.
QStringList lostRequests(const QSignalSpy& warnings)
{
    QStringList lost;
    for (const QList<QVariant>& w : warnings) {
        if (w.first().toString().startsWith(QLatin1String("A request is missing from the request history")))
            lost << w.first().toString();
    }
    return lost;
}

} // namespace

class TestConnectionController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString& name) const { return m_dir->filePath(name); }

    // A home of its own with an AWS keys profile ("simkeys") that reaches the simulator, the
    // environment's keys and AWS_PROFILE, and the demo profile.
    ConnectionController::Options options() const
    {
        ConnectionController::Options o;
        o.environment = windowtest::scratchEnvironment(path(QStringLiteral("home")));
        const AwsCredentials keys = DmsSimulator::demoCredentials();
        o.environment.insert(QStringLiteral("AWS_CONFIG_FILE"), path(QStringLiteral("aws/config")));
        o.environment.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                             path(QStringLiteral("aws/credentials")));
        o.environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), keys.accessKeyId);
        o.environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), keys.secretAccessKey);
        o.environment.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_sim->serverUrl().toString());
        o.environment.insert(QStringLiteral("AWS_PROFILE"), QStringLiteral("simkeys"));
        o.appProfilesFile = path(QStringLiteral("profiles.ini"));
        o.keychainService = QStringLiteral("dmsx-test-connection-controller");
        o.historyFile = path(QStringLiteral("history.sqlite"));
        o.demo = windowtest::demoProfile(*m_sim);
        return o;
    }

    static SessionProfile sessionProfile(const QString& endpointUrl)
    {
        SessionProfile session;
        session.profile.name = QStringLiteral("offline");
        session.profile.region = QStringLiteral("us-east-1");
        session.profile.endpointUrl = endpointUrl;
        session.credentials = DmsSimulator::demoCredentials();
        return session;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sim = windowtest::startSimulator();
        QVERIFY(m_sim);
        writeFile(path(QStringLiteral("aws/config")),
                  QStringLiteral("[profile simkeys]\nregion = %1\nendpoint_url = %2\n")
                      .arg(m_sim->region(), m_sim->serverUrl().toString()));
        const AwsCredentials keys = DmsSimulator::demoCredentials();
        writeFile(path(QStringLiteral("aws/credentials")),
                  QStringLiteral("[simkeys]\naws_access_key_id = %1\naws_secret_access_key = %2\n")
                      .arg(keys.accessKeyId, keys.secretAccessKey));
        writeFile(path(QStringLiteral("profiles.ini")), QString());
    }

    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void optionsForEachKindOfProfile_data()
    {
        QTest::addColumn<ProfileKey>("key");
        QTest::addColumn<QString>("chainProfile");
        QTest::addColumn<bool>("inMemory");
        QTest::newRow("demo") << ProfileKey::demo(QStringLiteral("demo")) << QString() << true;
        QTest::newRow("app") << ProfileKey::app(QStringLiteral("ops")) << QStringLiteral("ops") << false;
        QTest::newRow("aws") << ProfileKey::aws(QStringLiteral("simkeys")) << QStringLiteral("simkeys")
                             << false;
        QTest::newRow("environment") << ProfileKey::environment() << QString() << false;
        QTest::newRow("session") << ProfileKey::session(QStringLiteral("offline")) << QString() << true;
    }

    void optionsForEachKindOfProfile()
    {
        QFETCH(ProfileKey, key);
        QFETCH(QString, chainProfile);
        QFETCH(bool, inMemory);
        const ConnectionController::Options o = options();
        ConnectionController controller(o);
        QVERIFY(controller.openHistory());
        controller.addSessionProfile(sessionProfile(QStringLiteral("http://127.0.0.1:9/session")));
        AppSettings settings;
        settings.maxAttempts = 7;
        settings.proxyMode = AppSettings::ProxyMode::Manual;
        settings.proxyHost = QStringLiteral("proxy.example");
        settings.proxyPort = 8080;
        controller.setAppSettings(settings);

        const DmsConnection::Options options = controller.options(key, QStringLiteral("eu-west-1"));
        QCOMPARE(options.client.region, QStringLiteral("eu-west-1"));
        QCOMPARE(options.client.profile, chainProfile);
        QCOMPARE(options.appProfilesFile, o.appProfilesFile);
        QCOMPARE(options.keychainService, o.keychainService);
        // The app settings shape every connection, whatever the profile.
        QCOMPARE(options.client.settings.maxAttempts, std::optional<int>(7));
        QVERIFY(options.proxy);
        QCOMPARE(options.proxy->hostName(), QStringLiteral("proxy.example"));
        QCOMPARE(options.proxy->port(), quint16(8080));
        // Every call is recorded, the credential chain's included; a role's MFA code is asked for.
        QCOMPARE(options.observers.size(), 1);
        QVERIFY(options.mfa);

        const QStringList memoryOnly = {QStringLiteral("AWS_PROFILE"), QStringLiteral("AWS_ACCESS_KEY_ID"),
                                        QStringLiteral("AWS_SECRET_ACCESS_KEY")};
        if (inMemory) {
            // These keys and nothing else: no AWS files, no keychain, no key or profile of the
            // environment; and their own endpoint.
            QVERIFY(options.sessionCredentials);
            QCOMPARE(options.sessionCredentials->profileName(), key.name());
            QVERIFY(options.sessionCredentials->isSet());
            QVERIFY(options.ignoreSharedFiles);
            QVERIFY(!options.useKeychain);
            for (const QString& name : memoryOnly)
                QVERIFY2(!options.environment.contains(name), qPrintable(name));
            QCOMPARE(options.client.endpointUrl, key.kind() == Kind::Demo
                                                     ? o.demo->endpointUrl
                                                     : QStringLiteral("http://127.0.0.1:9/session"));
            // The demo keys are only good for the simulator, whatever the environment says.
            QCOMPARE(options.environment.contains(QStringLiteral("AWS_ENDPOINT_URL")),
                     key.kind() != Kind::Demo);
            // STS and the SSO portal are the simulator's too, named explicitly: the DMS endpoint
            // never moves them.
            QCOMPARE(options.client.stsEndpointUrl,
                     key.kind() == Kind::Demo ? o.demo->endpointUrl : QString());
            QCOMPARE(options.client.ssoEndpointUrl,
                     key.kind() == Kind::Demo ? o.demo->endpointUrl : QString());
        } else {
            QVERIFY(!options.sessionCredentials);
            QVERIFY(!options.ignoreSharedFiles);
            QVERIFY(options.useKeychain);
            QVERIFY(options.client.endpointUrl.isEmpty());
            QCOMPARE(options.environment, o.environment);
        }
    }

    void theDemoAndTheTestsReadNoSharedFiles()
    {
        ConnectionController::Options o = options();
        o.ignoreSharedFiles = true;
        ConnectionController controller(o);
        const DmsConnection::Options options =
            controller.options(ProfileKey::aws(QStringLiteral("simkeys")), QStringLiteral("us-east-1"));
        QVERIFY(options.ignoreSharedFiles);
        QVERIFY(!options.useKeychain);
        // Neither are AWS or app profiles offered: the demo and the environment only.
        QList<ProfileKey> offered;
        for (const ConnectionController::ProfileChoice& choice : controller.profiles())
            offered << choice.key;
        QCOMPARE(offered,
                 (QList<ProfileKey>{ProfileKey::demo(QStringLiteral("demo")), ProfileKey::environment()}));
    }

    // What Settings resolves is what a connection is opened with: the same options, the same
    // effective configuration.
    void settingsAndReconnectGetIdenticalOptions_data()
    {
        QTest::addColumn<ProfileKey>("key");
        QTest::newRow("demo") << ProfileKey::demo(QStringLiteral("demo"));
        QTest::newRow("aws") << ProfileKey::aws(QStringLiteral("simkeys"));
        QTest::newRow("environment") << ProfileKey::environment();
        QTest::newRow("session") << ProfileKey::session(QStringLiteral("offline"));
    }

    void settingsAndReconnectGetIdenticalOptions()
    {
        QFETCH(ProfileKey, key);
        ConnectionController controller(options());
        QVERIFY(controller.openHistory());
        controller.addSessionProfile(sessionProfile(m_sim->serverUrl().toString()));
        AppSettings settings;
        settings.maxAttempts = 2;
        controller.setAppSettings(settings);
        QSignalSpy connected(&controller, &ConnectionController::connected);
        QSignalSpy failed(&controller, &ConnectionController::connectionFailed);
        QVERIFY(controller.connectTo(key, m_sim->region()));
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() + failed.count() > 0, 30000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<Fault>().message));
        DmsConnection* connection = controller.connection();
        QVERIFY(connection && connection->isOpen());

        compareOptions(controller.options(key, m_sim->region()), connection->options());
        if (QTest::currentTestFailed())
            return;
        const Result<EffectiveClientConfig> resolved =
            controller.settingsResolver(key, m_sim->region())(settings.clientSettings());
        QVERIFY(resolved.ok());
        const EffectiveClientConfig& opened = connection->config();
        QCOMPARE(resolved.value().endpoint.url, opened.endpoint.url);
        QCOMPARE(resolved.value().endpoint.signingRegion, opened.endpoint.signingRegion);
        QCOMPARE(resolved.value().profile.value, opened.profile.value);
        QCOMPARE(resolved.value().region.value, opened.region.value);
        QCOMPARE(resolved.value().maxAttempts.value, 2);
        QCOMPARE(opened.maxAttempts.value, 2);
        QCOMPARE(opened.endpoint.url.port(), m_sim->serverUrl().port()); // it did reach the simulator
    }

    // Opted in to plain http:// beyond this computer: the window says so once, before anything
    // is sent, without the password of the URL.
    void anUnencryptedEndpointIsSaidOnce()
    {
        ConnectionController::Options o = options();
        o.environment.insert(QStringLiteral("DMSX_ALLOW_INSECURE_HTTP"), QStringLiteral("true"));
        o.environment.insert(QStringLiteral("AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE"),
                             QStringLiteral("http://dba:Hunter2Pass@192.0.2.1:9"));
        ConnectionController controller(o);
        QSignalSpy warnings(&controller, &ConnectionController::warning);
        const ProfileKey aws = ProfileKey::aws(QStringLiteral("simkeys"));
        QVERIFY(controller.connectTo(aws, m_sim->region()));
        QVERIFY(controller.connectTo(aws, m_sim->region()));
        QStringList unencrypted;
        for (const QList<QVariant>& w : std::as_const(warnings)) {
            if (w.first().toString().contains(QLatin1String("Unencrypted")))
                unencrypted << w.first().toString();
        }
        QCOMPARE(unencrypted.size(), 1);
        QVERIFY2(unencrypted.first().contains(QLatin1String("DMS http://dba:****@192.0.2.1:9")),
                 qPrintable(unencrypted.first()));
        controller.endSession();
    }

    // Another program holds the history's write lock (SQLITE_BUSY past the busy timeout, which
    // root cannot bypass): the listing still arrives, and the request it could not record is
    // named for the message bar.
    void aRequestTheHistoryCannotKeepIsSaid()
    {
        ConnectionController controller(options());
        QVERIFY(controller.openHistory());
        QSignalSpy warnings(&controller, &ConnectionController::warning);
        QSignalSpy connected(&controller, &ConnectionController::connected);
        QSignalSpy failed(&controller, &ConnectionController::connectionFailed);
        QVERIFY(controller.connectTo(ProfileKey::aws(QStringLiteral("simkeys")), m_sim->region()));
        QTRY_VERIFY_WITH_TIMEOUT(connected.count() + failed.count() > 0, 30000);
        QVERIFY(failed.isEmpty());

        const QString historyFile = controller.historyStore()->path();
        const QString lockName = QUuid::createUuid().toString();
        bool listed = false;
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(historyFile);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));
            bool done = false;
            controller.connection()->client()->describeMigrationProjects(
                {}, std::nullopt, QString(), this, [&](const Result<Page<MigrationProject>>& page) {
                    listed = page.ok();
                    done = true;
                });
            QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
            // The history is written off the GUI thread: the listing never waited for the lock,
            // and its row is given up (and said) while the lock is still held.
            QTRY_VERIFY_WITH_TIMEOUT(!lostRequests(warnings).isEmpty(), 60000);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            locker.close();
        }
        QSqlDatabase::removeDatabase(lockName);
        QVERIFY(listed);
        const QStringList lost = lostRequests(warnings);
        QCOMPARE(lost.size(), 1);
        QVERIFY2(lost.first().contains(
                     QLatin1String("DescribeMigrationProjects was not written to the history file ") +
                     historyFile),
                 qPrintable(lost.first()));
        controller.endSession();
    }

    // The Settings box is the window's --allow-insecure-http: without it the connection refuses a
    // plain http:// endpoint on another computer, with it the window says so once.
    void theSettingsBoxAllowsPlainHttpLikeTheCliOption()
    {
        const QString url = QStringLiteral("http://192.0.2.1:9");
        const ProfileKey aws = ProfileKey::aws(QStringLiteral("simkeys"));
        AppSettings settings;
        settings.endpointUrl = url;
        {
            ConnectionController controller(options());
            controller.setAppSettings(settings);
            const Result<EffectiveClientConfig> refused =
                controller.settingsResolver(aws, m_sim->region())(settings.clientSettings());
            QVERIFY(!refused.ok());
            QCOMPARE(refused.fault().code, QString(FaultCode::InsecureEndpoint));
        }
        settings.allowInsecureHttp = true;
        ConnectionController controller(options());
        controller.setAppSettings(settings);
        QSignalSpy warnings(&controller, &ConnectionController::warning);
        const Result<EffectiveClientConfig> allowed =
            controller.settingsResolver(aws, m_sim->region())(settings.clientSettings());
        QVERIFY2(allowed.ok(), qPrintable(allowed.ok() ? QString() : allowed.fault().message));
        QVERIFY(controller.connectTo(aws, m_sim->region()));
        QStringList unencrypted;
        for (const QList<QVariant>& w : std::as_const(warnings)) {
            if (w.first().toString().startsWith(QLatin1String("Unencrypted endpoint")))
                unencrypted << w.first().toString();
        }
        QCOMPARE(unencrypted.size(), 1);
        QVERIFY2(unencrypted.first().contains(QLatin1String("app setting")) &&
                     unencrypted.first().contains(QLatin1String("DMS http://192.0.2.1:9")),
                 qPrintable(unencrypted.first()));
        controller.endSession();
    }

    void theDemoServesItsRegionOnly()
    {
        ConnectionController controller(options());
        QSignalSpy connected(&controller, &ConnectionController::connected);
        QVERIFY(!controller.connectTo(ProfileKey::demo(QStringLiteral("demo")), QStringLiteral("eu-west-3")));
        QVERIFY(!controller.connection());
        QVERIFY(controller.session()); // a new session all the same: the old one's answers are dropped
        QTest::qWait(50);
        QCOMPARE(connected.count(), 0);
    }

    // A demo started later (the welcome view) records into a scratch history while it is used.
    void aStartedDemoRecordsIntoAScratchHistory()
    {
        ConnectionController::Options o = options();
        o.demo.reset();
        int started = 0;
        o.startDemo = [this, &started] {
            ++started;
            return Result<DemoProfile>(windowtest::demoProfile(*m_sim));
        };
        ConnectionController controller(o);
        QVERIFY(controller.demoAvailable());
        QVERIFY(controller.openHistory());
        HistoryStore* own = controller.historyStore();
        const ProfileKey demo = ProfileKey::demo(QStringLiteral("demo"));
        const ProfileKey aws = ProfileKey::aws(QStringLiteral("simkeys"));
        QVERIFY(!controller.isTransient(demo));
        QVERIFY(controller.startDemo().ok());
        QVERIFY(controller.startDemo().ok());
        QCOMPARE(started, 1);
        QVERIFY(controller.isTransient(demo));
        QVERIFY(!controller.isTransient(aws));

        QVERIFY(controller.connectTo(demo, m_sim->region()));
        HistoryStore* scratch = controller.historyStore();
        QVERIFY(scratch && scratch != own);
        QVERIFY(QFileInfo(scratch->path()).absolutePath() != QFileInfo(own->path()).absolutePath());
        QVERIFY(controller.connectTo(aws, m_sim->region()));
        QCOMPARE(controller.historyStore(), own);
        QVERIFY(controller.connectTo(demo, m_sim->region()));
        QCOMPARE(controller.historyStore(), scratch);
        controller.endSession();
    }
};

QTEST_MAIN(TestConnectionController)
#include "tst_connectioncontroller.moc"
