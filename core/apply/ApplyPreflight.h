#pragma once

#include "apply/ApplyPlan.h"
#include "base/Result.h"
#include "net/CallOptions.h"

#include <QObject>
#include <QPointer>

namespace dmsx {

class DmsClient;
class PendingCall;

// What must be read before StartExtensionPackAssociation, shared by the GUI and the CLI: the
// project, its data providers and its requests (every page). It refuses only when there is
// nothing to apply to (no such project, no target data provider); a virtual target or requests
// queued ahead are findings of the prerequisite checks (PrerequisiteChecker), not refusals.
// Every call it makes is signed, so success also proves the credentials work.
// Ends with exactly one finished().
class ApplyPreflight : public QObject
{
    Q_OBJECT
public:
    ApplyPreflight(DmsClient* client, const QString& projectIdentifier, QObject* parent = nullptr);
    // Carried by every call of the checks (e.g. the apply's CallOptions::actionKey).
    void setCallOptions(const CallOptions& options) { m_callOptions = options; }
    void start();
    void cancel();
    const Result<ApplyPlan>& result() const { return m_result; }

signals:
    void finished();

private:
    void loadProviders();
    void loadRequests();
    void finishWith(Result<ApplyPlan> result);
    // A refusal found here, not returned by AWS: ResourceNotFoundFault or one of the Preflight* codes.
    Fault refusal(const QString& code, const QString& message) const;

    DmsClient* m_client;
    QString m_identifier;
    ApplyPlan m_plan;
    Result<ApplyPlan> m_result{Fault()};
    QPointer<PendingCall> m_call;
    CallOptions m_callOptions;
    bool m_done = false;
};

} // namespace dmsx
