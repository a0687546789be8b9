#include "history/HistoryRecord.h"

#include "base/ShellWord.h"
#include "config/Partition.h"

#include <QJsonArray>

namespace dmsx {

namespace {

const QLatin1String kStart("StartExtensionPackAssociation");

} // namespace

QString HistoryRecord::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
    case Outcome::Queued:
        return QStringLiteral("queued");
    case Outcome::InProgress:
        return QStringLiteral("in_progress");
    case Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Cancelled:
        return QStringLiteral("cancelled");
    case Outcome::Unknown:
        return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

std::optional<HistoryRecord::Outcome> HistoryRecord::outcomeFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("sending"))
        return Outcome::Pending;
    if (n == QLatin1String("in-progress") || n == QLatin1String("inprogress"))
        return Outcome::InProgress;
    for (Outcome o : {Outcome::Pending, Outcome::Queued, Outcome::InProgress, Outcome::Succeeded,
                      Outcome::Failed, Outcome::Cancelled, Outcome::Unknown}) {
        if (n == outcomeName(o))
            return o;
    }
    return std::nullopt;
}

HistoryRecord::Outcome HistoryRecord::installationOutcome(const QString& associationStatus)
{
    // The same mapping as the schema migration to version 3 in HistoryStore.cpp.
    if (associationStatus == QLatin1String("RECEIVED"))
        return Outcome::Queued;
    if (associationStatus == QLatin1String("SUCCESS"))
        return Outcome::Succeeded;
    if (associationStatus == QLatin1String("FAILED"))
        return Outcome::Failed;
    if (associationStatus == QLatin1String("CANCELED"))
        return Outcome::Cancelled;
    return Outcome::InProgress;
}

HistoryRecord::Outcome HistoryRecord::httpResult() const
{
    // `outcome` is the call's own for every other entry, and while the call is in flight or its
    // answer lost: a record edited by hand (a test, an import) needs to set only that.
    if (!followsInstallation() || outcome == Outcome::Pending || outcome == Outcome::Unknown)
        return outcome;
    if (callOutcome)
        return *callOutcome;
    return outcome == Outcome::Queued || outcome == Outcome::InProgress ? Outcome::Succeeded : outcome;
}

bool HistoryRecord::followsInstallation() const
{
    // A poll series names its request once an answer listed it.
    return operation == kStart || (!dmsRequestIdentifier.isEmpty() && !associationStatus.isEmpty());
}

void HistoryRecord::settleOutcome()
{
    const Outcome call = callOutcome.value_or(httpResult());
    if (!followsInstallation()) {
        outcome = call;
        return;
    }
    if (!associationStatus.isEmpty()) {
        // The last status seen, even when a later poll failed: the installation went on in AWS.
        outcome = installationOutcome(associationStatus);
        return;
    }
    // An accepted Start that no poll has seen yet is queued, as far as anyone here knows; so is one
    // whose answer was lost but whose request was found since.
    outcome = call == Outcome::Succeeded || !dmsRequestIdentifier.isEmpty() ? Outcome::Queued : call;
}

namespace {

// A host of AWS's own, in any partition, IPv4 or dual-stack.
bool isAwsHost(const QString& host)
{
    const QString name = host.section(QLatin1Char(':'), 0, 0).toLower();
    for (const Partition& p : Partition::all()) {
        if (name.endsWith(QLatin1Char('.') + p.dnsSuffix) ||
            name.endsWith(QLatin1Char('.') + p.dualStackDnsSuffix))
            return true;
    }
    return false;
}

} // namespace

QString HistoryRecord::advice() const
{
    if (outcome != Outcome::Unknown)
        return {};
    if (operation == kStart) {
        // The command names the profile and region the Start went out with, and the ARN rather
        // than the name, so it looks in the same place when pasted later.
        QStringList words{QStringLiteral("dms-extpack-cli")};
        if (!profile.isEmpty())
            words << QStringLiteral("--profile") << shellWord(profile);
        if (!region.isEmpty())
            words << QStringLiteral("--region") << shellWord(region);
        const QString project = projectArn.isEmpty() ? projectName : projectArn;
        words << QStringLiteral("status")
              << (project.isEmpty() ? QStringLiteral("PROJECT") : shellWord(project));
        QString text =
            QStringLiteral(
                "Outcome unknown: no answer from AWS arrived (the connection failed or the program "
                "ended first), so the extension pack may or may not be installing. Re-check before "
                "applying again: %1")
                .arg(words.join(QLatin1Char(' ')));
        // Only the host is kept, not the scheme, so the URL is for the reader to complete.
        if (!endpointHost.isEmpty() && !isAwsHost(endpointHost))
            text += QStringLiteral(" (it was sent to %1: add --endpoint-url with that endpoint's URL)")
                        .arg(endpointHost);
        return text;
    }
    return QStringLiteral(
        "Outcome unknown: no answer from AWS arrived (the connection failed or the program ended "
        "first). Re-check the current state before acting on it.");
}

namespace {

QJsonValue timeJson(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace

QJsonObject HistoryRecord::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("startedAt"), timeJson(startedAt));
    o.insert(QStringLiteral("finishedAt"), timeJson(finishedAt));
    o.insert(QStringLiteral("durationMs"), durationMs >= 0 ? QJsonValue(durationMs) : QJsonValue());
    o.insert(QStringLiteral("profile"), profile);
    o.insert(QStringLiteral("credentialsSource"), credentialsSource);
    o.insert(QStringLiteral("accountId"), accountId);
    o.insert(QStringLiteral("region"), region);
    o.insert(QStringLiteral("endpointHost"), endpointHost);
    o.insert(QStringLiteral("operation"), operation);
    o.insert(QStringLiteral("projectName"), projectName);
    o.insert(QStringLiteral("projectArn"), projectArn);
    o.insert(QStringLiteral("dmsRequestIdentifier"), dmsRequestIdentifier);
    o.insert(QStringLiteral("awsRequestId"), awsRequestId);
    o.insert(QStringLiteral("httpStatus"), httpStatus);
    o.insert(QStringLiteral("httpResult"), outcomeName(httpResult()));
    o.insert(QStringLiteral("attempts"), attempts);
    o.insert(QStringLiteral("callCount"), callCount);
    o.insert(QStringLiteral("outcome"), outcomeName(outcome));
    o.insert(QStringLiteral("faultCode"), faultCode);
    o.insert(QStringLiteral("faultMessage"), faultMessage);
    o.insert(QStringLiteral("associationStatus"), associationStatus);
    o.insert(QStringLiteral("associationTransitions"), QJsonArray::fromStringList(associationTransitions));
    o.insert(QStringLiteral("associationStep"), associationStep);
    o.insert(QStringLiteral("associationError"), associationError);
    o.insert(QStringLiteral("background"), background);
    o.insert(QStringLiteral("parentId"), parentId > 0 ? QJsonValue(parentId) : QJsonValue());
    o.insert(QStringLiteral("advice"), advice());
    return o;
}

} // namespace dmsx
