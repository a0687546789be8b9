#pragma once

#include "apply/ApplyPlan.h"
#include "base/Result.h"
#include "iam/IamClient.h"
#include "kms/KmsClient.h"
#include "net/CallOptions.h"
#include "prereq/PrerequisiteReport.h"
#include "s3/S3Client.h"
#include "secretsmanager/SecretsManagerClient.h"

#include <QObject>
#include <QPointer>

namespace dmsx {

class ApplyPreflight;
class DmsClient;
class PrerequisiteServices;

// The prerequisite checks of one project, shared by the CLI's `check` and `apply` and the window:
// reads the project (ApplyPreflight), then fills in the checklist row by row, telling its
// listeners as each row completes so a panel can show them arriving. With services set, the
// bucket, the roles, the secret and its key are read too (in parallel); each such check ends
// passed, problem found, or could not check (no permission, no answer), and the last never blocks. A project
// that cannot be read at all (not found, no target, no permission) ends with that fault instead of a
// checklist. Never blocks; ends with exactly one finished().
class PrerequisiteChecker : public QObject
{
    Q_OBJECT
public:
    PrerequisiteChecker(DmsClient* client, const QString& projectIdentifier, QObject* parent = nullptr);
    ~PrerequisiteChecker() override;

    // Carried by every call (e.g. the apply's CallOptions::actionKey, so the history files the
    // checks' calls under the apply).
    void setCallOptions(const CallOptions& options) { m_callOptions = options; }
    // Not owned; must outlive the checker. Unset: only the checks DMS's answers allow.
    void setServices(PrerequisiteServices* services) { m_services = services; }
    void start();
    // Ends at once with a Cancelled fault; calls in flight are cancelled.
    void cancel();

    // The plan with plan.checks complete, or why the project could not be read. Valid after finished().
    const Result<ApplyPlan>& result() const { return m_result; }
    // The checklist so far (rows still Pending until they finish).
    const PrerequisiteReport& report() const { return m_report; }

    // The rows that follow from DMS's own answers alone: the target, the project's S3 settings,
    // the target's secret settings, the requests queued ahead.
    static PrerequisiteReport projectChecks(const ApplyPlan& plan);

signals:
    // The project was read; `plan.checks` holds every row, the ones still running as Pending.
    void planReady(const dmsx::ApplyPlan& plan);
    // A row has its outcome.
    void checkUpdated(int index, const dmsx::PrerequisiteCheck& check);
    void finished();

public:
    // The rows of the service checks, as findings from their answers (no network): for tests and
    // for a panel that explains a row again.
    static PrerequisiteCheck bucketCheck(const Result<BucketVersioning>& answer, const QString& bucketPath,
                                         const QString& region);
    static PrerequisiteCheck roleCheck(PrerequisiteCheck::Id id, const Result<IamRole>& answer,
                                       const QString& roleArn, const QString& region);
    static PrerequisiteCheck secretCheck(const Result<SecretDescription>& answer, const QString& secretId,
                                         const QString& region);
    static PrerequisiteCheck keyCheck(const Result<KeyDescription>& answer, const QString& keyId,
                                      const QString& region);

private:
    void onPreflightFinished();
    void finishWith(Result<ApplyPlan> result);
    // Adds the service rows as Pending and starts their calls.
    void startServiceChecks();
    void checkBucket();
    void checkRole(PrerequisiteCheck::Id id, PrerequisiteCheck::Id accessId, const QString& roleArn);
    void checkRoleAccess(PrerequisiteCheck::Id accessId, const QString& roleArn);
    void checkSecret();
    void checkKey(const QString& keyId, const QString& region);
    // Records a row's outcome, tells the listeners, and finishes after the last one.
    void complete(const PrerequisiteCheck& check);

    DmsClient* m_client;
    QString m_identifier;
    CallOptions m_callOptions;
    PrerequisiteServices* m_services = nullptr;
    QPointer<ApplyPreflight> m_preflight;
    ApplyPlan m_plan;
    PrerequisiteReport m_report;
    Result<ApplyPlan> m_result{Fault()};
    bool m_done = false;
};

} // namespace dmsx
