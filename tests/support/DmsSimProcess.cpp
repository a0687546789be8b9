#include "DmsSimProcess.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>

DmsSimProcess::DmsSimProcess()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
}

bool DmsSimProcess::start(const QStringList& args, QString* error)
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

void DmsSimProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool DmsSimProcess::setFaults(const QJsonArray& faults)
{
    QJsonObject body;
    body.insert(QStringLiteral("faults"), faults);
    return request("POST", QStringLiteral("/__sim/faults"), QJsonDocument(body).toJson()).has_value();
}

bool DmsSimProcess::clearRequests()
{
    return request("DELETE", QStringLiteral("/__sim/requests"), {}).has_value();
}

QJsonArray DmsSimProcess::requests()
{
    const auto r = request("GET", QStringLiteral("/__sim/requests"), {});
    return r ? r->value(QLatin1String("requests")).toArray() : QJsonArray();
}

QJsonArray DmsSimProcess::requests(const QString& operation)
{
    QJsonArray out;
    const QJsonArray all = requests();
    for (const QJsonValue& v : all) {
        if (v.toObject().value(QLatin1String("operation")).toString() == operation)
            out.append(v);
    }
    return out;
}

std::optional<QJsonObject> DmsSimProcess::request(const QByteArray& verb, const QString& path,
                                                  const QByteArray& body)
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
