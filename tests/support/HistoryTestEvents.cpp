#include "HistoryTestEvents.h"

#include <QDateTime>
#include <QUuid>

namespace dmsx::historytest {

CallEvent callEvent(const QString& op, const QString& group, const QString& project)
{
    CallEvent e;
    e.invocationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.operation = op;
    e.groupKey = group;
    if (!project.isEmpty())
        e.input.insert(QStringLiteral("MigrationProjectIdentifier"), project);
    e.region = QStringLiteral("eu-west-1");
    e.endpointHost = QStringLiteral("dms.eu-west-1.amazonaws.com");
    e.startedAt = QDateTime::currentDateTimeUtc();
    return e;
}

CallEvent finished(CallEvent e, const QJsonObject& output, std::optional<Fault> fault)
{
    e.finishedAt = e.startedAt.addMSecs(10);
    e.attempts = 1;
    e.httpStatus = fault ? fault->httpStatus : 200;
    e.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.output = output;
    e.fault = std::move(fault);
    return e;
}

} // namespace dmsx::historytest
