#include "cli/TableWriter.h"

#include <QTextStream>

namespace dmsx::cli {

TableWriter::TableWriter(QStringList headers) : m_headers(std::move(headers)) {}

void TableWriter::addRow(QStringList cells)
{
    while (cells.size() < m_headers.size())
        cells.append(QString());
    m_rows.append(std::move(cells));
}

void TableWriter::write(QTextStream& out) const
{
    QList<qsizetype> widths;
    for (const QString& h : m_headers)
        widths.append(h.size());
    for (const QStringList& row : m_rows)
        for (qsizetype i = 0; i < widths.size(); ++i)
            widths[i] = qMax(widths[i], row.at(i).size());

    auto writeLine = [&](const QStringList& cells) {
        QString line;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            if (i + 1 < widths.size())
                line += cells.at(i).leftJustified(widths[i]) + QLatin1String("  ");
            else
                line += cells.at(i);
        }
        out << line << '\n';
    };
    writeLine(m_headers);
    for (const QStringList& row : m_rows)
        writeLine(row);
}

} // namespace dmsx::cli
