#include "apply/ApplyWorkflow.h"

#include "apply/ApplyPreflight.h"
#include "base/FaultCodes.h"
#include "dms/AssociationPoller.h"
#include "dms/DmsClient.h"
#include "dms/Pager.h"
#include "net/AwsJsonTransport.h"
#include "net/PendingCall.h"
#include "prereq/PrerequisiteChecker.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcApplyWorkflow, "dmsx.apply", QtWarningMsg)

namespace dmsx {

namespace {
// How long a request Start has just created may stay unlisted before it is given up: AWS may
// list a new request a moment late, and the CLI's --poll-interval can make polls very short.
constexpr int kFreshRequestGraceMs = 60000;
} // namespace

ApplyWorkflow::ApplyWorkflow(DmsClient* client, const QString& projectIdentifier, QObject* parent)
    : QObject(parent), m_client(client), m_identifier(projectIdentifier),
      m_recoverySchedule(defaultRecoverySchedule())
{
    m_lookTimer.setSingleShot(true);
    connect(&m_lookTimer, &QTimer::timeout, this, &ApplyWorkflow::look);
}

ApplyWorkflow::~ApplyWorkflow() = default;

QList<int> ApplyWorkflow::defaultRecoverySchedule()
{
    return {0, 2000, 5000};
}

const ApplyPlan& ApplyWorkflow::plan() const
{
    static const ApplyPlan none;
    return m_plan ? *m_plan : none;
}

QString ApplyWorkflow::projectForCalls() const
{
    return m_plan && !m_plan->project.migrationProjectArn.isEmpty() ? m_plan->project.migrationProjectArn
                                                                    : m_identifier;
}

Fault ApplyWorkflow::cancelledFault()
{
    Fault f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled,
                          QStringLiteral("Stopped before the extension pack installation was started"));
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    f.requestWasSent = false;
    return f;
}

