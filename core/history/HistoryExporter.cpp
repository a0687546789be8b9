#include "history/HistoryExporter.h"

#include "base/Redactor.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

namespace dmsx {

namespace {

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QStringList csvValues(const HistoryRecord& r)
{
    return {QString::number(r.id),
            timeText(r.startedAt),
            timeText(r.finishedAt),
            r.durationMs >= 0 ? QString::number(r.durationMs) : QString(),
            r.profile,
            r.credentialsSource,
            r.accountId,
            r.region,
            r.endpointHost,
            r.operation,
            r.projectName,
            r.projectArn,
            r.dmsRequestIdentifier,
            r.awsRequestId,
            r.httpStatus ? QString::number(r.httpStatus) : QString(),
            QString::number(r.attempts),
            QString::number(r.callCount),
            HistoryRecord::outcomeName(r.outcome),
            r.faultCode,
            r.faultMessage,
            r.associationStatus,
            r.associationTransitions.join(QStringLiteral("; ")),
            r.associationStep,
            r.associationError,
            r.advice(),
            HistoryRecord::outcomeName(r.httpResult()),
            r.background ? QStringLiteral("true") : QStringLiteral("false"),
            r.parentId > 0 ? QString::number(r.parentId) : QString()};
}

} // namespace

QStringList HistoryExporter::csvHeader()
{
    return {QStringLiteral("id"), QStringLiteral("started_at"), QStringLiteral("finished_at"),
            QStringLiteral("duration_ms"), QStringLiteral("profile"), QStringLiteral("credentials_source"),
            QStringLiteral("account_id"), QStringLiteral("region"), QStringLiteral("endpoint_host"),
            QStringLiteral("operation"), QStringLiteral("project_name"), QStringLiteral("project_arn"),
            QStringLiteral("dms_request_identifier"), QStringLiteral("aws_request_id"),
            QStringLiteral("http_status"), QStringLiteral("attempts"), QStringLiteral("call_count"),
            QStringLiteral("outcome"), QStringLiteral("fault_code"), QStringLiteral("fault_message"),
            QStringLiteral("association_status"), QStringLiteral("association_transitions"),
            QStringLiteral("association_step"), QStringLiteral("association_error"), QStringLiteral("advice"),
            // After the first release's columns, so scripts reading them by position keep working.
            QStringLiteral("http_result"), QStringLiteral("background"), QStringLiteral("parent_id")};
}

QByteArray HistoryExporter::csvField(const QString& value)
{
    QByteArray field = Redactor::redact(value).toUtf8();
    // A cell a spreadsheet would take for a formula (a project name "=HYPERLINK(...)", a server's
    // "-1+..." message) is kept as text, as OWASP recommends: the quote is visible, the formula inert.
    if (!field.isEmpty() && QByteArrayLiteral("=+-@\t\r").contains(field.front()))
        field.prepend('\'');
    const bool quote =
        field.contains(',') || field.contains('"') || field.contains('\r') || field.contains('\n');
    if (!quote)
        return field;
    field.replace("\"", "\"\"");
    return '"' + field + '"';
}

namespace {

void writeLine(QIODevice* out, const QStringList& values)
{
    QByteArray line;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            line += ',';
        line += HistoryExporter::csvField(values.at(i));
    }
    line += "\r\n";
    out->write(line);
}

} // namespace

void HistoryExporter::writeCsvHeader(QIODevice* out)
{
    writeLine(out, csvHeader());
}

void HistoryExporter::writeCsvRow(QIODevice* out, const HistoryRecord& record)
{
    writeLine(out, csvValues(record));
}

QByteArray HistoryExporter::toCsv(const QList<HistoryRecord>& records)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    writeCsvHeader(&buffer);
    for (const HistoryRecord& r : records)
        writeCsvRow(&buffer, r);
    return data;
}

QByteArray HistoryExporter::toJson(const QList<HistoryRecord>& records)
{
    QJsonArray array;
    for (const HistoryRecord& r : records)
        array.append(r.toJson());
    // Redacting the serialised document covers every member at once.
    return Redactor::redact(QJsonDocument(array).toJson(QJsonDocument::Indented));
}

} // namespace dmsx
