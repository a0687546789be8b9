// The history view inside the main window, against the in-process simulator: the window's own
// calls appear in it while it works, it opens from View > History, and "Re-check" asks DMS about
// the request through the window's connection.

#include "DmsSimulator.h"
#include "history/HistoryModel.h"
#include "history/HistoryStore.h"
#include "history/HistoryView.h"
#include "window/MainWindow.h"

#include <QAction>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;
using namespace dmsx::ui;

class tst_HistoryWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsTheWindowsCallsAndRechecks();

private:
    int describeAssociationCalls(const DmsSimulator& sim) const
    {
        int n = 0;
        for (const QJsonValue& entry : sim.requestLog())
            n += entry.toObject().value(QStringLiteral("operation")).toString() ==
                         QLatin1String("DescribeExtensionPackAssociations")
                     ? 1
                     : 0;
        return n;
    }
};

void tst_HistoryWindow::showsTheWindowsCallsAndRechecks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DmsSimulator sim;
    QVERIFY(sim.loadDemoScenario().ok());
    QVERIFY(sim.listen(QHostAddress::LocalHost, 0).ok());

    MainWindowOptions o;
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

    auto* view = window.findChild<HistoryView*>();
    QVERIFY(view);
    view->setPollInterval(50);
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("historyDockWidget"));
    QVERIFY(dock);
    QVERIFY(dock->isHidden());

    QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
    QSignalSpy statuses(&window, &MainWindow::statusesLoaded);
    window.show();
    window.start();
    QVERIFY(loaded.wait(60000));
    if (statuses.isEmpty())
        QVERIFY(statuses.wait(60000));

    dock->toggleViewAction()->trigger();
    QVERIFY(dock->isVisible());
    // The listing the window just made is in the history, without a manual refresh.
    HistoryQuery listing;
    listing.operation = QStringLiteral("DescribeMigrationProjects");
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() > 0, 20000);
    bool sawListing = false;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        sawListing |= view->model()->record(row).operation == listing.operation;
    QVERIFY(sawListing);

    // A start whose process died before the answer, written by "another process".
    const QString arn = sim.scenario().projects.first().arn;
    HistoryRecord unknown;
    unknown.startedAt = QDateTime::currentDateTimeUtc();
    unknown.operation = QStringLiteral("StartExtensionPackAssociation");
    unknown.projectArn = arn;
    unknown.region = sim.region();
    unknown.outcome = HistoryRecord::Outcome::Unknown;
    qint64 id = 0;
    {
        HistoryStore other(o.historyFile);
        QVERIFY(other.open().ok());
        id = other.insert(unknown).value();
    }
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowOfId(id) >= 0, 20000);
    QVERIFY(view->selectRecord(id));
    const int before = describeAssociationCalls(sim);
    auto* recheck = view->findChild<QPushButton*>(QStringLiteral("recheckPushButton"));
    QVERIFY(recheck->isEnabled());
    QTest::mouseClick(recheck, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(describeAssociationCalls(sim), before + 1, 20000);
}

QTEST_MAIN(tst_HistoryWindow)
#include "tst_historywindow.moc"
