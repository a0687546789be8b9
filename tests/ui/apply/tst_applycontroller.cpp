// The apply flow against the in-process simulator's demo scenario: pre-flight, confirmation,
// the second pre-flight, start, polling to the end, every kind of refusal, the ambiguous
// start, and the restart.
#include "DmsSimulator.h"
#include "MemoryRunningRequestsStore.h"
#include "ScriptedPrompts.h"
#include "apply/ApplyController.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/AssociationPoller.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "net/CallObserver.h"
#include "notifications/NotificationSink.h"
#include "prereq/PrerequisiteServices.h"
#include "widgets/Prompts.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using Phase = ApplyController::Phase;

namespace {

class CapturingSink : public NotificationSink
{
public:
    struct Note
    {
        QString title;
        QString body;
        Urgency urgency;
        QString target;
    };
    void notify(const QString& title, const QString& body, Urgency urgency) override
    {
        notes.append({title, body, urgency, QString()});
    }
    void notifyAbout(const QString& target, const QString& title, const QString& body,
                     Urgency urgency) override
    {
        notes.append({title, body, urgency, target});
    }
    QList<Note> notes;
};

// What the request history would hear: every call and local event, by operation.
class OperationLog : public CallObserver
{
public:
    void callStarted(const CallEvent&) override {}
    void callFinished(const CallEvent& event) override { finished << event; }
    QList<CallEvent> of(const QString& operation) const
    {
        QList<CallEvent> found;
        for (const CallEvent& e : finished)
            if (e.operation == operation)
                found << e;
        return found;
    }
    QList<CallEvent> finished;
};

} // namespace

