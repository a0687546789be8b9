#pragma once

#include "net/AwsProtocol.h"
#include "net/AwsTransport.h"
#include "net/CallObserver.h"
#include "net/TransportConfig.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace dmsx {

// One transport per endpoint, signing region and service, made on first use from shared settings
// (credentials, CA bundle, proxy, timeouts) and told to the same observers: what the clients of
// S3, IAM, Secrets Manager and KMS sign and send through. A bucket in another region gets a
// transport of its own, signed for that region.
class TransportPool
{
public:
    // `base` holds everything but the endpoint, region and signing name. `observers` and `clock`
    // are not owned; a null clock is the system clock. The clock dates the signatures, as the
    // DMS transport's does, so a test's or a skewed clock applies to every service alike.
    TransportPool(TransportConfig base, QNetworkAccessManager* nam, QList<CallObserver*> observers = {},
                  const Clock* clock = nullptr);
    ~TransportPool();

    AwsTransport* transport(const QUrl& endpoint, const QString& region, const QString& signingName,
                            const std::shared_ptr<const AwsProtocol>& protocol);
    const TransportConfig& base() const { return m_base; }

private:
    TransportConfig m_base;
    QNetworkAccessManager* m_nam;
    QList<CallObserver*> m_observers;
    const Clock* m_clock = nullptr;
    QHash<QString, std::shared_ptr<AwsTransport>> m_transports;
};

} // namespace dmsx
