#pragma once

#include "base/Clock.h"
#include "base/Result.h"
#include "credentials/SsoToken.h"
#include "sigv4/HttpRequestData.h"
#include "sso/SsoClientRegistration.h"
#include "sso/SsoDeviceAuthorization.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <utility>

class QNetworkAccessManager;
class QObject;

namespace dmsx {

// IAM Identity Center's OIDC service (docs/protocol.md §7.6, §7.8): RegisterClient,
// StartDeviceAuthorization and CreateToken (device-code and refresh-token grants), restJson and
// unsigned, over QNetworkAccessManager with the bounds of the portal call: a transfer timeout,
// no redirects (they would carry the client secret elsewhere), the CA bundle, a size limit.
// Every answer comes back on the event loop as a Result; faults carry the OIDC error code
// (AuthorizationPendingException, SlowDownException, ...) and never a secret.
class SsoOidcClient
{
public:
    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    // `endpoint` from endpointFor(); `nam` and `clock` are not owned.
    SsoOidcClient(const QUrl& endpoint, QNetworkAccessManager* nam, const Clock* clock,
                  const QString& caBundlePath = QString());

    // customUrl when set (AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, services sso_oidc, the
    // simulator), else https://oidc.<region>.<partition's DNS suffix>.
    static Result<QUrl> endpointFor(const QString& region, const QString& customUrl = QString());

    void registerClient(const QString& clientName, const QStringList& scopes, QObject* context,
                        Handler<SsoClientRegistration> done) const;
    void startDeviceAuthorization(const SsoClientRegistration& client, const QString& startUrl,
                                  QObject* context, Handler<SsoDeviceAuthorization> done) const;
    // The token's expiresAt is computed from expiresIn with the clock; region and startUrl are
    // left for the caller.
    void createTokenWithDeviceCode(const SsoClientRegistration& client, const QString& deviceCode,
                                   QObject* context, Handler<SsoToken> done) const;
    void createTokenWithRefreshToken(const SsoClientRegistration& client, const QString& refreshToken,
                                     QObject* context, Handler<SsoToken> done) const;

    // The answers, for tests and fuzzing; `now` turns relative lifetimes into times. Secrets
    // found are registered with Redactor.
    static Result<SsoClientRegistration> parseRegistration(const QByteArray& body, const QStringList& scopes);
    static Result<SsoDeviceAuthorization> parseDeviceAuthorization(const QByteArray& body,
                                                                   const QDateTime& now);
    static Result<SsoToken> parseToken(const QByteArray& body, const QDateTime& now);
    // An error answer: the code from x-amzn-ErrorType or the body's __type, else the OAuth
    // "error" member mapped to the API's exception name ("slow_down" -> SlowDownException).
    static Fault parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                            const QDateTime& now);

    static constexpr int kRequestTimeoutMs = 30000;
    static constexpr qint64 kMaxResponseBytes = 1024 * 1024;

private:
    // CreateToken for either grant: the client's credentials, the grant type and its one member.
    void createToken(const SsoClientRegistration& client, const QString& grantType,
                     const std::pair<QString, QString>& grant, QObject* context,
                     Handler<SsoToken> done) const;
    void post(const QString& operation, const QString& path, const QJsonObject& input, QObject* context,
              std::function<void(const Result<QByteArray>&)> done) const;

    QUrl m_endpoint;
    QNetworkAccessManager* m_nam;
    const Clock* m_clock;
    QString m_caBundlePath;
};

} // namespace dmsx
