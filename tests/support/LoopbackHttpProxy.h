#pragma once
// A tiny HTTP proxy on loopback for tests: it sees every request a client sends through it, can
// insist on Basic proxy authentication (407 with Proxy-Authenticate until the right
// Proxy-Authorization arrives), and then
// - forwards a plain HTTP request ("POST http://127.0.0.1:PORT/ HTTP/1.1") to the origin, one
//   request per connection, or
// - opens a tunnel for "CONNECT HOST:PORT HTTP/1.1": answers "200 Connection established" once
//   the origin accepted the connection and relays the bytes both ways untouched, as a corporate
//   proxy does for HTTPS (it never sees inside the TLS).

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

class LoopbackHttpProxy : public QObject
{
public:
    explicit LoopbackHttpProxy(QObject* parent = nullptr);
    ~LoopbackHttpProxy() override;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    // "user:password"; empty: no authentication asked.
    void requireBasicAuth(const QByteArray& userColonPassword) { m_expected = userColonPassword; }

    struct Seen
    {
        QByteArray requestLine;
        QByteArray proxyAuthorization; // the header's value, empty when absent
        bool forwarded = false;        // a plain request passed on, or a tunnel opened

        bool isConnect() const { return requestLine.startsWith("CONNECT "); }
        // CONNECT's "host:port"; empty for a plain request.
        QByteArray connectTarget() const
        {
            return isConnect() ? requestLine.split(' ').value(1) : QByteArray();
        }
        // The "user:password" of a Basic Proxy-Authorization; empty when there was none. A secret:
        // compare it, never print it.
        QByteArray credentials() const
        {
            if (!proxyAuthorization.startsWith("Basic "))
                return QByteArray();
            return QByteArray::fromBase64(proxyAuthorization.mid(6).trimmed());
        }
    };
    const QList<Seen>& seen() const { return m_seen; }
    int forwarded() const;
    // The "host:port" of every CONNECT that was let through, in order.
    QList<QByteArray> tunnels() const;

private:
    void handle(QTcpSocket* client);
    void forward(QTcpSocket* client, const QByteArray& requestLine, const QList<QByteArray>& headers,
                 const QByteArray& body);
    // "host:port", with IPv6 literals in brackets.
    void tunnel(QTcpSocket* client, const QByteArray& target, const QByteArray& early);
    // The origin's bytes go back to the client; when the origin closes (or cannot be reached) so
    // does the client's connection.
    static void relayBack(QTcpSocket* upstream, const QPointer<QTcpSocket>& to);

    QTcpServer m_server;
    QByteArray m_expected;
    QList<Seen> m_seen;
};
