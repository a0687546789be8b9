#include "DmsSimulator.h"
#include "KeyringTestSupport.h"
#include "LoopbackHttpProxy.h"
#include "WindowTestSupport.h"
#include "config/AppSettings.h"
#include "credentials/KeychainStore.h"
#include "settings/SettingsDialog.h"
#include "window/MainWindow.h"

#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;

// The manual proxy with authentication against the real gnome-keyring of scripts/with-session.sh:
// the password is read from the keyring, sent to a loopback proxy as Proxy-Authorization, and
// never written to any file.
class TestSettingsProxy : public QObject
{
    Q_OBJECT

private:
    const QString m_service =
        QStringLiteral("dmsx-test-settingsproxy-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QString m_password = QStringLiteral("Pr0xy-") + QUuid::createUuid().toString(QUuid::Id128);
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    // Settings and profiles under config/, the history under data/, as the application lays them out.
    MainWindowOptions options() const
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        o.settingsFile = m_dir->filePath(QStringLiteral("config/settings.ini"));
        o.historyFile = m_dir->filePath(QStringLiteral("data/history.sqlite"));
        o.appProfilesFile = m_dir->filePath(QStringLiteral("config/profiles.ini"));
        o.keychainService = m_service;
        o.environment = windowtest::scratchEnvironment(m_dir->path());
        return o;
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
        m_sim = windowtest::startSimulator();
        QVERIFY(m_sim);
    }

    void cleanup()
    {
        KeychainStore store(m_service);
        QObject context;
        const Result<void> deleted = keyringtest::await<void>(
            [&](auto done) { store.deleteEntry(AppSettings::proxyPasswordKey(), &context, done); });
        QVERIFY(deleted.ok());
        m_sim.reset();
        m_dir.reset();
    }

    void manualProxyAuthenticatesWithThePasswordFromTheKeyring()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        proxy.requireBasicAuth("proxyuser:" + m_password.toUtf8());
        {
            KeychainStore store(m_service);
            QObject context;
            QVERIFY(keyringtest::await<void>([&](auto done) {
                        store.writeEntry(AppSettings::proxyPasswordKey(), m_password, &context, done);
                    }).ok());
        }
        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("127.0.0.1");
        s.proxyPort = proxy.port();
        s.proxyUser = QStringLiteral("proxyuser");
        {
            QDir().mkpath(m_dir->filePath(QStringLiteral("config")));
            QSettings file(m_dir->filePath(QStringLiteral("config/settings.ini")), QSettings::IniFormat);
            s.save(file);
        }

        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        QCOMPARE(window.state(), MainWindow::State::Ready);
        // Every DMS call went through the proxy, with the keyring's password.
        QVERIFY(proxy.forwarded() > 0);
        const QByteArray expected = "Basic " + QByteArray("proxyuser:" + m_password.toUtf8()).toBase64();
        bool authorized = false;
        for (const LoopbackHttpProxy::Seen& seen : proxy.seen()) {
            const QByteArray target = "http://127.0.0.1:" + QByteArray::number(m_sim->serverUrl().port());
            QVERIFY(seen.requestLine.contains(target));
            authorized = authorized || seen.proxyAuthorization == expected;
        }
        QVERIFY(authorized);

        // A new password typed in the dialog: into the keyring, and used by the reconnect.
        const QString changed = m_password + QStringLiteral("-2");
        proxy.requireBasicAuth("proxyuser:" + changed.toUtf8());
        window.settingsAction()->trigger();
        auto* dialog = window.findChild<SettingsDialog*>();
        QVERIFY(dialog);
        auto* passwordEdit = dialog->findChild<QLineEdit*>(QStringLiteral("proxyPasswordLineEdit"));
        // Shown masked, from memory. Not QCOMPARE: a failure would print the password.
        QVERIFY2(passwordEdit->text() == m_password, "the dialog does not hold the stored password");
        passwordEdit->setText(changed);
        const int before = proxy.forwarded();
        QSignalSpy stored(&window, &MainWindow::proxyPasswordStored);
        dialog->accept();
        QVERIFY(loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QVERIFY(proxy.forwarded() > before);
        QVERIFY(!stored.isEmpty() || stored.wait(30000));
        QCOMPARE(stored.first().first().toBool(), true);
        QVERIFY2(keyringtest::secretToolLookup(m_service, AppSettings::proxyPasswordKey()).value ==
                     changed.toUtf8(),
                 "the keyring does not hold the changed password");
        window.close();

        // Neither password is in any file the window wrote (settings, history, profiles).
        int scanned = 0;
        const QStringList leaks =
            keyringtest::filesContaining({m_dir->path()}, {m_password, changed}, &scanned);
        QVERIFY(scanned >= 2);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u' ')));
        QSettings file(m_dir->filePath(QStringLiteral("config/settings.ini")), QSettings::IniFormat);
        QCOMPARE(file.value(QStringLiteral("settings/proxy/user")).toString(), QStringLiteral("proxyuser"));
    }
};

QTEST_MAIN(TestSettingsProxy)
#include "tst_settingsproxy.moc"
