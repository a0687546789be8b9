#include "DmsSimulator.h"
#include "MemoryRunningRequestsStore.h"
#include "ScriptedPrompts.h"
#include "WindowTestSupport.h"
#include "apply/ApplyController.h"
#include "base/FaultCatalogue.h"
#include "history/HistoryQuery.h"
#include "history/HistoryRecord.h"
#include "history/HistoryStore.h"
#include "notifications/NotificationSink.h"
#include "prereq/PrerequisitesController.h"
#include "prereq/PrerequisitesModel.h"
#include "prereq/PrerequisitesPanel.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsModel.h"
#include "projects/RequestExplanationWidget.h"
#include "projects/RequestsModel.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using windowtest::startAndWait;
using Status = PrerequisiteCheck::Status;

namespace {

class CountingSink : public NotificationSink
{
public:
    void notify(const QString& title, const QString&, Urgency) override { titles << title; }
    void notifyAbout(const QString& target, const QString& title, const QString& body,
                     Urgency urgency) override
    {
        targets << target;
        notify(title, body, urgency);
    }
    // What a click on the desktop's notification does.
    void click(const QString& target) { activate(target); }
    QStringList titles;
    QStringList targets;
};

} // namespace

// The apply flow through the real window: its action, its details pane and its status bar,
// against the simulator in-process over loopback.
class TestMainWindowApply : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<windowtest::ScriptedPrompts> m_prompts; // answers the confirmation with Apply
    CountingSink m_sink;
    MemoryRunningRequestsStore m_store;

    MainWindowOptions options()
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        o.notifications = &m_sink;
        o.runningRequests = &m_store;
        o.pollScheduleMs = {20, 50};
        return o;
    }

    // The details pane's requests table, as the person sees it: request id -> status.
    static QHash<QString, QString> shownRequests(MainWindow& window)
    {
        QHash<QString, QString> shown;
        const RequestsModel* model = window.detailsWidget()->requestsModel();
        for (int row = 0; row < model->rowCount(); ++row)
            shown.insert(model->index(row, RequestsModel::RequestIdColumn)
                             .data(RequestsModel::RequestIdRole)
                             .toString(),
                         model->index(row, RequestsModel::StatusColumn).data().toString());
        return shown;
    }

    int startRequests() const
    {
        return windowtest::requestCount(*m_sim, QStringLiteral("StartExtensionPackAssociation"));
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sim = windowtest::startSimulator();
        QVERIFY(m_sim);
        m_prompts = std::make_unique<windowtest::ScriptedPrompts>();
        m_sink.titles.clear();
        m_sink.targets.clear();
        m_store = MemoryRunningRequestsStore();
    }

    void cleanup()
    {
        m_prompts.reset();
        m_sim.reset();
        m_dir.reset();
    }

    void appliesFromTheActionToSuccess()
    {
        m_sim->setTimeScale(300); // a 30 s installation: 0.1 s
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QSignalSpy messages(window.statusBar(), &QStatusBar::messageChanged);
        const QString arn = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(!arn.isEmpty());
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);

        window.applyAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_prompts->plans.size(), 1, 20000);
        // The confirmation named what the issue asks for.
        QCOMPARE(m_prompts->plans.last().project.migrationProjectName, QStringLiteral("erp-migration"));
        QCOMPARE(m_prompts->plans.last().schemaDescription, QStringLiteral("aws_oracle_ext"));

        ApplyController* apply = window.applyController();
        QVERIFY(apply);
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(arn).phase, ApplyController::Phase::Succeeded, 30000);
        const QString requestId = apply->state(arn).requestId;
        QVERIFY(!requestId.isEmpty());
        // The details pane shows the new request with its final status...
        QTRY_COMPARE_WITH_TIMEOUT(shownRequests(window).value(requestId), QStringLiteral("SUCCESS"), 20000);
        // ...and the status bar followed it: the request id while running, then the outcome.
        bool sawRequest = false;
        for (const QList<QVariant>& m : std::as_const(messages))
            sawRequest = sawRequest || m.first().toString().contains(requestId);
        QVERIFY2(sawRequest, "the status bar never named the request id");
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Extension pack installed on erp-migration."));
        QCOMPARE(m_sink.titles, QStringList{QStringLiteral("Extension pack installed on erp-migration")});
        QCOMPARE(m_sink.targets, QStringList{arn});
        QCOMPARE(startRequests(), 1);
        QVERIFY(window.applyAction()->isEnabled()); // done: may be applied again

        // The window records its calls in the request history: the start with its final
        // status, and the identity lookup made by the window's own StsClient.
        HistoryStore* history = window.historyStore();
        QVERIFY(history);
        HistoryQuery starts;
        starts.operation = QStringLiteral("StartExtensionPackAssociation");
        const Result<QList<HistoryRecord>> started = history->query(starts);
        QVERIFY(started.ok());
        QCOMPARE(started->size(), 1);
        QCOMPARE(started->first().dmsRequestIdentifier, requestId);
        QTRY_COMPARE_WITH_TIMEOUT(history->get(started->first().id).value()->associationStatus,
                                  QStringLiteral("SUCCESS"), 20000);
        HistoryQuery identity;
        identity.operation = QStringLiteral("GetCallerIdentity");
        QTRY_VERIFY_WITH_TIMEOUT(history->count(identity).value() >= 1, 20000);
    }

    // The journey: the checks run before the confirmation, their finding is in front when
    // it comes, the confirmation offers "Apply anyway", and going on is in the history.
    void aProblemIsShownBeforeTheConfirmationAndApplyAnywayIsRecorded()
    {
        m_sim->setTimeScale(300);
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        const QString arn = windowtest::projectArn(window, QStringLiteral("docs-versioning-off-migration"));
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        QVERIFY(!window.detailsWidget()->isPrerequisitesShown()); // the requests, until asked

        bool checklistInFront = false;
        QString summaryWhenAsked;
        Status bucketWhenAsked = Status::Pending;
        m_prompts->beforeApplyAnswer = [&](const ApplyPlan&) {
            PrerequisitesPanel* panel = window.detailsWidget()->prerequisitesPanel();
            checklistInFront = window.detailsWidget()->isPrerequisitesShown() && panel->isVisible();
            summaryWhenAsked = panel->summaryText();
            const int row = panel->model()->report().indexOf(PrerequisiteCheck::Id::S3Bucket);
            bucketWhenAsked =
                Status(panel->model()->index(row, 0).data(PrerequisitesModel::StatusRole).toInt());
        };
        window.applyAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_prompts->plans.size(), 1, 20000);
        QVERIFY(checklistInFront);
        QCOMPARE(bucketWhenAsked, Status::Problem);
        QVERIFY2(summaryWhenAsked.contains(QStringLiteral("Checked before applying")),
                 qPrintable(summaryWhenAsked));
        QVERIFY2(summaryWhenAsked.contains(QStringLiteral("1 problem found")), qPrintable(summaryWhenAsked));
        QVERIFY(m_prompts->plans.first().checks.hasProblems());

        // Answered "Apply anyway" (ScriptedPrompts accepts): it goes on, the requests come back to
        // the front while it is installed, and it fails as AWS makes it fail.
        ApplyController* apply = window.applyController();
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(arn).phase, ApplyController::Phase::Failed, 30000);
        QVERIFY(apply->state(arn).fault);
        QVERIFY2(
            apply->state(arn).fault->message.contains(QStringLiteral("S3 bucket versioning is disabled")),
            qPrintable(apply->state(arn).fault->message));
        QVERIFY(!window.detailsWidget()->isPrerequisitesShown());
        QCOMPARE(startRequests(), 1);
        HistoryStore* history = window.historyStore();
        HistoryQuery overridden;
        overridden.operation = QStringLiteral("IgnorePrerequisiteProblems");
        QTRY_COMPARE_WITH_TIMEOUT(history->count(overridden).value(), 1, 20000);
        const Result<QList<HistoryRecord>> rows = history->query(overridden);
        QVERIFY(rows.ok() && rows->size() == 1);
        QCOMPARE(rows->first().faultCode, QStringLiteral("PrereqProblemsFound"));
        QVERIFY2(rows->first().faultMessage.contains(QStringLiteral("S3 bucket and versioning")),
                 qPrintable(rows->first().faultMessage));
    }

    void checkPrerequisitesShowsTheChecklistAndRecordsItsCalls()
    {
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        QVERIFY(!window.checkPrerequisitesAction()->isEnabled()); // nothing selected
        const QString arn = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.checkPrerequisitesAction()->isEnabled(), 20000);
        window.checkPrerequisitesAction()->trigger();
        QVERIFY(window.detailsWidget()->isPrerequisitesShown());
        QVERIFY(!window.checkPrerequisitesAction()->isEnabled()); // while it runs
        PrerequisitesController* checks = window.prerequisitesController();
        QVERIFY(checks);
        QTRY_VERIFY_WITH_TIMEOUT(!checks->isRunning(arn), 20000);
        QTRY_VERIFY(window.checkPrerequisitesAction()->isEnabled());
        const QString summary = window.detailsWidget()->prerequisitesPanel()->summaryText();
        QVERIFY2(summary.contains(QStringLiteral("nothing found that would make the installation fail")),
                 qPrintable(summary));
        QCOMPARE(startRequests(), 0);
        // Each service's call is in the request history.
        HistoryStore* history = window.historyStore();
        for (const char* op : {"GetBucketVersioning", "GetRole", "DescribeSecret", "DescribeKey"}) {
            HistoryQuery q;
            q.operation = QString::fromLatin1(op);
            QTRY_VERIFY2_WITH_TIMEOUT(history->count(q).value() >= 1, op, 20000);
        }
    }

    // A request still running when the window closes is followed again by the next
    // window, from the request history (no other store is given).
    void aRequestLeftRunningIsFollowedFromTheHistory()
    {
        m_sim->setTimeScale(30); // billing-archive-migration's 180 s: 6 s, outlives the first window
        MainWindowOptions o = options();
        o.runningRequests = nullptr;
        QString requestId;
        QString slow;
        {
            MainWindow window(o);
            QVERIFY(startAndWait(window));
            QVERIFY(window.historyStore());
            slow = windowtest::projectArn(window, QStringLiteral("billing-archive-migration"));
            QVERIFY(!slow.isEmpty());
            QVERIFY(window.selectProject(slow));
            QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
            window.applyAction()->trigger();
            ApplyController* apply = window.applyController();
            QTRY_COMPARE_WITH_TIMEOUT(apply->state(slow).phase, ApplyController::Phase::Running, 20000);
            requestId = apply->state(slow).requestId;
            QVERIFY(!requestId.isEmpty());
        } // closed while the request runs
        QCOMPARE(startRequests(), 1);

        // Fresh window settings: only the history can know about the request.
        o.settingsFile = m_dir->filePath(QStringLiteral("settings-2.ini"));
        MainWindow again(o);
        QVERIFY(startAndWait(again));
        ApplyController* apply = again.applyController();
        QVERIFY(apply);
        QCOMPARE(apply->state(slow).requestId, requestId); // picked up without a new start
        // Named as the person knows it, not by its ARN.
        QCOMPARE(apply->displayName(slow), QStringLiteral("billing-archive-migration"));
        QVERIFY2(!apply->statusText(slow).contains(slow), qPrintable(apply->statusText(slow)));
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(slow).phase, ApplyController::Phase::Succeeded, 60000);
        QCOMPARE(m_prompts->plans.size(), 1);
        QCOMPARE(startRequests(), 1);
        // Finished: the history no longer lists it as running.
        QTRY_VERIFY_WITH_TIMEOUT(
            again.historyStore()
                ->runningStarts(m_sim->region(),
                                QStringLiteral("127.0.0.1:%1").arg(m_sim->serverUrl().port()))
                ->isEmpty(),
            20000);
    }

    // A request that ends FAILED while its project is shown is explained in the requests panel
    // at once, with no dialog and no focus taken; the message bar says it in one line; Enter on
    // its row opens the fault dialog; the notification names the project and brings it back.
    void aFailureIsExplainedInThePanelWithoutADialog()
    {
        m_sim->setTimeScale(300);
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        const QString kms = windowtest::projectArn(window, QStringLiteral("marketing-migration"));
        const QString other = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(window.selectProject(kms));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        QTableView* requests =
            window.detailsWidget()->findChild<QTableView*>(QStringLiteral("requestsTableView"));
        QVERIFY(requests);
        window.projectsView()->setFocus();
        window.applyAction()->trigger();
        ApplyController* apply = window.applyController();
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(kms).phase, ApplyController::Phase::Failed, 30000);
        const QString requestId = apply->state(kms).requestId;

        ProjectDetailsWidget* details = window.detailsWidget();
        QVERIFY(details->isExplanationShown());
        QCOMPARE(details->currentRequestId(), requestId);
        QCOMPARE(details->explanationWidget()->explanation().catalogueKey,
                 QStringLiteral("AssociationFailed.KMS"));
        QVERIFY(details->explanationWidget()->copyText().contains(requestId));
        QVERIFY(m_prompts->faults.isEmpty()); // no dialog of its own
        QVERIFY(window.projectsView()->hasFocus() || !QApplication::focusWidget() ||
                !requests->isAncestorOf(QApplication::focusWidget()));
        auto* bar = window.findChild<MessageBar*>(QStringLiteral("messageBar"));
        QVERIFY(bar && bar->isVisible());
        QCOMPARE(bar->type(), MessageBar::Type::Error);
        QVERIFY2(bar->text().contains(details->explanationWidget()->explanation().title),
                 qPrintable(bar->text()));
        QCOMPARE(m_sink.titles,
                 QStringList{QStringLiteral("Extension pack installation on marketing-migration failed")});

        // Asked for: Enter on the row opens the fault dialog with the same entry.
        requests->setFocus();
        QTest::keyClick(requests, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(m_prompts->faults.size(), 1, 5000);
        QCOMPARE(FaultCatalogue::explain(m_prompts->faults.first()).catalogueKey,
                 QStringLiteral("AssociationFailed.KMS"));
        QVERIFY(m_prompts->faults.first().message.contains(QLatin1String("KMS key")));

        // The notification, clicked while another project is shown, brings this one back.
        QVERIFY(window.selectProject(other));
        QCOMPARE(m_sink.targets, QStringList{kms});
        m_sink.click(kms);
        QCOMPARE(window.selectedProjectArn(), kms);
        QTRY_VERIFY_WITH_TIMEOUT(details->isExplanationShown(), 20000); // once the listing is back
    }

    // Quitting while a request is followed says so; answered No, the window stays.
    void quittingWhileFollowingAsks()
    {
        m_sim->setTimeScale(30);
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        const QString slow = windowtest::projectArn(window, QStringLiteral("billing-archive-migration"));
        QVERIFY(window.selectProject(slow));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        QVERIFY(window.close()); // nothing running: no question
        QVERIFY(m_prompts->messages.isEmpty());
        window.show();
        window.applyAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.applyController()->state(slow).phase,
                                  ApplyController::Phase::Running, 20000);
        m_prompts->messageAnswers = {QMessageBox::No, QMessageBox::Yes};
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());
        QCOMPARE(m_prompts->messages.size(), 1);
        QVERIFY(m_prompts->messages.first().text.contains(QLatin1String("billing-archive-migration")));
        QVERIFY(m_prompts->messages.first().text.contains(QLatin1String("followed again")));
        QVERIFY(window.close());
        QCOMPARE(m_prompts->messages.size(), 2);
    }

    // A poll that fails puts a warning on the message bar; the next one that gets through takes it
    // away while the request is still followed.
    void theConnectionWarningGoesWhenPollingRecovers()
    {
        m_sim->setTimeScale(10); // billing-archive-migration's 180 s: 18 s
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        const QString slow = windowtest::projectArn(window, QStringLiteral("billing-archive-migration"));
        QVERIFY(window.selectProject(slow));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        window.applyAction()->trigger();
        ApplyController* apply = window.applyController();
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(slow).phase, ApplyController::Phase::Running, 20000);
        auto* bar = window.findChild<MessageBar*>(QStringLiteral("messageBar"));
        QVERIFY(bar);
        QVERIFY(!bar->isVisibleTo(&window));
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("serverError")},
                                    {QStringLiteral("status"), 500},
                                    {QStringLiteral("code"), QStringLiteral("InternalFailure")},
                                    {QStringLiteral("message"), QStringLiteral("try later")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}}}})
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisibleTo(&window), 15000);
        QVERIFY2(bar->text().contains(QLatin1String("billing-archive-migration")), qPrintable(bar->text()));
        QVERIFY(m_sim->setFaults(QJsonArray()).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!bar->isVisibleTo(&window), 15000);
        QCOMPARE(apply->state(slow).phase, ApplyController::Phase::Running); // not because it ended
    }

    // The network fails for every check: following gives up in plain words, the request stays
    // listed as it was last seen (not failed), and the message bar's Follow again resumes it.
    void followingThatGaveUpIsSaidAndFollowedAgainFromTheMessageBar()
    {
        m_sim->setTimeScale(30); // billing-archive-migration's 180 s: 6 s
        MainWindowOptions o = options();
        o.maxPollErrors = 2;
        MainWindow window(o);
        QVERIFY(startAndWait(window));
        const QString arn = windowtest::projectArn(window, QStringLiteral("billing-archive-migration"));
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        window.applyAction()->trigger();
        ApplyController* apply = window.applyController();
        QTRY_VERIFY_WITH_TIMEOUT(!apply->state(arn).status.isEmpty(), 20000);
        const QString requestId = apply->state(arn).requestId;
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("connectionReset")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}}}})
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(arn).phase, ApplyController::Phase::NotFollowed, 30000);

        auto* bar = window.findChild<MessageBar*>(QStringLiteral("messageBar"));
        QVERIFY(bar && bar->isVisibleTo(&window));
        QCOMPARE(bar->type(), MessageBar::Type::Warning);
        QVERIFY2(bar->text().startsWith(QLatin1String("billing-archive-migration: Stopped following the "
                                                      "installation. The installation was not stopped")),
                 qPrintable(bar->text()));
        QCOMPARE(bar->actionText(), QStringLiteral("Follow again"));
        auto* state = window.detailsWidget()->findChild<QLabel*>(QStringLiteral("applyStateLabel"));
        QVERIFY(state && state->isVisibleTo(&window));
        QVERIFY2(state->text().contains(QLatin1String(
                     "Stopped following the installation. The installation itself was not stopped")),
                 qPrintable(state->text()));
        const QString shown = shownRequests(window).value(requestId);
        QVERIFY2(shown != QLatin1String("FAILED") && !shown.isEmpty(), qPrintable(shown));
        QCOMPARE(m_store.load().size(), 1); // still known as running for the next start
        QCOMPARE(m_prompts->faults.size(), 0);

        QVERIFY(m_sim->setFaults(QJsonArray()).ok());
        auto* followAgain = bar->findChild<QPushButton*>(QStringLiteral("actionPushButton"));
        QVERIFY(followAgain);
        QTest::mouseClick(followAgain, Qt::LeftButton);
        QVERIFY(!bar->isVisibleTo(&window));
        QCOMPARE(apply->state(arn).phase, ApplyController::Phase::Running);
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(arn).phase, ApplyController::Phase::Succeeded, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(shownRequests(window).value(requestId), QStringLiteral("SUCCESS"), 20000);
        QCOMPARE(startRequests(), 1);
    }

    void theActionCannotDoubleSubmit()
    {
        m_sim->setTimeScale(30); // billing-archive-migration's 180 s: 6 s, time to try twice
        MainWindow window(options());
        QVERIFY(startAndWait(window));
        const QString slow = windowtest::projectArn(window, QStringLiteral("billing-archive-migration"));
        const QString other = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(!slow.isEmpty() && !other.isEmpty());
        QVERIFY(window.selectProject(slow));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);

        window.applyAction()->trigger();
        QVERIFY(!window.applyAction()->isEnabled()); // at once: the pre-flight is in flight
        window.applyAction()->trigger();             // ignored, as a disabled action is
        window.applySelectedProject();               // and the slot itself refuses too
        ApplyController* apply = window.applyController();
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(slow).phase, ApplyController::Phase::Running, 20000);
        QVERIFY(!window.applyAction()->isEnabled());
        window.applySelectedProject();

        // Another project may be applied meanwhile; back on the running one, the action is off.
        QVERIFY(window.selectProject(other));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        QVERIFY(window.selectProject(slow));
        QVERIFY(!window.applyAction()->isEnabled());
        QCOMPARE(apply->state(slow).phase, ApplyController::Phase::Running);

        QTRY_COMPARE_WITH_TIMEOUT(apply->state(slow).phase, ApplyController::Phase::Succeeded, 60000);
        QCOMPARE(m_prompts->plans.size(), 1);
        QCOMPARE(startRequests(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
    }
};

QTEST_MAIN(TestMainWindowApply)
#include "tst_mainwindowapply.moc"
