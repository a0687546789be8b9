// ProjectsPane against the simulator in-process over loopback: the remembered project is selected
// once its page arrives (and stays remembered while it has not), a choice made meanwhile wins, a
// reload keeps the selection, Space on the current row picks it, a started request replaces the
// "no extension pack yet" note, and the sort order and splitter come back
// from the settings.
#include "DmsSimulator.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"
#include "projects/ProjectsPane.h"
#include "projects/RequestExplanationWidget.h"
#include "projects/RequestsModel.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using State = ProjectsPane::State;

class TestProjectsPane : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;

    std::unique_ptr<QSettings> settings(const QString& name = QStringLiteral("settings.ini")) const
    {
        return std::make_unique<QSettings>(m_dir->filePath(name), QSettings::IniFormat);
    }

    // The last project of the listing: it arrives on the last of the 10-project pages.
    QString lastArn() const { return m_sim->scenario().projects.last().arn; }
    QString arnOf(int index) const { return m_sim->scenario().projects.at(index).arn; }

    bool load(ProjectsPane& pane, QObject* session)
    {
        QSignalSpy loaded(&pane, &ProjectsPane::projectsLoaded);
        pane.reset();
        pane.load(m_client.get(), session, m_sim->region());
        return loaded.wait(30000);
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sim = std::make_unique<DmsSimulator>();
        QVERIFY(m_sim->loadDemoScenario().ok());
        QVERIFY(m_sim->listen().ok());
        QVERIFY(m_sim->scenario().projects.size() > 20);
        m_nam = std::make_unique<QNetworkAccessManager>();
        TransportConfig c;
        c.endpoint = m_sim->serverUrl();
        c.region = m_sim->region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        m_transport = std::make_unique<AwsJsonTransport>(c, m_nam.get(), nullptr, [] { return 0.0; });
        m_client = std::make_unique<DmsClient>(m_transport.get());
    }

    void cleanup()
    {
        m_client.reset();
        m_transport.reset();
        m_nam.reset();
        m_sim.reset();
        m_dir.reset();
    }

    // Each "Last extension pack" lookup names its project (CallEvent::subjectName), so the request
    // history shows the name without reading the listing's names; the engines' pages, like the
    // projects', are one entry of the history.
    void theStatusLookupsNameTheirProjectsAndTheEnginesAreOneEntry()
    {
        struct Names final : CallObserver
        {
            QHash<QString, QString> byArn;
            QStringList providerGroups;
            void callStarted(const CallEvent& e) override
            {
                if (e.operation == QLatin1String("DescribeExtensionPackAssociations"))
                    byArn.insert(e.input.value(QLatin1String("MigrationProjectIdentifier")).toString(),
                                 e.subjectName);
                if (e.operation == QLatin1String("DescribeDataProviders"))
                    providerGroups.append(e.groupKey);
            }
            void callFinished(const CallEvent&) override {}
        } names;
        m_transport->addObserver(&names);
        ProjectsPane pane;
        QObject session;
        QSignalSpy statuses(&pane, &ProjectsPane::statusesLoaded);
        QVERIFY(load(pane, &session));
        QVERIFY(statuses.count() == 1 || statuses.wait(30000));
        m_transport->removeObserver(&names);
        const QList<SimProject>& projects = m_sim->scenario().projects;
        QCOMPARE(names.byArn.size(), projects.size());
        for (const SimProject& p : projects)
            QCOMPARE(names.byArn.value(p.arn), p.name);
        // The engines' listing is one history entry too: its pages share a group.
        QVERIFY(!names.providerGroups.isEmpty());
        QVERIFY2(names.providerGroups.first().startsWith(QLatin1String("listing:")),
                 qPrintable(names.providerGroups.first()));
        QCOMPARE(QSet<QString>(names.providerGroups.cbegin(), names.providerGroups.cend()).size(), 1);
    }

    void theEnginesAreListedOnceTheProjectsAre()
    {
        ProjectsPane pane;
        pane.setPageSize(10);
        QObject session;
        m_sim->clearRequestLog();
        QSignalSpy engines(&pane, &ProjectsPane::dataProvidersLoaded);
        QVERIFY(load(pane, &session));
        QCOMPARE(pane.state(), State::Ready);
        QCOMPARE(pane.projectsModel()->rowCount(), int(m_sim->scenario().projects.size()));
        // Every row's engines fill in afterwards.
        QVERIFY(engines.count() == 1 || engines.wait(20000));
        const ProjectsModel* model = pane.projectsModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            QVERIFY2(!model->sourceEngine(row).isEmpty(),
                     qPrintable(model->project(row)->migrationProjectName));
            QVERIFY2(!model->targetEngine(row).isEmpty(),
                     qPrintable(model->project(row)->migrationProjectName));
        }
        // No page of data providers was asked for while the projects were: the rows come first.
        int lastProjects = -1;
        int firstProviders = -1;
        int projectPages = 0;
        const QJsonArray log = m_sim->requestLog();
        for (int i = 0; i < log.size(); ++i) {
            const QString operation = log.at(i).toObject().value(QStringLiteral("operation")).toString();
            if (operation == QStringLiteral("DescribeMigrationProjects")) {
                lastProjects = i;
                ++projectPages;
            } else if (operation == QStringLiteral("DescribeDataProviders") && firstProviders < 0) {
                firstProviders = i;
            }
        }
        QVERIFY2(projectPages >= 3, "the listing must take several pages");
        QVERIFY(firstProviders > lastProjects);
    }

    // Fitted from one row of each different cell: a cell wider than any of the first page's
    // must still fit once the engines are in.
    void theEngineColumnsFitTheirWidestCells()
    {
        ProjectsPane pane;
        pane.setPageSize(10);
        pane.resize(1200, 700);
        pane.show();
        QObject session;
        QSignalSpy engines(&pane, &ProjectsPane::dataProvidersLoaded);
        QVERIFY(load(pane, &session));
        QVERIFY(engines.count() == 1 || engines.wait(20000));
        const QTableView* view = pane.projectsView();
        const ProjectsModel* model = pane.projectsModel();
        for (const int column : {ProjectsModel::SourceEngineColumn, ProjectsModel::TargetEngineColumn}) {
            // The view's rows in the order they arrived, as the listing's pages brought them.
            int widest = 0;
            int widestRow = -1;
            int widestOnFirstPage = 0;
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex index = pane.proxyModel()->mapFromSource(model->index(row, column));
                const int width = view->sizeHintForIndex(index).width();
                if (row < 10)
                    widestOnFirstPage = std::max(widestOnFirstPage, width);
                if (width > widest) {
                    widest = width;
                    widestRow = row;
                }
            }
            if (column == ProjectsModel::TargetEngineColumn)
                QVERIFY2(widest > widestOnFirstPage,
                         "the demo's widest target cell must come after the first page");
            QTRY_VERIFY2(view->columnWidth(column) >= widest,
                         qPrintable(QStringLiteral("column %1 is %2 px, row %3 (%4) needs %5")
                                        .arg(column)
                                        .arg(view->columnWidth(column))
                                        .arg(widestRow)
                                        .arg(model->index(widestRow, column).data().toString())
                                        .arg(widest)));
        }
    }

    void restoresTheRememberedProjectWhenItsRowArrives()
    {
        settings()->setValue(QStringLiteral("projects/selected"), lastArn());
        ProjectsPane pane;
        pane.setPageSize(10);
        QAbstractItemModelTester tester(pane.proxyModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        pane.restoreSettings(*settings());
        pane.show();
        QSignalSpy selected(&pane, &ProjectsPane::selectedProjectChanged);
        QSignalSpy pages(pane.projectsModel(), &QAbstractItemModel::rowsInserted);
        QObject session;
        QSignalSpy loaded(&pane, &ProjectsPane::projectsLoaded);
        pane.reset();
        pane.load(m_client.get(), &session, m_sim->region());
        QCOMPARE(pane.state(), State::Loading);
        // Not listed yet: saving keeps remembering it rather than forgetting it.
        pane.saveSettings(*settings(QStringLiteral("early.ini")));
        QCOMPARE(settings(QStringLiteral("early.ini"))->value(QStringLiteral("projects/selected")).toString(),
                 lastArn());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(pane.state(), State::Ready);
        QVERIFY2(pages.count() >= 3, "the remembered project must arrive on a later page");
        QCOMPARE(pane.selectedProjectArn(), lastArn());
        QCOMPARE(pane.detailsWidget()->projectArn(), lastArn());
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().first().toString(), lastArn());
        pane.saveSettings(*settings());
        QCOMPARE(settings()->value(QStringLiteral("projects/selected")).toString(), lastArn());
    }

    void aProjectThatIsGoneStaysRemembered()
    {
        const QString gone = QStringLiteral("arn:aws:dms:us-east-1:111122223333:migration-project:GONE");
        settings()->setValue(QStringLiteral("projects/selected"), gone);
        ProjectsPane pane;
        pane.restoreSettings(*settings());
        QObject session;
        QVERIFY(load(pane, &session));
        QVERIFY(pane.selectedProjectArn().isEmpty());
        QVERIFY(pane.detailsWidget()->projectArn().isEmpty());
        // Another region or profile may list it again.
        pane.saveSettings(*settings());
        QCOMPARE(settings()->value(QStringLiteral("projects/selected")).toString(), gone);
    }

    void aChoiceMadeWhileLoadingWins()
    {
        settings()->setValue(QStringLiteral("projects/selected"), lastArn());
        ProjectsPane pane;
        pane.setPageSize(10);
        pane.restoreSettings(*settings());
        QString chosen;
        // The person picks a row of the first page before the remembered one has arrived.
        connect(pane.projectsModel(), &QAbstractItemModel::rowsInserted, &pane, [&] {
            if (chosen.isEmpty()) {
                chosen = arnOf(0);
                QVERIFY(pane.selectProject(chosen));
            }
        });
        QObject session;
        QVERIFY(load(pane, &session));
        QVERIFY(!chosen.isEmpty() && chosen != lastArn());
        QCOMPARE(pane.selectedProjectArn(), chosen);
        QCOMPARE(pane.detailsWidget()->projectArn(), chosen);
        pane.saveSettings(*settings());
        QCOMPARE(settings()->value(QStringLiteral("projects/selected")).toString(), chosen);
    }

    void aReloadKeepsTheSelection()
    {
        ProjectsPane pane;
        pane.setPageSize(10);
        auto first = std::make_unique<QObject>();
        QVERIFY(load(pane, first.get()));
        QVERIFY(pane.selectProject(arnOf(25)));
        pane.keepSelection();
        first.reset(); // the old session's calls go with it, as on a reconnect
        QObject second;
        QVERIFY(load(pane, &second));
        QCOMPARE(pane.selectedProjectArn(), arnOf(25));
        // Without keepSelection() (another profile or region) a load starts with nothing selected.
        QVERIFY(pane.selectProject(arnOf(3)));
        auto third = std::make_unique<QObject>();
        QVERIFY(load(pane, third.get()));
        QVERIFY(pane.selectedProjectArn().isEmpty());
        QVERIFY(pane.detailsWidget()->projectArn().isEmpty());
    }

    void theKeyboardPicksTheCurrentRowWithSpace()
    {
        ProjectsPane pane;
        pane.resize(1200, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QObject session;
        QVERIFY(load(pane, &session));
        pane.proxyModel()->setFilterText(arnOf(4)); // the filter matches ARNs too
        QCOMPARE(pane.proxyModel()->rowCount(), 1);
        // Tab into the table makes its only row current without selecting it; Space selects it.
        QTableView* view = pane.projectsView();
        view->setFocus(Qt::TabFocusReason);
        view->setCurrentIndex(view->model()->index(0, 0));
        view->selectionModel()->clearSelection();
        QVERIFY(pane.selectedProjectArn().isEmpty());
        QSignalSpy selected(&pane, &ProjectsPane::selectedProjectChanged);
        QTest::keyClick(view, Qt::Key_Space);
        QCOMPARE(pane.selectedProjectArn(), arnOf(4));
        QCOMPARE(pane.detailsWidget()->projectArn(), arnOf(4));
        QCOMPARE(selected.count(), 1);
    }

    void enterOrDownInTheFilterLandsOnTheFirstMatchSelected()
    {
        for (const Qt::Key key : {Qt::Key_Return, Qt::Key_Down}) {
            ProjectsPane pane;
            pane.resize(1200, 600);
            pane.show();
            QVERIFY(QTest::qWaitForWindowExposed(&pane));
            QObject session;
            QVERIFY(load(pane, &session));
            pane.focusFilter();
            auto* filter = pane.findChild<QLineEdit*>(QStringLiteral("filterLineEdit"));
            QVERIFY(filter);
            QTRY_VERIFY(filter->hasFocus());
            // The only match: Down inside the table could not select it.
            QTest::keyClicks(filter, m_sim->scenario().projects.at(7).name);
            QCOMPARE(pane.proxyModel()->rowCount(), 1);
            QVERIFY(pane.selectedProjectArn().isEmpty());
            QTest::keyClick(filter, key);
            QCOMPARE(pane.selectedProjectArn(), arnOf(7));
            QCOMPARE(pane.detailsWidget()->projectArn(), arnOf(7));
            QVERIFY(pane.projectsView()->hasFocus());
            // A second press keeps the chosen row: the focus returns to the filter and back.
            QVERIFY(pane.selectProject(arnOf(7)));
            filter->setFocus();
            QTest::keyClick(filter, key);
            QCOMPARE(pane.selectedProjectArn(), arnOf(7));
        }
    }

    void aStartedRequestReplacesTheNoRequestsNote()
    {
        ProjectsPane pane;
        QObject session;
        QVERIFY(load(pane, &session));
        // A fresh simulator has started no extension pack anywhere.
        const QString fresh = arnOf(2);
        QSignalSpy requests(pane.detailsWidget(), &ProjectDetailsWidget::requestsLoaded);
        QVERIFY(pane.selectProject(fresh));
        QVERIFY(requests.wait(30000));
        // The engines arriving after the projects may show the project again meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(pane.detailsWidget()
                                     ->fieldText(QStringLiteral("requestsStatus"))
                                     .contains(QLatin1String("No extension pack")),
                                 30000);
        ApplyController::State state;
        state.phase = ApplyController::Phase::Running;
        state.projectArn = fresh;
        state.requestId = QStringLiteral("0b6c2e4f-1111-2222-3333-444455556666");
        state.status = QStringLiteral("RECEIVED");
        pane.showApplyState(fresh, state);
        QCOMPARE(pane.detailsWidget()->requestsModel()->rowCount(), 1);
        QVERIFY2(pane.detailsWidget()->fieldText(QStringLiteral("requestsStatus")).isEmpty(),
                 qPrintable(pane.detailsWidget()->fieldText(QStringLiteral("requestsStatus"))));
    }

    // The requests panel as an installation goes: "Sending…", queued, the step in words with a
    // bar that never goes back, the identifier short (whole in the tooltip and on Ctrl+C), and a
    // listing that arrives after a live update neither drops the request nor says there is none.
    void theRequestsPanelFollowsAnInstallation()
    {
        ProjectsPane pane;
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QObject session;
        QVERIFY(load(pane, &session));
        ProjectDetailsWidget* details = pane.detailsWidget();
        QAbstractItemModelTester tester(details->requestsModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto* bar = details->findChild<QProgressBar*>(QStringLiteral("applyProgressBar"));
        QVERIFY(bar);
        const QString fresh = arnOf(3);
        QSignalSpy requests(details, &ProjectDetailsWidget::requestsLoaded);
        QVERIFY(pane.selectProject(fresh));

        ApplyController::State state;
        state.projectArn = fresh;
        state.phase = ApplyController::Phase::Starting;
        pane.showApplyState(fresh, state);
        QVERIFY2(details->applyStateText().contains(QLatin1String("Sending")),
                 qPrintable(details->applyStateText()));
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->maximum(), 0); // busy: nothing to count yet

        // Answered while the listing is still on its way.
        state.phase = ApplyController::Phase::Running;
        state.requestId = QStringLiteral("0b6c2e4f-1111-2222-3333-444455556666");
        state.status = QStringLiteral("RECEIVED");
        pane.showApplyState(fresh, state);
        QVERIFY(requests.wait(30000));
        QCOMPARE(details->requestsModel()->rowCount(), 1);
        QVERIFY2(details->fieldText(QStringLiteral("requestsStatus")).isEmpty(),
                 qPrintable(details->fieldText(QStringLiteral("requestsStatus"))));
        QVERIFY(details->applyStateText().contains(QLatin1String("Queued")));
        const QModelIndex id = details->requestsModel()->index(0, RequestsModel::RequestIdColumn);
        QCOMPARE(id.data().toString(), QStringLiteral("0b6c2e4f…"));
        QVERIFY(id.data(Qt::ToolTipRole).toString().contains(state.requestId));
        QCOMPARE(id.data(Qt::AccessibleDescriptionRole).toString(),
                 QStringLiteral("Request ") + state.requestId);
        QCOMPARE(details->requestsModel()->index(0, RequestsModel::StatusColumn).data().toString(),
                 QStringLiteral("Queued"));

        state.status = QStringLiteral("IN_PROGRESS");
        state.step = QStringLiteral("CONVERTING");
        state.percent = 22;
        pane.showApplyState(fresh, state);
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->value(), 64);
        QCOMPARE(bar->text(), QStringLiteral("Converting objects — step 4 of 5, 22 %"));
        state.step = QStringLiteral("APPLYING");
        state.percent = 1;
        pane.showApplyState(fresh, state);
        QVERIFY(bar->value() > 64); // the next step starts at 1 %, the whole goes on

        QVERIFY(details->selectRequest(state.requestId));
        auto* table = details->findChild<QTableView*>(QStringLiteral("requestsTableView"));
        table->setFocus();
        QApplication::clipboard()->clear();
        QTest::keySequence(table, QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), state.requestId);
        QVERIFY(!details->isExplanationShown());

        // CANCELED is explained too, in the panel, from its own catalogue entry.
        state.phase = ApplyController::Phase::Failed;
        state.status = QStringLiteral("CANCELED");
        state.fault = Fault::make(FaultKind::AssociationFailed, FaultCode::AssociationCanceled,
                                  QStringLiteral("Stopped by an operator"));
        pane.showApplyState(fresh, state);
        QVERIFY(!bar->isVisible());
        QVERIFY(details->isExplanationShown());
        QCOMPARE(details->explanationWidget()->explanation().catalogueKey,
                 QStringLiteral("AssociationFailed.Canceled"));
        QVERIFY(details->explanationWidget()->copyText().contains(QLatin1String("Stopped by an operator")));
        QVERIFY(details->explanationWidget()->copyText().contains(state.requestId));

        // Reloaded: the listing does not know the request yet; it is kept, still explained.
        details->refreshRequests();
        QVERIFY(requests.wait(30000));
        QCOMPARE(details->requestsModel()->rowCount(), 1);
        QVERIFY(details->fieldText(QStringLiteral("requestsStatus")).isEmpty());
        QVERIFY(details->isExplanationShown());
    }

    void sortAndSplitterComeBack()
    {
        {
            ProjectsPane pane;
            pane.resize(1200, 600);
            pane.show();
            pane.projectsView()->sortByColumn(ProjectsModel::CreatedColumn, Qt::DescendingOrder);
            pane.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->setSizes({500, 700});
            pane.saveSettings(*settings());
        }
        ProjectsPane again;
        QSignalSpy sorted(&again, &ProjectsPane::sortChanged);
        again.restoreSettings(*settings());
        QCOMPARE(sorted.count(), 0); // restoring is no change to save
        again.resize(1200, 600);
        again.show();
        const QHeaderView* header = again.projectsView()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(ProjectsModel::CreatedColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        const QList<int> sizes = again.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes();
        QVERIFY2(sizes.value(0) < sizes.value(1), "the saved splitter gives the details the larger share");
        again.projectsView()->sortByColumn(ProjectsModel::NameColumn, Qt::AscendingOrder);
        QCOMPARE(sorted.count(), 1);
    }
};

QTEST_MAIN(TestProjectsPane)
#include "tst_projectspane.moc"
