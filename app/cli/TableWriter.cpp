#include "cli/TableWriter.h"

#include "cli/CommandSupport.h"

#include <QTextStream>

namespace dmsx::cli {

namespace {

bool isWide(char32_t c)
{
    // The East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, W and F), and emoji.
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x1F680 && c <= 0x1F6FF) || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

QString padded(const QString& text, qsizetype width)
{
    const qsizetype columns = TableWriter::displayWidth(text);
    return columns >= width ? text : text + QString(width - columns, QLatin1Char(' '));
}

} // namespace

qsizetype TableWriter::displayWidth(const QString& text)
{
    qsizetype width = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        // Below the combining marks every character takes one column, but the soft hyphen (a
        // format character): the common case, without a category look-up.
        const char16_t u = text.at(i).unicode();
        if (u < 0x300 && u != 0xAD) {
            ++width;
            continue;
        }
        char32_t c = u;
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        const QChar::Category category = QChar::category(c);
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing ||
            category == QChar::Other_Format || c == 0x200B)
            continue;
        width += isWide(c) ? 2 : 1;
    }
    return width;
}

TableWriter::TableWriter(QStringList headers) : m_headers(std::move(headers)) {}

void TableWriter::addRow(QStringList cells)
{
    for (QString& cell : cells)
        cell = CommandSupport::terminalSafe(cell);
    while (cells.size() < m_headers.size())
        cells.append(QString());
    m_rows.append(std::move(cells));
}

void TableWriter::write(QTextStream& out) const
{
    QList<qsizetype> widths;
    for (const QString& h : m_headers)
        widths.append(displayWidth(h));
    for (const QStringList& row : m_rows)
        for (qsizetype i = 0; i < widths.size(); ++i)
            widths[i] = qMax(widths[i], displayWidth(row.at(i)));

    auto writeLine = [&](const QStringList& cells) {
        QString line;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            if (i + 1 < widths.size())
                line += padded(cells.at(i), widths[i]) + QLatin1String("  ");
            else
                line += cells.at(i);
        }
        out << line << '\n';
    };
    writeLine(m_headers);
    for (const QStringList& row : m_rows)
        writeLine(row);
}

void TableWriter::writeText(QTextStream& out) const
{
    for (const QStringList& row : m_rows) {
        QStringList cells = row;
        for (QString& cell : cells)
            if (cell.isEmpty())
                cell = QStringLiteral("None");
        out << cells.join(QLatin1Char('\t')) << '\n';
    }
}

} // namespace dmsx::cli
