#pragma once

#include "base/Clock.h"
#include "base/Result.h"
#include "credentials/SsoProfileConfig.h"
#include "credentials/SsoToken.h"
#include "sso/SsoClientRegistration.h"
#include "sso/SsoDeviceAuthorization.h"
#include "sso/SsoOidcClient.h"

#include <QDateTime>
#include <QObject>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

// Signing in to IAM Identity Center with the device authorization flow (docs/protocol.md §7.8),
// the workflow the CLI's `sso login` and the window share: reuse the cached client registration or
// register, start the device authorization, tell the user code and the page to confirm it on,
// poll CreateToken at the service's interval until the person confirms, denies, or the code
// expires, then write the token where the AWS CLI would. Never blocks; cancel() or destroying it
// stops at once.
class SsoLogin : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        SsoProfileConfig config; // startUrl, ssoRegion, sessionName, registrationScopes, oidcEndpoint
        QNetworkAccessManager* nam = nullptr;                                       // not owned
        const Clock* clock = nullptr;                                               // null: the system clock
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(); // HOME
    };

    explicit SsoLogin(Options options, QObject* parent = nullptr);
    ~SsoLogin() override;

    // Starts on the next event-loop turn; finished() follows exactly once.
    void start();
    // Ends with a Cancelled fault; nothing more is sent.
    void cancel();
    bool isRunning() const { return m_running; }

    // The polls made so far (tests, and the window's "still waiting" text).
    int polls() const { return m_polls; }
    int intervalSeconds() const { return m_interval; }

signals:
    // The person should open verificationUriComplete (or verificationUri and type userCode)
    // before `deadline` (UTC).
    void authorizationStarted(const QString& userCode, const QUrl& verificationUri,
                              const QUrl& verificationUriComplete, const QDateTime& deadline);
    // The token (already written to the cache), or why not. Its secrets are registered with
    // Redactor.
    void finished(const dmsx::Result<dmsx::SsoToken>& result);

private:
    void run();
    void registered(const SsoClientRegistration& registration);
    void authorized(const SsoDeviceAuthorization& authorization);
    void poll();
    void schedulePoll();
    void finish(const Result<SsoToken>& result);
    Fault signInFault(const QString& code, const Fault& cause, const QString& what) const;
    // A fresh context for the next call: deleting it aborts the one in flight.
    QObject* callContext();
    void dropCallContext();

    Options m_options;
    const Clock* m_clock;
    std::unique_ptr<SsoOidcClient> m_client;
    QObject* m_callContext = nullptr; // a child
    SsoClientRegistration m_registration;
    SsoDeviceAuthorization m_authorization;
    QTimer m_pollTimer;
    int m_interval = 5;
    int m_polls = 0;
    bool m_running = false;
};

} // namespace dmsx