void ApplyWorkflow::start()
{
    if (m_stage != Stage::Idle)
        return;
    m_callOptions.actionKey = QStringLiteral("apply:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    runChecks();
}

void ApplyWorkflow::followRequest(const QString& requestId)
{
    if (m_stage != Stage::Idle)
        return;
    m_callOptions.actionKey = QStringLiteral("follow:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    identify(requestId, RequestOrigin::Given);
    beginFollowing();
}

void ApplyWorkflow::runChecks()
{
    setStage(Stage::Preflight);
    auto* checker = new PrerequisiteChecker(m_client, m_identifier, this);
    m_checker = checker;
    checker->setCallOptions(m_callOptions);
    checker->setServices(m_services);
    connect(checker, &PrerequisiteChecker::planReady, this, &ApplyWorkflow::checksStarted);
    connect(checker, &PrerequisiteChecker::checkUpdated, this, &ApplyWorkflow::checkUpdated);
    connect(checker, &PrerequisiteChecker::finished, this, &ApplyWorkflow::onChecksFinished);
    checker->start();
}

void ApplyWorkflow::onChecksFinished()
{
    if (!m_checker)
        return;
    const Result<ApplyPlan> result = m_checker->result();
    m_checker->deleteLater();
    m_checker = nullptr;
    if (!result.ok()) {
        finish(Outcome::Refused, result.fault());
        return;
    }
    m_plan = result.value();
    // The calls from here on name the project by ARN: the history shows its name with them.
    m_callOptions.subjectName = m_plan->project.migrationProjectName;
    const bool stop =
        m_plan->checks.hasProblems() && !m_ignoreChecks && (m_stopOnProblems || !m_confirmationRequired);
    if (stop) {
        finish(Outcome::Refused, m_plan->checks.problemsFault());
        return;
    }
    emit planReady(*m_plan);
    if (m_stage != Stage::Preflight)
        return; // cancelled from a slot
    if (!m_confirmationRequired) {
        sendStart();
        return;
    }
    setStage(Stage::Confirming);
    // Last: the answer may come from inside this emit.
    emit confirmationRequested(*m_plan);
}

void ApplyWorkflow::answerConfirmation(bool confirmed)
{
    if (m_stage != Stage::Confirming)
        return;
    if (!confirmed) {
        finish(Outcome::Declined);
        return;
    }
    if (m_plan->checks.hasProblems() && !m_ignoreChecks) {
        finish(Outcome::Refused, m_plan->checks.problemsFault());
        return;
    }
    // The question may have been open for minutes: a request started meanwhile would put this
    // Start in a queue the person did not agree to.
    runRecheck();
}

void ApplyWorkflow::runRecheck()
{
    setStage(Stage::Rechecking);
    auto* preflight = new ApplyPreflight(m_client, projectForCalls(), this);
    m_preflight = preflight;
    preflight->setCallOptions(m_callOptions);
    connect(preflight, &ApplyPreflight::finished, this, &ApplyWorkflow::onRecheckFinished);
    preflight->start();
}

void ApplyWorkflow::onRecheckFinished()
{
    if (!m_preflight)
        return;
    const Result<ApplyPlan> result = m_preflight->result();
    m_preflight->deleteLater();
    m_preflight = nullptr;
    if (!result.ok()) {
        finish(Outcome::Refused, result.fault());
        return;
    }
    const QStringList confirmedQueue = m_plan->queuedRequestIds();
    ApplyPlan plan = result.value();
    plan.checks = m_plan->checks;
    for (const SchemaConversionRequest& r : std::as_const(plan.previousRequests)) {
        if (r.isTerminal() || confirmedQueue.contains(r.requestIdentifier))
            continue;
        Fault f =
            Fault::make(FaultKind::Service, FaultCode::PreflightRequestInProgress,
                        QStringLiteral("Extension pack request %1 for project '%2' was started while the "
                                       "confirmation was open and is %3.")
                            .arg(r.requestIdentifier, plan.project.migrationProjectName, r.status));
        f.operation = QStringLiteral("StartExtensionPackAssociation");
        f.requestWasSent = false;
        m_plan = plan;
        finish(Outcome::Refused, f);
        return;
    }
    m_plan = plan;
    sendStart();
}

void ApplyWorkflow::recordIgnoredProblems()
{
    // Kept with the apply in the request history: someone read the problems and went on.
    CallEvent event;
    event.operation = QStringLiteral("IgnorePrerequisiteProblems");
    event.actionKey = m_callOptions.actionKey;
    QJsonArray codes;
    for (const PrerequisiteCheck& c : std::as_const(m_plan->checks.checks))
        if (c.blocks())
            codes.append(c.fault->code);
    event.input = QJsonObject{{QStringLiteral("MigrationProjectIdentifier"), projectForCalls()},
                              {QStringLiteral("Problems"), codes}};
    event.fault = m_plan->checks.problemsFault();
    m_client->transport()->reportLocalEvent(event);
}

void ApplyWorkflow::sendStart()
{
    if (m_plan->checks.hasProblems() && m_ignoreChecks)
        recordIgnoredProblems();
    setStage(Stage::Starting);
    m_knownRequests.clear();
    for (const SchemaConversionRequest& r : std::as_const(m_plan->previousRequests))
        m_knownRequests << r.requestIdentifier;
    PendingCall* call = m_client->startExtensionPackAssociation(
        projectForCalls(), this, [this](const Result<QString>& result) { onStartAnswered(result); },
        m_callOptions);
    m_call = call;
    m_startInvocationId = call ? call->invocationId() : QString();
}

void ApplyWorkflow::onStartAnswered(const Result<QString>& result)
{
    m_call = nullptr;
    if (result.ok()) {
        identify(result.value(), RequestOrigin::StartAnswer);
        if (m_follow && !m_cancelRequested)
            beginFollowing();
        else
            finish(Outcome::Started);
        return;
    }
    if (!result.fault().requestMayHaveBeenProcessed) {
        finish(Outcome::StartFailed, result.fault());
        return;
    }
    m_fault = result.fault();
    m_looks = 0;
    setStage(Stage::Recovering);
    scheduleLook();
}

void ApplyWorkflow::scheduleLook()
{
    m_lookTimer.start(m_recoverySchedule.value(m_looks, 0));
}

void ApplyWorkflow::look()
{
    if (m_stage != Stage::Recovering)
        return;
    ++m_looks;
    // Every page, as the pre-flight read them (docs/protocol.md §6.1): the two lists compare, and
    // a new request on a later page is still found.
    Pager::readAll<SchemaConversionRequest>(
        QStringLiteral("DescribeExtensionPackAssociations"),
        [this](const QString& marker, Pager::Done<SchemaConversionRequest> done) {
            m_call = m_client->describeExtensionPackAssociations(projectForCalls(), {}, marker, this, done,
                                                                 std::nullopt, m_callOptions);
        },
        [this](const Result<QList<SchemaConversionRequest>>& all) { onLook(all); });
}

void ApplyWorkflow::onLook(const Result<QList<SchemaConversionRequest>>& page)
{
    m_call = nullptr;
    QList<SchemaConversionRequest> fresh;
    if (page.ok()) {
        for (const SchemaConversionRequest& r : page.value()) {
            if (!m_knownRequests.contains(r.requestIdentifier))
                fresh << r;
        }
    }
    // A new request is ours even when it already ended: the pre-flight saw none running just
    // before the Start, and calling a quickly FAILED installation "unknown" would invite a
    // second one.
    if (fresh.size() == 1) {
        const SchemaConversionRequest& ours = fresh.first();
        qCInfo(lcApplyWorkflow).noquote()
            << "the lost Start of" << projectForCalls() << "created" << ours.requestIdentifier << ours.status;
        m_client->transport()->reportAmbiguousCallChecked(
            m_startInvocationId, QJsonObject{{QStringLiteral("RequestIdentifier"), ours.requestIdentifier}});
        m_fault.reset();
        m_last = ours;
        identify(ours.requestIdentifier, RequestOrigin::Recovery);
        if (m_follow && !m_cancelRequested)
            beginFollowing();
        else
            finish(Outcome::Started);
        return;
    }
    if (fresh.isEmpty() && m_looks < m_recoverySchedule.size()) {
        scheduleLook();
        return;
    }
    qCInfo(lcApplyWorkflow).noquote()
        << "the lost Start of" << projectForCalls() << "is unresolved:" << fresh.size() << "new requests"
        << (page.ok() ? QString() : page.fault().code);
    m_client->transport()->reportAmbiguousCallChecked(m_startInvocationId, std::nullopt);
    finish(Outcome::Unknown, m_fault);
}

void ApplyWorkflow::identify(const QString& requestId, RequestOrigin origin)
{
    m_requestId = requestId;
    m_origin = origin;
    emit requestIdentified(requestId, origin);
}

void ApplyWorkflow::beginFollowing()
{
    setStage(Stage::Following);
    auto* poller = new AssociationPoller(m_client, projectForCalls(), m_requestId, this);
    if (!m_pollSchedule.isEmpty())
        poller->setSchedule(m_pollSchedule);
    if (m_maxPollErrors > 0)
        poller->setMaxConsecutiveErrors(m_maxPollErrors);
    // A request found by the recovery was listed already; a given one was known before.
    if (m_origin == RequestOrigin::StartAnswer)
        poller->setUnlistedLimit(AssociationPoller::kDefaultUnlistedPolls, kFreshRequestGraceMs);
    m_poller = poller;
    poller->setCallOptions(m_callOptions);
    connect(poller, &AssociationPoller::updated, this, [this](const SchemaConversionRequest& r) {
        m_last = r;
        emit requestUpdated(r);
    });
    connect(poller, &AssociationPoller::pollFailed, this, &ApplyWorkflow::pollFailed);
    connect(poller, &AssociationPoller::succeeded, this,
            [this](const SchemaConversionRequest&) { finish(Outcome::Succeeded); });
    connect(poller, &AssociationPoller::failed, this, [this](const Fault& f) {
        finish(f.kind == FaultKind::AssociationFailed ? Outcome::Failed : Outcome::FollowingStopped, f);
    });
    poller->start();
}

void ApplyWorkflow::cancel()
{
    switch (m_stage) {
    case Stage::Idle:
    case Stage::Confirming:
        finish(Outcome::Cancelled, cancelledFault());
        return;
    case Stage::Preflight:
    case Stage::Rechecking:
        if (m_checker) {
            m_checker->disconnect(this);
            m_checker->cancel();
            m_checker->deleteLater();
            m_checker = nullptr;
        }
        if (m_preflight) {
            m_preflight->disconnect(this);
            m_preflight->cancel();
            m_preflight->deleteLater();
            m_preflight = nullptr;
        }
        finish(Outcome::Cancelled, cancelledFault());
        return;
    case Stage::Starting:
    case Stage::Recovering:
        // Sent: only its outcome can still be learned; the run ends there, without following.
        m_cancelRequested = true;
        return;
    case Stage::Following:
        if (m_poller)
            m_poller->cancel(); // failed(Cancelled) ends the run
        return;
    case Stage::Finished:
        return;
    }
}

void ApplyWorkflow::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    emit stageChanged(stage);
}

void ApplyWorkflow::finish(Outcome outcome, const std::optional<Fault>& fault)
{
    if (m_stage == Stage::Finished)
        return;
    m_lookTimer.stop();
    if (m_poller) {
        m_poller->disconnect(this);
        m_poller->deleteLater();
        m_poller = nullptr;
    }
    m_outcome = outcome;
    m_fault = fault;
    setStage(Stage::Finished);
    emit finished();
}

} // namespace dmsx
