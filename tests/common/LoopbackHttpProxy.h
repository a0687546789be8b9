#pragma once
// A tiny forwarding HTTP proxy on loopback for tests: it sees every request a client sends
// through it ("POST http://127.0.0.1:PORT/ HTTP/1.1"), can insist on Basic proxy authentication
// (407 with Proxy-Authenticate until the right Proxy-Authorization arrives), and forwards the
// rest to the origin, one request per connection.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

class LoopbackHttpProxy : public QObject
{
public:
    explicit LoopbackHttpProxy(QObject* parent = nullptr) : QObject(parent)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* client = m_server.nextPendingConnection())
                handle(client);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    // "user:password"; empty: no authentication asked.
    void requireBasicAuth(const QByteArray& userColonPassword) { m_expected = userColonPassword; }

    struct Seen
    {
        QByteArray requestLine;
        QByteArray proxyAuthorization; // the header's value, empty when absent
        bool forwarded = false;
    };
    const QList<Seen>& seen() const { return m_seen; }
    int forwarded() const
    {
        int n = 0;
        for (const Seen& s : m_seen)
            n += s.forwarded ? 1 : 0;
        return n;
    }

private:
    void handle(QTcpSocket* client)
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
            if (buffer->size() < end + 4 + length)
                return; // the body is still coming
            const QByteArray body = buffer->mid(end + 4, length);
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
            forward(client, seen.requestLine, forwardHeaders, body);
        });
    }

    void forward(QTcpSocket* client, const QByteArray& requestLine, const QList<QByteArray>& headers,
                 const QByteArray& body)
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
        QObject::connect(upstream, &QTcpSocket::readyRead, upstream, [upstream, to] {
            if (to)
                to->write(upstream->readAll());
        });
        QObject::connect(upstream, &QTcpSocket::disconnected, upstream, [upstream, to] {
            if (to) {
                to->write(upstream->readAll());
                to->disconnectFromHost();
            }
        });
        QObject::connect(upstream, &QTcpSocket::errorOccurred, upstream,
                         [upstream, to](QAbstractSocket::SocketError) {
                             if (to) {
                                 to->write(upstream->readAll());
                                 to->disconnectFromHost();
                             }
                         });
        upstream->connectToHost(target.host(), quint16(target.port(80)));
    }

    QTcpServer m_server;
    QByteArray m_expected;
    QList<Seen> m_seen;
};
