#pragma once

#include <QAbstractHttpServer>

#include <functional>

namespace dmsx {

// QtHttpServer's parser and listener, with every request handed over with its raw socket:
// the simulator writes its own bytes so it can also misbehave (reset, truncate, HTML 502).
class SimHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest& request, QTcpSocket* socket)>;

    explicit SimHttpServer(Handler handler, QObject* parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    Handler m_handler;
};

} // namespace dmsx
