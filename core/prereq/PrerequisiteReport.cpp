#include "prereq/PrerequisiteReport.h"

#include "base/FaultCodes.h"

#include <QJsonArray>
#include <QStringList>

namespace dmsx {

int PrerequisiteReport::count(PrerequisiteCheck::Status status) const
{
    int n = 0;
    for (const PrerequisiteCheck& c : checks)
        if (c.status == status)
            ++n;
    return n;
}

int PrerequisiteReport::indexOf(PrerequisiteCheck::Id id) const
{
    for (int i = 0; i < checks.size(); ++i)
        if (checks.at(i).id == id)
            return i;
    return -1;
}

const PrerequisiteCheck* PrerequisiteReport::find(PrerequisiteCheck::Id id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &checks.at(i);
}

int PrerequisiteReport::set(const PrerequisiteCheck& check)
{
    const int i = indexOf(check.id);
    if (i >= 0) {
        checks[i] = check;
        return i;
    }
    checks.append(check);
    return int(checks.size() - 1);
}

Fault PrerequisiteReport::problemsFault() const
{
    QStringList labels;
    for (const PrerequisiteCheck& c : checks)
        if (c.blocks())
            labels << c.label();
    Fault f =
        Fault::make(FaultKind::Service, FaultCode::PrereqProblemsFound,
                    QStringLiteral("Project '%1': %2").arg(projectName, labels.join(QStringLiteral(", "))));
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    f.detail = labels.join(QStringLiteral("; "));
    f.requestWasSent = false;
    return f;
}

QJsonObject PrerequisiteReport::toJson() const
{
    QJsonArray rows;
    for (const PrerequisiteCheck& c : checks)
        rows.append(c.toJson());
    return QJsonObject{{QStringLiteral("project"), projectName},
                       {QStringLiteral("projectArn"), projectArn},
                       {QStringLiteral("problems"), count(PrerequisiteCheck::Status::Problem)},
                       {QStringLiteral("couldNotCheck"), count(PrerequisiteCheck::Status::CouldNotCheck)},
                       {QStringLiteral("checks"), rows}};
}

} // namespace dmsx
