// ApplyWorkflow against the in-process simulator over loopback HTTP: every way a run can end,
// the prerequisite checks and what their findings stop, the second pre-flight after the question, the one
// recovery rule for a Start whose answer was lost (with what the request history then says), following,
// cancelling and resuming.
#include "DmsSimulator.h"
#include "apply/ApplyWorkflow.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/DmsClient.h"
#include "history/HistoryQuery.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"
#include "net/AwsJsonTransport.h"
#include "prereq/PrerequisiteChecker.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace dmsx;
using Stage = ApplyWorkflow::Stage;
using Outcome = ApplyWorkflow::Outcome;
using Origin = ApplyWorkflow::RequestOrigin;
using CheckId = PrerequisiteCheck::Id;
using CheckStatus = PrerequisiteCheck::Status;

namespace {

// One caller's stack: its own transport and client, as another program would have.
struct Caller
{
    std::unique_ptr<AwsJsonTransport> transport;
    std::unique_ptr<DmsClient> client;

    Caller(const DmsSimulator& sim, QNetworkAccessManager* nam)
    {
        TransportConfig c;
        c.endpoint = sim.serverUrl();
        c.region = sim.region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        transport = std::make_unique<AwsJsonTransport>(c, nam, nullptr, [] { return 0.0; });
        client = std::make_unique<DmsClient>(transport.get());
    }
};

// What a run emitted, in order.
struct Recorded
{
    QList<Stage> stages;
    int plans = 0;
    int questions = 0;
    QList<QPair<QString, Origin>> identified;
    QStringList statuses;
    int pollFailures = 0;
    int finished = 0;
    int checksStarted = 0;
    QList<int> checkRows; // checkUpdated's index, in order

    void attach(ApplyWorkflow& w)
    {
        QObject::connect(&w, &ApplyWorkflow::stageChanged, &w, [this](Stage s) { stages << s; });
        QObject::connect(&w, &ApplyWorkflow::planReady, &w, [this](const ApplyPlan&) { ++plans; });
        QObject::connect(&w, &ApplyWorkflow::confirmationRequested, &w,
                         [this](const ApplyPlan&) { ++questions; });
        QObject::connect(&w, &ApplyWorkflow::requestIdentified, &w, [this](const QString& id, Origin o) {
            identified.append({id, o});
        });
        QObject::connect(&w, &ApplyWorkflow::requestUpdated, &w,
                         [this](const SchemaConversionRequest& r) { statuses << r.status; });
        QObject::connect(&w, &ApplyWorkflow::pollFailed, &w, [this](const Fault&, int) { ++pollFailures; });
        QObject::connect(&w, &ApplyWorkflow::finished, &w, [this] { ++finished; });
        QObject::connect(&w, &ApplyWorkflow::checksStarted, &w,
                         [this](const ApplyPlan&) { ++checksStarted; });
        QObject::connect(&w, &ApplyWorkflow::checkUpdated, &w,
                         [this](int row, const PrerequisiteCheck&) { checkRows << row; });
    }
};

} // namespace

