#include "apply/ApplyController.h"

#include "apply/RunningRequestsStore.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/AssociationProgress.h"
#include "notifications/NotificationSink.h"
#include "widgets/LongText.h"
#include "widgets/Prompts.h"

#include <QLoggingCategory>
#include <QWidget>

Q_LOGGING_CATEGORY(lcApply, "dmsx.ui.apply")

namespace dmsx::ui {

bool ApplyController::State::busy() const
{
    return phase == Phase::Preflight || phase == Phase::Confirming || phase == Phase::Starting ||
           phase == Phase::Recovering || phase == Phase::Running;
}

ApplyController::ApplyController(DmsClient* client, NotificationSink* notifications,
                                 RunningRequestsStore* store, QObject* parent)
    : QObject(parent), m_client(client), m_notifications(notifications), m_store(store)
{}

ApplyController::~ApplyController()
{
    // Requests still running stay in the store on purpose: the next start follows them again.
    for (Job& j : m_jobs) {
        if (j.workflow)
            j.workflow->disconnect(this);
    }
}

ApplyController::Job* ApplyController::job(const QString& project)
{
    auto it = m_jobs.find(project);
    return it == m_jobs.end() ? nullptr : &it.value();
}

ApplyController::Job* ApplyController::jobOf(const QString& project, const ApplyWorkflow* workflow)
{
    Job* j = job(project);
    return j && workflow && j->workflow == workflow ? j : nullptr;
}

bool ApplyController::canApply(const QString& project) const
{
    if (project.isEmpty())
        return false;
    auto it = m_jobs.constFind(project);
    return it == m_jobs.constEnd() || !it->state.busy();
}

QStringList ApplyController::busyProjects() const
{
    QStringList busy;
    for (auto it = m_jobs.constBegin(); it != m_jobs.constEnd(); ++it)
        if (it->state.busy())
            busy << it.key();
    return busy;
}

ApplyController::State ApplyController::state(const QString& project) const
{
    return m_jobs.value(project).state;
}

ApplyWorkflow* ApplyController::startWorkflow(const QString& project, const QString& identifier)
{
    auto* workflow = new ApplyWorkflow(m_client, identifier, this);
    workflow->setPollSchedule(m_pollSchedule);
    workflow->setMaxPollErrors(m_maxPollErrors);
    workflow->setServices(m_services);
    // The confirmation shows the problems and offers to go on; only its answer decides.
    workflow->setStopOnProblems(false);
    const QPointer<ApplyWorkflow> guard(workflow);
    connect(workflow, &ApplyWorkflow::checksStarted, this, [this, project, guard](const ApplyPlan& plan) {
        if (Job* j = jobOf(project, guard)) {
            j->checks = plan.checks;
            emit checksChanged(project, j->checks, !j->checks.isComplete());
        }
    });
    connect(workflow, &ApplyWorkflow::checkUpdated, this,
            [this, project, guard](int index, const PrerequisiteCheck& check) {
                Job* j = jobOf(project, guard);
                if (!j || index < 0 || index >= j->checks.checks.size())
                    return;
                j->checks.checks[index] = check;
                emit checksChanged(project, j->checks, !j->checks.isComplete());
            });
    connect(workflow, &ApplyWorkflow::stageChanged, this, [this, project, guard](ApplyWorkflow::Stage stage) {
        if (jobOf(project, guard))
            onStageChanged(project, stage);
    });
    connect(workflow, &ApplyWorkflow::planReady, this, [this, project, guard](const ApplyPlan& plan) {
        if (Job* j = jobOf(project, guard)) {
            j->state.projectArn = plan.project.migrationProjectArn;
            j->state.projectName = plan.project.migrationProjectName;
        }
    });
    // Asked from the event loop, not from inside the workflow's emit.
    connect(
        workflow, &ApplyWorkflow::confirmationRequested, this,
        [this, project, guard](const ApplyPlan&) { askConfirmation(project, guard); }, Qt::QueuedConnection);
    connect(workflow, &ApplyWorkflow::requestIdentified, this,
            [this, project, guard](const QString& requestId, ApplyWorkflow::RequestOrigin origin) {
                if (jobOf(project, guard))
                    onRequestIdentified(project, requestId, origin);
            });
    connect(workflow, &ApplyWorkflow::requestUpdated, this,
            [this, project, guard](const SchemaConversionRequest& r) {
                if (jobOf(project, guard))
                    onRequestUpdated(project, r);
            });
    connect(workflow, &ApplyWorkflow::pollFailed, this, [this, project, guard](const Fault& fault, int) {
        Job* j = jobOf(project, guard);
        if (!j)
            return;
        j->state.fault = fault;
        changed(project);
        emit backgroundFault(project, fault);
    });
    connect(workflow, &ApplyWorkflow::finished, this, [this, project, guard] {
        if (guard)
            guard->deleteLater();
        if (jobOf(project, guard))
            onFinished(project, guard);
    });
    return workflow;
}

bool ApplyController::apply(const QString& project)
{
    if (!canApply(project)) {
        qCInfo(lcApply).noquote() << "apply refused:" << project << "is already being applied";
        return false;
    }
    Job& j = m_jobs[project];
    j = Job();
    j.generation = m_nextGeneration++;
    j.state.phase = Phase::Preflight;
    ApplyWorkflow* workflow = startWorkflow(project, project);
    j.workflow = workflow;
    changed(project);
    workflow->start();
    return true;
}

void ApplyController::onStageChanged(const QString& project, ApplyWorkflow::Stage stage)
{
    Job* j = job(project);
    switch (stage) {
    case ApplyWorkflow::Stage::Preflight:
    case ApplyWorkflow::Stage::Rechecking:
        j->state.phase = Phase::Preflight;
        break;
    case ApplyWorkflow::Stage::Confirming:
        j->state.phase = Phase::Confirming;
        break;
    case ApplyWorkflow::Stage::Starting:
        j->state.phase = Phase::Starting;
        break;
    case ApplyWorkflow::Stage::Recovering:
        j->state.phase = Phase::Recovering;
        emit statusMessage(
            tr("No answer to the start of %1; checking whether DMS received it…").arg(displayName(project)));
        break;
    case ApplyWorkflow::Stage::Following:
        j->state.phase = Phase::Running;
        j->state.fault.reset();
        break;
    case ApplyWorkflow::Stage::Idle:
    case ApplyWorkflow::Stage::Finished:
        return; // onFinished() decides the phase
    }
    changed(project);
}

void ApplyController::askConfirmation(const QString& project, const QPointer<ApplyWorkflow>& workflow)
{
    if (!jobOf(project, workflow) || workflow->stage() != ApplyWorkflow::Stage::Confirming)
        return;
    // The job and its workflow may be gone by the answer (stopFollowing from elsewhere).
    Prompts::confirmApply(m_dialogParent, workflow->plan(), this, [this, project, workflow](bool confirmed) {
        if (!jobOf(project, workflow))
            return;
        // The dialog showed the problems and its button said "Apply anyway": going on was chosen
        // with them in view, and the workflow records that in the history.
        if (confirmed && workflow->plan().checks.hasProblems())
            workflow->setIgnoreChecks(true);
        workflow->answerConfirmation(confirmed);
    });
}

void ApplyController::onRequestIdentified(const QString& project, const QString& requestId,
                                          ApplyWorkflow::RequestOrigin origin)
{
    Job* j = job(project);
    j->state.requestId = requestId;
    if (origin != ApplyWorkflow::RequestOrigin::Given)
        j->state.startedAt = QDateTime::currentDateTimeUtc();
    if (origin == ApplyWorkflow::RequestOrigin::Recovery)
        qCInfo(lcApply).noquote() << "start of" << project << "was processed; following" << requestId;
    if (m_store)
        m_store->add(RunningRequest{project, j->state.projectArn, j->state.projectName, requestId,
                                    j->state.startedAt});
    if (origin == ApplyWorkflow::RequestOrigin::Given && j->followedAgain)
        emit statusMessage(tr("Following again the extension pack request of %1.").arg(displayName(project)));
    else if (origin == ApplyWorkflow::RequestOrigin::Given)
        emit statusMessage(
            tr("Following again the extension pack request of %1, left running at the last close.")
                .arg(displayName(project)));
    else
        emit statusMessage(
            tr("Extension pack request %1 started for %2.").arg(requestId, displayName(project)));
}

void ApplyController::onRequestUpdated(const QString& project, const SchemaConversionRequest& request)
{
    Job* j = job(project);
    j->state.status = request.status;
    j->state.fault.reset(); // a good poll clears the last poll error
    if (request.progress) {
        j->state.step = request.progress->progressStep;
        j->state.percent = request.progress->progressPercent.value_or(-1);
    } else {
        j->state.step.clear();
        j->state.percent = -1;
    }
    changed(project);
    emit statusMessage(statusText(project));
}

void ApplyController::onFinished(const QString& project, ApplyWorkflow* workflow)
{
    Job* j = job(project);
    const std::optional<Fault> fault = workflow->fault();
    if (!j->checks.checks.isEmpty() && !j->checks.isComplete())
        emit checksChanged(project, j->checks, false); // cancelled while they ran
    switch (workflow->outcome()) {
    case ApplyWorkflow::Outcome::Declined:
        j->state.phase = Phase::Idle;
        changed(project);
        emit statusMessage(tr("Extension pack not applied to %1: cancelled.").arg(displayName(project)));
        return;
    case ApplyWorkflow::Outcome::Cancelled:
        j->state.phase = Phase::Idle;
        changed(project);
        return;
    case ApplyWorkflow::Outcome::Refused:
    case ApplyWorkflow::Outcome::StartFailed:
    case ApplyWorkflow::Outcome::Unknown:
        failInteractive(project, fault.value_or(Fault()));
        return;
    case ApplyWorkflow::Outcome::Succeeded:
        finishFollowing(project, true, std::nullopt);
        return;
    case ApplyWorkflow::Outcome::FollowingStopped:
        if (fault && fault->code == FaultCode::FollowingGaveUp && !j->state.requestId.isEmpty()) {
            gaveUpFollowing(project, *fault);
            return;
        }
        finishFollowing(project, false, fault);
        return;
    case ApplyWorkflow::Outcome::Failed:
    case ApplyWorkflow::Outcome::Started:
    case ApplyWorkflow::Outcome::None:
        finishFollowing(project, false, fault);
        return;
    }
}

void ApplyController::finishFollowing(const QString& project, bool succeeded,
                                      const std::optional<Fault>& fault)
{
    Job* j = job(project);
    if (!j)
        return;
    if (m_store)
        m_store->remove(j->state.requestId);
    j->state.phase = succeeded ? Phase::Succeeded : Phase::Failed;
    j->state.fault = fault;
    if (succeeded)
        j->state.status = QStringLiteral("SUCCESS");
    else if (fault && fault->kind == FaultKind::AssociationFailed && j->state.status.isEmpty())
        j->state.status = QStringLiteral("FAILED");
    const QString name = displayName(project);
    // A notification is laid out by the desktop, which may not wrap a 255-character name.
    const QString noteName = LongText::elided(name);
    const QString requestId = j->state.requestId;
    changed(project);
    if (succeeded) {
        emit statusMessage(tr("Extension pack installed on %1.").arg(name));
        if (m_notifications)
            m_notifications->notifyAbout(project, tr("Extension pack installed on %1").arg(noteName),
                                         tr("Request %1 finished successfully.").arg(requestId),
                                         NotificationSink::Urgency::Normal);
    } else {
        const FaultExplanation e = FaultCatalogue::explain(fault.value_or(Fault()));
        const bool ended = fault && fault->kind == FaultKind::AssociationFailed;
        const bool canceled = ended && fault->code == FaultCode::AssociationCanceled;
        const QString title = canceled ? tr("Extension pack installation on %1 cancelled").arg(noteName)
                              : ended
                                  ? tr("Extension pack installation on %1 failed").arg(noteName)
                                  : tr("Stopped following the extension pack request of %1").arg(noteName);
        emit statusMessage(tr("%1: %2").arg(name, e.title));
        if (m_notifications)
            m_notifications->notifyAbout(project, title, tr("%1: %2").arg(noteName, e.title),
                                         NotificationSink::Urgency::Critical);
    }
    emit requestEnded(project, succeeded);
}

void ApplyController::gaveUpFollowing(const QString& project, const Fault& fault)
{
    Job* j = job(project);
    // Still in the store: the request may be running, and the next start follows it again.
    j->state.phase = Phase::NotFollowed;
    j->state.fault = fault;
    const QString name = displayName(project);
    changed(project);
    emit statusMessage(tr("%1: %2").arg(name, FaultCatalogue::explain(fault).title));
    if (m_notifications)
        m_notifications->notifyAbout(
            project, tr("Stopped following the extension pack request of %1").arg(LongText::elided(name)),
            tr("The installation itself was not stopped. Follow it again from the window."),
            NotificationSink::Urgency::Normal);
    emit followingGaveUp(project, fault);
}

bool ApplyController::followAgain(const QString& project)
{
    Job* j = job(project);
    if (!j || j->state.phase != Phase::NotFollowed || j->state.requestId.isEmpty())
        return false;
    const QString requestId = j->state.requestId;
    const QString identifier = j->state.projectArn.isEmpty() ? project : j->state.projectArn;
    j->generation = m_nextGeneration++;
    j->state.phase = Phase::Running;
    j->state.fault.reset();
    j->followedAgain = true;
    qCInfo(lcApply).noquote() << "following again request" << requestId << "of" << project;
    ApplyWorkflow* workflow = startWorkflow(project, identifier);
    j->workflow = workflow;
    changed(project);
    workflow->followRequest(requestId);
    return true;
}

void ApplyController::failInteractive(const QString& project, const Fault& fault)
{
    Job* j = job(project);
    if (!j)
        return;
    j->state.phase = Phase::Failed;
    j->state.fault = fault;
    const quint64 generation = j->generation;
    changed(project);
    emit statusMessage(tr("Extension pack not applied: %1").arg(FaultCatalogue::explain(fault).title));
    Prompts::showFault(m_dialogParent, fault, this, [this, project, generation](Prompts::FaultAnswer answer) {
        // Only the apply that failed is retried: another may have started while the dialog was open.
        const Job* j = job(project);
        if (answer == Prompts::FaultAnswer::Retry && j && j->generation == generation)
            apply(project);
        else if (answer == Prompts::FaultAnswer::SignIn)
            emit signInRequested();
    });
}

void ApplyController::resumeRunningRequests()
{
    if (!m_store)
        return;
    const QList<RunningRequest> requests = m_store->load();
    for (const RunningRequest& r : requests) {
        if (const Job* j = job(r.project); j && j->state.busy())
            continue;
        Job& j = m_jobs[r.project];
        j = Job();
        j.generation = m_nextGeneration++;
        j.state.projectArn = r.projectArn;
        j.state.projectName = r.projectName;
        j.state.startedAt = r.startedAt;
        qCInfo(lcApply).noquote() << "following again request" << r.requestId << "of" << r.project;
        ApplyWorkflow* workflow = startWorkflow(r.project, r.projectArn.isEmpty() ? r.project : r.projectArn);
        j.workflow = workflow;
        workflow->followRequest(r.requestId);
    }
}

void ApplyController::stopFollowing(const QString& project)
{
    Job* j = job(project);
    if (!j)
        return;
    if (ApplyWorkflow* workflow = j->workflow) {
        // A Start already sent is not undone: the workflow ends once its outcome is known.
        workflow->disconnect(this);
        connect(workflow, &ApplyWorkflow::finished, workflow, &QObject::deleteLater);
        workflow->cancel();
    }
    if (m_store && !j->state.requestId.isEmpty())
        m_store->remove(j->state.requestId);
    m_jobs.remove(project);
    changed(project);
}

QString ApplyController::statusText(const QString& project) const
{
    const State s = state(project);
    const QString name = displayName(project);
    switch (s.phase) {
    case Phase::Idle:
        return QString();
    case Phase::Preflight:
        return tr("Checking %1 before applying…").arg(name);
    case Phase::Confirming:
        return tr("Waiting for confirmation to apply to %1…").arg(name);
    case Phase::Starting:
        return tr("Starting the extension pack installation on %1…").arg(name);
    case Phase::Recovering:
        return tr("Checking whether DMS received the request for %1…").arg(name);
    case Phase::Running: {
        if (s.status.isEmpty())
            return tr("%1: extension pack request sent.").arg(name);
        SchemaConversionRequest r;
        r.status = s.status;
        if (!s.step.isEmpty()) {
            Progress progress;
            progress.progressStep = s.step;
            if (s.percent >= 0)
                progress.progressPercent = s.percent;
            r.progress = progress;
        }
        return tr("%1: %2").arg(name, AssociationProgress(r).summary());
    }
    case Phase::Succeeded:
        return tr("%1: extension pack installed (request %2).").arg(name, s.requestId);
    case Phase::Failed:
        return tr("%1: %2").arg(name, FaultCatalogue::explain(s.fault.value_or(Fault())).title);
    case Phase::NotFollowed:
        return tr("%1: request %2 is no longer followed; it may still be running.").arg(name, s.requestId);
    }
    return QString();
}

void ApplyController::showFault(const QString& project)
{
    const State s = state(project);
    if (!s.fault)
        return;
    Prompts::showFault(m_dialogParent, *s.fault, this, [this, project](Prompts::FaultAnswer answer) {
        if (answer == Prompts::FaultAnswer::Retry && canApply(project))
            apply(project);
        else if (answer == Prompts::FaultAnswer::SignIn)
            emit signInRequested();
    });
}

QString ApplyController::displayName(const QString& project) const
{
    const QString name = m_jobs.value(project).state.projectName;
    if (!name.isEmpty())
        return name;
    // A request resumed from a store that kept no name: the window knows it once projects are listed.
    const QString looked = m_nameOf ? m_nameOf(project) : QString();
    return looked.isEmpty() ? project : looked;
}

void ApplyController::changed(const QString& project)
{
    emit projectChanged(project);
}

} // namespace dmsx::ui
