#include "FuzzInput.h"

namespace dmsx::fuzz {

FuzzInput::FuzzInput(const uint8_t* data, size_t size)
    // A deep copy: libFuzzer's buffer ends exactly at `size`, so ASan sees any read past it.
    : m_bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size))
{}

FuzzInput::Response FuzzInput::response() const
{
    Response r;
    qsizetype pos = m_bytes.indexOf('\n');
    const QByteArray statusLine = pos < 0 ? m_bytes : m_bytes.left(pos);
    r.status = statusLine.trimmed().toInt();
    if (pos < 0)
        return r;
    ++pos;
    while (pos < m_bytes.size()) {
        qsizetype end = m_bytes.indexOf('\n', pos);
        if (end < 0)
            end = m_bytes.size();
        const QByteArray line = m_bytes.mid(pos, end - pos);
        pos = end + 1;
        if (line.isEmpty() || line == "\r")
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            r.headers.append({line, QByteArray()});
        else
            r.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    if (pos < m_bytes.size())
        r.body = m_bytes.mid(pos);
    return r;
}

QList<QByteArray> FuzzInput::parts() const
{
    QList<QByteArray> result;
    QByteArray current;
    qsizetype pos = 0;
    while (pos <= m_bytes.size()) {
        qsizetype end = m_bytes.indexOf('\n', pos);
        if (end < 0)
            end = m_bytes.size();
        const QByteArray line = m_bytes.mid(pos, end - pos);
        if (line == "----") {
            result.append(current);
            current.clear();
        } else {
            if (pos > 0 && !current.isNull())
                current.append('\n');
            current.append(line);
        }
        pos = end + 1;
    }
    result.append(current);
    return result;
}

} // namespace dmsx::fuzz
