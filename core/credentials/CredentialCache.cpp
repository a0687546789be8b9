#include "credentials/CredentialCache.h"

#include <QTimer>

namespace dmsx {

CredentialCache::CredentialCache(const Clock* clock) : m_clock(clock ? clock : SystemClock::instance()) {}

bool CredentialCache::needsRefresh(const AwsCredentials& credentials, const QDateTime& now)
{
    if (!credentials.expiration.isValid())
        return false;
    return now.secsTo(credentials.expiration) <= kRefreshWindowSeconds;
}

bool CredentialCache::isFresh() const
{
    return m_current && !needsRefresh(*m_current, m_clock->nowUtc());
}

void CredentialCache::fetch(QObject* context, CredentialSource::Handler done, const Loader& load)
{
    if (isFresh()) {
        const AwsCredentials credentials = *m_current;
        QTimer::singleShot(0, context, [credentials, done] { done(credentials); });
        return;
    }
    m_waiters.append(Waiter{context, std::move(done)});
    if (m_loading)
        return;
    m_loading = true;
    load(&m_guard, [this](const Result<AwsCredentials>& result) { deliver(result); });
}

void CredentialCache::deliver(const Result<AwsCredentials>& result)
{
    m_loading = false;
    if (result.ok())
        m_current = result.value();
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter& w : waiters) {
        if (w.context)
            w.done(result);
    }
}

} // namespace dmsx
