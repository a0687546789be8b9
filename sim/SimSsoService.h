#pragma once

#include "SimReply.h"
#include "SimScenario.h"
#include "base/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrlQuery>

namespace dmsx {

class SimSsoOidcService;

// The AWS IAM Identity Center portal for the simulator: GetRoleCredentials, ListAccounts,
// ListAccountRoles and Logout, from the scenario's "sso" key and the accounts of "ssoOidc"
// (sim/README.md): which bearer tokens are valid (the scenario's, and those SSO OIDC issued),
// which account/role pairs they may use and the key pairs handed out. Issued key pairs are
// accepted by the DMS side's SigV4 verifier until they expire.
class SimSsoService
{
public:
    static constexpr QLatin1String kPath{"/federation/credentials"};
    static constexpr int kDefaultPageSize = 20;
    static constexpr int kMaxPageSize = 100;
    static constexpr int kMaxIssuedKeyPairs = 10000;

    // The portal's paths: GetRoleCredentials, ListAccounts, ListAccountRoles, Logout.
    static bool accepts(const QString& path);
    // The operation a path is, for the request log.
    static QString operationOf(const QString& path);

    // `sso` and `ssoOidc` absent or null: no tokens, no accounts (every call is Unauthorized).
    // `now` resolves "expiresInSeconds".
    Result<void> load(const QJsonValue& sso, const QJsonValue& ssoOidc, const QDateTime& now);
    // The tokens SSO OIDC's CreateToken issues are good here too, until they expire or Logout.
    void setTokenIssuer(SimSsoOidcService* issuer) { m_issuer = issuer; }

    // `bearerToken` is the x-amz-sso_bearer_token header (empty when absent).
    SimReply handle(const QByteArray& method, const QString& path, const QUrlQuery& query,
                    const QByteArray& bearerToken, const QDateTime& now);

    // Every key pair this service handed out (newest per access key id).
    QList<SimKeyPair> issuedKeyPairs() const { return m_issued.values(); }

private:
    struct Role
    {
        QString accountId;
        QString roleName;
        qint64 durationSeconds = 3600;
        AwsCredentials fixed; // empty: fresh random keys per call
    };

    struct Account
    {
        QString accountId;
        QString accountName;
        QString emailAddress;
    };

    static SimReply portalError(int status, const QString& code, const QString& message);
    bool isTokenValid(const QString& token, const QDateTime& now) const;
    SimReply getRoleCredentials(const QUrlQuery& query, const QDateTime& now);
    // One page of `total` items for ListAccounts / ListAccountRoles: [*first, *first + *count),
    // or the InvalidRequestException to answer. `kind` keeps one listing's next_token from another's.
    static bool page(const QUrlQuery& query, const QString& kind, qsizetype total, qsizetype* first,
                     qsizetype* count, SimReply* refusal);
    static QString nextToken(const QString& kind, qsizetype offset);

    QHash<QString, QDateTime> m_tokens; // access token -> expiry (UTC)
    QList<Account> m_accounts;
    QList<Role> m_roles;
    SimSsoOidcService* m_issuer = nullptr;
    QHash<QString, SimKeyPair> m_issued;
};

} // namespace dmsx
