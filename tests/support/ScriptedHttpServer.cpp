#include "ScriptedHttpServer.h"

#include <QRegularExpression>
#include <QTcpSocket>

ScriptedHttpServer::ScriptedHttpServer(QList<QByteArray> responses) : m_responses(std::move(responses))
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

void ScriptedHttpServer::onData(QTcpSocket* s)
{
    QByteArray& buf = m_buffers[s];
    buf += s->readAll();
    for (;;) {
        const int end = int(buf.indexOf("\r\n\r\n"));
        if (end < 0)
            return;
        const QRegularExpression lenRe(QStringLiteral("(?im)^content-length:\\s*(\\d+)"));
        const auto m = lenRe.match(QString::fromLatin1(buf.left(end)));
        const int len = m.hasMatch() ? m.captured(1).toInt() : 0;
        if (buf.size() < end + 4 + len)
            return;
        requests.append(buf.left(end + 4 + len));
        buf.remove(0, end + 4 + len);
        const QByteArray response =
            m_responses.at(qMin(int(requests.size()) - 1, int(m_responses.size()) - 1));
        if (response.isEmpty()) {
            s->abort();
            return;
        }
        s->write(response);
    }
}

QByteArray scriptedHttp(int status, const QByteArray& body, const QByteArray& contentType,
                        const QByteArray& extra)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nx-amzn-RequestId: rid-" +
           QByteArray::number(status) + "\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body;
}
