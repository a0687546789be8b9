#include "history/HistoryRecorder.h"

#include "base/FaultCodes.h"
#include "dms/model/SchemaConversionRequest.h"
#include "history/HistoryStore.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <utility>

namespace dmsx {

namespace {

bool isArn(const QString& s)
{
    return s.startsWith(QLatin1String("arn:"));
}

HistoryRecord::Outcome outcomeOf(const CallEvent& e)
{
    if (!e.fault)
        return HistoryRecord::Outcome::Succeeded;
    // Neither failed nor cancelled: AWS may have acted on it (a Start may be installing).
    if (e.fault->requestMayHaveBeenProcessed)
        return HistoryRecord::Outcome::Unknown;
    return e.fault->kind == FaultKind::Cancelled ? HistoryRecord::Outcome::Cancelled
                                                 : HistoryRecord::Outcome::Failed;
}

// Records the request's status (and step, error) on `row`, adding a transition when it changed.
void noteAssociation(HistoryRecord& row, const SchemaConversionRequest& req, const QDateTime& at)
{
    if (!req.status.isEmpty() && req.status != row.associationStatus) {
        row.associationTransitions.append(at.toUTC().toString(Qt::ISODate) + QLatin1Char(' ') + req.status);
        row.associationStatus = req.status;
    }
    if (req.progress && !req.progress->progressStep.isEmpty())
        row.associationStep = req.progress->progressStep;
    if (req.error && !req.error->message.isEmpty())
        row.associationError = req.error->message;
    if (row.projectArn.isEmpty() && !req.migrationProjectArn.isEmpty())
        row.projectArn = req.migrationProjectArn;
}

} // namespace

HistoryRecorder::HistoryRecorder(HistoryStore* store) : m_store(store) {}

HistoryRecorder::~HistoryRecorder()
{
    writeHeld();
}

void HistoryRecorder::endBatch()
{
    m_batching = false;
    writeHeld();
}

void HistoryRecorder::writeHeld()
{
    if (m_held.isEmpty())
        return;
    const QHash<qint64, HeldWrite> held = std::exchange(m_held, {});
    for (const HeldWrite& h : held) {
        const Result<void> r = m_store->update(h.record);
        if (r.ok())
            continue;
        noteFailure(r.fault());
        // A held start only: the row's next write (its end) tries again, whole.
        if (h.isEnd)
            reportLoss(h.record, r.fault());
    }
}

// Both the name and the ARN when this process has seen them together, so a search by either
// finds the entry.
void HistoryRecorder::setProject(HistoryRecord& r, const QString& identifier, const QString& name)
{
    if (identifier.isEmpty())
        return;
    if (isArn(identifier)) {
        r.projectArn = identifier;
        if (!name.isEmpty())
            r.projectName = name;
        if (r.projectName.isEmpty()) {
            readProjectNames();
            r.projectName = m_projectNameByArn.value(identifier);
        }
    } else {
        r.projectName = identifier;
    }
}

void HistoryRecorder::readProjectNames()
{
    // In the order received: a project renamed between two listings keeps its newer name.
    for (const CallEvent::DeferredOutput::ItemNames& page : std::as_const(m_unreadProjectPages)) {
        for (qsizetype i = 0; i < page.size(); ++i) {
            const QStringView arn = page.identifier(i);
            const QStringView name = page.name(i);
            if (!arn.isEmpty() && !name.isEmpty())
                m_projectNameByArn.insert(arn.toString(), name.toString());
        }
    }
    m_unreadProjectPages.clear();
    m_unreadProjects = 0;
}

bool HistoryRecorder::isAlwaysOwnRow(const QString& operation)
{
    // Each installation must be findable by itself (and never merged into a retry of another).
    return operation == QLatin1String("StartExtensionPackAssociation");
}

void HistoryRecorder::noteFailure(const Fault& fault)
{
    ++m_failures;
    m_lastError = fault.message;
    m_lastFault = fault;
}

void HistoryRecorder::reportLoss(const HistoryRecord& record, const Fault& cause)
{
    // A poll series keeps one key while its row is missing: one report for the series.
    const QString key = record.id                   ? QString::number(record.id)
                        : record.groupKey.isEmpty() ? QStringLiteral("call:") + record.invocationId
                                                    : QStringLiteral("group:") + record.groupKey;
    // A read-only history was said once when it was opened.
    if (!m_onLoss || m_lossReported.contains(key) || m_store->isReadOnly())
        return;
    m_lossReported.insert(key);
    const QString what =
        record.dmsRequestIdentifier.isEmpty()
            ? record.operation
            : QStringLiteral("%1 (DMS request id %2)").arg(record.operation, record.dmsRequestIdentifier);
    Fault f =
        Fault::make(FaultKind::Configuration, FaultCode::HistoryRequestNotRecorded,
                    record.id ? QStringLiteral("The outcome of %1 was not written to the history file %2: %3")
                                    .arg(what, m_store->path(), cause.message)
                              : QStringLiteral("%1 was not written to the history file %2: %3")
                                    .arg(what, m_store->path(), cause.message));
    f.operation = record.operation;
    f.requestId = record.awsRequestId;
    f.detail = cause.detail;
    f.requestWasSent = false;
    m_onLoss(f);
}

bool HistoryRecorder::store(Entry& entry, bool isNew, bool isEnd)
{
    if (!m_store || !m_store->isOpen())
        return true;
    if (m_batching && !isNew && entry.record.id != 0) {
        HeldWrite& held = m_held[entry.record.id];
        held.record = entry.record;
        held.isEnd = held.isEnd || isEnd;
        return true;
    }
    writeHeld();
    // arn:PARTITION:dms:REGION:ACCOUNT:migration-project:ID names the account when nothing else did.
    if (entry.record.accountId.isEmpty() && isArn(entry.record.projectArn))
        entry.record.accountId = entry.record.projectArn.section(QLatin1Char(':'), 4, 4);
    // A row whose insert failed is inserted whole when written next (a lock may have gone).
    if (isNew || entry.record.id == 0) {
        const Result<qint64> id = m_store->insert(entry.record);
        if (id.ok()) {
            entry.record.id = id.value();
            return true;
        }
        noteFailure(id.fault());
        return false;
    }
    const Result<void> r = m_store->update(entry.record);
    if (r.ok())
        return true;
    noteFailure(r.fault());
    return false;
}

void HistoryRecorder::callStarted(const CallEvent& e)
{
    const QString key = e.groupKey.isEmpty() || isAlwaysOwnRow(e.operation)
                            ? e.invocationId
                            : QStringLiteral("group:") + e.groupKey;
    m_keyByInvocation.insert(e.invocationId, key);
    auto it = m_entries.find(key);
    const bool isNew = it == m_entries.end();
    if (isNew) {
        Entry entry;
        HistoryRecord& r = entry.record;
        r.startedAt = e.startedAt;
        r.profile = m_profile;
        r.credentialsSource = m_credentialsSource;
        r.accountId = m_accountId;
        r.region = e.region;
        r.endpointHost = e.endpointHost;
        r.operation = e.operation;
        setProject(r, e.input.value(QLatin1String("MigrationProjectIdentifier")).toString(), e.subjectName);
        r.groupKey = e.groupKey;
        r.actionKey = e.actionKey;
        r.background = e.background;
        r.invocationId = e.invocationId;
        r.processId = QCoreApplication::applicationPid();
        r.processToken = HistoryStore::processToken();
        r.callCount = 0;
        it = m_entries.insert(key, entry);
    }
    Entry& entry = it.value();
    ++entry.inFlight;
    ++entry.record.callCount;
    entry.record.callOutcome = HistoryRecord::Outcome::Pending;
    entry.record.settleOutcome();
    entry.record.invocationId = e.invocationId;
    if (isNew)
        placeInAction(entry, isAlwaysOwnRow(e.operation));
    else
        store(entry, false);
    m_rowByInvocation.insert(e.invocationId, entry.record.id);
}

void HistoryRecorder::placeInAction(Entry& entry, bool isStart)
{
    HistoryRecord& r = entry.record;
    if (r.actionKey.isEmpty()) {
        store(entry, true);
        return;
    }
    auto action = m_actions.find(r.actionKey);
    const bool becomesHead = action == m_actions.end() || (isStart && !action->headIsStart);
    if (!becomesHead)
        r.parentId = action->headId;
    store(entry, true);
    if (!becomesHead || r.id == 0)
        return;
    const bool hadCalls = action != m_actions.end();
    m_actions.insert(r.actionKey, Action{r.id, isStart});
    // The apply's Start heads what came before it (its pre-flight reads) and what follows.
    if (hadCalls)
        foldUnder(r.actionKey, r.id);
}

void HistoryRecorder::foldUnder(const QString& actionKey, qint64 headId)
{
    writeHeld();
    if (const Result<int> moved = m_store->foldAction(actionKey, headId); !moved.ok())
        noteFailure(moved.fault());
    // Open entries (a poll series) are written again whole: they must keep the new parent.
    for (Entry& open : m_entries) {
        if (open.record.actionKey == actionKey && open.record.id != headId)
            open.record.parentId = headId;
    }
}

void HistoryRecorder::callFinished(const CallEvent& e)
{
    const QString key = m_keyByInvocation.take(e.invocationId);
    auto it = m_entries.find(key);
    if (key.isEmpty() || it == m_entries.end())
        return;
    Entry& entry = it.value();
    HistoryRecord& r = entry.record;
    --entry.inFlight;
    r.finishedAt = e.finishedAt;
    r.durationMs = r.startedAt.isValid() ? qMax<qint64>(0, r.startedAt.msecsTo(e.finishedAt)) : -1;
    r.attempts += e.attempts;
    if (e.httpStatus)
        r.httpStatus = e.httpStatus;
    if (!e.requestId.isEmpty())
        r.awsRequestId = e.requestId;
    r.callOutcome = outcomeOf(e);
    if (e.fault) {
        r.faultCode = e.fault->code;
        r.faultMessage = e.fault->message;
    } else {
        r.faultCode.clear();
        r.faultMessage.clear();
    }
    if (e.operation == QLatin1String("StartExtensionPackAssociation") && !e.fault)
        r.dmsRequestIdentifier = e.outputObject().value(QLatin1String("RequestIdentifier")).toString();
    if (e.operation == QLatin1String("DescribeExtensionPackAssociations") && !e.fault)
        applyAssociations(e, r);
    r.settleOutcome();
    if (e.operation == QLatin1String("DescribeMigrationProjects") && !e.fault) {
        CallEvent::DeferredOutput::ItemNames listed;
        if (e.deferredOutput) {
            listed = e.deferredOutput->itemNames;
        } else {
            for (const QJsonValue& v : e.output.value(QLatin1String("MigrationProjects")).toArray()) {
                const QJsonObject p = v.toObject();
                listed.append(p.value(QLatin1String("MigrationProjectArn")).toString(),
                              p.value(QLatin1String("MigrationProjectName")).toString());
            }
        }
        m_unreadProjects += listed.size();
        m_unreadProjectPages.append(std::move(listed));
        // The newest listings' names are the ones later calls need; older pages go unread.
        while (m_unreadProjects > kMaxUnreadProjects && m_unreadProjectPages.size() > 1)
            m_unreadProjects -= m_unreadProjectPages.takeFirst().size();
    }
    if (!store(entry, false, true))
        reportLoss(r, m_lastFault);
    else if (r.id != 0)
        m_rowByInvocation.insert(e.invocationId, r.id);
    if (r.outcome == HistoryRecord::Outcome::Unknown && r.id != 0)
        m_beingChecked.insert(r.id);
    // A group stays open for its next page or poll; the caller's run ends with its last call.
    if (entry.inFlight <= 0 && (r.groupKey.isEmpty() || isAlwaysOwnRow(r.operation)))
        m_entries.erase(it);
}

void HistoryRecorder::applyAssociations(const CallEvent& e, HistoryRecord& row)
{
    const QJsonArray requests = e.outputObject().value(QLatin1String("Requests")).toArray();
    const QString project = e.input.value(QLatin1String("MigrationProjectIdentifier")).toString();
    QList<SchemaConversionRequest> unknownToHistory;
    for (const QJsonValue& v : requests) {
        const SchemaConversionRequest req = SchemaConversionRequest::fromJson(v.toObject());
        if (req.requestIdentifier.isEmpty())
            continue;
        // A poll series follows one request: the row shows its status too.
        if (requests.size() == 1 && !row.groupKey.isEmpty()) {
            row.dmsRequestIdentifier = req.requestIdentifier;
            noteAssociation(row, req, e.finishedAt);
        }
        if (!m_store || !m_store->isOpen())
            continue;
        writeHeld();
        const Result<std::optional<HistoryRecord>> start = m_store->findStart(req.requestIdentifier);
        if (!start.ok()) {
            noteFailure(start.fault());
            continue;
        }
        if (!start.value()) {
            unknownToHistory.append(req);
            continue;
        }
        HistoryRecord s = *start.value();
        const HistoryRecord before = s;
        noteAssociation(s, req, e.finishedAt);
        // The installation's outcome; the HTTP result of a Start whose answer was lost stays unknown.
        s.settleOutcome();
        if (s.associationStatus != before.associationStatus || s.outcome != before.outcome ||
            s.associationStep != before.associationStep || s.associationError != before.associationError) {
            if (const Result<void> u = m_store->update(s); !u.ok()) {
                noteFailure(u.fault());
                reportLoss(s, u.fault());
            }
        }
    }
    // A start whose process died before the answer has no RequestIdentifier. When the project has
    // exactly one such start and exactly one request the history does not know, they are the same;
    // unless a start of this process is still being checked by its caller, who knows better.
    if (unknownToHistory.size() == 1 && m_store && m_store->isOpen() && !project.isEmpty()) {
        writeHeld();
        const Result<QList<HistoryRecord>> open = m_store->unresolvedStarts(project);
        const bool checking = open.ok() && std::any_of(open->cbegin(), open->cend(), [this](const auto& s) {
                                  return m_beingChecked.contains(s.id);
                              });
        if (open.ok() && open->size() == 1 && !checking) {
            HistoryRecord s = open->first();
            s.dmsRequestIdentifier = unknownToHistory.first().requestIdentifier;
            noteAssociation(s, unknownToHistory.first(), e.finishedAt);
            s.settleOutcome();
            if (const Result<void> u = m_store->update(s); !u.ok()) {
                noteFailure(u.fault());
                reportLoss(s, u.fault());
            }
        }
    }
}

void HistoryRecorder::ambiguousCallChecked(const QString& invocationId,
                                           const std::optional<QJsonObject>& output)
{
    const qint64 row = m_rowByInvocation.value(invocationId);
    if (row == 0 || !m_beingChecked.remove(row) || !output || !m_store || !m_store->isOpen())
        return;
    writeHeld();
    const Result<std::optional<HistoryRecord>> stored = m_store->get(row);
    if (!stored.ok()) {
        noteFailure(stored.fault());
        return;
    }
    if (!stored.value())
        return;
    HistoryRecord r = *stored.value();
    if (r.outcome != HistoryRecord::Outcome::Unknown)
        return;
    // The fault stays on the row: it tells why the answer is missing. A Start's HTTP result stays
    // unknown; its installation is now known to exist.
    if (r.operation == QLatin1String("StartExtensionPackAssociation"))
        r.dmsRequestIdentifier = output->value(QLatin1String("RequestIdentifier")).toString();
    else
        r.callOutcome = HistoryRecord::Outcome::Succeeded;
    r.settleOutcome();
    if (const Result<void> u = m_store->update(r); !u.ok()) {
        noteFailure(u.fault());
        reportLoss(r, u.fault());
    }
}

} // namespace dmsx
