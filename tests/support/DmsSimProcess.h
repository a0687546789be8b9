#pragma once

// Runs the real dms-sim executable (DMSX_SIM_BIN) on a free loopback port for integration tests,
// and talks to its control endpoints (/__sim/faults, /__sim/requests).

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <optional>

class DmsSimProcess
{
public:
    DmsSimProcess();
    ~DmsSimProcess() { stop(); }
    DmsSimProcess(const DmsSimProcess&) = delete;
    DmsSimProcess& operator=(const DmsSimProcess&) = delete;

    static QString binary() { return qEnvironmentVariable("DMSX_SIM_BIN"); }

    // Starts dms-sim with `args` (plus --listen 127.0.0.1:0) and waits for "listening on URL".
    bool start(const QStringList& args, QString* error);
    void stop();

    QUrl url() const { return m_url; }
    int port() const { return m_url.port(); }

    // Control endpoints; used with HTTP simulators only (an HTTPS one would need its CA here).
    bool setFaults(const QJsonArray& faults);
    bool clearRequests();
    QJsonArray requests();
    // Log entries of one operation, in order.
    QJsonArray requests(const QString& operation);

private:
    std::optional<QJsonObject> request(const QByteArray& verb, const QString& path, const QByteArray& body);

    QProcess m_process;
    QNetworkAccessManager m_nam;
    QUrl m_url;
};
