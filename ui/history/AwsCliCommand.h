#pragma once

#include "history/HistoryRecord.h"

#include <QString>
#include <QStringList>

namespace dmsx::ui {

// The AWS CLI command that repeats a recorded request: same operation, project, profile, region
// and endpoint. Only identifiers go in, never credentials, and the result passes through the
// Redactor once more in case a secret was recorded where an identifier should be.
class AwsCliCommand
{
public:
    // Empty when the operation has no AWS CLI equivalent we know of.
    static QString forRecord(const HistoryRecord& record);
    // `aws` and its arguments, unquoted.
    static QStringList arguments(const HistoryRecord& record);
    // "DescribeExtensionPackAssociations" -> "describe-extension-pack-associations".
    static QString kebabCase(const QString& operation);
    // POSIX shell quoting: bare when safe, else single quotes.
    static QString shellQuote(const QString& argument);
    // The endpoint to pass as --endpoint-url, or empty when it is the region's standard one.
    static QString endpointUrl(const HistoryRecord& record);
};

} // namespace dmsx::ui
