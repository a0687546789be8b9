#pragma once

// A loopback HTTP/1.1 server for unit tests: answers each complete request with the next
// scripted raw response (the last one repeats) and records the raw requests. An empty scripted
// response drops the connection without answering.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

class QTcpSocket;

class ScriptedHttpServer : public QObject
{
public:
    explicit ScriptedHttpServer(QList<QByteArray> responses);
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> requests;

private:
    void onData(QTcpSocket* s);

    QTcpServer m_server;
    QList<QByteArray> m_responses;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

// "HTTP/1.1 <status>" with an x-amzn-RequestId of "rid-<status>", a Content-Type and a correct
// Content-Length; `extra` holds further "Name: value\r\n" lines.
QByteArray scriptedHttp(int status, const QByteArray& body,
                        const QByteArray& contentType = "application/x-amz-json-1.1",
                        const QByteArray& extra = QByteArray());
