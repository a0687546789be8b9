#pragma once

#include <QList>
#include <QStringList>

class QTextStream;

namespace dmsx::cli {

// Left-aligned columns sized to their widest cell, like the AWS CLI's table output
// but without box drawing so the output stays greppable.
class TableWriter
{
public:
    explicit TableWriter(QStringList headers);
    void addRow(QStringList cells);
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    void write(QTextStream& out) const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace dmsx::cli
