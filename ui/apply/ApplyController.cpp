#include "apply/ApplyController.h"

#include "apply/ApplyConfirmer.h"
#include "apply/ApplyPreflight.h"
#include "apply/RunningRequestsStore.h"
#include "base/FaultCatalogue.h"
#include "dms/AssociationPoller.h"
#include "dms/DmsClient.h"
#include "notifications/NotificationSink.h"
#include "widgets/FaultDialog.h"

#include <QLoggingCategory>
#include <QTimer>
#include <QWidget>

Q_LOGGING_CATEGORY(lcApply, "dmsx.ui.apply")

namespace dmsx::ui {

bool ApplyController::State::busy() const
{
    return phase == Phase::Preflight || phase == Phase::Confirming || phase == Phase::Starting ||
           phase == Phase::Recovering || phase == Phase::Running;
}

ApplyController::ApplyController(DmsClient* client, ApplyConfirmer* confirmer,
                                 NotificationSink* notifications, RunningRequestsStore* store,
                                 QObject* parent)
    : QObject(parent), m_client(client), m_confirmer(confirmer), m_notifications(notifications),
      m_store(store)
{}

ApplyController::~ApplyController()
{
    // Requests still running stay in the store on purpose: the next start follows them again.
    for (Job& j : m_jobs) {
        if (j.preflight)
            j.preflight->disconnect(this);
        if (j.poller)
            j.poller->disconnect(this);
        if (j.call)
            j.call->disconnect(this);
    }
}

ApplyController::Job* ApplyController::job(const QString& project)
{
    auto it = m_jobs.find(project);
    return it == m_jobs.end() ? nullptr : &it.value();
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
    auto* preflight = new ApplyPreflight(m_client, project, this);
    j.preflight = preflight;
    const quint64 generation = j.generation;
    connect(preflight, &ApplyPreflight::finished, this,
            [this, project, generation] { onPreflightFinished(project, generation); });
    changed(project);
    preflight->start();
    return true;
}

void ApplyController::onPreflightFinished(const QString& project, quint64 generation)
{
    Job* j = job(project);
    if (!j || j->generation != generation || !j->preflight)
        return;
    const Result<ApplyPlan> result = j->preflight->result();
    j->preflight->deleteLater();
    j->preflight = nullptr;
    if (!result) {
        failInteractive(project, result.fault());
        return;
    }
    j->plan = result.value();
    j->state.projectArn = j->plan.project.migrationProjectArn;
    j->state.projectName = j->plan.project.migrationProjectName;
    j->state.phase = Phase::Confirming;
    changed(project);

    const ApplyPlan plan = j->plan;
    // The confirmation is modal; the job may not survive it (stopFollowing from elsewhere).
    const bool confirmed = m_confirmer->confirm(plan, m_dialogParent);
    j = job(project);
    if (!j || j->generation != generation)
        return;
    if (!confirmed) {
        j->state.phase = Phase::Idle;
        changed(project);
        emit statusMessage(tr("Extension pack not applied to %1: cancelled.").arg(j->state.projectName));
        return;
    }
    startAssociation(project);
}

void ApplyController::startAssociation(const QString& project)
{
    Job* j = job(project);
    j->state.phase = Phase::Starting;
    const quint64 generation = j->generation;
    // The ARN, not the name the window may have passed: the poller and the store key on it.
    const QString target = j->state.projectArn.isEmpty() ? project : j->state.projectArn;
    changed(project);
    j->call = m_client->startExtensionPackAssociation(
        target, this, [this, project, generation](const Result<QString>& result) {
            onStartAnswered(project, generation, result);
        });
}

void ApplyController::onStartAnswered(const QString& project, quint64 generation,
                                      const Result<QString>& result)
{
    Job* j = job(project);
    if (!j || j->generation != generation)
        return;
    j->call = nullptr;
    if (result) {
        follow(project, j->state.projectArn, result.value(), QDateTime::currentDateTimeUtc());
        return;
    }
    if (result.fault().requestMayHaveBeenProcessed) {
        recoverAmbiguousStart(project, result.fault());
        return;
    }
    failInteractive(project, result.fault());
}

void ApplyController::recoverAmbiguousStart(const QString& project, const Fault& startFault)
{
    // The start may have been taken although its answer was lost. Retrying would queue a second
    // installation, so look first: a running request the pre-flight did not see is ours.
    Job* j = job(project);
    j->state.phase = Phase::Recovering;
    changed(project);
    emit statusMessage(
        tr("No answer to the start of %1; checking whether DMS received it…").arg(j->state.projectName));
    QStringList known;
    for (const SchemaConversionRequest& r : std::as_const(j->plan.previousRequests))
        known << r.requestIdentifier;
    const quint64 generation = j->generation;
    j->call = m_client->describeExtensionPackAssociations(
        j->state.projectArn, {}, QString(), this,
        [this, project, generation, known, startFault](const Result<Page<SchemaConversionRequest>>& result) {
            Job* j = job(project);
            if (!j || j->generation != generation)
                return;
            j->call = nullptr;
            if (result) {
                for (const SchemaConversionRequest& r : result->items) {
                    const auto s = r.state();
                    if ((s == SchemaConversionRequest::State::Received ||
                         s == SchemaConversionRequest::State::InProgress) &&
                        !known.contains(r.requestIdentifier)) {
                        qCInfo(lcApply).noquote()
                            << "start of" << project << "was processed; following" << r.requestIdentifier;
                        follow(project, j->state.projectArn, r.requestIdentifier,
                               QDateTime::currentDateTimeUtc());
                        return;
                    }
                }
            }
            failInteractive(project, startFault);
        });
}

void ApplyController::follow(const QString& project, const QString& projectArn, const QString& requestId,
                             const QDateTime& startedAt)
{
    Job& j = m_jobs[project];
    j.state.phase = Phase::Running;
    j.state.projectArn = projectArn;
    j.state.requestId = requestId;
    j.state.startedAt = startedAt;
    j.state.fault.reset();
    if (j.state.projectName.isEmpty())
        j.state.projectName = project;
    if (m_store)
        m_store->add(RunningRequest{project, projectArn, requestId, startedAt});

    auto* poller =
        new AssociationPoller(m_client, projectArn.isEmpty() ? project : projectArn, requestId, this);
    if (!m_pollSchedule.isEmpty())
        poller->setSchedule(m_pollSchedule);
    j.poller = poller;
    connect(poller, &AssociationPoller::updated, this,
            [this, project](const SchemaConversionRequest& r) { onRequestUpdated(project, r); });
    connect(poller, &AssociationPoller::pollFailed, this, [this, project](const Fault& fault, int) {
        if (Job* j = job(project)) {
            j->state.fault = fault;
            changed(project);
        }
        emit backgroundFault(project, fault);
    });
    connect(poller, &AssociationPoller::succeeded, this, [this, project](const SchemaConversionRequest&) {
        finishFollowing(project, true, std::nullopt);
    });
    connect(poller, &AssociationPoller::failed, this,
            [this, project](const Fault& fault) { finishFollowing(project, false, fault); });
    changed(project);
    emit statusMessage(tr("Extension pack request %1 started for %2.").arg(requestId, j.state.projectName));
    poller->start();
}

void ApplyController::onRequestUpdated(const QString& project, const SchemaConversionRequest& request)
{
    Job* j = job(project);
    if (!j)
        return;
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

void ApplyController::finishFollowing(const QString& project, bool succeeded,
                                      const std::optional<Fault>& fault)
{
    Job* j = job(project);
    if (!j)
        return;
    if (j->poller)
        j->poller->deleteLater();
    j->poller = nullptr;
    if (m_store)
        m_store->remove(j->state.requestId);
    j->state.phase = succeeded ? Phase::Succeeded : Phase::Failed;
    j->state.fault = fault;
    if (succeeded)
        j->state.status = QStringLiteral("SUCCESS");
    else if (fault && fault->kind == FaultKind::AssociationFailed && j->state.status.isEmpty())
        j->state.status = QStringLiteral("FAILED");
    const QString name = j->state.projectName;
    const QString requestId = j->state.requestId;
    changed(project);
    if (succeeded) {
        emit statusMessage(tr("Extension pack installed on %1.").arg(name));
        if (m_notifications)
            m_notifications->notify(tr("Extension pack installed"),
                                    tr("%1: request %2 finished successfully.").arg(name, requestId),
                                    NotificationSink::Urgency::Normal);
    } else {
        const FaultExplanation e = FaultCatalogue::explain(fault.value_or(Fault()));
        const QString title = fault && fault->kind == FaultKind::AssociationFailed
                                  ? tr("Extension pack request failed")
                                  : tr("Stopped following the extension pack request");
        emit statusMessage(tr("%1: %2").arg(name, e.title));
        if (m_notifications)
            m_notifications->notify(title, tr("%1: %2").arg(name, e.title),
                                    NotificationSink::Urgency::Critical);
    }
    emit requestEnded(project, succeeded);
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
    if (FaultDialog::present(m_dialogParent, fault) != FaultDialog::Answer::Retry)
        return;
    // Later, not from inside this stack: the dialog's nested loop may have changed the job.
    QTimer::singleShot(0, this, [this, project, generation] {
        const Job* j = job(project);
        if (j && j->generation == generation)
            apply(project);
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
        qCInfo(lcApply).noquote() << "following again request" << r.requestId << "of" << r.project;
        follow(r.project, r.projectArn, r.requestId, r.startedAt);
    }
}

void ApplyController::stopFollowing(const QString& project)
{
    Job* j = job(project);
    if (!j)
        return;
    if (j->preflight) {
        j->preflight->disconnect(this);
        j->preflight->cancel();
        j->preflight->deleteLater();
    }
    if (j->poller) {
        j->poller->disconnect(this);
        j->poller->cancel();
        j->poller->deleteLater();
    }
    if (m_store && !j->state.requestId.isEmpty())
        m_store->remove(j->state.requestId);
    // A start already sent is not cancelled: its answer is ignored (generation) but DMS may run it.
    m_jobs.remove(project);
    changed(project);
}

QString ApplyController::statusText(const QString& project) const
{
    const State s = state(project);
    const QString name = s.projectName.isEmpty() ? project : s.projectName;
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
        QString text =
            tr("%1: request %2 %3").arg(name, s.requestId, s.status.isEmpty() ? tr("sent") : s.status);
        if (!s.step.isEmpty())
            text += tr(", %1").arg(s.step);
        if (s.percent >= 0)
            text += tr(" %1%").arg(s.percent, 0, 'f', 0);
        return text;
    }
    case Phase::Succeeded:
        return tr("%1: extension pack installed (request %2).").arg(name, s.requestId);
    case Phase::Failed:
        return tr("%1: %2").arg(name, FaultCatalogue::explain(s.fault.value_or(Fault())).title);
    }
    return QString();
}

void ApplyController::showFault(const QString& project)
{
    const State s = state(project);
    if (!s.fault)
        return;
    if (FaultDialog::present(m_dialogParent, *s.fault) == FaultDialog::Answer::Retry && canApply(project))
        apply(project);
}

void ApplyController::changed(const QString& project)
{
    emit projectChanged(project);
}

} // namespace dmsx::ui
