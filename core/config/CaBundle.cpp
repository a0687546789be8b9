#include "config/CaBundle.h"

#include "base/FaultCodes.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>

namespace dmsx {

namespace {

// A file's certificates as last read, and the file as it was then.
struct Loaded
{
    qint64 size = -1;
    QDateTime modified;
    QList<QSslCertificate> certificates;
};

} // namespace

Result<QList<QSslCertificate>> CaBundle::load(const QString& path)
{
    // Parsing a system-sized bundle takes tens of milliseconds, and every transport (DMS, STS, of
    // every connection) asks for it: read once per version of the file. Held while reading, so
    // a load already under way (preload()) is waited for rather than repeated.
    static QMutex mutex;
    static QHash<QString, Loaded> cache;
    const QMutexLocker lock(&mutex);
    const QFileInfo info(path);
    const auto cached = cache.constFind(path);
    if (cached != cache.constEnd() && info.exists() && cached->size == info.size() &&
        cached->modified == info.lastModified())
        return cached->certificates;
    Result<QList<QSslCertificate>> read = readFile(path);
    if (read.ok())
        cache.insert(path, Loaded{info.size(), info.lastModified(), read.value()});
    else
        cache.remove(path);
    return read;
}

void CaBundle::preload(const QString& path)
{
    if (path.isEmpty())
        return;
    QThreadPool::globalInstance()->start([path] { load(path); });
}

Result<QList<QSslCertificate>> CaBundle::readFile(const QString& path)
{
    QFile file(path);
    if (!file.exists()) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::CaBundleNotFound,
                              QStringLiteral("The CA bundle file does not exist: %1").arg(path));
        f.requestWasSent = false;
        return f;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        Fault f = Fault::make(
            FaultKind::Configuration, FaultCode::CaBundleUnreadable,
            QStringLiteral("The CA bundle file cannot be read: %1 (%2)").arg(path, file.errorString()));
        f.requestWasSent = false;
        return f;
    }
    const QByteArray data = file.readAll();
    QList<QSslCertificate> certs = QSslCertificate::fromData(data, QSsl::Pem);
    if (certs.isEmpty())
        certs = QSslCertificate::fromData(data, QSsl::Der);
    certs.removeIf([](const QSslCertificate& c) { return c.isNull(); });
    if (certs.isEmpty()) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::CaBundleInvalid,
                              QStringLiteral("The CA bundle file holds no certificate: %1").arg(path));
        f.requestWasSent = false;
        return f;
    }
    return certs;
}

Result<void> CaBundle::check(const QString& path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        // One certificate that parses makes load() succeed; anything else gets load()'s own answer.
        const QByteArray data = file.readAll();
        const QByteArray begin = "-----BEGIN CERTIFICATE-----";
        const QByteArray end = "-----END CERTIFICATE-----";
        for (qsizetype at = data.indexOf(begin); at >= 0; at = data.indexOf(begin, at + begin.size())) {
            const qsizetype stop = data.indexOf(end, at);
            if (stop < 0)
                break;
            const QList<QSslCertificate> one =
                QSslCertificate::fromData(data.mid(at, stop + end.size() - at), QSsl::Pem);
            if (!one.isEmpty() && !one.first().isNull())
                return {};
        }
    }
    const Result<QList<QSslCertificate>> loaded = load(path);
    if (!loaded.ok())
        return loaded.fault();
    return {};
}

} // namespace dmsx
