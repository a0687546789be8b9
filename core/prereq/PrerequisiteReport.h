#pragma once

#include "base/Fault.h"
#include "prereq/PrerequisiteCheck.h"

#include <QJsonObject>
#include <QList>

namespace dmsx {

// The checklist of one project: every row, in the order PrerequisiteCheck::Id gives.
struct PrerequisiteReport
{
    QString projectName;
    QString projectArn;
    QList<PrerequisiteCheck> checks;

    int count(PrerequisiteCheck::Status status) const;
    // A definite problem was found: an apply stops unless told to go on (--ignore-checks, or the
    // window's "Apply anyway").
    bool hasProblems() const { return count(PrerequisiteCheck::Status::Problem) > 0; }
    bool isComplete() const { return count(PrerequisiteCheck::Status::Pending) == 0; }
    int indexOf(PrerequisiteCheck::Id id) const;
    const PrerequisiteCheck* find(PrerequisiteCheck::Id id) const;
    // Replaces the row with the same id (appends it when there is none); returns its index.
    int set(const PrerequisiteCheck& check);

    // What an apply stops with when problems were found and not overridden (PrereqProblemsFound).
    Fault problemsFault() const;
    // {"project": ..., "projectArn": ..., "problems": n, "couldNotCheck": n, "checks": [...]}
    QJsonObject toJson() const;
};

} // namespace dmsx