class TestApplyController : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;
    std::unique_ptr<windowtest::ScriptedPrompts> m_prompts; // the confirmation and the fault dialog
    CapturingSink m_sink;
    MemoryRunningRequestsStore m_store;

    std::unique_ptr<ApplyController> makeController()
    {
        auto c = std::make_unique<ApplyController>(m_client.get(), &m_sink, &m_store);
        c->setPollSchedule({20});
        return c;
    }

    // The simulator's S3, IAM, Secrets Manager and KMS, as the window's connection gives them.
    std::unique_ptr<PrerequisiteServices> makeServices()
    {
        PrerequisiteServices::Settings s;
        s.region = m_sim->region();
        const QString url = m_sim->serverUrl().toString();
        s.s3Url = s.iamUrl = s.secretsManagerUrl = s.kmsUrl = url;
        s.dmsOnLoopback = true;
        TransportConfig c;
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        return std::make_unique<PrerequisiteServices>(s, c, m_nam.get());
    }

    int countOperation(const QString& operation) const
    {
        int n = 0;
        const QJsonArray log = m_sim->requestLog();
        for (const QJsonValue& v : log)
            if (v.toObject().value(QLatin1String("operation")).toString() == operation)
                ++n;
        return n;
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<DmsSimulator>();
        QVERIFY(m_sim->loadDemoScenario().ok());
        // 300x: a 30 s installation takes 0.1 s, the 600 s one 2 s.
        m_sim->setTimeScale(300);
        QVERIFY(m_sim->listen().ok());
        m_nam = std::make_unique<QNetworkAccessManager>();
        TransportConfig c;
        c.endpoint = m_sim->serverUrl();
        c.region = m_sim->region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        m_transport = std::make_unique<AwsJsonTransport>(c, m_nam.get(), nullptr, [] { return 0.0; });
        m_client = std::make_unique<DmsClient>(m_transport.get());
        m_prompts = std::make_unique<windowtest::ScriptedPrompts>();
        m_sink.notes.clear();
        m_store = MemoryRunningRequestsStore();
    }

    void cleanup()
    {
        m_prompts.reset();
        m_client.reset();
        m_transport.reset();
        m_nam.reset();
        m_sim.reset();
    }

    void applyFromPreflightToSuccess()
    {
        auto controller = makeController();
        QStringList seenStatuses;
        connect(controller.get(), &ApplyController::projectChanged, this, [&](const QString& p) {
            const QString s = controller->state(p).status;
            if (!s.isEmpty() && (seenStatuses.isEmpty() || seenStatuses.last() != s))
                seenStatuses << s;
        });
        const QString project = QStringLiteral("erp-migration");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Succeeded, 20000);

        QCOMPARE(m_prompts->plans.size(), 1);
        QCOMPARE(m_prompts->plans.last().project.migrationProjectName, project);
        QCOMPARE(m_prompts->plans.last().schemaDescription, QStringLiteral("aws_oracle_ext"));
        QCOMPARE(m_prompts->plans.last().accountId, QStringLiteral("111122223333"));
        const ApplyController::State s = controller->state(project);
        QVERIFY(!s.requestId.isEmpty());
        QCOMPARE(s.status, QStringLiteral("SUCCESS"));
        QCOMPARE(seenStatuses.last(), QStringLiteral("SUCCESS"));
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        QCOMPARE(m_sink.notes.size(), 1);
        QCOMPARE(m_sink.notes.first().urgency, NotificationSink::Urgency::Normal);
        QVERIFY(m_sink.notes.first().body.contains(s.requestId));
        // Names the project and the outcome; a click on it is about the project.
        QCOMPARE(m_sink.notes.first().title, QStringLiteral("Extension pack installed on erp-migration"));
        QCOMPARE(m_sink.notes.first().target, project);
        QVERIFY(m_store.load().isEmpty()); // ended: nothing to pick up at the next start
        QCOMPARE(m_prompts->faults.size(), 0);
        QVERIFY(controller->canApply(project));
    }

    void aNotificationKeepsBothEndsOfALongName()
    {
        auto controller = makeController();
        QString longName;
        for (const auto& p : m_sim->scenario().projects)
            if (p.name.size() == 255)
                longName = p.name;
        QVERIFY2(!longName.isEmpty(), "the demo has a project with a 255-character name");
        QVERIFY(controller->apply(longName));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(longName).phase, Phase::Succeeded, 20000);
        QCOMPARE(m_sink.notes.size(), 1);
        const QString title = m_sink.notes.first().title;
        QVERIFY2(title.size() < 120, qPrintable(title));
        QVERIFY(title.contains(longName.left(30)));
        QVERIFY(title.contains(longName.right(30)));
        QVERIFY(title.contains(QChar(0x2026)));
        QCOMPARE(m_sink.notes.first().target, longName); // the click still selects the whole name
    }

    void cancelledConfirmationSendsNothing()
    {
        auto controller = makeController();
        m_prompts->applyAnswer = false;
        const QString project = QStringLiteral("hr-migration");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE(controller->state(project).phase, Phase::Idle);
        QCOMPARE(m_prompts->plans.size(), 1);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 0);
        QVERIFY(controller->canApply(project));
    }

    void asyncFailureNotifiesWithCatalogueText()
    {
        auto controller = makeController();
        const QString project = QStringLiteral("payroll-migration");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Failed, 20000);
        const ApplyController::State s = controller->state(project);
        QVERIFY(s.fault.has_value());
        QCOMPARE(s.fault->kind, FaultKind::AssociationFailed);
        QVERIFY(s.fault->message.contains(QLatin1String("sufficient privileges")));
        const FaultExplanation e = FaultCatalogue::explain(*s.fault);
        QCOMPARE(e.catalogueKey, QStringLiteral("AssociationFailed.Privileges"));
        QCOMPARE(m_sink.notes.size(), 1);
        QCOMPARE(m_sink.notes.first().urgency, NotificationSink::Urgency::Critical);
        QVERIFY2(m_sink.notes.first().body.contains(e.title), qPrintable(m_sink.notes.first().body));
        QVERIFY(controller->statusText(project).contains(e.title));
        // The request ended in the background: no modal dialog pops up by itself.
        QCOMPARE(m_prompts->faults.size(), 0);
        QVERIFY(m_store.load().isEmpty());
    }

    void synchronousStartFaultShowsCatalogueTitle_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QString>("code");
        const char* rows[][2] = {
            {"payments-migration", "AccessDeniedFault"},
            {"procurement-migration", "InvalidResourceStateFault"},
            {"orders-migration", "ResourceAlreadyExistsFault"},
            {"treasury-migration", "KMSKeyNotAccessibleFault"},
            {"warehouse-migration", "ResourceQuotaExceededFault"},
            {"logistics-migration", "S3ResourceNotFoundFault"},
            {"pricing-migration", "S3AccessDeniedFault"},
            {"assets-migration", "FailedDependencyFault"},
        };
        for (const auto& row : rows)
            QTest::newRow(row[0]) << QString::fromLatin1(row[0]) << QString::fromLatin1(row[1]);
    }

    void synchronousStartFaultShowsCatalogueTitle()
    {
        QFETCH(QString, project);
        QFETCH(QString, code);
        QVERIFY2(FaultCatalogue::knownCodes().contains(code), qPrintable(code));
        auto controller = makeController();
        m_prompts->faultAnswers = {Prompts::FaultAnswer::Close};
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Failed, 20000);
        QCOMPARE(m_prompts->faults.size(), 1);
        QCOMPARE(m_prompts->faults.last().code, code);
        QCOMPARE(m_prompts->faults.last().operation, QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(FaultCatalogue::explain(m_prompts->faults.last()).title,
                 FaultCatalogue::explain(Fault::make(FaultKind::Service, code)).title);
        QVERIFY(FaultCatalogue::explain(m_prompts->faults.last()).catalogueKey != QLatin1String("Generic"));
        QCOMPARE(m_prompts->plans.size(), 1);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        QVERIFY(m_sink.notes.isEmpty()); // the dialog said it; no notification on top
        QVERIFY(controller->canApply(project));
    }

    // A virtual target is a definite problem: the confirmation says so, and declining sends nothing.
    void virtualTargetIsShownAsAProblemBeforeSending()
    {
        auto controller = makeController();
        m_prompts->applyAnswer = false;
        const QString project = QStringLiteral("erp-assessment-virtual");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Idle, 20000);
        QCOMPARE(m_prompts->plans.size(), 1);
        const PrerequisiteCheck* target =
            m_prompts->plans.first().checks.find(PrerequisiteCheck::Id::TargetDataProvider);
        QVERIFY(target);
        QCOMPARE(target->status, PrerequisiteCheck::Status::Problem);
        QCOMPARE(target->fault->code, QStringLiteral("PreflightVirtualTarget"));
        QVERIFY(countOperation(QStringLiteral("DescribeDataProviders")) >= 1); // the pre-flight looked
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 0);
    }

    // The checks run before the question, each row reported as it completes; a problem is in the
    // plan the confirmation shows, and "Apply anyway" goes on and is recorded.
    void aProblemIsConfirmedAndApplyAnywayIsRecorded()
    {
        const auto services = makeServices();
        OperationLog log;
        m_transport->addObserver(&log);
        auto controller = makeController();
        controller->setServices(services.get());
        QList<QPair<PrerequisiteReport, bool>> reported;
        connect(controller.get(), &ApplyController::checksChanged, this,
                [&](const QString&, const PrerequisiteReport& r, bool running) {
                    reported.append({r, running});
                });
        // When the question comes, every check has its outcome.
        bool completeWhenAsked = false;
        m_prompts->beforeApplyAnswer = [&](const ApplyPlan& plan) {
            completeWhenAsked = plan.checks.isComplete();
        };
        const QString project = QStringLiteral("docs-versioning-off-migration");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(m_prompts->plans.size(), 1, 20000);
        QVERIFY(completeWhenAsked);
        const PrerequisiteReport& shown = m_prompts->plans.first().checks;
        QVERIFY(shown.hasProblems());
        QCOMPARE(shown.find(PrerequisiteCheck::Id::S3Bucket)->status, PrerequisiteCheck::Status::Problem);
        QCOMPARE(shown.count(PrerequisiteCheck::Status::Problem), 1);
        // Reported as they came: the first with rows pending, the last complete and not running.
        QVERIFY(reported.size() >= 3);
        QVERIFY(reported.first().second);
        QVERIFY(!reported.first().first.isComplete());
        QVERIFY(reported.last().first.isComplete());
        QVERIFY(!reported.last().second);
        QVERIFY(countOperation(QStringLiteral("GetBucketVersioning")) >= 1);

        // It went on, and DMS failed it for the reason the check gave.
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Failed, 30000);
        QVERIFY2(controller->state(project).fault->message.contains(QStringLiteral("versioning is disabled")),
                 qPrintable(controller->state(project).fault->message));
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        const QList<CallEvent> ignored = log.of(QStringLiteral("IgnorePrerequisiteProblems"));
        QCOMPARE(ignored.size(), 1);
        QCOMPARE(ignored.first().input.value(QStringLiteral("Problems")).toArray(),
                 QJsonArray{QStringLiteral("PrereqBucketVersioningOff")});
        // Filed with the apply's other calls.
        const QList<CallEvent> starts = log.of(QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(starts.size(), 1);
        QCOMPARE(ignored.first().actionKey, starts.first().actionKey);
        m_transport->removeObserver(&log);
    }

    void aProblemDeclinedSendsNothingAndRecordsNoOverride()
    {
        const auto services = makeServices();
        OperationLog log;
        m_transport->addObserver(&log);
        auto controller = makeController();
        controller->setServices(services.get());
        m_prompts->applyAnswer = false;
        const QString project = QStringLiteral("docs-versioning-off-migration");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Idle, 20000);
        QCOMPARE(m_prompts->plans.size(), 1);
        QVERIFY(m_prompts->plans.first().checks.hasProblems());
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 0);
        QVERIFY(log.of(QStringLiteral("IgnorePrerequisiteProblems")).isEmpty());
        QVERIFY(m_prompts->faults.isEmpty()); // declining is no failure
        m_transport->removeObserver(&log);
    }

    void cannotDoubleSubmit()
    {
        auto controller = makeController();
        const QString project = QStringLiteral("billing-archive-migration"); // 180 s: 0.6 s here
        QSignalSpy ended(controller.get(), &ApplyController::requestEnded);
        QVERIFY(controller->apply(project));
        QVERIFY(!controller->canApply(project));
        QVERIFY(!controller->apply(project)); // pre-flight in flight
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Running, 20000);
        QVERIFY(!controller->canApply(project));
        QVERIFY(!controller->apply(project)); // request running
        QCOMPARE(controller->busyProjects(), QStringList{project});
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Succeeded, 20000);
        QCOMPARE(m_prompts->plans.size(), 1);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        QCOMPARE(ended.size(), 1);
        QVERIFY(controller->canApply(project));
    }

    void followsSeveralProjectsAtOnce()
    {
        auto controller = makeController();
        const QString slow = QStringLiteral("ledger-history-migration"); // 600 s: 2 s here
        const QString quick = QStringLiteral("shop-migration");
        QVERIFY(controller->apply(slow));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(slow).phase, Phase::Running, 20000);
        // The person moves on to another project while the first one runs.
        QVERIFY(controller->apply(quick));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(quick).phase, Phase::Succeeded, 20000);
        QCOMPARE(controller->state(slow).phase, Phase::Running);
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(slow).phase, Phase::Succeeded, 20000);
        QCOMPARE(m_sink.notes.size(), 2);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 2);
    }

    void aRequestStartedWhileConfirmingIsCaughtBeforeSending()
    {
        // Another caller's start gets through while the confirmation is open. The pre-flight
        // runs again after "yes", finds it running and sends nothing.
        QString theirs;
        m_prompts->beforeApplyAnswer = [&](const ApplyPlan& plan) {
            QEventLoop loop;
            m_client->startExtensionPackAssociation(plan.project.migrationProjectArn, &loop,
                                                    [&](const Result<QString>& r) {
                                                        if (r)
                                                            theirs = r.value();
                                                        loop.quit();
                                                    });
            loop.exec();
        };
        auto controller = makeController();
        m_prompts->faultAnswers = {Prompts::FaultAnswer::Retry};            // not offered for this refusal
        const QString project = QStringLiteral("ledger-history-migration"); // 600 s: 2 s here, still running
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Failed, 20000);
        QVERIFY(!theirs.isEmpty());
        QCOMPARE(m_prompts->faults.size(), 1);
        QCOMPARE(m_prompts->faults.last().code, QStringLiteral("PreflightRequestInProgress"));
        QVERIFY(m_prompts->faults.last().message.contains(theirs));
        QVERIFY(controller->state(project).requestId.isEmpty());
        QCOMPARE(m_prompts->plans.size(), 1);
        QTest::qWait(100);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1); // theirs only
        QVERIFY(m_sink.notes.isEmpty());
    }

    void ambiguousStartWithoutANewRequestIsNeitherRetriedNorOfferedARetry()
    {
        // The connection is reset before DMS handled the start: no request appears.
        QJsonArray rules;
        rules.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("connectionReset")},
            {QStringLiteral("processed"), false},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("StartExtensionPackAssociation")}}});
        QVERIFY(m_sim->setFaults(rules).ok());
        auto controller = makeController();
        m_prompts->faultAnswers = {Prompts::FaultAnswer::Retry};
        const QString project = QStringLiteral("hr-migration-wave2");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Recovering, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Failed, 30000);
        QCOMPARE(m_prompts->faults.size(), 1);
        QVERIFY(m_prompts->faults.last().requestMayHaveBeenProcessed);
        QCOMPARE(FaultCatalogue::explain(m_prompts->faults.last()).catalogueKey,
                 QStringLiteral("StartOutcomeUnknown"));
        QTest::qWait(200); // a Retry would have started another apply by now
        QCOMPARE(controller->state(project).phase, Phase::Failed);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        QCOMPARE(m_prompts->plans.size(), 1);
    }

    void ambiguousStartIsNeverResent()
    {
        // The simulator takes the start, then resets the connection: the answer is lost but the
        // request exists. Looking must find it; sending again would queue a second install.
        QJsonArray rules;
        rules.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("connectionReset")},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("StartExtensionPackAssociation")}}});
        QVERIFY(m_sim->setFaults(rules).ok());
        auto controller = makeController();
        m_prompts->faultAnswers = {Prompts::FaultAnswer::Retry};
        const QString project = QStringLiteral("claims-migration");
        QVERIFY(controller->apply(project));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Succeeded, 20000);
        QVERIFY(!controller->state(project).requestId.isEmpty());
        QVERIFY(countOperation(QStringLiteral("DescribeExtensionPackAssociations")) >=
                2);                                                                   // pre-flight + look
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1); // never resent
        QCOMPARE(m_prompts->faults.size(), 0);
    }

    void restartPicksUpARunningRequest()
    {
        const QString project = QStringLiteral("ledger-history-migration"); // 600 s: 2 s here
        QString requestId;
        {
            auto first = makeController();
            QVERIFY(first->apply(project));
            QTRY_COMPARE_WITH_TIMEOUT(first->state(project).phase, Phase::Running, 20000);
            requestId = first->state(project).requestId;
            QVERIFY(!requestId.isEmpty());
            // The app closes while the request runs.
        }
        QCOMPARE(m_store.load().size(), 1);
        QCOMPARE(m_store.load().first().requestId, requestId);
        QCOMPARE(m_store.load().first().projectName, project);
        QVERIFY(m_sink.notes.isEmpty());

        auto second = makeController();
        second->resumeRunningRequests();
        QCOMPARE(second->state(project).phase, Phase::Running);
        QCOMPARE(second->state(project).requestId, requestId);
        QVERIFY(!second->canApply(project));
        QTRY_COMPARE_WITH_TIMEOUT(second->state(project).phase, Phase::Succeeded, 20000);
        QCOMPARE(m_sink.notes.size(), 1);
        QVERIFY(m_store.load().isEmpty());
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        QCOMPARE(m_prompts->plans.size(), 1);
    }

    // A request resumed from a store that kept only the ARN is named as the person knows the
    // project; one DMS does not list ends, after a few polls, with "no longer listed".
    void aResumedRequestIsNamedAndANotListedOneEnds()
    {
        QString arn;
        for (const SimProject& p : m_sim->scenario().projects)
            if (p.name == QLatin1String("ledger-history-migration"))
                arn = p.arn;
        QVERIFY(!arn.isEmpty());
        const QString never = QStringLiteral("0d4c1b2a-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        m_store.add(RunningRequest{arn, arn, QString(), never, QDateTime::currentDateTimeUtc()});
        auto controller = makeController();
        controller->setProjectNameLookup([&](const QString& key) {
            return key == arn ? QStringLiteral("ledger-history-migration") : QString();
        });
        QSignalSpy messages(controller.get(), &ApplyController::statusMessage);
        controller->resumeRunningRequests();
        QCOMPARE(controller->displayName(arn), QStringLiteral("ledger-history-migration"));
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(arn).phase, Phase::Failed, 20000);
        QCOMPARE(controller->state(arn).fault->code, FaultCode::AssociationNotListed);
        QCOMPARE(countOperation(QStringLiteral("DescribeExtensionPackAssociations")),
                 AssociationPoller::kDefaultUnlistedPolls);
        QVERIFY(!messages.isEmpty());
        for (const QList<QVariant>& m : std::as_const(messages))
            QVERIFY2(!m.first().toString().contains(arn), qPrintable(m.first().toString()));
        QCOMPARE(m_sink.notes.size(), 1);
        QVERIFY(m_sink.notes.first().title.contains(QLatin1String("ledger-history-migration")));
        QVERIFY(m_sink.notes.first().body.contains(QLatin1String("no longer listed")));
        QVERIFY(m_store.load().isEmpty());
        QCOMPARE(m_prompts->faults.size(), 0); // no dialog for it
    }
    // The network fails for every check of a followed request: following gives up, saying so,
    // and the request stays known as not followed (not failed) until Follow again resumes it.
    void followingThatGaveUpIsNotAFailureAndFollowsAgain()
    {
        auto controller = makeController();
        controller->setMaxPollErrors(2);
        QSignalSpy gaveUp(controller.get(), &ApplyController::followingGaveUp);
        const QString project = QStringLiteral("ledger-history-migration"); // 600 s: 2 s here
        QVERIFY(controller->apply(project));
        QTRY_VERIFY_WITH_TIMEOUT(!controller->state(project).status.isEmpty(), 20000);
        const QString requestId = controller->state(project).requestId;
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("connectionReset")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}}}})
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::NotFollowed, 20000);
        const ApplyController::State s = controller->state(project);
        QCOMPARE(s.requestId, requestId);
        QVERIFY(s.fault);
        QCOMPARE(s.fault->code, FaultCode::FollowingGaveUp);
        QCOMPARE(gaveUp.size(), 1);
        QCOMPARE(gaveUp.first().first().toString(), project);
        QVERIFY2(controller->statusText(project).contains(QLatin1String("no longer followed")),
                 qPrintable(controller->statusText(project)));
        // Not ended: kept for the next start, no failure notification, no dialog.
        QCOMPARE(m_store.load().size(), 1);
        QCOMPARE(m_store.load().first().requestId, requestId);
        QCOMPARE(m_sink.notes.size(), 1);
        QCOMPARE(m_sink.notes.first().urgency, NotificationSink::Urgency::Normal);
        QVERIFY(m_sink.notes.first().title.startsWith(QLatin1String("Stopped following")));
        QCOMPARE(m_prompts->faults.size(), 0);
        QVERIFY(!controller->followAgain(QStringLiteral("erp-migration"))); // nothing to resume there

        QVERIFY(m_sim->setFaults(QJsonArray()).ok());
        QVERIFY(controller->followAgain(project));
        QCOMPARE(controller->state(project).phase, Phase::Running);
        QVERIFY(!controller->followAgain(project)); // already followed
        QTRY_COMPARE_WITH_TIMEOUT(controller->state(project).phase, Phase::Succeeded, 20000);
        QCOMPARE(controller->state(project).requestId, requestId);
        QCOMPARE(countOperation(QStringLiteral("StartExtensionPackAssociation")), 1);
        QVERIFY(m_store.load().isEmpty());
        QCOMPARE(gaveUp.size(), 1);
    }
};

QTEST_MAIN(TestApplyController)
#include "tst_applycontroller.moc"
