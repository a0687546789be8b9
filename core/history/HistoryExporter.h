#pragma once

#include "history/HistoryRecord.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

class QIODevice;

namespace dmsx {

// Writes history entries as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma,
// quote, CR or LF quoted and quotes doubled, a header line) or as a JSON array. Every text value
// goes through the Redactor once more, so an export is safe even from a file written by an older
// version.
class HistoryExporter
{
public:
    static QStringList csvHeader();
    static QByteArray csvField(const QString& value);
    static void writeCsvHeader(QIODevice* out);
    static void writeCsvRow(QIODevice* out, const HistoryRecord& record);
    static QByteArray toCsv(const QList<HistoryRecord>& records);
    static QByteArray toJson(const QList<HistoryRecord>& records);
};

} // namespace dmsx
