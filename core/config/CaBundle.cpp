#include "config/CaBundle.h"

#include "base/FaultCodes.h"

#include <QFile>

namespace dmsx {

Result<QList<QSslCertificate>> CaBundle::load(const QString& path)
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
