#pragma once

#include "SimReply.h"
#include "base/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace dmsx {

// IAM Identity Center's OIDC service (oidc.<region>.amazonaws.com, restJson) for the simulator:
// RegisterClient, StartDeviceAuthorization and CreateToken with the device-code and refresh-token
// grants, from the scenario's "ssoOidc" key (sim/README.md). A browser's approval is replaced by
// approve()/deny(), which the control endpoints /__sim/sso/approve and /__sim/sso/deny call.
// The portal (SimSsoService) asks it whether an access token it issued is still good.
class SimSsoOidcService
{
public:
    // What no scenario, request or caller may grow beyond.
    static constexpr int kMaxBodyBytes = 64 * 1024;
    static constexpr int kMaxClients = 1000;
    static constexpr int kMaxDeviceAuthorizations = 1000;
    static constexpr int kMaxTokens = 10000;

    // `ssoOidc` absent or null: the defaults (every authorization waits for approve()).
    Result<void> load(const QJsonValue& ssoOidc);

    // The three restJson paths this service answers (any method: a wrong one is refused in its format).
    static bool accepts(const QString& path);

    // `base` is the simulator's own URL, which the verification URIs point at. `log` gets the
    // operation and what was asked, never a secret, token or code.
    SimReply handle(const QByteArray& method, const QString& path, const QByteArray& body, const QUrl& base,
                    const QDateTime& now, QJsonObject* log);

    // The browser's answer for the pending authorization of `userCode` (e.g. "BCDF-GHJK"); false
    // when no pending, unexpired authorization has that code.
    bool approve(const QString& userCode, const QDateTime& now);
    bool deny(const QString& userCode, const QDateTime& now);

    // The page the verification URIs open, as a browser shows it: the code of a pending
    // authorization with Allow and Deny (which POST to /__sim/sso/approve and /__sim/sso/deny, as
    // JSON, so only this page can), or a field for the code when `userCode` is empty or not pending
    // (status 400 then). Loading it answers nothing.
    SimReply devicePage(const QString& userCode, const QDateTime& now);

    // An access token CreateToken issued, not expired and not signed out.
    bool isAccessTokenValid(const QString& accessToken, const QDateTime& now) const;
    // Logout: every access and refresh token of the sign-in `accessToken` belongs to stops working.
    // False if unknown.
    bool revoke(const QString& accessToken);

    // An error as SSO OIDC sends it: status, x-amzn-ErrorType "<Exception>:http://internal...",
    // {"error": <oauthError>, "error_description": ...}.
    static SimReply error(int status, const QString& exception, const QString& oauthError,
                          const QString& description);
    // The fault injector's errors, spelled as above.
    static SimReply injectedError(int status, const QString& code, const QString& message);

private:
    struct Settings
    {
        qint64 accessTokenSeconds = 28800;
        qint64 refreshTokenSeconds = 90 * 24 * 3600;
        qint64 deviceCodeSeconds = 600;
        qint64 clientSeconds = 90 * 24 * 3600;
        int interval = 5;
        int slowDownPolls = 0;
        bool expireDeviceCode = false;
        bool denyAll = false;
        bool refreshTokenExpired = false;
        bool autoApprove = false;
    };
    struct Client
    {
        QString secret;
        QStringList scopes;
        QStringList grantTypes; // empty: every grant this service knows
        QDateTime expiry;
        quint64 order = 0;
    };
    enum class Approval
    {
        Pending,
        Approved,
        Denied
    };
    struct DeviceAuthorization
    {
        QString clientId;
        QString userCode;
        QDateTime expiry;
        Approval approval = Approval::Pending;
        int slowDownsLeft = 0;
        quint64 order = 0;
    };
    struct AccessToken
    {
        QString clientId;
        quint64 session = 0; // the device authorization it descends from
        QDateTime expiry;
        quint64 order = 0;
    };
    struct RefreshToken
    {
        QString clientId;
        QStringList scopes;
        quint64 session = 0;
        QDateTime expiry;
        quint64 order = 0;
    };

    SimReply registerClient(const QJsonObject& in, const QDateTime& now, QJsonObject* log);
    SimReply startDeviceAuthorization(const QJsonObject& in, const QUrl& base, const QDateTime& now);
    SimReply createToken(const QJsonObject& in, const QDateTime& now, QJsonObject* log);
    SimReply deviceCodeGrant(const QString& clientId, const QJsonObject& in, const QDateTime& now);
    SimReply refreshTokenGrant(const QString& clientId, const QJsonObject& in, const QDateTime& now);
    // The client of `in`'s clientId and clientSecret, or the InvalidClientException to answer.
    const Client* authenticate(const QJsonObject& in, const QDateTime& now, SimReply* refusal) const;
    SimReply issueTokens(const QString& clientId, const QStringList& scopes, quint64 session,
                         const QDateTime& now);
    DeviceAuthorization* pendingByUserCode(const QString& userCode, const QDateTime& now);

    Settings m_settings;
    QHash<QString, Client> m_clients;                           // clientId ->
    QHash<QString, DeviceAuthorization> m_deviceAuthorizations; // deviceCode ->
    QHash<QString, AccessToken> m_accessTokens;
    QHash<QString, RefreshToken> m_refreshTokens;
    quint64 m_order = 0; // insertion order, so a full table drops its oldest entry
};

} // namespace dmsx
