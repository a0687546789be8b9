#include "net/NetworkFaults.h"

#include "base/FaultCodes.h"

#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStringList>

namespace dmsx {

namespace {

Fault transportFault(const QString& code, const QString& message, bool sent)
{
    Fault f = Fault::make(FaultKind::Transport, code, message);
    f.requestWasSent = sent;
    return f;
}

QString describeCertificate(const QSslCertificate& cert)
{
    if (cert.isNull())
        return QStringLiteral("no certificate");
    return QStringLiteral("subject: %1; issuer: %2")
        .arg(cert.subjectDisplayName().isEmpty() ? cert.subjectInfo(QSslCertificate::CommonName).join(u',')
                                                 : cert.subjectDisplayName(),
             cert.issuerDisplayName().isEmpty() ? cert.issuerInfo(QSslCertificate::CommonName).join(u',')
                                                : cert.issuerDisplayName());
}

} // namespace

Fault NetworkFaults::fromReply(const QNetworkReply* reply, const Situation& s)
{
    const QString text = reply->errorString();
    const bool direct = s.proxy.isEmpty();
    Fault f;
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        // QNAM reports a refused plain-HTTP proxy as an ordinary refused connection.
        f = transportFault(direct ? FaultCode::ConnectionRefused : FaultCode::ProxyConnectionRefused, text,
                           false);
        break;
    case QNetworkReply::HostNotFoundError:
        f = transportFault(direct ? FaultCode::HostNotFound : FaultCode::ProxyConnectionFailed, text, false);
        break;
    case QNetworkReply::TimeoutError:
        f = transportFault(FaultCode::Timeout, text, s.requestSent);
        break;
    case QNetworkReply::ContentReSendError:
        // QNAM wanted to re-send after the connection dropped; OneShotBodyDevice refused.
        f = transportFault(FaultCode::ConnectionReset,
                           QStringLiteral("The connection was reset after the request was sent"), true);
        break;
    case QNetworkReply::RemoteHostClosedError:
        if (s.gotResponse) {
            f = Fault::make(FaultKind::Protocol, FaultCode::TruncatedResponse,
                            QStringLiteral("The connection closed before the whole response arrived"));
        } else {
            f = transportFault(FaultCode::ConnectionReset, text, s.requestSent);
        }
        break;
    case QNetworkReply::SslHandshakeFailedError: {
        f = transportFault(FaultCode::TlsVerificationFailed, text, false);
        QStringList parts;
        QSslCertificate cert;
        for (const QSslError& e : s.sslErrors) {
            parts.append(e.errorString());
            if (cert.isNull())
                cert = e.certificate();
        }
        if (cert.isNull()) {
            const auto chain = reply->sslConfiguration().peerCertificateChain();
            if (!chain.isEmpty())
                cert = chain.first();
        }
        if (parts.isEmpty())
            parts.append(text);
        f.detail = describeCertificate(cert) + QStringLiteral("; ") + parts.join(QStringLiteral("; "));
        break;
    }
    case QNetworkReply::ProxyAuthenticationRequiredError:
        f = transportFault(FaultCode::ProxyAuthenticationRequired, text, false);
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
        f = transportFault(FaultCode::ProxyConnectionRefused, text, false);
        break;
    case QNetworkReply::ProxyNotFoundError:
        f = transportFault(FaultCode::ProxyConnectionFailed, text, false);
        break;
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        f = transportFault(FaultCode::ProxyConnectionFailed, text, s.requestSent);
        break;
    case QNetworkReply::OperationCanceledError:
        if (s.abortMeansTimeout) {
            f = transportFault(FaultCode::Timeout, text, s.requestSent);
        } else {
            // Only our own abort() gets here and cancel() reports before aborting.
            f = Fault::make(FaultKind::Cancelled, FaultCode::Cancelled, QStringLiteral("Cancelled"));
            f.requestWasSent = s.requestSent;
        }
        break;
    case QNetworkReply::ProtocolFailure:
        f = Fault::make(FaultKind::Protocol,
                        s.gotResponse ? FaultCode::TruncatedResponse : FaultCode::InvalidResponse, text);
        break;
    case QNetworkReply::NoError:
        f = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                        QStringLiteral("The response had no HTTP status"));
        break;
    default:
        if (!direct && !s.requestSent) {
            // Through a proxy nothing but the proxy was reached: QNAM reports a refused HTTPS
            // proxy (its CONNECT tunnel) as UnknownNetworkError "Proxy connection refused".
            const bool refused = text.contains(QLatin1String("refused"), Qt::CaseInsensitive);
            f = transportFault(refused ? FaultCode::ProxyConnectionRefused : FaultCode::ProxyConnectionFailed,
                               text, false);
            break;
        }
        // Unreachable network, sessions, unknown socket errors.
        f = transportFault(FaultCode::NetworkUnreachable, text, s.requestSent);
        break;
    }
    if (!direct && f.detail.isEmpty())
        f.detail = QStringLiteral("via proxy %1").arg(s.proxy);
    return f;
}

} // namespace dmsx
