#include "DmsSimulator.h"
#include "KeyringTestSupport.h"
#include "LoopbackHttpProxy.h"
#include "WindowTestSupport.h"
#include "apply/ApplyController.h"
#include "config/AppSettings.h"
#include "diagnostics/DiagnosticsReport.h"
#include "dms/DmsConnection.h"
#include "history/HistoryStore.h"
#include "notifications/NotificationPolicySink.h"
#include "settings/SettingsDialog.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QJsonArray>
#include <QMenuBar>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using windowtest::startAndWait;

// The window applying the app settings for real, against the in-process simulator over loopback:
// retry attempts counted on the simulator, the proxy modes, the poll schedule, the history
// retention on a real SQLite file, and what Diagnostics says about their source.
class TestSettingsWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    MainWindowOptions options() const
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        o.environment = windowtest::scratchEnvironment(m_dir->path());
        return o;
    }

    void saveSettings(const AppSettings& s) const
    {
        QSettings file(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        s.save(file);
    }

    int listings() const
    {
        return windowtest::requestCount(*m_sim, QStringLiteral("DescribeMigrationProjects"));
    }

    static QJsonObject serverErrors()
    {
        QJsonObject r;
        r.insert(QStringLiteral("type"), QStringLiteral("serverError"));
        r.insert(QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeMigrationProjects")});
        return r;
    }

    // Edit > Settings… as a person would open it; the dialog is window-modal.
    static SettingsDialog* openSettings(MainWindow& window)
    {
        window.settingsAction()->trigger();
        return window.findChild<SettingsDialog*>();
    }

private slots:
    void initTestCase()
    {
        // No Secret Service in this process (libsecret connects lazily, on first use): the
        // proxy password must then live in memory only. Nothing else here needs the bus.
        qputenv("DBUS_SESSION_BUS_ADDRESS",
                QFile::encodeName(QStringLiteral("unix:path=") +
                                  QDir::temp().filePath(QStringLiteral("dmsx-no-bus"))));
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
        m_sim.reset();
        m_dir.reset();
    }

    void settingsIsInTheEditMenuWithCtrlComma()
    {
        MainWindow window(options());
        QAction* action = window.settingsAction();
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        QStringList menus;
        for (QAction* menu : window.menuBar()->actions())
            menus << menu->text();
        QCOMPARE(menus.value(1), QStringLiteral("&Edit")); // after File
    }

    void retryAttemptsFromTheSettingsReachTheTransport()
    {
        QVERIFY(m_sim->setFaults(QJsonArray{serverErrors()}).ok());
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QCOMPARE(listings(), 3); // unset: the default of 3 attempts

        SettingsDialog* dialog = openSettings(window);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->findChild<QSpinBox*>(QStringLiteral("maxAttemptsSpinBox"))->setValue(1);
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        QSignalSpy applied(&window, &MainWindow::settingsApplied);
        m_sim->clearRequestLog();
        dialog->accept();
        QCOMPARE(applied.count(), 1);
        QVERIFY(loaded.wait(60000)); // reconnected, because the attempts changed
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QCOMPARE(listings(), 1);
        QCOMPARE(window.appSettings().maxAttempts, std::optional<int>(1));

        // Stored in the window's settings file, and named as the source in Diagnostics.
        QSettings file(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QCOMPARE(file.value(QStringLiteral("settings/maxAttempts")).toInt(), 1);
        const DiagnosticsReport report = DiagnosticsReport::forConnection(window.connection());
        QCOMPARE(report.entry(QStringLiteral("max_attempts"))->value.toInt(), 1);
        QCOMPARE(report.entry(QStringLiteral("max_attempts"))->source,
                 QStringLiteral("app setting (Settings dialog)"));
    }

    void proxyNoneBypassesTheEnvironmentProxy()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        MainWindowOptions o = options();
        o.environment.insert(QStringLiteral("HTTP_PROXY"), proxy.url());
        o.environment.insert(QStringLiteral("HTTPS_PROXY"), proxy.url());
        {
            // Not set: the environment's proxy carries the calls.
            MainWindow window(o);
            QVERIFY(startAndWait(window));
            QCOMPARE(window.state(), MainWindow::State::Ready);
            QVERIFY(proxy.forwarded() > 0);
            QVERIFY(proxy.seen().first().requestLine.startsWith("POST http://127.0.0.1:"));
            QVERIFY(DiagnosticsReport::forConnection(window.connection())
                        .entry(QStringLiteral("proxy"))
                        ->source.contains(QStringLiteral("HTTP_PROXY")));
        }
        const int before = int(proxy.seen().size());
        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::None;
        saveSettings(s);
        MainWindow window(o);
        QVERIFY(startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(int(proxy.seen().size()), before); // straight to the simulator
        const std::optional<DiagnosticsEntry> entry =
            DiagnosticsReport::forConnection(window.connection()).entry(QStringLiteral("proxy"));
        QCOMPARE(entry->value.toString(), QStringLiteral("none"));
        QCOMPARE(entry->source, QStringLiteral("app setting (Settings dialog)"));
    }

    void pollIntervalReachesTheApplyController()
    {
        AppSettings s;
        s.pollIntervalSeconds = 7;
        saveSettings(s);
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QVERIFY(window.applyController());
        QCOMPARE(window.applyController()->pollSchedule(), QList<int>{7000});
        // Changed in the dialog: no reconnect needed, the controller takes the new schedule.
        SettingsDialog* dialog = openSettings(window);
        QVERIFY(dialog);
        ApplyController* controller = window.applyController();
        dialog->findChild<QSpinBox*>(QStringLiteral("pollIntervalSpinBox"))->setValue(30);
        dialog->accept();
        QCOMPARE(window.applyController(), controller);
        QCOMPARE(controller->pollSchedule(), QList<int>{30000});
        // Back to the default back-off.
        dialog = openSettings(window);
        QSpinBox* spin = dialog->findChild<QSpinBox*>(QStringLiteral("pollIntervalSpinBox"));
        spin->setValue(spin->minimum());
        dialog->accept();
        QVERIFY(controller->pollSchedule().isEmpty());
    }

    void retentionPrunesTheRealHistory()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            HistoryStore store(m_dir->filePath(QStringLiteral("history.sqlite")));
            QVERIFY(store.open().ok());
            QList<HistoryRecord> rows;
            for (int day = 0; day < 30; ++day) {
                HistoryRecord r;
                r.startedAt =
                    QDateTime::fromMSecsSinceEpoch(now - qint64(day) * 24 * 3600 * 1000 - 60000, Qt::UTC);
                r.finishedAt = r.startedAt.addMSecs(20);
                r.operation = QStringLiteral("DescribeMigrationProjects");
                r.region = QStringLiteral("us-east-1");
                r.outcome = HistoryRecord::Outcome::Succeeded;
                r.httpStatus = 200;
                r.attempts = 1;
                rows << r;
            }
            QCOMPARE(store.insertAll(rows).value(), 30);
        }
        AppSettings s;
        s.retention = AppSettings::RetentionMode::Days;
        s.retentionDays = 10;
        saveSettings(s);
        MainWindow window(options()); // applied when the history opens
        QVERIFY(window.historyStore());
        QCOMPARE(window.historyStore()->count(HistoryQuery()).value(), 10);

        s.retention = AppSettings::RetentionMode::Rows;
        s.retentionRows = 3;
        window.applySettings(s, QString(), false); // and when it changes
        QCOMPARE(window.historyStore()->count(HistoryQuery()).value(), 3);
        HistoryStore reopened(m_dir->filePath(QStringLiteral("history.sqlite")));
        QVERIFY(reopened.open().ok());
        QCOMPARE(reopened.count(HistoryQuery()).value(), 3);
    }

    void notificationsFollowTheSetting()
    {
        struct Recording : NotificationSink
        {
            int count = 0;
            void notify(const QString&, const QString&, Urgency) override { ++count; }
        } sink;
        QWidget window;
        window.show();
        NotificationPolicySink policy(&sink, &window);
        QCOMPARE(policy.mode(), AppSettings::NotificationMode::Always);
        policy.notify(QStringLiteral("t"), QStringLiteral("b"), NotificationSink::Urgency::Normal);
        QCOMPARE(sink.count, 1);
        policy.setMode(AppSettings::NotificationMode::Off);
        policy.notify(QStringLiteral("t"), QStringLiteral("b"), NotificationSink::Urgency::Critical);
        QCOMPARE(sink.count, 1);
        policy.setMode(AppSettings::NotificationMode::WhenInactive);
        QWidget other;
        other.show();
        QApplication::setActiveWindow(&other);
        QVERIFY(!window.isActiveWindow());
        policy.notify(QStringLiteral("t"), QStringLiteral("b"), NotificationSink::Urgency::Normal);
        QCOMPARE(sink.count, 2);
        QApplication::setActiveWindow(&window);
        QVERIFY(window.isActiveWindow());
        policy.notify(QStringLiteral("t"), QStringLiteral("b"), NotificationSink::Urgency::Normal);
        QCOMPARE(sink.count, 2);
    }

    void withoutAKeychainTheProxyPasswordIsKeptForTheSession()
    {
        LoopbackHttpProxy proxy;
        QVERIFY(proxy.listen());
        const QString password = QStringLiteral("SessionOnlyProxyPassword-1");
        proxy.requireBasicAuth("carol:" + password.toUtf8());
        MainWindowOptions o = options();
        o.keychainService = QStringLiteral("dmsx-test-settingswindow");
        MainWindow window(o);
        QVERIFY(startAndWait(window));
        QCOMPARE(proxy.seen().size(), 0);

        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("127.0.0.1");
        s.proxyPort = proxy.port();
        s.proxyUser = QStringLiteral("carol");
        QSignalSpy stored(&window, &MainWindow::proxyPasswordStored);
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.applySettings(s, password, true);
        QVERIFY(stored.wait(30000));
        QCOMPARE(stored.first().first().toBool(), false);
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("for this session only")),
                 qPrintable(window.messageBar()->text()));
        // The reconnect went through the proxy with the password held in memory.
        QVERIFY(!loaded.isEmpty() || loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QVERIFY(proxy.forwarded() > 0);
        window.close();
        const QStringList leaks = keyringtest::filesContaining({m_dir->path()}, {password});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u' ')));
    }

    // A proxy password the settings no longer need is deleted from the
    // keychain; when that fails, the message bar says so and names the entry.
    void anUnusedProxyPasswordThatCannotBeDeletedIsSaid()
    {
        MainWindowOptions o = options();
        o.keychainService = QStringLiteral("dmsx-test-settingswindow");
        MainWindow window(o);
        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("127.0.0.1");
        s.proxyUser = QStringLiteral("carol");
        QSignalSpy removed(&window, &MainWindow::proxyPasswordRemoved);
        window.applySettings(s, QString(), false);
        QVERIFY(removed.isEmpty()); // still needed

        s.proxyMode = AppSettings::ProxyMode::None;
        window.applySettings(s, QString(), false);
        QVERIFY(removed.wait(30000));
        QCOMPARE(removed.first().first().toBool(), false);
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("could not be removed")) &&
                     window.messageBar()->text().contains(AppSettings::proxyPasswordKey()),
                 qPrintable(window.messageBar()->text()));
    }

    void aCorruptSettingIsIgnoredAndSaid()
    {
        {
            QSettings file(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
            file.setValue(QStringLiteral("settings/maxAttempts"), QStringLiteral("lots"));
        }
        MainWindow window(options());
        QVERIFY(!window.appSettings().maxAttempts);
        QVERIFY2(window.messageBar()->text().contains(QStringLiteral("settings/maxAttempts")),
                 qPrintable(window.messageBar()->text()));
        QVERIFY(startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(window.connection()->config().maxAttempts.value, 3);
    }
};

QTEST_MAIN(TestSettingsWindow)
#include "tst_settingswindow.moc"
