#include "DmsSimulator.h"
#include "WindowTestSupport.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"
#include "window/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using windowtest::startAndWait;

// The window against the simulator in-process over loopback, through the demo profile (the
// same path `dms-extpack --demo` takes).
class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    void startSimulator(const QJsonObject& scenario = QJsonObject())
    {
        m_sim = windowtest::startSimulator(scenario);
        QVERIFY(m_sim);
    }

    MainWindowOptions options() const
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        o.pageSize = 10; // the demo's 44 projects arrive in 5 pages
        return o;
    }

    int listingRequests() const
    {
        return windowtest::requestCount(*m_sim, QStringLiteral("DescribeMigrationProjects"));
    }

    static QStringList column(const QAbstractItemModel* model, int column)
    {
        QStringList out;
        for (int row = 0; row < model->rowCount(); ++row)
            out << model->index(row, column).data().toString();
        return out;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void fillsTheTableFromSeveralPages()
    {
        startSimulator();
        MainWindow window(options());
        QAbstractItemModelTester tester(window.proxyModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(window.projectsModel(), &QAbstractItemModel::rowsInserted);
        QVERIFY(startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        const int expected = int(m_sim->scenario().projects.size());
        QVERIFY(expected > 10);
        QCOMPARE(window.projectsModel()->rowCount(), expected);
        QCOMPARE(window.projectsView()->model()->rowCount(), expected);
        QVERIFY2(inserted.count() >= 4, "rows must arrive page by page");
        QCOMPARE(listingRequests(), inserted.count());
        // Engines come from DescribeDataProviders.
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.projectsModel()->index(0, ProjectsModel::SourceEngineColumn).data().toString().isEmpty(),
            20000);
        QSignalSpy identity(&window, &MainWindow::identityResolved);
        if (!window.identityText().contains(QStringLiteral("111122223333")))
            QVERIFY(identity.wait(20000));
        QVERIFY2(window.identityText().contains(QStringLiteral("111122223333")),
                 qPrintable(window.identityText()));
    }

    void loadsTenThousandProjectsPageByPage()
    {
        startSimulator();
        m_sim->generateProjects(10000);
        MainWindowOptions o = options();
        o.pageSize.reset(); // the service's page of 100
        MainWindow window(o);
        QSignalSpy inserted(window.projectsModel(), &QAbstractItemModel::rowsInserted);
        QSignalSpy statuses(&window, &MainWindow::statusesLoaded);
        QVERIFY(startAndWait(window));
        const int expected = int(m_sim->scenario().projects.size());
        QVERIFY(expected >= 10000);
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(window.projectsModel()->rowCount(), expected);
        QCOMPARE(inserted.count(), (expected + 99) / 100); // one insertion per page
        // Too many projects for one status call each: only the rows in view are looked up
        // (tst_mainwindowstatuses covers which ones), never the account.
        QCOMPARE(statuses.count(), 1);
        QVERIFY(windowtest::requestCount(*m_sim, QStringLiteral("DescribeExtensionPackAssociations")) < 100);
    }

    void filtersAsYouTypeAndFocusesWithCtrlF()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.projectsModel()->index(0, ProjectsModel::SourceEngineColumn).data().toString().isEmpty(),
            20000);
        auto* filter = window.findChild<QLineEdit*>(QStringLiteral("filterLineEdit"));
        QVERIFY(filter);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.projectsView()->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(filter->hasFocus());
        const int total = window.projectsModel()->rowCount();
        QTest::keyClicks(filter, QStringLiteral("db2"));
        const QAbstractItemModel* shown = window.projectsView()->model();
        QVERIFY(shown->rowCount() > 0);
        QVERIFY(shown->rowCount() < total);
        for (int row = 0; row < shown->rowCount(); ++row) {
            const QString haystack = shown->index(row, 0).data(ProjectsModel::FilterTextRole).toString();
            QVERIFY2(haystack.contains(QStringLiteral("db2"), Qt::CaseInsensitive), qPrintable(haystack));
        }
        filter->clear();
        QCOMPARE(shown->rowCount(), total);
    }

    void sortsByTheClickedColumn()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QHeaderView* header = window.projectsView()->horizontalHeader();
        window.projectsView()->sortByColumn(ProjectsModel::NameColumn, Qt::DescendingOrder);
        QStringList names = column(window.projectsView()->model(), ProjectsModel::NameColumn);
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end(), [](const QString& a, const QString& b) {
            return QString::compare(a, b, Qt::CaseInsensitive) > 0;
        });
        QCOMPARE(names, sorted);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(ProjectsModel::CreatedColumn) + 5, 5));
        QCOMPARE(header->sortIndicatorSection(), int(ProjectsModel::CreatedColumn));
        const QAbstractItemModel* model = window.projectsView()->model();
        for (int row = 1; row < model->rowCount(); ++row) {
            const QDateTime a = model->index(row - 1, ProjectsModel::CreatedColumn)
                                    .data(ProjectsModel::SortRole)
                                    .toDateTime();
            const QDateTime b =
                model->index(row, ProjectsModel::CreatedColumn).data(ProjectsModel::SortRole).toDateTime();
            QVERIFY(header->sortIndicatorOrder() == Qt::AscendingOrder ? a <= b : a >= b);
        }
    }

    void selectionFillsTheDetailsPane()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        const SimProject* chosen = nullptr;
        for (const SimProject& p : m_sim->scenario().projects)
            if (p.name == QLatin1String("erp-migration"))
                chosen = &p;
        QVERIFY(chosen);
        const int row = window.projectsModel()->rowForArn(chosen->arn);
        QVERIFY(row >= 0);
        QSignalSpy requests(window.detailsWidget(), &ProjectDetailsWidget::requestsLoaded);
        QSignalSpy selected(&window, &MainWindow::selectedProjectChanged);
        QVERIFY(window.selectProject(chosen->arn));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(window.selectedProjectArn(), chosen->arn);
        QVERIFY(window.applyAction()->isEnabled());
        ProjectDetailsWidget* details = window.detailsWidget();
        QCOMPARE(details->fieldText(QStringLiteral("arn")), chosen->arn);
        // A screen reader hears the value, not only the field's name.
        const QLabel* arnLabel = details->findChild<QLabel*>(QStringLiteral("arnLabel"));
        QVERIFY(arnLabel);
        QCOMPARE(arnLabel->accessibleName(), QStringLiteral("Project ARN: ") + chosen->arn);
        QTRY_VERIFY_WITH_TIMEOUT(
            details->fieldText(QStringLiteral("source")).contains(QStringLiteral("oracle")), 20000);
        QVERIFY2(details->fieldText(QStringLiteral("target")).contains(QStringLiteral("aurora-postgresql")),
                 qPrintable(details->fieldText(QStringLiteral("target"))));
        QVERIFY(!details->fieldText(QStringLiteral("instanceProfile")).isEmpty());
        QVERIFY(requests.count() > 0 || requests.wait(20000));
        QCOMPARE(requests.last().at(0).toString(), chosen->arn);
        // The action hands the selected project to the apply flow (tested on its own).
        QStringList handed;
        window.setApplyHandler([&handed](const QString& projectArn) { handed << projectArn; });
        QSignalSpy applied(&window, &MainWindow::applyRequested);
        window.applyAction()->trigger();
        QCOMPARE(applied.count(), 1);
        QCOMPARE(handed, QStringList{chosen->arn});
    }

    void anEmptyAccountShowsItsEmptyState()
    {
        startSimulator(QJsonObject{{QStringLiteral("region"), QStringLiteral("us-east-1")},
                                   {QStringLiteral("projects"), QJsonArray()}});
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::EmptyAccount);
        QVERIFY(window.emptyStateTitle().contains(QStringLiteral("No migration projects")));
        QVERIFY(!window.projectsView()->isVisible());
    }

    void aRegionWithoutTheServiceShowsItsEmptyState()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.setCurrentRegion(QStringLiteral("eu-west-3"));
        QVERIFY(loaded.count() > 0 || loaded.wait(20000));
        QCOMPARE(window.state(), MainWindow::State::NoService);
        QVERIFY(window.emptyStateTitle().contains(QStringLiteral("eu-west-3")));
        QCOMPARE(window.projectsModel()->rowCount(), 0);
    }

    void aFailedListingShowsTheCatalogueExplanation()
    {
        startSimulator();
        QVERIFY(
            m_sim
                ->setFaults(QJsonArray{QJsonObject{
                    {QStringLiteral("type"), QStringLiteral("serverError")},
                    {QStringLiteral("status"), 403},
                    {QStringLiteral("code"), QStringLiteral("AccessDeniedFault")},
                    {QStringLiteral("message"), QStringLiteral("not allowed")},
                    {QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeMigrationProjects")}}}})
                .ok());
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.lastFault().has_value());
        QCOMPARE(window.lastFault()->code, QStringLiteral("AccessDeniedFault"));
        QVERIFY2(window.emptyStateText().contains(QStringLiteral("AccessDeniedFault")),
                 qPrintable(window.emptyStateText()));
        QVERIFY(!window.emptyStateTitle().isEmpty());
        // Try again after the cause is gone: the table comes back.
        QVERIFY(m_sim->setFaults(QJsonArray()).ok());
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.refresh();
        QVERIFY(loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
    }

    void restoresItsSettingsInANewWindow()
    {
        startSimulator();
        QString arn;
        QList<int> sizes;
        {
            MainWindow window(options());
            QVERIFY(startAndWait(window));
            window.resize(760, 540); // inside the offscreen platform's 800x600 screen
            window.projectsView()->sortByColumn(ProjectsModel::CreatedColumn, Qt::DescendingOrder);
            arn = window.projectsModel()->project(7)->migrationProjectArn;
            QVERIFY(window.selectProject(arn));
            auto* splitter = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
            splitter->setSizes({340, 420});
            sizes = splitter->sizes();
            window.close();
        }
        // The form every earlier version wrote, so their saved windows keep their profile.
        QCOMPARE(QSettings(options().settingsFile, QSettings::IniFormat)
                     .value(QStringLiteral("connection/profile"))
                     .toString(),
                 QStringLiteral("demo:demo"));
        MainWindow again(options());
        QVERIFY(startAndWait(again));
        QCOMPARE(again.currentRegion(), m_sim->region());
        QCOMPARE(again.currentProfileKey(), ProfileKey::demo(QStringLiteral("demo")));
        QCOMPARE(again.size(), QSize(760, 540));
        QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes(), sizes);
        QCOMPARE(again.projectsView()->horizontalHeader()->sortIndicatorSection(),
                 int(ProjectsModel::CreatedColumn));
        QCOMPARE(again.projectsView()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(again.selectedProjectArn(), arn);
        QCOMPARE(again.detailsWidget()->projectArn(), arn);
    }

    void restoresTheProfileOfASavedWindowState_data()
    {
        QTest::addColumn<QString>("saved");
        QTest::addColumn<ProfileKey>("restored");
        QTest::newRow("environment") << QStringLiteral("env:") << ProfileKey::environment();
        QTest::newRow("demo") << QStringLiteral("demo:demo") << ProfileKey::demo(QStringLiteral("demo"));
        // Unreadable or no longer listed: the first profile, as when nothing was saved.
        QTest::newRow("unreadable") << QStringLiteral("nonsense") << ProfileKey::demo(QStringLiteral("demo"));
        QTest::newRow("gone") << QStringLiteral("app:removed") << ProfileKey::demo(QStringLiteral("demo"));
    }

    void restoresTheProfileOfASavedWindowState()
    {
        QFETCH(QString, saved);
        QFETCH(ProfileKey, restored);
        startSimulator();
        {
            QSettings s(options().settingsFile, QSettings::IniFormat);
            s.setValue(QStringLiteral("connection/profile"), saved);
            s.setValue(QStringLiteral("connection/region"), QStringLiteral("eu-west-1"));
        }
        MainWindow window(options());
        QCOMPARE(window.currentProfileKey(), restored);
        QCOMPARE(window.currentRegion(), QStringLiteral("eu-west-1"));
        window.close();
        QCOMPARE(QSettings(options().settingsFile, QSettings::IniFormat)
                     .value(QStringLiteral("connection/profile"))
                     .toString(),
                 restored.toString());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
