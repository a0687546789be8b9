#include "net/TransportPool.h"

namespace dmsx {

TransportPool::TransportPool(TransportConfig base, QNetworkAccessManager* nam, QList<CallObserver*> observers,
                             const Clock* clock)
    : m_base(std::move(base)), m_nam(nam), m_observers(std::move(observers)), m_clock(clock)
{}

TransportPool::~TransportPool()
{
    for (const auto& transport : std::as_const(m_transports))
        for (CallObserver* o : std::as_const(m_observers))
            transport->removeObserver(o);
}

AwsTransport* TransportPool::transport(const QUrl& endpoint, const QString& region,
                                       const QString& signingName,
                                       const std::shared_ptr<const AwsProtocol>& protocol)
{
    const QString key = signingName + u'|' + region + u'|' + endpoint.toString(QUrl::FullyEncoded);
    if (const auto it = m_transports.constFind(key); it != m_transports.constEnd())
        return it->get();
    TransportConfig config = m_base;
    config.endpoint = endpoint;
    config.region = region;
    config.signingName = signingName;
    auto transport = std::make_shared<AwsTransport>(config, protocol, m_nam, m_clock);
    for (CallObserver* o : std::as_const(m_observers))
        transport->addObserver(o);
    m_transports.insert(key, transport);
    return transport.get();
}

} // namespace dmsx
