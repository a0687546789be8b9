#include "history/HistoryRecord.h"

#include <QJsonArray>

namespace dmsx {

QString HistoryRecord::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QStringLiteral("pending");
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
    for (Outcome o :
         {Outcome::Pending, Outcome::Succeeded, Outcome::Failed, Outcome::Cancelled, Outcome::Unknown}) {
        if (name.compare(outcomeName(o), Qt::CaseInsensitive) == 0)
            return o;
    }
    return std::nullopt;
}

QString HistoryRecord::advice() const
{
    if (outcome != Outcome::Unknown)
        return {};
    const QString project = projectName.isEmpty() ? projectArn : projectName;
    if (operation == QLatin1String("StartExtensionPackAssociation")) {
        return QStringLiteral(
                   "Outcome unknown: no answer from AWS arrived (the connection failed or the program "
                   "ended first), so the extension pack may or may not be installing. Re-check before "
                   "applying again: dms-extpack-cli status %1")
            .arg(project.isEmpty() ? QStringLiteral("PROJECT") : project);
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
    o.insert(QStringLiteral("attempts"), attempts);
    o.insert(QStringLiteral("callCount"), callCount);
    o.insert(QStringLiteral("outcome"), outcomeName(outcome));
    o.insert(QStringLiteral("faultCode"), faultCode);
    o.insert(QStringLiteral("faultMessage"), faultMessage);
    o.insert(QStringLiteral("associationStatus"), associationStatus);
    o.insert(QStringLiteral("associationTransitions"), QJsonArray::fromStringList(associationTransitions));
    o.insert(QStringLiteral("associationStep"), associationStep);
    o.insert(QStringLiteral("associationError"), associationError);
    o.insert(QStringLiteral("advice"), advice());
    return o;
}

} // namespace dmsx
