#pragma once

#include <QList>
#include <QtGlobal>

// A loopback port whose connects never complete: a listening socket that accepts nothing, its
// accept queue filled, so the kernel drops every further SYN and a client keeps waiting for
// the connection until its own connect timeout. Deterministic on loopback, no timing involved.
class FullBacklog
{
public:
    FullBacklog();
    ~FullBacklog();
    FullBacklog(const FullBacklog&) = delete;
    FullBacklog& operator=(const FullBacklog&) = delete;

    // False when the queue could not be filled (then a test cannot rely on it).
    bool isFull() const { return m_full; }
    quint16 port() const { return m_port; }

private:
    int m_listener = -1;
    QList<int> m_clients;
    quint16 m_port = 0;
    bool m_full = false;
};
