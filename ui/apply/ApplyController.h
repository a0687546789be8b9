#pragma once

#include "apply/ApplyPlan.h"
#include "apply/ApplyWorkflow.h"
#include "base/Fault.h"
#include "base/Result.h"
#include "dms/model/SchemaConversionRequest.h"
#include "prereq/PrerequisiteReport.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QWidget;

namespace dmsx {
class DmsClient;
class PrerequisiteServices;
} // namespace dmsx

namespace dmsx::ui {

class NotificationSink;
class RunningRequestsStore;

// The window's side of ApplyWorkflow, for any number of projects at once (one workflow each):
// the prerequisite checks (each row reported through checksChanged() as it completes), the
// confirmation through Prompts, which shows the checklist's findings and, when a definite
// problem was found, asks "Apply anyway" (answering it is what lets the run go on; the history
// keeps that), then a desktop notification when the followed request ends.
// A project that is being checked, confirmed, started or followed refuses a second apply, so the
// button cannot double-submit. Faults the person caused by clicking go to the fault dialog
// (Prompts); faults of background polling go out through backgroundFault() for the message bar.
// Projects are keyed by the identifier given to apply() (the window uses ARNs). One controller
// serves one DmsClient: after a profile or region switch a new one picks up the requests still
// running from the store (resumeRunningRequests()).
class ApplyController : public QObject
{
    Q_OBJECT
public:
    enum class Phase
    {
        Idle,       // nothing yet, or the person cancelled the confirmation
        Preflight,  // ApplyPreflight running (before the confirmation, and again after it)
        Confirming, // the confirmation is open
        Starting,   // StartExtensionPackAssociation sent
        Recovering, // start answer lost: looking whether DMS took the request anyway
        Running,    // following the request id
        Succeeded,
        Failed, // refused by the pre-flight, the start, or the request ended FAILED/CANCELED
        // Following gave up after failed checks in a row (FollowingGaveUp): the request may still
        // be running; followAgain() resumes it.
        NotFollowed,
    };
    Q_ENUM(Phase)

    struct State
    {
        Phase phase = Phase::Idle;
        QString projectArn;
        QString projectName;
        QString requestId;
        QString status; // DMS status: RECEIVED, IN_PROGRESS, SUCCESS, FAILED, ...
        QString step;
        double percent = -1; // of the current step; -1 unknown
        QDateTime startedAt;
        std::optional<Fault> fault; // why it failed (Failed), or the last poll error (Running)
        bool busy() const;
    };

    // None of the pointers is owned; all must outlive the controller.
    ApplyController(DmsClient* client, NotificationSink* notifications, RunningRequestsStore* store,
                    QObject* parent = nullptr);
    ~ApplyController() override;

    // Names a project by its key when nothing better is known (a request resumed from an older
    // store); without it the key is shown.
    void setProjectNameLookup(std::function<QString(const QString&)> nameOf) { m_nameOf = std::move(nameOf); }
    // Parent of the confirmation and fault dialogs.
    void setDialogParent(QWidget* parent) { m_dialogParent = parent; }
    // Poll delays for new and resumed requests (AssociationPoller's default when empty).
    void setPollSchedule(const QList<int>& intervalsMs) { m_pollSchedule = intervalsMs; }
    QList<int> pollSchedule() const { return m_pollSchedule; } // empty: the poller's default
    // Failed checks in a row before following gives up (0: the poller's default).
    void setMaxPollErrors(int n) { m_maxPollErrors = n; }
    // The clients the checks read the bucket, roles, secret and key through (not owned; must
    // outlive the controller). Unset: only the checks DMS's own answers allow.
    void setServices(PrerequisiteServices* services) { m_services = services; }

    // False while the project's apply is in flight (pre-flight, confirmation, start, running).
    bool canApply(const QString& project) const;
    // Starts the flow; false (and nothing sent) when canApply() is false.
    bool apply(const QString& project);
    // Follows again every request the store holds (left running at the last close).
    void resumeRunningRequests();
    // Follows again a request whose following gave up (Phase::NotFollowed); false otherwise.
    bool followAgain(const QString& project);
    // Stops following a project's request (it keeps running in DMS) and forgets it.
    void stopFollowing(const QString& project);

    State state(const QString& project) const;
    QStringList projects() const { return m_jobs.keys(); }
    QStringList busyProjects() const;
    // The project's name, as well as it is known (its key at worst).
    QString displayName(const QString& project) const;
    // One line for the status bar.
    QString statusText(const QString& project) const;
    // Shows the fault dialog for the project's last fault, if any.
    void showFault(const QString& project);

signals:
    void projectChanged(const QString& project);
    void statusMessage(const QString& text);
    // A poll failed (polling goes on unless the request ended): for the message bar.
    void backgroundFault(const QString& project, const dmsx::Fault& fault);
    // The followed request reached SUCCESS, or ended some other way.
    void requestEnded(const QString& project, bool succeeded);
    // Following the project's request gave up after failed checks in a row: for the message bar,
    // with followAgain() as its action.
    void followingGaveUp(const QString& project, const dmsx::Fault& fault);
    // The prerequisite checklist of the project's apply, as far as it has come (rows still
    // running are Pending): once when the project was read, then after each row; `running` is
    // false once every row is done, or when the apply ended before they were.
    void checksChanged(const QString& project, const dmsx::PrerequisiteReport& report, bool running);
    // The person chose "Sign in…" on an apply's fault: the window opens the sign-in.
    void signInRequested();

private:
    struct Job
    {
        State state;
        QPointer<ApplyWorkflow> workflow;
        quint64 generation = 0;
        bool followedAgain = false; // by followAgain(), not from the store at start
        PrerequisiteReport checks;  // of the running apply
    };

    ApplyWorkflow* startWorkflow(const QString& project, const QString& identifier);
    Job* jobOf(const QString& project, const ApplyWorkflow* workflow);
    void onStageChanged(const QString& project, ApplyWorkflow::Stage stage);
    void askConfirmation(const QString& project, const QPointer<ApplyWorkflow>& workflow);
    void onRequestIdentified(const QString& project, const QString& requestId,
                             ApplyWorkflow::RequestOrigin origin);
    void onRequestUpdated(const QString& project, const SchemaConversionRequest& request);
    void onFinished(const QString& project, ApplyWorkflow* workflow);
    void finishFollowing(const QString& project, bool succeeded, const std::optional<Fault>& fault);
    void gaveUpFollowing(const QString& project, const Fault& fault);
    // A fault of something the person asked for: the fault dialog, with Retry when it can help.
    void failInteractive(const QString& project, const Fault& fault);
    void changed(const QString& project);
    Job* job(const QString& project);

    DmsClient* m_client;
    NotificationSink* m_notifications;
    RunningRequestsStore* m_store;
    QPointer<QWidget> m_dialogParent;
    QList<int> m_pollSchedule;
    int m_maxPollErrors = 0;
    PrerequisiteServices* m_services = nullptr;
    std::function<QString(const QString&)> m_nameOf;
    QHash<QString, Job> m_jobs;
    quint64 m_nextGeneration = 1;
};

} // namespace dmsx::ui
