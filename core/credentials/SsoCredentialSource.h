#pragma once

#include "base/Clock.h"
#include "credentials/CredentialSource.h"
#include "credentials/SsoProfileConfig.h"
#include "net/CallObserver.h"

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QUrl>

class QNetworkAccessManager;

namespace dmsx {

// An SSO profile (legacy or sso_session): the token `aws sso login` cached is exchanged for role
// credentials through the portal's GetRoleCredentials (a plain GET with the bearer token in
// x-amz-sso_bearer_token, not SigV4-signed). A missing, expired or rejected token gives a fault
// that names the exact `aws sso login` command to run (also in Fault::detail).
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

    // "aws sso login --sso-session NAME", or "aws sso login --profile NAME" for legacy profiles.
    QString loginCommand() const;
    // portalEndpoint (or https://portal.sso.<ssoRegion>.amazonaws.com) + /federation/credentials?...
    QUrl requestUrl() const;

    // {"roleCredentials":{accessKeyId, secretAccessKey, sessionToken, expiration (epoch ms)}}
    static Result<AwsCredentials> parseRoleCredentials(const QByteArray& body);

    static constexpr int kRequestTimeoutMs = 30000;

private:
    Result<void> checkConfig() const;
    Fault tokenFault(const QString& code, const QString& what) const;

    SsoProfileConfig m_config;
    QNetworkAccessManager* m_nam;
    const Clock* m_clock;
    QProcessEnvironment m_env;
    QList<CallObserver*> m_observers;
};

} // namespace dmsx
