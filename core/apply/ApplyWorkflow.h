#pragma once

#include "apply/ApplyPlan.h"
#include "base/Fault.h"
#include "base/Result.h"
#include "dms/Page.h"
#include "dms/model/SchemaConversionRequest.h"
#include "net/CallOptions.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace dmsx {

class ApplyPreflight;
class AssociationPoller;
class PrerequisiteChecker;
class PrerequisiteServices;
class DmsClient;
class PendingCall;

// Applying the extension pack to one project, the sequence the window and the CLI share:
// pre-flight and the prerequisite checks (PrerequisiteChecker, each row reported as it completes)
// -> confirmation (confirmationRequested(), answered by answerConfirmation() whenever the caller
// likes) -> the pre-flight again, so that a request started elsewhere while the question was open
// is caught before anything is sent -> StartExtensionPackAssociation -> following the request
// until SUCCESS, FAILED or CANCELED (docs/protocol.md §6.2).
//
// A definite problem among the checks stops the run (Refused, PrereqProblemsFound) unless the
// caller chose to go on anyway (setIgnoreChecks); with setStopOnProblems(false) the question is
// still asked, so a dialog can show the problems and offer to go on.
//
// Start is never sent twice. When its answer is lost after it may have reached AWS
// (docs/protocol.md §5.5), the project's requests are listed and the one request that appeared
// since the pre-flight, whatever its state, is taken as ours; the transport's observers (the
// request history) are told what was found. Several new requests cannot be told apart, so that
// counts as nothing found.
//
// Never blocks and never spins an event loop. One run per object, started by start() or
// followRequest(); every run ends with exactly one finished(). Do not delete the object from
// its own signals (deleteLater is fine).
class ApplyWorkflow : public QObject
{
    Q_OBJECT
public:
    enum class Stage
    {
        Idle,       // not started
        Preflight,  // ApplyPreflight and the prerequisite checks running
        Confirming, // waiting for answerConfirmation()
        Rechecking, // the pre-flight again, after "yes"
        Starting,   // StartExtensionPackAssociation sent
        Recovering, // its answer was lost: looking for the request it may have created
        Following,  // polling the request
        Finished,
    };
    Q_ENUM(Stage)

    enum class Outcome
    {
        None,             // not finished
        Refused,          // a pre-flight refused or failed, or the checks found a problem: nothing sent
        Declined,         // the confirmation was answered no: nothing sent
        Cancelled,        // cancel() before Start was sent: nothing sent
        StartFailed,      // Start answered with a fault that shows it was not processed
        Unknown,          // Start may have reached AWS and no new request was found: re-check first
        Started,          // the request exists and was not followed (setFollow(false), or cancel())
        Succeeded,        // followed to SUCCESS
        Failed,           // followed to FAILED or CANCELED (fault kind AssociationFailed)
        FollowingStopped, // following ended first (cancel(), a poll error that will not pass, the
                          // request no longer listed); the installation may go on in AWS
    };
    Q_ENUM(Outcome)

    enum class RequestOrigin
    {
        None,
        StartAnswer, // Start answered with it
        Recovery,    // Start's answer was lost; found among the project's requests
        Given,       // followRequest()
    };
    Q_ENUM(RequestOrigin)

    // `projectIdentifier` is a name or ARN; every call after the pre-flight uses the ARN it found.
    ApplyWorkflow(DmsClient* client, const QString& projectIdentifier, QObject* parent = nullptr);
    ~ApplyWorkflow() override;

    // Off: no question and no second pre-flight (the caller confirmed beforehand, e.g. --yes).
    void setConfirmationRequired(bool required) { m_confirmationRequired = required; }
    // The clients the checks read the bucket, roles, secret and key through; not owned, must
    // outlive the workflow. Unset: only the checks DMS's own answers allow.
    void setServices(PrerequisiteServices* services) { m_services = services; }
    // On: definite problems found by the checks do not stop the run (--ignore-checks, "Apply
    // anyway"). May be set up to the answer of the question.
    void setIgnoreChecks(bool ignore) { m_ignoreChecks = ignore; }
    bool ignoresChecks() const { return m_ignoreChecks; }
    // Off: problems do not end the run before the question; answering yes without
    // setIgnoreChecks(true) still stops it. For a dialog that shows the checklist.
    void setStopOnProblems(bool stop) { m_stopOnProblems = stop; }
    // Off: the run ends with Started once the request id is known.
    void setFollow(bool follow) { m_follow = follow; }
    // Delays between polls; the last repeats. Empty: AssociationPoller's default.
    void setPollSchedule(const QList<int>& intervalsMs) { m_pollSchedule = intervalsMs; }
    // Failed polls in a row before following gives up (FollowingGaveUp); 0: AssociationPoller's default.
    void setMaxPollErrors(int n) { m_maxPollErrors = n; }
    // Delays before each look for a Start whose answer was lost: AWS may list a new request a
    // moment late, so nothing found is only believed after the last look.
    void setRecoverySchedule(const QList<int>& delaysMs) { m_recoverySchedule = delaysMs; }
    static QList<int> defaultRecoverySchedule();

