// DiagnosticsReport and DiagnosticsDialog: every effective setting with its source, the clock
// offset measured from responses, the versions, Help > Diagnostics… on a window connected to the
// simulator, and a "Copy report" that carries no secret.
#include "DmsSimulator.h"
#include "base/AppIdentity.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "diagnostics/AboutDialog.h"
#include "diagnostics/DiagnosticsDialog.h"
#include "diagnostics/DiagnosticsReport.h"
#include "dms/DmsConnection.h"
#include "net/ClockSkewTracker.h"
#include "window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

const QString kProxyPassword = QStringLiteral("Pr0xyPassw0rdNotForTickets");

QProcessEnvironment testEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("AWS_REGION"), QStringLiteral("eu-west-1"));
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
               QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    env.insert(QStringLiteral("HTTPS_PROXY"),
               QStringLiteral("http://alice:") + kProxyPassword + QStringLiteral("@proxy.example:3128"));
    return env;
}

int rowOf(QTableWidget* table, const QString& key)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->data(Qt::UserRole).toString() == key)
            return row;
    }
    return -1;
}

} // namespace

class TestDiagnosticsDialog : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void reportHasEverySettingWithItsSource()
    {
        QTemporaryDir dir;
        DmsConnection::Options options;
        options.environment = testEnvironment();
        options.ignoreSharedFiles = true;
        options.useKeychain = false;
        options.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
        DmsConnection connection(options);
        QVERIFY(connection.resolve().ok());

        const DiagnosticsReport report = DiagnosticsReport::forConnection(&connection);
        QStringList keys;
        for (const DiagnosticsEntry& e : report.entries()) {
            keys << e.key;
            QVERIFY2(!e.label.isEmpty(), qPrintable(e.key));
            QVERIFY2(!e.source.isEmpty(), qPrintable(e.key));
        }
        QCOMPARE(keys,
                 (QStringList{QStringLiteral("profile"), QStringLiteral("region"), QStringLiteral("endpoint"),
                              QStringLiteral("sts_endpoint"), QStringLiteral("sso_endpoint"),
                              QStringLiteral("credentials_source"), QStringLiteral("keychain_backend"),
                              QStringLiteral("proxy"), QStringLiteral("ca_bundle"),
                              QStringLiteral("use_fips"), QStringLiteral("use_dualstack"),
                              QStringLiteral("max_attempts"), QStringLiteral("clock_offset"),
                              QStringLiteral("app_version"), QStringLiteral("qt_version")}));
        QCOMPARE(report.entry(QStringLiteral("region"))->value.toString(), QStringLiteral("eu-west-1"));
        QVERIFY(report.entry(QStringLiteral("region"))->source.contains(QStringLiteral("AWS_REGION")));
        QVERIFY(
            report.entry(QStringLiteral("endpoint"))->value.toString().contains(QStringLiteral("eu-west-1")));
        QVERIFY(report.entry(QStringLiteral("credentials_source"))
                    ->source.contains(QStringLiteral("environment")));
        QCOMPARE(report.entry(QStringLiteral("proxy"))->value.toString(),
                 QStringLiteral("http://proxy.example:3128"));
        QCOMPARE(report.entry(QStringLiteral("proxy"))->source,
                 QStringLiteral("environment variable HTTPS_PROXY"));
        QVERIFY(report.entry(QStringLiteral("ca_bundle"))->value.isNull());
        // Numbers and booleans are shown as text, not as an empty cell.
        QCOMPARE(DiagnosticsReport::displayValue(*report.entry(QStringLiteral("max_attempts"))),
                 QStringLiteral("3"));
        QVERIFY(!DiagnosticsReport::displayValue(*report.entry(QStringLiteral("use_fips"))).isEmpty());
        QVERIFY(report.toText().contains(QStringLiteral("Retry attempts: 3 (")));
        // Not connected: nothing measured yet, and the report says so rather than "0 s".
        QVERIFY(report.entry(QStringLiteral("clock_offset"))->value.isNull());
        QCOMPARE(report.entry(QStringLiteral("app_version"))->value.toString(), QStringLiteral(DMSX_VERSION));
        QCOMPARE(report.entry(QStringLiteral("qt_version"))->value.toString(),
                 QString::fromLatin1(qVersion()));

        // The JSON the CLI prints: {key: {value, source}}, keys in camelCase as all our own JSON.
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QStringLiteral("region")).toObject().value(QStringLiteral("value")).toString(),
                 QStringLiteral("eu-west-1"));
        QVERIFY(json.value(QStringLiteral("caBundle")).toObject().contains(QStringLiteral("value")));
        QVERIFY(json.value(QStringLiteral("caBundle")).toObject().value(QStringLiteral("value")).isNull());
        QVERIFY(json.contains(QStringLiteral("clockOffset")) &&
                !json.contains(QStringLiteral("clock_offset")));
    }

    // Lines of the AWS files that could not be read are listed, with file:line, when there are any.
    void reportListsBrokenLinesOfTheAwsFiles()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral(".aws"));
        QFile config(dir.filePath(QStringLiteral(".aws/config")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[default]\nregion = eu-west-1\nnot a setting\n");
        config.close();
        DmsConnection::Options options;
        options.environment = testEnvironment();
        options.environment.insert(QStringLiteral("HOME"), dir.path());
        options.useKeychain = false;
        options.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
        DmsConnection connection(options);
        QVERIFY(connection.resolve().ok());
        const DiagnosticsReport report = DiagnosticsReport::forConnection(&connection);
        const std::optional<DiagnosticsEntry> problems = report.entry(QStringLiteral("aws_file_problems"));
        QVERIFY(problems);
        QVERIFY2(problems->value.toString().startsWith(config.fileName() +
                                                       QStringLiteral(":3: \"not a setting\"")),
                 qPrintable(problems->value.toString()));
        QVERIFY(report.toText().contains(QStringLiteral("Unreadable lines in the AWS files: ")));
    }

    void clockOffsetComesFromTheTracker()
    {
        ClockSkewTracker skew;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        skew.update(now.addSecs(300), now, 10, false, false);
        QVERIFY(qAbs(skew.measuredOffsetMs() - 300000) < 2000);
        DiagnosticsReport report;
        report.addRuntimeEntries(&skew);
        const QString value = report.entry(QStringLiteral("clock_offset"))->value.toString();
        QCOMPARE(value, DiagnosticsReport::formatOffset(skew.measuredOffsetMs()));
        QVERIFY2(value.startsWith(QStringLiteral("+30")), qPrintable(value));
        QCOMPARE(DiagnosticsReport::formatOffset(-1500), QStringLiteral("-1.500 s"));
        QCOMPARE(DiagnosticsReport::formatOffset(0), QStringLiteral("0 s"));
    }

    void dialogShowsEntriesAndCopiesARedactedReport()
    {
        Redactor::registerSecret(kProxyPassword);
        DiagnosticsReport report;
        report.append(DiagnosticsEntry{QStringLiteral("region"), QStringLiteral("Region"),
                                       QJsonValue(QStringLiteral("eu-west-1")),
                                       QStringLiteral("environment variable AWS_REGION")});
        // A value that carries a secret (as a proxy URL with its password would).
        report.append(DiagnosticsEntry{QStringLiteral("proxy"), QStringLiteral("Proxy"),
                                       QJsonValue(QStringLiteral("http://alice:") + kProxyPassword +
                                                  QStringLiteral("@proxy.example:3128")),
                                       QStringLiteral("settings")});
        report.append(DiagnosticsEntry{QStringLiteral("ca_bundle"), QStringLiteral("CA bundle"), QJsonValue(),
                                       QStringLiteral("default (the system trust store)")});

        DiagnosticsDialog dialog(report);
        QTableWidget* table = dialog.entriesTable();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->columnCount(), 3);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Region"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("eu-west-1"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("environment variable AWS_REGION"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("(not set)"));
        // Not even on screen.
        QVERIFY(!table->item(1, 1)->text().contains(kProxyPassword));
        QVERIFY(table->item(1, 1)->text().contains(QStringLiteral("proxy.example:3128")));

        QApplication::clipboard()->clear();
        auto* copy = dialog.findChild<QPushButton*>(QStringLiteral("copyReportPushButton"));
        QVERIFY(copy);
        QVERIFY(!copy->accessibleName().isEmpty());
        copy->click();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(copied.contains(QStringLiteral("Region: eu-west-1 (environment variable AWS_REGION)")));
        QVERIFY(copied.contains(QStringLiteral("proxy.example:3128")));
        QVERIFY(copied.contains(Redactor::placeholder()));
        QVERIFY(copied.contains(QStringLiteral("CA bundle: (not set)")));
        QVERIFY(!copied.contains(kProxyPassword));
    }

    void helpMenuOpensTheConnectedWindowsDiagnostics()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DmsSimulator sim;
        QVERIFY(sim.loadDemoScenario().ok());
        QVERIFY(sim.listen(QHostAddress::LocalHost, 0).ok());

        MainWindowOptions o;
        o.environment = QProcessEnvironment();
        o.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        o.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
        o.historyFile = dir.filePath(QStringLiteral("history.sqlite"));
        o.ignoreSharedFiles = true;
        DemoProfile demo;
        demo.endpointUrl = sim.serverUrl().toString();
        demo.region = sim.region();
        demo.credentials = DmsSimulator::demoCredentials();
        o.demo = demo;
        MainWindow window(o);
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.show();
        window.start();
        QVERIFY(loaded.wait(60000));

        auto* action = window.findChild<QAction*>(QStringLiteral("diagnosticsAction"));
        QVERIFY(action);
        action->trigger();
        auto* dialog = window.findChild<DiagnosticsDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTableWidget* table = dialog->entriesTable();
        const int endpointRow = rowOf(table, QStringLiteral("endpoint"));
        QVERIFY(endpointRow >= 0);
        QCOMPARE(table->item(endpointRow, 1)->text(), sim.serverUrl().toString());
        QVERIFY(!table->item(endpointRow, 2)->text().isEmpty());
        const int regionRow = rowOf(table, QStringLiteral("region"));
        QCOMPARE(table->item(regionRow, 1)->text(), sim.region());
        // The sources are the window's own: no command line was involved.
        QCOMPARE(table->item(regionRow, 2)->text(), QStringLiteral("the region chosen in the window"));
        const int profileRow = rowOf(table, QStringLiteral("profile"));
        QVERIFY(table->item(profileRow, 2)->text().contains(QStringLiteral("the demo profile")));
        QVERIFY(table->item(endpointRow, 2)->text().contains(QStringLiteral("the demo profile")));
        for (int row = 0; row < table->rowCount(); ++row)
            QVERIFY2(!table->item(row, 2)->text().contains(QStringLiteral("option --")),
                     qPrintable(table->item(row, 2)->text()));
        // Connected: the transport has measured the offset from the simulator's Date headers.
        const int clockRow = rowOf(table, QStringLiteral("clock_offset"));
        QVERIFY(clockRow >= 0);
        QVERIFY(table->item(clockRow, 1)->text() != QStringLiteral("(not set)"));
        QVERIFY(table->item(clockRow, 2)->text().contains(QStringLiteral("measured")));
        const QString secret = DmsSimulator::demoCredentials().secretAccessKey;
        QVERIFY(!dialog->reportText().contains(secret));
        dialog->reject();
    }

    void helpMenuAboutSaysVersionLicencesAndWhereDataIsKept()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MainWindowOptions o;
        o.environment = QProcessEnvironment();
        o.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
        o.appProfilesFile = dir.filePath(QStringLiteral("profiles.ini"));
        o.historyFile = dir.filePath(QStringLiteral("history.sqlite"));
        o.ignoreSharedFiles = true;
        MainWindow window(o);
        auto* action = window.findChild<QAction*>(QStringLiteral("aboutAction"));
        QVERIFY(action);
        action->trigger();
        auto* dialog = window.findChild<AboutDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const QString shown = dialog->shownText();
        QVERIFY(shown.contains(AppIdentity::version()));
        for (const char* library : {"Qt", "QtKeychain", "OpenSSL"})
            QVERIFY2(shown.contains(QLatin1String(library)), library);
        for (const char* licence : {"LGPL-3.0", "BSD-3-Clause", "Apache-2.0"})
            QVERIFY2(shown.contains(QLatin1String(licence)), licence);
        QVERIFY(shown.contains(QLatin1String(qVersion())));
        // The files this window really uses, not only the defaults.
        for (const QString& path : {o.settingsFile, o.appProfilesFile, o.historyFile})
            QVERIFY2(shown.contains(QDir::toNativeSeparators(path)), qPrintable(path));
        QVERIFY(shown.contains(AppIdentity::id()));
        dialog->copy();
        QCOMPARE(QApplication::clipboard()->text(), dialog->facts().toText());
        QVERIFY(QApplication::clipboard()->text().contains(QDir::toNativeSeparators(o.historyFile)));
        dialog->reject();
    }
};

QTEST_MAIN(TestDiagnosticsDialog)
#include "tst_diagnosticsdialog.moc"
