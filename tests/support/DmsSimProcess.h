#pragma once

// Runs the real dms-sim executable (DMSX_SIM_BIN) on a free loopback port for integration tests,
// and talks to its control endpoints (/__sim/faults, /__sim/requests). Header-only test helper.

#include <QByteArray>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <optional>

class DmsSimProcess
{
public:
    DmsSimProcess() { m_nam.setProxy(QNetworkProxy::NoProxy); }
    ~DmsSimProcess() { stop(); }
    DmsSimProcess(const DmsSimProcess&) = delete;
    DmsSimProcess& operator=(const DmsSimProcess&) = delete;

    static QString binary() { return qEnvironmentVariable("DMSX_SIM_BIN"); }

    // Starts dms-sim with `args` (plus --listen 127.0.0.1:0) and waits for "listening on URL".
    bool start(const QStringList& args, QString* error)
    {
        const QString bin = binary();
        if (bin.isEmpty()) {
            *error = QStringLiteral("DMSX_SIM_BIN is not set");
            return false;
        }
        m_process.setProgram(bin);
        m_process.setArguments(QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + args);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start();
        if (!m_process.waitForStarted(10000)) {
            *error = QStringLiteral("dms-sim did not start: ") + m_process.errorString();
            return false;
        }
        QByteArray out;
        while (!out.contains('\n')) {
            if (!m_process.waitForReadyRead(15000)) {
                *error = QStringLiteral("dms-sim printed no URL; stderr: ") +
                         QString::fromUtf8(m_process.readAllStandardError());
                stop();
                return false;
            }
            out += m_process.readAllStandardOutput();
        }
        const QByteArray line = out.left(out.indexOf('\n')).trimmed();
        const QByteArray prefix = "listening on ";
        if (!line.startsWith(prefix)) {
            *error = QStringLiteral("unexpected first line: ") + QString::fromUtf8(line);
            stop();
            return false;
        }
        m_url = QUrl(QString::fromUtf8(line.mid(prefix.size())));
        return m_url.isValid();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QUrl url() const { return m_url; }
    int port() const { return m_url.port(); }

    // Control endpoints; used with HTTP simulators only (an HTTPS one would need its CA here).
    bool setFaults(const QJsonArray& faults)
    {
        QJsonObject body;
        body.insert(QStringLiteral("faults"), faults);
        return request("POST", QStringLiteral("/__sim/faults"), QJsonDocument(body).toJson()).has_value();
    }
    bool clearRequests() { return request("DELETE", QStringLiteral("/__sim/requests"), {}).has_value(); }
    QJsonArray requests()
    {
        const auto r = request("GET", QStringLiteral("/__sim/requests"), {});
        return r ? r->value(QLatin1String("requests")).toArray() : QJsonArray();
    }
    // Log entries of one operation, in order.
    QJsonArray requests(const QString& operation)
    {
        QJsonArray out;
        const QJsonArray all = requests();
        for (const QJsonValue& v : all) {
            if (v.toObject().value(QLatin1String("operation")).toString() == operation)
                out.append(v);
        }
        return out;
    }

private:
    std::optional<QJsonObject> request(const QByteArray& verb, const QString& path, const QByteArray& body)
    {
        QUrl u = m_url;
        u.setPath(path);
        QNetworkRequest req(u);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = m_nam.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        std::optional<QJsonObject> out;
        if (reply->isFinished() && reply->error() == QNetworkReply::NoError)
            out = QJsonDocument::fromJson(reply->readAll()).object();
        reply->abort();
        reply->deleteLater();
        return out;
    }

    QProcess m_process;
    QNetworkAccessManager m_nam;
    QUrl m_url;
};
