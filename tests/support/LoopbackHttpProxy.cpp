#include "LoopbackHttpProxy.h"

#include <QHostAddress>
#include <QUrl>

#include <memory>

LoopbackHttpProxy::LoopbackHttpProxy(QObject* parent) : QObject(parent)
{
    QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* client = m_server.nextPendingConnection())
            handle(client);
    });
}

LoopbackHttpProxy::~LoopbackHttpProxy()
{
    // A client still connected when the proxy goes emits disconnected from its own destructor;
    // the relays would then run on the half-destroyed socket (through the QPointer to it).
    const QList<QTcpSocket*> sockets = findChildren<QTcpSocket*>();
    for (QTcpSocket* socket : sockets)
        QObject::disconnect(socket, nullptr, nullptr, nullptr);
}

int LoopbackHttpProxy::forwarded() const
{
    int n = 0;
    for (const Seen& s : m_seen)
        n += s.forwarded ? 1 : 0;
    return n;
}

QList<QByteArray> LoopbackHttpProxy::tunnels() const
{
    QList<QByteArray> out;
    for (const Seen& s : m_seen) {
        if (s.isConnect() && s.forwarded)
            out << s.connectTarget();
    }
    return out;
}

void LoopbackHttpProxy::handle(QTcpSocket* client)
{
    client->setParent(this);
    auto buffer = std::make_shared<QByteArray>();
    QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    QObject::connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
        buffer->append(client->readAll());
        const int end = buffer->indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer->left(end).split('\n');
        qint64 length = 0;
        Seen seen;
        seen.requestLine = lines.value(0).trimmed();
        QList<QByteArray> forwardHeaders;
        for (int i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const int colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            if (name == "proxy-authorization")
                seen.proxyAuthorization = value;
            if (name != "proxy-authorization" && name != "proxy-connection" && name != "connection")
                forwardHeaders << line;
        }
        if (seen.isConnect())
            length = 0; // whatever follows belongs to the tunnel
        if (buffer->size() < end + 4 + length)
            return; // the body is still coming
        const QByteArray body = buffer->mid(end + 4, length);
        const QByteArray early = buffer->mid(end + 4 + length); // a client talking before the 200
        buffer->clear();
        if (!m_expected.isEmpty() && seen.proxyAuthorization != "Basic " + m_expected.toBase64()) {
            m_seen << seen;
            client->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                          "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                          "Content-Length: 0\r\nConnection: close\r\n\r\n");
            client->disconnectFromHost();
            return;
        }
        seen.forwarded = true;
        m_seen << seen;
        if (seen.isConnect()) {
            // From now on the client's bytes are the tunnel's, not requests.
            QObject::disconnect(client, &QTcpSocket::readyRead, this, nullptr);
            tunnel(client, seen.connectTarget(), early);
        } else {
            forward(client, seen.requestLine, forwardHeaders, body);
        }
    });
}

void LoopbackHttpProxy::forward(QTcpSocket* client, const QByteArray& requestLine,
                                const QList<QByteArray>& headers, const QByteArray& body)
{
    const QList<QByteArray> parts = requestLine.split(' ');
    const QUrl target(QString::fromLatin1(parts.value(1)));
    QByteArray path = target.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (target.hasQuery())
        path += '?' + target.query(QUrl::FullyEncoded).toLatin1();
    QByteArray request = parts.value(0) + ' ' + path + ' ' + parts.value(2) + "\r\n";
    for (const QByteArray& h : headers)
        request += h + "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    auto* upstream = new QTcpSocket(client);
    QPointer<QTcpSocket> to(client);
    QObject::connect(upstream, &QTcpSocket::connected, upstream,
                     [upstream, request] { upstream->write(request); });
    relayBack(upstream, to);
    upstream->connectToHost(target.host(), quint16(target.port(80)));
}

void LoopbackHttpProxy::tunnel(QTcpSocket* client, const QByteArray& target, const QByteArray& early)
{
    const int colon = target.lastIndexOf(':');
    QByteArray host = target.left(colon);
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.mid(1, host.size() - 2);
    const quint16 port = quint16(target.mid(colon + 1).toUInt());
    auto* upstream = new QTcpSocket(client);
    QPointer<QTcpSocket> to(client);
    auto pending = std::make_shared<QByteArray>(early);
    // Until the origin answers, what the client sends waits here.
    QObject::connect(client, &QTcpSocket::readyRead, upstream, [client, upstream, pending] {
        if (upstream->state() == QAbstractSocket::ConnectedState)
            upstream->write(client->readAll());
        else
            pending->append(client->readAll());
    });
    auto established = std::make_shared<bool>(false);
    QObject::connect(upstream, &QTcpSocket::connected, upstream, [upstream, to, pending, established] {
        if (!to || to->state() != QAbstractSocket::ConnectedState) {
            upstream->disconnectFromHost();
            return;
        }
        *established = true;
        to->write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (!pending->isEmpty())
            upstream->write(*pending);
        pending->clear();
    });
    // An origin that cannot be reached is the proxy's 502, as a real one answers.
    QObject::connect(upstream, &QTcpSocket::errorOccurred, upstream,
                     [to, established](QAbstractSocket::SocketError) {
                         if (!*established && to && to->state() == QAbstractSocket::ConnectedState)
                             to->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                                       "Connection: close\r\n\r\n");
                     });
    QObject::connect(client, &QTcpSocket::disconnected, upstream,
                     [upstream] { upstream->disconnectFromHost(); });
    relayBack(upstream, to);
    upstream->connectToHost(QString::fromLatin1(host), port);
}

void LoopbackHttpProxy::relayBack(QTcpSocket* upstream, const QPointer<QTcpSocket>& to)
{
    // The client may have hung up first; its socket then lives on until deleteLater.
    auto open = [to] { return to && to->state() == QAbstractSocket::ConnectedState; };
    QObject::connect(upstream, &QTcpSocket::readyRead, upstream, [upstream, to, open] {
        const QByteArray bytes = upstream->readAll();
        if (open())
            to->write(bytes);
    });
    auto finish = [upstream, to, open] {
        const QByteArray bytes = upstream->isOpen() ? upstream->readAll() : QByteArray();
        if (open()) {
            to->write(bytes);
            to->disconnectFromHost();
        }
    };
    QObject::connect(upstream, &QTcpSocket::disconnected, upstream, finish);
    QObject::connect(upstream, &QTcpSocket::errorOccurred, upstream,
                     [finish](QAbstractSocket::SocketError) { finish(); });
}
