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

// The AWS IAM Identity Center portal's GetRoleCredentials (GET /federation/credentials) for the
// simulator, from the scenario's "sso" key (sim/README.md): which bearer tokens are valid, which
// account/role pairs they may use and the key pairs handed out. Issued key pairs are accepted by
// the DMS side's SigV4 verifier until they expire.
class SimSsoService
{
public:
    static constexpr QLatin1String kPath{"/federation/credentials"};

    // `sso` absent or null: no tokens, no roles (every call is Unauthorized). `now` resolves
    // "expiresInSeconds".
    Result<void> load(const QJsonValue& sso, const QDateTime& now);

    // `bearerToken` is the x-amz-sso_bearer_token header (empty when absent).
    SimReply handle(const QByteArray& method, const QUrlQuery& query, const QByteArray& bearerToken,
                    const QDateTime& now);

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

    static SimReply portalError(int status, const QString& code, const QString& message);

    QHash<QString, QDateTime> m_tokens; // access token -> expiry (UTC)
    QList<Role> m_roles;
    QHash<QString, SimKeyPair> m_issued;
};

} // namespace dmsx