    // The whole sequence.
    void start();
    // Only following a request known already (one left running when the window last closed).
    void followRequest(const QString& requestId);
    // Ignored unless the stage is Confirming.
    void answerConfirmation(bool confirmed);
    // Before Start: ends at once, nothing sent. A Start already sent is never undone: the run
    // ends when its outcome is known, without following. While following: stops following only.
    void cancel();

    QString projectIdentifier() const { return m_identifier; }
    Stage stage() const { return m_stage; }
    Outcome outcome() const { return m_outcome; }
    bool isFinished() const { return m_stage == Stage::Finished; }
    // From the latest pre-flight; empty until the first one succeeded.
    bool hasPlan() const { return m_plan.has_value(); }
    const ApplyPlan& plan() const;
    QString requestId() const { return m_requestId; }
    RequestOrigin requestOrigin() const { return m_origin; }
    // The request as last listed (recovery or a poll); empty before.
    const SchemaConversionRequest& lastRequest() const { return m_last; }
    // Why the run did not succeed; while Recovering, the Start's lost answer.
    const std::optional<Fault>& fault() const { return m_fault; }

signals:
    void stageChanged(dmsx::ApplyWorkflow::Stage stage);
    // The project was read; plan.checks lists every check, those still running as Pending.
    void checksStarted(const dmsx::ApplyPlan& plan);
    // One check has its outcome.
    void checkUpdated(int index, const dmsx::PrerequisiteCheck& check);
    // After the first pre-flight and the checks, before the question (or Start, without one).
    void planReady(const dmsx::ApplyPlan& plan);
    void confirmationRequested(const dmsx::ApplyPlan& plan);
    void requestIdentified(const QString& requestId, dmsx::ApplyWorkflow::RequestOrigin origin);
    // Each poll that lists the request.
    void requestUpdated(const dmsx::SchemaConversionRequest& request);
    // A poll failed and polling goes on.
    void pollFailed(const dmsx::Fault& fault, int consecutiveErrors);
    void finished();

private:
    void runChecks();
    void onChecksFinished();
    void runRecheck();
    void onRecheckFinished();
    void recordIgnoredProblems();
    void sendStart();
    void onStartAnswered(const Result<QString>& result);
    void scheduleLook();
    void look();
    void onLook(const Result<QList<SchemaConversionRequest>>& page);
    void identify(const QString& requestId, RequestOrigin origin);
    void beginFollowing();
    void setStage(Stage stage);
    void finish(Outcome outcome, const std::optional<Fault>& fault = std::nullopt);
    QString projectForCalls() const;
    static Fault cancelledFault();

    DmsClient* m_client;
    QString m_identifier;
    bool m_confirmationRequired = true;
    bool m_follow = true;
    bool m_ignoreChecks = false;
    bool m_stopOnProblems = true;
    QList<int> m_pollSchedule;
    int m_maxPollErrors = 0;
    QList<int> m_recoverySchedule;
    Stage m_stage = Stage::Idle;
    Outcome m_outcome = Outcome::None;
    std::optional<ApplyPlan> m_plan;
    QString m_requestId;
    RequestOrigin m_origin = RequestOrigin::None;
    SchemaConversionRequest m_last;
    std::optional<Fault> m_fault;
    bool m_cancelRequested = false;
    PrerequisiteServices* m_services = nullptr;
    QPointer<PrerequisiteChecker> m_checker;
    QPointer<ApplyPreflight> m_preflight;
    QPointer<PendingCall> m_call;
    QPointer<AssociationPoller> m_poller;
    QString m_startInvocationId; // tells the history which call the recovery settled
    CallOptions m_callOptions;   // every call of the run: the history folds them into one entry
    QStringList m_knownRequests; // what the last pre-flight saw
    int m_looks = 0;
    QTimer m_lookTimer;
};

} // namespace dmsx
