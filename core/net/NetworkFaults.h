#pragma once

#include "base/Fault.h"

#include <QList>
#include <QSslError>
#include <QString>

class QNetworkReply;

namespace dmsx {

// The one mapping of a QNetworkReply that ended without a usable HTTP answer to a transport
// Fault (codes the fault catalogue explains: ConnectionRefused, HostNotFound, Timeout,
// ConnectionReset, TlsVerificationFailed, Proxy*, NetworkUnreachable, ...).
class NetworkFaults
{
public:
    struct Situation
    {
        bool requestSent = false;   // the request had been written when the reply ended
        bool gotResponse = false;   // a status line had arrived (the body was then cut short)
        QString proxy;              // "host:port" of the proxy in use, empty when direct
        QList<QSslError> sslErrors; // collected from QNetworkReply::sslErrors
        // QNetworkRequest::setTransferTimeout aborts with OperationCanceledError.
        bool abortMeansTimeout = false;
    };

    static Fault fromReply(const QNetworkReply* reply, const Situation& situation);
};

} // namespace dmsx
