#pragma once

#include "dms/model/DataProvider.h"
#include "dms/model/MigrationProject.h"
#include "dms/model/SchemaConversionRequest.h"
#include "prereq/PrerequisiteReport.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

// What applying the extension pack to one project will do, as found by ApplyPreflight: the
// facts a confirmation must name before anything is sent.
struct ApplyPlan
{
    MigrationProject project;
    std::optional<DataProvider> source;
    DataProvider target;
    QString accountId;         // from the project ARN
    QString region;            // from the project ARN
    QString schemaDescription; // "aws_oracle_ext", or words when the guide names none
    QList<SchemaConversionRequest> previousRequests;
    bool reinstall = false; // an earlier request succeeded: the installed pack is replaced
    // The prerequisite checklist (PrerequisiteChecker); empty after a plain ApplyPreflight.
    PrerequisiteReport checks;

    // The requests of the project RECEIVED or IN_PROGRESS: a new Start queues behind them.
    QStringList queuedRequestIds() const;

    // arn:PARTITION:dms:REGION:ACCOUNT:migration-project:ID -> the field at `index`.
    static QString arnField(const QString& arn, int index);
};

} // namespace dmsx
