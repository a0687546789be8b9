#pragma once

#include "base/Clock.h"
#include "credentials/CredentialSource.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>

namespace dmsx {

// Keeps the last credentials of a source in memory (never on disk) and refreshes them before
// they expire. Callers arriving while a load runs wait for that same load, so one expiry causes
// one STS call (and at most one MFA prompt), not one per caller.
class CredentialCache
{
public:
    // Temporary credentials are replaced this long before their expiration, so a request
    // signed with them cannot reach AWS after they expired.
    static constexpr qint64 kRefreshWindowSeconds = 5 * 60;

    using Loader = std::function<void(QObject* context, CredentialSource::Handler done)>;

    explicit CredentialCache(const Clock* clock);

    // Answers from the cache when fresh, else runs `load` once for every waiting caller.
    // `done` is never called synchronously nor after `context` is gone.
    void fetch(QObject* context, CredentialSource::Handler done, const Loader& load);

    std::optional<AwsCredentials> current() const { return m_current; }
    bool isFresh() const;
    bool isLoading() const { return m_loading; }

    static bool needsRefresh(const AwsCredentials& credentials, const QDateTime& now);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        CredentialSource::Handler done;
    };
    void deliver(const Result<AwsCredentials>& result);

    const Clock* m_clock;
    std::optional<AwsCredentials> m_current;
    QList<Waiter> m_waiters;
    bool m_loading = false;
    QObject m_guard; // context of the load, so a destroyed cache ignores a late answer
};

} // namespace dmsx
