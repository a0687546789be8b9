#pragma once

#include <QList>
#include <QStringList>

class QTextStream;

namespace dmsx::cli {

// Left-aligned columns sized to their widest cell, like the AWS CLI's table output
// but without box drawing so the output stays greppable; or its text output. Every cell is made terminal-safe
// (text from the server cannot move the cursor or break a row), and widths are counted in terminal columns: a
// CJK character takes two, a combining mark none.
class TableWriter
{
public:
    explicit TableWriter(QStringList headers);
    void addRow(QStringList cells);
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    void write(QTextStream& out) const;
    // The AWS CLI's text output: no header, one line per row, cells separated by a tab, an
    // empty cell written "None" so `read` and `cut` keep the columns apart.
    void writeText(QTextStream& out) const;

    // Columns `text` takes on a terminal (East Asian wide and fullwidth: 2, combining marks and
    // format characters: 0).
    static qsizetype displayWidth(const QString& text);

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace dmsx::cli
