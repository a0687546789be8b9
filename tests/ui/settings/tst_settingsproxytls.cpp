#include "DmsSimulator.h"
#include "KeyringTestSupport.h"
#include "LoopbackHttpProxy.h"
#include "WindowTestSupport.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "config/AppSettings.h"
#include "credentials/KeychainStore.h"
#include "projects/ProjectsModel.h"
#include "settings/SettingsDialog.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;

// What real users do: reach AWS over HTTPS through a corporate proxy. The window's HTTPS calls go
// to the simulator serving TLS with its throw-away CA, through a loopback proxy that sees only
// "CONNECT host:port" with Proxy-Authorization and then relays the TLS bytes it cannot read. The
// proxy password lives in the real gnome-keyring of scripts/with-session.sh, and is deleted from it
// once the settings no longer need it.
class TestSettingsProxyTls : public QObject
{
    Q_OBJECT

private:
    const QString m_service =
        QStringLiteral("dmsx-test-settingsproxytls-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QString m_password = QStringLiteral("Tunn3l-") + QUuid::createUuid().toString(QUuid::Id128);
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_caFile;

    MainWindowOptions options() const
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        o.keychainService = m_service;
        o.environment = windowtest::scratchEnvironment(m_dir->path());
        return o;
    }

    // "127.0.0.1:PORT": what a client asks the proxy to tunnel to.
    QByteArray simAuthority() const
    {
        return m_sim->serverUrl().host().toLatin1() + ':' + QByteArray::number(m_sim->serverUrl().port());
    }

