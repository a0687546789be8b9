#include "SimHttpServer.h"

#include <QTcpSocket>

namespace dmsx {

SimHttpServer::SimHttpServer(Handler handler, QObject* parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler))
{}

bool SimHttpServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    m_handler(request, socket);
    return true;
}

void SimHttpServer::missingHandler(const QHttpServerRequest&, QTcpSocket* socket)
{
    // Unreachable: handleRequest takes everything. Close rather than leave the client waiting.
    socket->disconnectFromHost();
}

} // namespace dmsx
