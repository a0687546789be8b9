#include "net/OneShotBodyDevice.h"

#include <cstring>

namespace dmsx {

OneShotBodyDevice::OneShotBodyDevice(QByteArray data, QObject* parent)
    : QIODevice(parent), m_data(std::move(data))
{
    open(QIODevice::ReadOnly);
}

bool OneShotBodyDevice::seek(qint64 pos)
{
    // Moving is fine until the first byte has been handed out; after that only "stay put".
    if (m_started && pos != this->pos())
        return false;
    if (pos < 0 || pos > m_data.size())
        return false;
    return QIODevice::seek(pos);
}

qint64 OneShotBodyDevice::readData(char* data, qint64 maxSize)
{
    const qint64 p = pos();
    const qint64 n = qMin(maxSize, qint64(m_data.size()) - p);
    if (n <= 0)
        return m_data.isEmpty() || p >= m_data.size() ? 0 : -1;
    m_started = true;
    std::memcpy(data, m_data.constData() + p, size_t(n));
    return n;
}

} // namespace dmsx