    void saveSettings(const AppSettings& s) const
    {
        QSettings file(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        s.save(file);
    }

    bool storePassword(const QString& password)
    {
        KeychainStore store(m_service);
        QObject context;
        return keyringtest::await<void>([&](auto done) {
                   store.writeEntry(AppSettings::proxyPasswordKey(), password, &context, done);
               })
            .ok();
    }

    AppSettings manualProxy(const LoopbackHttpProxy& proxy, const QString& user, bool withCa) const
    {
        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("127.0.0.1");
        s.proxyPort = proxy.port();
        s.proxyUser = user;
        if (withCa)
            s.caBundlePath = m_caFile;
        return s;
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs the session of scripts/with-session.sh (D-Bus and an unlocked keyring)");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // The simulator serves HTTPS only; its certificate names localhost and 127.0.0.1.
        m_sim = std::make_unique<DmsSimulator>();
        QVERIFY(m_sim->loadDemoScenario().ok());
        const Result<QByteArray> ca = m_sim->enableTls();
        QVERIFY2(ca.ok(), ca.ok() ? "" : qPrintable(ca.fault().message));
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0).ok());
        QCOMPARE(m_sim->serverUrl().scheme(), QStringLiteral("https"));
        m_caFile = m_dir->filePath(QStringLiteral("sim-ca.pem"));
        QFile file(m_caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(ca.value()) == ca.value().size());
    }

    void cleanup()
    {
        KeychainStore store(m_service);
        QObject context;
        QVERIFY(keyringtest::await<void>([&](auto done) {
                    store.deleteEntry(AppSettings::proxyPasswordKey(), &context, done);
                }).ok());
        m_sim.reset();
        m_dir.reset();
    }

    void httpsGoesThroughAnAuthenticatedConnectTunnel()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        const QByteArray credentials = "corpuser:" + m_password.toUtf8();
        proxy.requireBasicAuth(credentials);
        QVERIFY(storePassword(m_password));
        saveSettings(manualProxy(proxy, QStringLiteral("corpuser"), true));

        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY2(window.state() == MainWindow::State::Ready, qPrintable(window.emptyStateTitle()));
        QVERIFY(window.projectsModel()->rowCount() > 0);
        QVERIFY(windowtest::requestCount(*m_sim, QStringLiteral("DescribeMigrationProjects")) > 0);

        // The proxy was only ever asked to tunnel to the simulator, never handed a plain request,
        // and every tunnel it opened carried the keyring's password.
        QVERIFY(!proxy.tunnels().isEmpty());
        for (const LoopbackHttpProxy::Seen& seen : proxy.seen()) {
            QCOMPARE(seen.requestLine, "CONNECT " + simAuthority() + " HTTP/1.1");
            if (seen.forwarded)
                QVERIFY(seen.credentials() == credentials); // not QCOMPARE: never print a secret
        }
        window.close();
        const QStringList leaks = keyringtest::filesContaining({m_dir->path()}, {m_password});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u' ')));
    }

    void withoutTheCaBundleTheTunnelledCertificateIsRejected()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        const QByteArray credentials = "corpuser:" + m_password.toUtf8();
        proxy.requireBasicAuth(credentials);
        QVERIFY(storePassword(m_password));
        saveSettings(manualProxy(proxy, QStringLiteral("corpuser"), false));

        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.lastFault());
        QCOMPARE(window.lastFault()->code, FaultCode::TlsVerificationFailed);
        const QString title = FaultCatalogue::explain(*window.lastFault()).title;
        QVERIFY2(window.emptyStateTitle().contains(title), qPrintable(window.emptyStateTitle()));
        // The tunnel itself was open and authenticated: it is the certificate that was refused,
        // before any request reached the simulator.
        QVERIFY(proxy.tunnels().contains(simAuthority()));
        bool authenticated = false;
        for (const LoopbackHttpProxy::Seen& seen : proxy.seen())
            authenticated = authenticated || (seen.forwarded && seen.credentials() == credentials);
        QVERIFY(authenticated);
        QCOMPARE(windowtest::requestCount(*m_sim, QStringLiteral("DescribeMigrationProjects")), 0);
    }

    void proxyNoneBypassesHttpsProxyForHttps()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        MainWindowOptions o = options();
        o.environment.insert(QStringLiteral("HTTPS_PROXY"), proxy.url());
        AppSettings s;
        s.caBundlePath = m_caFile;
        saveSettings(s);
        {
            // Not set here: the environment's proxy tunnels the HTTPS calls.
            MainWindow window(o);
            QVERIFY(windowtest::startAndWait(window));
            QCOMPARE(window.state(), MainWindow::State::Ready);
            QVERIFY(proxy.tunnels().contains(simAuthority()));
        }
        const int before = int(proxy.seen().size());
        s.proxyMode = AppSettings::ProxyMode::None;
        saveSettings(s);
        MainWindow window(o);
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QVERIFY(window.projectsModel()->rowCount() > 0);
        QCOMPARE(int(proxy.seen().size()), before); // straight to the simulator
    }

    void switchingAwayFromTheManualProxyDeletesTheStoredPassword()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        proxy.requireBasicAuth("corpuser:" + m_password.toUtf8());
        QVERIFY(storePassword(m_password));
        saveSettings(manualProxy(proxy, QStringLiteral("corpuser"), true));
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(keyringtest::secretToolLookup(m_service, AppSettings::proxyPasswordKey()).exitCode, 0);

        // A change that keeps the manual proxy with its user keeps the password.
        QSignalSpy removed(&window, &MainWindow::proxyPasswordRemoved);
        AppSettings same = window.appSettings();
        same.maxAttempts = 2;
        window.applySettings(same, QString(), false);
        QVERIFY(removed.isEmpty());
        const keyringtest::Lookup kept =
            keyringtest::secretToolLookup(m_service, AppSettings::proxyPasswordKey());
        QCOMPARE(kept.exitCode, 0);
        QVERIFY(kept.value == m_password.toUtf8());

        // "No proxy" chosen in the dialog: the password is no longer needed, so it goes.
        window.settingsAction()->trigger();
        auto* dialog = window.findChild<SettingsDialog*>();
        QVERIFY(dialog);
        auto* mode = dialog->findChild<QComboBox*>(QStringLiteral("proxyModeComboBox"));
        mode->setCurrentIndex(2);
        QCOMPARE(mode->currentText(), QStringLiteral("No proxy: connect directly"));
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        dialog->accept();
        QVERIFY(!removed.isEmpty() || removed.wait(30000));
        QCOMPARE(removed.first().first().toBool(), true);
        QCOMPARE(keyringtest::secretToolLookup(m_service, AppSettings::proxyPasswordKey()).exitCode, 1);
        QVERIFY(!loaded.isEmpty() || loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready); // directly now
    }

    void clearingTheProxyUserDeletesTheStoredPassword()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        QVERIFY(storePassword(m_password));
        saveSettings(manualProxy(proxy, QStringLiteral("corpuser"), true));
        MainWindow window(options());
        QCOMPARE(keyringtest::secretToolLookup(m_service, AppSettings::proxyPasswordKey()).exitCode, 0);

        // Same proxy, no user: it needs no password any more.
        window.settingsAction()->trigger();
        auto* dialog = window.findChild<SettingsDialog*>();
        QVERIFY(dialog);
        dialog->findChild<QLineEdit*>(QStringLiteral("proxyUserLineEdit"))->clear();
        QSignalSpy removed(&window, &MainWindow::proxyPasswordRemoved);
        dialog->accept();
        QCOMPARE(window.appSettings().proxyMode, std::optional(AppSettings::ProxyMode::Manual));
        QVERIFY(!window.appSettings().needsProxyPassword());
        QVERIFY(!removed.isEmpty() || removed.wait(30000));
        QCOMPARE(removed.first().first().toBool(), true);
        QCOMPARE(keyringtest::secretToolLookup(m_service, AppSettings::proxyPasswordKey()).exitCode, 1);
        QVERIFY2(!window.messageBar()->text().contains(QStringLiteral("could not be removed")),
                 qPrintable(window.messageBar()->text()));
    }
};

QTEST_MAIN(TestSettingsProxyTls)
#include "tst_settingsproxytls.moc"
