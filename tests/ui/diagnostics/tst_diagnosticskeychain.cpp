// The keychain state in Help > Diagnostics: "checking…" at once, then what
// KeychainStore::probe() found, "probed just now", in the table and in Copy report. Against the
// unlocked gnome-keyring of scripts/with-session.sh, and in a child process of this executable
// whose D-Bus address leads nowhere (no Secret Service at all).
#include "credentials/KeychainStore.h"
#include "diagnostics/DiagnosticsDialog.h"
#include "diagnostics/DiagnosticsReport.h"
#include "window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

const QString kChildArg = QStringLiteral("--no-secret-service-child");

DiagnosticsReport reportWithBackend()
{
    DiagnosticsReport report;
    report.append(DiagnosticsEntry{QStringLiteral("region"), QStringLiteral("Region"),
                                   QJsonValue(QStringLiteral("eu-west-1")), QStringLiteral("settings")});
    report.append(DiagnosticsEntry{QStringLiteral("keychain_backend"), QStringLiteral("Keychain backend"),
                                   QJsonValue(KeychainStore::backendDescription()),
                                   QStringLiteral("QtKeychain")});
    report.append(DiagnosticsEntry{QStringLiteral("proxy"), QStringLiteral("Proxy"),
                                   QJsonValue(QStringLiteral("none")), QStringLiteral("default (direct)")});
    return report;
}

int rowOf(QTableWidget* table, const QString& key)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->data(Qt::UserRole).toString() == key)
            return row;
    }
    return -1;
}

// The child: probe with whatever its environment offers and print the report text.
int childMain()
{
    DiagnosticsDialog dialog(reportWithBackend());
    QSignalSpy probed(&dialog, &DiagnosticsDialog::keychainProbed);
    dialog.probeKeychain(QStringLiteral("dmsx-test-diagnostics-nosvc"));
    if (!probed.wait(60000))
        return 3;
    std::fputs(dialog.reportText().toUtf8().constData(), stdout);
    return 0;
}

} // namespace

class TestDiagnosticsKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
                 "run inside scripts/with-session.sh (D-Bus session with an unlocked gnome-keyring)");
    }

    void wordsForEveryProbeOutcome()
    {
        using A = KeychainStore::Availability;
        const auto value = [](std::optional<A> a) {
            if (!a)
                return DiagnosticsReport::keychainState(std::nullopt).value.toString();
            KeychainStore::ProbeResult r;
            r.availability = *a;
            r.reason = QStringLiteral("the backend said no");
            return DiagnosticsReport::keychainState(r).value.toString();
        };
        QCOMPARE(value(std::nullopt), QStringLiteral("checking…"));
        QCOMPARE(value(A::Available), QStringLiteral("unlocked"));
        QCOMPARE(value(A::Locked), QStringLiteral("locked — unlock it in your keyring app"));
        QCOMPARE(value(A::NoSecretService), QStringLiteral("no Secret Service on the session bus"));
        QVERIFY(value(A::Failed).contains(QStringLiteral("the backend said no")));
        KeychainStore::ProbeResult r;
        r.availability = A::Available;
        QCOMPARE(DiagnosticsReport::keychainState(r).source, QStringLiteral("probed just now"));
        QCOMPARE(DiagnosticsReport::keychainState(r).key, QStringLiteral("keychain_state"));
    }

    void probesTheSessionKeyring()
    {
        DiagnosticsDialog dialog(reportWithBackend());
        QTableWidget* table = dialog.entriesTable();
        QCOMPARE(table->rowCount(), 3);
        QSignalSpy probed(&dialog, &DiagnosticsDialog::keychainProbed);
        dialog.probeKeychain(
            QStringLiteral("dmsx-test-diagnostics-%1").arg(QCoreApplication::applicationPid()));
        // At once, before any answer: a row right below the backend that says it is being checked.
        QCOMPARE(probed.count(), 0);
        QCOMPARE(table->rowCount(), 4);
        const int row = rowOf(table, QStringLiteral("keychain_state"));
        QCOMPARE(row, rowOf(table, QStringLiteral("keychain_backend")) + 1);
        QCOMPARE(table->item(row, 1)->text(), QStringLiteral("checking…"));
        QVERIFY(dialog.reportText().contains(QStringLiteral("Keychain state: checking…")));

        QVERIFY(probed.wait(60000));
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(row, 0)->text(), QStringLiteral("Keychain state"));
        QCOMPARE(table->item(row, 1)->text(), QStringLiteral("unlocked"));
        QCOMPARE(table->item(row, 2)->text(), QStringLiteral("probed just now"));
        QVERIFY2(dialog.reportText().contains(QStringLiteral("Keychain state: unlocked (probed just now)\n")),
                 qPrintable(dialog.reportText()));
    }

    void saysWhenThereIsNoSecretService()
    {
        QTemporaryDir dirs;
        QVERIFY(dirs.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + dirs.filePath(QStringLiteral("no-bus-here")));
        env.remove(QStringLiteral("DISPLAY"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), dirs.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dirs.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dirs.filePath(QStringLiteral("data")));
        QProcess child;
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {kChildArg});
        QVERIFY(child.waitForStarted(10000));
        QVERIFY(child.waitForFinished(90000));
        QCOMPARE(child.exitCode(), 0);
        const QString text = QString::fromUtf8(child.readAllStandardOutput());
        QVERIFY2(text.contains(QStringLiteral(
                     "Keychain state: no Secret Service on the session bus (probed just now)")),
                 qPrintable(text));
    }

    void windowProbesWhenDiagnosticsOpen()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindowOptions o;
        o.environment = QProcessEnvironment();
        o.environment.insert(QStringLiteral("HOME"), dir.path());
        o.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        o.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
        o.historyFile = dir.filePath(QStringLiteral("history.sqlite"));
        o.ignoreSharedFiles = false; // the application's own window, which uses the keychain
        MainWindow window(o);
        window.show();
        window.start(); // a first start: the welcome, nothing connected
        window.findChild<QAction*>(QStringLiteral("diagnosticsAction"))->trigger();
        auto* dialog = window.findChild<DiagnosticsDialog*>();
        QVERIFY(dialog);
        QSignalSpy probed(dialog, &DiagnosticsDialog::keychainProbed);
        QVERIFY(dialog->report().entry(QStringLiteral("keychain_state")));
        QVERIFY(probed.wait(60000));
        QCOMPARE(dialog->report().entry(QStringLiteral("keychain_state"))->value.toString(),
                 QStringLiteral("unlocked"));
        dialog->reject();

        // A test or screenshot window uses no keychain and does not probe it.
        o.ignoreSharedFiles = true;
        MainWindow isolated(o);
        isolated.findChild<QAction*>(QStringLiteral("diagnosticsAction"))->trigger();
        auto* quiet = isolated.findChild<DiagnosticsDialog*>();
        QVERIFY(quiet);
        QVERIFY(!quiet->report().entry(QStringLiteral("keychain_state")));
        quiet->reject();
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc > 1 && QString::fromLocal8Bit(argv[1]) == kChildArg)
        return childMain();
    TestDiagnosticsKeychain test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_diagnosticskeychain.moc"
