#pragma once

#include "base/Clock.h"
#include "credentials/CredentialSource.h"
#include "credentials/SsoProfileConfig.h"
#include "credentials/SsoToken.h"
#include "net/CallObserver.h"

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace dmsx {

// An SSO profile (legacy or sso_session): the token a sign-in cached (ours or `aws sso login`) is exchanged
// for role credentials through the portal's GetRoleCredentials (a plain GET with the bearer token in
// x-amz-sso_bearer_token, not SigV4-signed). A missing, expired or rejected token gives a fault
// whose Fault::detail is the exact sign-in command to run (the window signs in itself). An sso-session
// token with a refresh token is refreshed through SSO OIDC when it expires within 5 minutes, and
// the cache rewritten; a refresh that fails once the token expired is SsoRefreshFailed, naming
// the sign-in to run.
class SsoCredentialSource final : public CredentialSource
{
public:
    SsoCredentialSource(const SsoProfileConfig& config, QNetworkAccessManager* nam, const Clock* clock,
                        const QProcessEnvironment& env);

    // Not owned. Told about each GetRoleCredentials sent (never the token or the credentials), so
    // the request history sees the portal call made while a connection opens.
    void setObservers(const QList<CallObserver*>& observers) { m_observers = observers; }

    QString describe() const override;
    void fetch(QObject* context, Handler done) override;

    // "dms-extpack-cli sso login --sso-session NAME", or "... --profile NAME" for legacy profiles;
    // the AWS CLI's `aws sso login` takes the same options.
    QString signInCommand() const;
    // portalEndpoint (or https://portal.sso.<ssoRegion>.amazonaws.com) + /federation/credentials?...
    QUrl requestUrl() const;

    // {"roleCredentials":{accessKeyId, secretAccessKey, sessionToken, expiration (epoch ms)}}
    static Result<AwsCredentials> parseRoleCredentials(const QByteArray& body);

    static constexpr int kRequestTimeoutMs = 30000;
    // An sso-session token this close to its expiry is refreshed first, as the AWS SDKs do.
    static constexpr qint64 kTokenRefreshWindowSeconds = 5 * 60;

private:
    void refreshThenRequest(QObject* context, Handler done, const SsoToken& token,
                            const std::optional<QList<QSslCertificate>>& caCertificates);
    void sendRoleRequest(QObject* context, Handler done, const QString& accessToken,
                         const std::optional<QList<QSslCertificate>>& caCertificates);
    Result<void> checkConfig() const;
    Fault tokenFault(const QString& code, const QString& what) const;

    SsoProfileConfig m_config;
    QNetworkAccessManager* m_nam;
    const Clock* m_clock;
    QProcessEnvironment m_env;
    QList<CallObserver*> m_observers;
};

} // namespace dmsx
