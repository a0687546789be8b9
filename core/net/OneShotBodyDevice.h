#pragma once

#include <QByteArray>
#include <QIODevice>

namespace dmsx {

// A request body that can be read once. QNetworkAccessManager silently re-sends a request
// whose connection was reset while it waited for the answer; for a non-idempotent call that
// would repeat the action behind our back. QNAM must rewind the body to re-send, so refusing the
// rewind once reading has begun turns that re-send into QNetworkReply::ContentReSendError,
// which the transport reports instead. Deliberately not a QBuffer: QNAM reads QBuffers directly.
class OneShotBodyDevice : public QIODevice
{
    Q_OBJECT
public:
    explicit OneShotBodyDevice(QByteArray data, QObject* parent = nullptr);

    bool isSequential() const override { return false; }
    qint64 size() const override { return m_data.size(); }
    bool seek(qint64 pos) override;
    bool reset() override { return seek(0); }
    bool atEnd() const override { return pos() >= m_data.size(); }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    bool m_started = false;
};

} // namespace dmsx
