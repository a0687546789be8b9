#pragma once

#include "dms/model/ErrorDetails.h"
#include "dms/model/ExportSqlDetails.h"
#include "dms/model/Progress.h"

#include <QString>

#include <QJsonObject>
#include <optional>

namespace dmsx {

// One element of DescribeExtensionPackAssociations.Requests.
struct SchemaConversionRequest
{
    // Status is a free string in the model; unknown values count as still running.
    enum class State
    {
        Received,
        InProgress,
        Success,
        Failed,
        Canceling,
        Canceled,
        Unknown
    };

    QString status;
    QString requestIdentifier;
    QString migrationProjectArn;
    std::optional<ErrorDetails> error;
    std::optional<ExportSqlDetails> exportSqlDetails;
    std::optional<Progress> progress;

    State state() const;
    bool isTerminal() const; // SUCCESS, FAILED or CANCELED

    static State stateFromString(const QString& status);
    static SchemaConversionRequest fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