class TestApplyWorkflow : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<Caller> m_us;        // the workflow's stack
    std::unique_ptr<Caller> m_elsewhere; // another program of the same account

    std::unique_ptr<ApplyWorkflow> makeWorkflow(const QString& project)
    {
        auto w = std::make_unique<ApplyWorkflow>(m_us->client.get(), project);
        w->setPollSchedule({20});
        w->setRecoverySchedule({0, 30});
        return w;
    }

    int count(const QString& operation) const
    {
        int n = 0;
        const QJsonArray log = m_sim->requestLog();
        for (const QJsonValue& v : log)
            if (v.toObject().value(QLatin1String("operation")).toString() == operation)
                ++n;
        return n;
    }
    int starts() const { return count(QStringLiteral("StartExtensionPackAssociation")); }
    int associationListings() const { return count(QStringLiteral("DescribeExtensionPackAssociations")); }

    // Ends with exactly one finished(), and no second one shortly after.
    static bool waitFinished(const Recorded& r, int timeoutMs = 20000)
    {
        if (!QTest::qWaitFor([&] { return r.finished > 0; }, timeoutMs))
            return false;
        QTest::qWait(60);
        return r.finished == 1;
    }

    // The test may wait in a loop of its own; the workflow never does.
    QString startElsewhere(const QString& project)
    {
        QEventLoop loop;
        QString id;
        m_elsewhere->client->startExtensionPackAssociation(project, &loop, [&](const Result<QString>& r) {
            id = r.ok() ? r.value() : QString();
            loop.quit();
        });
        loop.exec();
        return id;
    }

    QString statusElsewhere(const QString& project, const QString& requestId)
    {
        QEventLoop loop;
        QString status;
        m_elsewhere->client->describeExtensionPackAssociations(
            project, {Filter{QStringLiteral("request-id"), {requestId}}}, QString(), &loop,
            [&](const Result<Page<SchemaConversionRequest>>& r) {
                if (r.ok() && !r->items.isEmpty())
                    status = r->items.first().status;
                loop.quit();
            });
        loop.exec();
        return status;
    }

    void setStartFault(const QJsonObject& rule)
    {
        QJsonObject r = rule;
        r.insert(QStringLiteral("operations"), QJsonArray{QStringLiteral("StartExtensionPackAssociation")});
        QVERIFY(m_sim->setFaults(QJsonArray{r}).ok());
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
        m_us = std::make_unique<Caller>(*m_sim, m_nam.get());
        m_elsewhere = std::make_unique<Caller>(*m_sim, m_nam.get());
    }

    void cleanup()
    {
        m_us.reset();
        m_elsewhere.reset();
        m_nam.reset();
        m_sim.reset();
    }

    void confirmedChecksTwiceThenStartsAndFollowsToSuccess()
    {
        auto w = makeWorkflow(QStringLiteral("erp-migration"));
        Recorded r;
        r.attach(*w);
        ApplyPlan asked;
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan& plan) {
            asked = plan;
            // Answered later, as a person would: nothing is sent meanwhile.
            QTimer::singleShot(50, this, [&] {
                QCOMPARE(starts(), 0);
                QCOMPARE(w->stage(), Stage::Confirming);
                w->answerConfirmation(true);
            });
        });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Succeeded);
        QCOMPARE(r.stages, (QList<Stage>{Stage::Preflight, Stage::Confirming, Stage::Rechecking,
                                         Stage::Starting, Stage::Following, Stage::Finished}));
        QCOMPARE(asked.project.migrationProjectName, QStringLiteral("erp-migration"));
        QCOMPARE(asked.schemaDescription, QStringLiteral("aws_oracle_ext"));
        QCOMPARE(w->plan().project.migrationProjectArn, asked.project.migrationProjectArn);
        QCOMPARE(count(QStringLiteral("DescribeMigrationProjects")), 2); // the pre-flight, twice
        QCOMPARE(starts(), 1);
        QCOMPARE(r.identified.size(), 1);
        QCOMPARE(r.identified.first().second, Origin::StartAnswer);
        QCOMPARE(w->requestId(), r.identified.first().first);
        QCOMPARE(w->lastRequest().requestIdentifier, w->requestId());
        QCOMPARE(w->lastRequest().status, QStringLiteral("SUCCESS"));
        QCOMPARE(r.statuses.last(), QStringLiteral("SUCCESS"));
        QVERIFY(!w->fault());
        QCOMPARE(statusElsewhere(QStringLiteral("erp-migration"), w->requestId()), QStringLiteral("SUCCESS"));
    }

    void declinedSendsNothing()
    {
        auto w = makeWorkflow(QStringLiteral("hr-migration"));
        Recorded r;
        r.attach(*w);
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this,
                [&](const ApplyPlan&) { w->answerConfirmation(false); });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Declined);
        QCOMPARE(r.questions, 1);
        QVERIFY(!r.stages.contains(Stage::Rechecking));
        QCOMPARE(count(QStringLiteral("DescribeMigrationProjects")), 1);
        QCOMPARE(starts(), 0);
        QVERIFY(w->requestId().isEmpty());
        w->answerConfirmation(true); // too late: ignored
        QTest::qWait(60);
        QCOMPARE(starts(), 0);
        QCOMPARE(r.finished, 1);
    }

    void aVirtualTargetIsAProblemThatStopsBeforeTheQuestion()
    {
        auto w = makeWorkflow(QStringLiteral("erp-assessment-virtual"));
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Refused);
        QVERIFY(w->fault());
        QCOMPARE(w->fault()->code, FaultCode::PrereqProblemsFound);
        QVERIFY2(w->fault()->detail.contains(PrerequisiteCheck::label(CheckId::TargetDataProvider)),
                 qPrintable(w->fault()->detail));
        const PrerequisiteCheck* target = w->plan().checks.find(CheckId::TargetDataProvider);
        QVERIFY(target);
        QCOMPARE(target->status, CheckStatus::Problem);
        QCOMPARE(target->fault->code, FaultCode::PreflightVirtualTarget);
        QCOMPARE(r.checksStarted, 1);
        QVERIFY(!r.checkRows.isEmpty());
        QCOMPARE(r.questions, 0);
        QCOMPARE(r.plans, 0);
        QCOMPARE(starts(), 0);
    }

    void ignoringTheChecksGoesOnToTheQuestion()
    {
        auto w = makeWorkflow(QStringLiteral("erp-assessment-virtual"));
        w->setIgnoreChecks(true);
        Recorded r;
        r.attach(*w);
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan& plan) {
            QVERIFY(plan.checks.hasProblems());
            w->answerConfirmation(false);
        });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Declined);
        QCOMPARE(r.questions, 1);
        QCOMPARE(starts(), 0);
    }

    void aDialogMayShowTheProblemsButYesAloneDoesNotOverrideThem()
    {
        // The window asks with the checklist; only "Apply anyway" (setIgnoreChecks) goes on.
        for (const bool applyAnyway : {false, true}) {
            auto w = makeWorkflow(QStringLiteral("erp-assessment-virtual"));
            w->setStopOnProblems(false);
            w->setFollow(false);
            Recorded r;
            r.attach(*w);
            connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan& plan) {
                QVERIFY(plan.checks.hasProblems());
                w->setIgnoreChecks(applyAnyway);
                w->answerConfirmation(true);
            });
            w->start();
            QVERIFY(waitFinished(r));
            QCOMPARE(r.questions, 1);
            if (applyAnyway) {
                QVERIFY(w->outcome() == Outcome::Started || w->outcome() == Outcome::StartFailed);
                QCOMPARE(starts(), 1);
            } else {
                QCOMPARE(w->outcome(), Outcome::Refused);
                QCOMPARE(w->fault()->code, FaultCode::PrereqProblemsFound);
                QCOMPARE(starts(), 0);
            }
        }
    }

    void aHealthyProjectPassesEveryProjectCheck()
    {
        auto w = makeWorkflow(QStringLiteral("erp-migration"));
        Recorded r;
        r.attach(*w);
        ApplyPlan asked;
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan& plan) {
            asked = plan;
            w->answerConfirmation(false);
        });
        w->start();
        QVERIFY(waitFinished(r));
        const PrerequisiteReport& report = asked.checks;
        QVERIFY(report.isComplete());
        QVERIFY(!report.hasProblems());
        for (const CheckId id : {CheckId::TargetDataProvider, CheckId::ProjectS3Settings,
                                 CheckId::TargetSecretSettings, CheckId::Queue}) {
            const PrerequisiteCheck* c = report.find(id);
            QVERIFY2(c, qPrintable(PrerequisiteCheck::idName(id)));
            QCOMPARE(c->status, CheckStatus::Passed);
            QVERIFY(!c->finding().isEmpty());
            QVERIFY(c->fix().isEmpty());
        }
        QCOMPARE(report.find(CheckId::ProjectS3Settings)->subject,
                 QStringLiteral("s3://sc-demo-bucket/erp-migration"));
        // Every row was reported as it completed.
        QCOMPARE(r.checkRows.size(), report.checks.size());
    }

    void projectChecksFindMissingSettingsAndQueuedRequests()
    {
        ApplyPlan plan;
        plan.region = QStringLiteral("eu-west-1");
        plan.project.migrationProjectName = QStringLiteral("p");
        plan.project.migrationProjectArn =
            QStringLiteral("arn:aws:dms:eu-west-1:111122223333:migration-project:P");
        plan.project.targetDataProviderDescriptors = {DataProviderDescriptor{}};
        plan.project.targetDataProviderDescriptors[0].secretsManagerSecretId = QStringLiteral("my-secret");
        plan.project.schemaConversionApplicationAttributes = SchemaConversionApplicationAttributes{};
        plan.project.schemaConversionApplicationAttributes->s3BucketPath = QStringLiteral("s3://b/p");
        plan.target.dataProviderName = QStringLiteral("pg");
        plan.target.isVirtual = false;
        for (const auto& [id, status] : {std::pair{QStringLiteral("r1"), QStringLiteral("IN_PROGRESS")},
                                         std::pair{QStringLiteral("r2"), QStringLiteral("RECEIVED")},
                                         std::pair{QStringLiteral("r0"), QStringLiteral("SUCCESS")}}) {
            SchemaConversionRequest req;
            req.requestIdentifier = id;
            req.status = status;
            plan.previousRequests << req;
        }
        const PrerequisiteReport report = PrerequisiteChecker::projectChecks(plan);
        QCOMPARE(report.find(CheckId::TargetDataProvider)->status, CheckStatus::Passed);
        const PrerequisiteCheck* s3 = report.find(CheckId::ProjectS3Settings);
        QCOMPARE(s3->status, CheckStatus::Problem);
        QCOMPARE(s3->fault->code, FaultCode::PrereqS3SettingsMissing);
        QVERIFY2(s3->finding().contains(QLatin1String("S3BucketRoleArn")), qPrintable(s3->finding()));
        QVERIFY(!s3->finding().contains(QLatin1String("S3BucketPath")));
        QVERIFY(s3->cliCommand.startsWith(QLatin1String("aws dms modify-migration-project")));
        QVERIFY(s3->consoleUrl.startsWith(QLatin1String("https://console.aws.amazon.com/dms/")));
        const PrerequisiteCheck* secret = report.find(CheckId::TargetSecretSettings);
        QCOMPARE(secret->status, CheckStatus::Problem);
        QCOMPARE(secret->fault->code, FaultCode::PrereqSecretSettingsMissing);
        QVERIFY(secret->finding().contains(QLatin1String("SecretsManagerAccessRoleArn")));
        // Queued requests do not refuse: the new one starts after them.
        const PrerequisiteCheck* queue = report.find(CheckId::Queue);
        QCOMPARE(queue->status, CheckStatus::Notice);
        QVERIFY(!queue->blocks());
        QVERIFY2(queue->finding().contains(QLatin1String("It will start after 2 queued requests")),
                 qPrintable(queue->finding()));
        QVERIFY(queue->subject.contains(QLatin1String("r1")) && queue->subject.contains(QLatin1String("r2")));
        QVERIFY(!queue->subject.contains(QLatin1String("r0")));
        QCOMPARE(report.count(CheckStatus::Problem), 2);
        const Fault stop = report.problemsFault();
        QCOMPARE(stop.code, FaultCode::PrereqProblemsFound);
        QVERIFY(!stop.requestWasSent);
        // Every finding is in the catalogue's words, none falls back to the generic entry.
        for (const PrerequisiteCheck& c : report.checks)
            if (c.fault)
                QVERIFY2(FaultCatalogue::explain(*c.fault).catalogueKey != QLatin1String("Generic"),
                         qPrintable(c.fault->code));
        QCOMPARE(FaultCatalogue::explain(stop).catalogueKey, QStringLiteral("PrereqProblemsFound"));
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QLatin1String("problems")).toInt(), 2);
        QCOMPARE(json.value(QLatin1String("checks")).toArray().size(), report.checks.size());
    }

    void requestStartedWhileTheQuestionWasOpenIsCaught()
    {
        auto w = makeWorkflow(QStringLiteral("ledger-history-migration")); // 600 s: 2 s here, still running
        Recorded r;
        r.attach(*w);
        QString theirs;
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan& plan) {
            // Someone else applies the pack while the question is open; then the person says yes.
            m_elsewhere->client->startExtensionPackAssociation(
                plan.project.migrationProjectArn, this, [&](const Result<QString>& started) {
                    theirs = started.ok() ? started.value() : QString();
                    w->answerConfirmation(true);
                });
        });
        w->start();
        QVERIFY(waitFinished(r));
        QVERIFY(!theirs.isEmpty());
        QCOMPARE(w->outcome(), Outcome::Refused);
        QVERIFY(w->fault());
        QCOMPARE(w->fault()->code, FaultCode::PreflightRequestInProgress);
        QVERIFY2(w->fault()->message.contains(theirs), qPrintable(w->fault()->message));
        QVERIFY(r.stages.contains(Stage::Rechecking));
        QVERIFY(!r.stages.contains(Stage::Starting));
        QCOMPARE(starts(), 1); // theirs only
        QVERIFY(w->requestId().isEmpty());
    }

    void aRunningRequestOnASecondPageIsCounted()
    {
        // One ended request, then a running one: with one request a page, the running one is on
        // page 2 of the listing, and the queue check must still count it.
        const QString project = QStringLiteral("ledger-history-migration"); // 600 s: 2 s here
        const QString earlier = startElsewhere(project);
        QVERIFY(m_sim->cancelAssociation(earlier));
        QCOMPARE(statusElsewhere(project, earlier), QStringLiteral("CANCELED"));
        const QString running = startElsewhere(project);
        QVERIFY(!running.isEmpty());
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("pageSize")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}}}})
                    .ok());
        const int listingsBefore = associationListings();

        auto w = makeWorkflow(project);
        Recorded r;
        r.attach(*w);
        ApplyPlan asked;
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan& plan) {
            asked = plan;
            w->answerConfirmation(false);
        });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Declined);
        const PrerequisiteCheck* queue = asked.checks.find(CheckId::Queue);
        QVERIFY(queue);
        QCOMPARE(queue->status, CheckStatus::Notice);
        QVERIFY2(queue->subject.contains(running), qPrintable(queue->subject));
        QVERIFY(!queue->subject.contains(earlier));
        QVERIFY(queue->finding().contains(QLatin1String("1 queued request")));
        QCOMPARE(associationListings() - listingsBefore, 2); // both pages
        QCOMPARE(starts(), 2);                               // the two others only
    }

    void aLostStartWhoseRequestIsOnASecondPageIsFound()
    {
        // The pre-flight and the looks read every page: our new request, alone on page 2, is ours.
        const QString project = QStringLiteral("claims-migration");
        const QString earlier = startElsewhere(project);
        QTRY_COMPARE_WITH_TIMEOUT(statusElsewhere(project, earlier), QStringLiteral("SUCCESS"), 20000);
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("connectionReset")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("StartExtensionPackAssociation")}}},
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("pageSize")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}}}})
                    .ok());
        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        w->setFollow(false);
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Started);
        QCOMPARE(w->requestOrigin(), Origin::Recovery);
        QVERIFY(!w->requestId().isEmpty());
        QVERIFY(w->requestId() != earlier);
        QCOMPARE(starts(), 2);
    }

    void startFaultEndsWithoutLookingForARequest()
    {
        auto w = makeWorkflow(QStringLiteral("treasury-migration"));
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::StartFailed);
        QCOMPARE(w->fault()->code, FaultCode::KMSKeyNotAccessibleFault);
        QVERIFY(!w->fault()->requestMayHaveBeenProcessed);
        QVERIFY(!r.stages.contains(Stage::Recovering));
        QCOMPARE(r.stages, (QList<Stage>{Stage::Preflight, Stage::Starting, Stage::Finished}));
        QCOMPARE(starts(), 1);
        QCOMPARE(associationListings(), 1); // the pre-flight's only
    }

    void lostStartAnswerFindsTheNewRequestAndRecordsIt()
    {
        QTemporaryDir dir;
        HistoryStore history(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(history.open().ok());
        HistoryRecorder recorder(&history);
        m_us->transport->addObserver(&recorder);
        // An earlier installation by another program: finished, unknown to this history.
        const QString project = QStringLiteral("crm-migration");
        const QString earlier = startElsewhere(project);
        QVERIFY(!earlier.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(statusElsewhere(project, earlier), QStringLiteral("SUCCESS"), 20000);
        // AWS takes our Start, then the connection is reset before the answer.
        setStartFault({{QStringLiteral("type"), QStringLiteral("connectionReset")}});

        auto w = makeWorkflow(project);
        Recorded r;
        r.attach(*w);
        std::optional<Fault> lostAnswer;
        connect(w.get(), &ApplyWorkflow::stageChanged, this, [&](Stage s) {
            if (s == Stage::Recovering)
                lostAnswer = w->fault();
        });
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this,
                [&](const ApplyPlan&) { w->answerConfirmation(true); });
        w->start();
        QVERIFY(waitFinished(r));
        m_us->transport->removeObserver(&recorder);

        QVERIFY(lostAnswer && lostAnswer->requestMayHaveBeenProcessed);
        QCOMPARE(w->outcome(), Outcome::Succeeded); // followed like any started request
        QCOMPARE(w->requestOrigin(), Origin::Recovery);
        QVERIFY(!w->requestId().isEmpty());
        QVERIFY(w->requestId() != earlier);
        QCOMPARE(statusElsewhere(project, w->requestId()), QStringLiteral("SUCCESS"));
        QCOMPARE(starts(), 2); // the earlier one and ours: never sent again
        QVERIFY(!w->fault());

        HistoryQuery q;
        q.operation = QStringLiteral("StartExtensionPackAssociation");
        const QList<HistoryRecord> rows = history.query(q).value();
        QCOMPARE(rows.size(), 1);
        const HistoryRecord& start = rows.first();
        QCOMPARE(start.dmsRequestIdentifier, w->requestId());
        QCOMPARE(start.projectName, project);                       // sent by ARN, recorded with its name
        QCOMPARE(start.outcome, HistoryRecord::Outcome::Succeeded); // it reached AWS
        QVERIFY(start.advice().isEmpty());
        QCOMPARE(start.faultCode, lostAnswer->code); // why the answer is missing
        QCOMPARE(start.associationStatus, QStringLiteral("SUCCESS"));
        QCOMPARE(recorder.failures(), 0);
    }

    void aStartAnswerWithoutRequestIdentifierIsLookedFor()
    {
        QTemporaryDir dir;
        HistoryStore history(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(history.open().ok());
        HistoryRecorder recorder(&history);
        m_us->transport->addObserver(&recorder);
        // AWS takes the Start, and answers 200 without the RequestIdentifier.
        setStartFault({{QStringLiteral("type"), QStringLiteral("emptyAnswer")}});
        const QString project = QStringLiteral("crm-migration");
        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        w->setFollow(false);
        Recorded r;
        r.attach(*w);
        std::optional<Fault> answer;
        connect(w.get(), &ApplyWorkflow::stageChanged, this, [&](Stage s) {
            if (s == Stage::Recovering)
                answer = w->fault();
        });
        w->start();
        QVERIFY(waitFinished(r));
        m_us->transport->removeObserver(&recorder);

        QVERIFY(r.stages.contains(Stage::Recovering));
        QVERIFY(answer && answer->requestMayHaveBeenProcessed);
        QCOMPARE(answer->code, FaultCode::InvalidResponse);
        QCOMPARE(answer->httpStatus, 200);
        QCOMPARE(w->outcome(), Outcome::Started);
        QCOMPARE(w->requestOrigin(), Origin::Recovery);
        QVERIFY(!w->requestId().isEmpty());
        QCOMPARE(starts(), 1); // never sent again

        HistoryQuery q;
        q.operation = QStringLiteral("StartExtensionPackAssociation");
        const QList<HistoryRecord> rows = history.query(q).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().faultCode, FaultCode::InvalidResponse); // why the answer is not trusted
        QCOMPARE(rows.first().dmsRequestIdentifier, w->requestId());  // what the look found
    }

    void lostStartAnswerWithoutANewRequestIsUnknown()
    {
        QTemporaryDir dir;
        HistoryStore history(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(history.open().ok());
        HistoryRecorder recorder(&history);
        m_us->transport->addObserver(&recorder);
        // One earlier request the history does not know: a guess would pair it with our Start.
        const QString project = QStringLiteral("claims-migration");
        const QString earlier = startElsewhere(project);
        QTRY_COMPARE_WITH_TIMEOUT(statusElsewhere(project, earlier), QStringLiteral("SUCCESS"), 20000);
        // The connection is reset before AWS handled the Start: no request exists.
        setStartFault({{QStringLiteral("type"), QStringLiteral("connectionReset")},
                       {QStringLiteral("processed"), false}});
        const int listingsBefore = associationListings();

        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        m_us->transport->removeObserver(&recorder);

        QCOMPARE(w->outcome(), Outcome::Unknown);
        QVERIFY(w->requestId().isEmpty());
        QCOMPARE(r.identified.size(), 0);
        QVERIFY(w->fault() && w->fault()->requestMayHaveBeenProcessed);
        QCOMPARE(FaultCatalogue::explain(*w->fault()).catalogueKey, QStringLiteral("StartOutcomeUnknown"));
        QCOMPARE(starts(), 2);                                   // the earlier one and ours, never sent again
        QCOMPARE(associationListings() - listingsBefore, 1 + 2); // the pre-flight, then two looks

        HistoryQuery q;
        q.operation = QStringLiteral("StartExtensionPackAssociation");
        const QList<HistoryRecord> rows = history.query(q).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().outcome, HistoryRecord::Outcome::Unknown);
        QVERIFY(rows.first().dmsRequestIdentifier.isEmpty()); // not the earlier request
        QVERIFY(rows.first().advice().contains(QLatin1String("Re-check before applying again")));
    }

    void aNewRequestThatAlreadyEndedIsStillOurs()
    {
        // Looked for only after it ended: it is still the one our Start created.
        setStartFault({{QStringLiteral("type"), QStringLiteral("connectionReset")}});
        const QString project = QStringLiteral("payroll-migration"); // fails after 0.1 s here
        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        w->setFollow(false);
        w->setRecoverySchedule({400});
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Started);
        QCOMPARE(w->requestOrigin(), Origin::Recovery);
        QCOMPARE(w->lastRequest().status, QStringLiteral("FAILED"));
        QCOMPARE(w->lastRequest().requestIdentifier, w->requestId());
        QVERIFY(!w->fault()); // found: the lost answer no longer matters
        QCOMPARE(starts(), 1);
    }

    void severalNewRequestsCannotBeToldApart()
    {
        // Ours is taken (answer lost) and, before the look, another program's appears as well.
        setStartFault({{QStringLiteral("type"), QStringLiteral("connectionReset")}});
        const QString project = QStringLiteral("shop-migration"); // 30 s: 0.1 s here
        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        w->setRecoverySchedule({300}); // ours ends first, so the other program's Start is accepted
        Recorded r;
        r.attach(*w);
        QString theirs;
        connect(w.get(), &ApplyWorkflow::stageChanged, this, [&](Stage s) {
            if (s != Stage::Recovering)
                return;
            QTimer::singleShot(200, this, [&] {
                QVERIFY(m_sim->setFaults(QJsonArray()).ok());
                theirs = startElsewhere(project);
            });
        });
        w->start();
        QVERIFY(waitFinished(r));
        QVERIFY(!theirs.isEmpty());
        QCOMPARE(w->outcome(), Outcome::Unknown);
        QVERIFY(w->requestId().isEmpty());
        QCOMPARE(starts(), 2);
    }

    void followsToFailed()
    {
        auto w = makeWorkflow(QStringLiteral("payroll-migration"));
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Failed);
        QCOMPARE(w->fault()->kind, FaultKind::AssociationFailed);
        QVERIFY(w->fault()->message.contains(QLatin1String("sufficient privileges")));
        QCOMPARE(w->lastRequest().status, QStringLiteral("FAILED"));
        QCOMPARE(FaultCatalogue::explain(*w->fault()).catalogueKey,
                 QStringLiteral("AssociationFailed.Privileges"));
    }

    void followsToCanceled()
    {
        auto w = makeWorkflow(QStringLiteral("ledger-history-migration"));
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        // Someone cancels the installation in the console while it runs.
        connect(w.get(), &ApplyWorkflow::requestIdentified, this,
                [&](const QString& id, Origin) { QVERIFY(m_sim->cancelAssociation(id)); });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Failed);
        QCOMPARE(w->fault()->kind, FaultKind::AssociationFailed);
        QCOMPARE(w->lastRequest().status, QStringLiteral("CANCELED"));
        QCOMPARE(FaultCatalogue::explain(*w->fault()).catalogueKey,
                 QStringLiteral("AssociationFailed.Canceled"));
    }

    void pollErrorsAreReportedAndFollowingGoesOn()
    {
        // The first poll fails on every attempt; the next ones answer.
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("serverError")},
                                    {QStringLiteral("operations"),
                                     QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}},
                                    {QStringLiteral("after"), 1}, // the pre-flight's listing
                                    {QStringLiteral("count"), 3}}})
                    .ok());
        auto w = makeWorkflow(QStringLiteral("erp-migration"));
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(r.pollFailures, 1);
        QCOMPARE(w->outcome(), Outcome::Succeeded);
    }

    void cancelWhileFollowingStopsFollowingOnly()
    {
        const QString project = QStringLiteral("ledger-history-migration");
        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        connect(w.get(), &ApplyWorkflow::requestUpdated, this,
                [&](const SchemaConversionRequest&) { w->cancel(); });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::FollowingStopped);
        QCOMPARE(w->fault()->kind, FaultKind::Cancelled);
        QCOMPARE(r.statuses.size(), 1);
        // The installation goes on in AWS, and nothing polls it any more.
        const QString status = statusElsewhere(project, w->requestId());
        QVERIFY2(status == QLatin1String("RECEIVED") || status == QLatin1String("IN_PROGRESS"),
                 qPrintable(status));
        const int listings = associationListings();
        QTest::qWait(150);
        QCOMPARE(associationListings(), listings);
        QCOMPARE(starts(), 1);
    }

    void cancelBeforeStartSendsNothing()
    {
        auto w = makeWorkflow(QStringLiteral("hr-migration"));
        Recorded r;
        r.attach(*w);
        connect(w.get(), &ApplyWorkflow::confirmationRequested, this, [&](const ApplyPlan&) { w->cancel(); });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Cancelled);
        QCOMPARE(w->fault()->kind, FaultKind::Cancelled);
        QVERIFY(!w->fault()->requestMayHaveBeenProcessed);
        QCOMPARE(starts(), 0);
    }

    void cancelWhileStartingKeepsTheRequest()
    {
        const QString project = QStringLiteral("ledger-history-migration");
        auto w = makeWorkflow(project);
        w->setConfirmationRequired(false);
        Recorded r;
        r.attach(*w);
        connect(w.get(), &ApplyWorkflow::stageChanged, this, [&](Stage s) {
            if (s == Stage::Starting)
                w->cancel(); // the Start is on its way and is not undone
        });
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Started);
        QVERIFY(!w->requestId().isEmpty());
        QVERIFY(!r.stages.contains(Stage::Following));
        QCOMPARE(starts(), 1);
        QCOMPARE(associationListings(), 1); // the pre-flight's: no polls
        const QString status = statusElsewhere(project, w->requestId());
        QVERIFY2(status == QLatin1String("RECEIVED") || status == QLatin1String("IN_PROGRESS"),
                 qPrintable(status));
    }

    void notFollowingEndsAfterStart()
    {
        auto w = makeWorkflow(QStringLiteral("erp-migration"));
        w->setConfirmationRequired(false);
        w->setFollow(false);
        Recorded r;
        r.attach(*w);
        w->start();
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Started);
        QCOMPARE(r.plans, 1);
        QCOMPARE(r.questions, 0);
        QCOMPARE(r.stages, (QList<Stage>{Stage::Preflight, Stage::Starting, Stage::Finished}));
        QCOMPARE(w->requestOrigin(), Origin::StartAnswer);
        QVERIFY(!w->requestId().isEmpty());
        QVERIFY(!w->fault());
        QCOMPARE(count(QStringLiteral("DescribeMigrationProjects")), 1); // no second check without a question
        QCOMPARE(associationListings(), 1);
        QCOMPARE(starts(), 1);
    }

    void resumingAKnownRequest()
    {
        const QString project = QStringLiteral("shop-migration");
        const QString id = startElsewhere(project);
        QVERIFY(!id.isEmpty());
        const int projectListings = count(QStringLiteral("DescribeMigrationProjects"));
        auto w = makeWorkflow(project);
        Recorded r;
        r.attach(*w);
        w->followRequest(id);
        QCOMPARE(w->stage(), Stage::Following); // at once: a restored window shows it running
        QCOMPARE(w->requestOrigin(), Origin::Given);
        QCOMPARE(w->requestId(), id);
        QVERIFY(waitFinished(r));
        QCOMPARE(w->outcome(), Outcome::Succeeded);
        QCOMPARE(w->lastRequest().status, QStringLiteral("SUCCESS"));
        QCOMPARE(count(QStringLiteral("DescribeMigrationProjects")), projectListings); // no pre-flight
        QCOMPARE(starts(), 1);
        w->start(); // one run per object
        QTest::qWait(60);
        QCOMPARE(r.finished, 1);
        QCOMPARE(starts(), 1);
    }
};

QTEST_GUILESS_MAIN(TestApplyWorkflow)
#include "tst_applyworkflow.moc"
