#pragma once

#include "SimAuthVerifier.h"
#include "SimReply.h"
#include "SimScenario.h"
#include "base/Result.h"
#include "sigv4/HttpRequestData.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace dmsx {

// STS in the simulator: GetCallerIdentity and AssumeRole over awsQuery (form-encoded POST, XML
// answers), SigV4 with service "sts", on the same port as DMS. Roles, who may assume them
// (trust), external ids and MFA codes come from the scenario's "roles", "mfa" and "users" keys
// (sim/README.md). Credentials it issues are accepted by the DMS side too, until they expire.
class SimStsService
{
public:
    struct Role
    {
        QString arn;
        QStringList trustedPrincipals; // user ARNs, role ARNs (their sessions), or "*"
        QString externalId;            // required when set
        QString mfaSerial;             // when set, SerialNumber and the right TokenCode are required
        int maxSessionDuration = 3600;
    };
    struct User
    {
        QString accessKeyId;
        QString arn;
        QString userId;
    };

    // A POST whose Content-Type is application/x-www-form-urlencoded: that is how STS is told
    // apart from awsJson DMS calls on the shared port.
    static bool accepts(const HttpRequestData& request);
    static QString actionOf(const HttpRequestData& request);

    // Reads "roles", "mfa" and "users" of a scenario document; drops credentials issued before.
    Result<void> load(const QJsonObject& scenario, const QString& accountId);

    // `keys`: the key pairs accepted besides the ones this service issued (scenario, SSO).
    // Fills `log` with what the request log may show (never a secret).
    SimReply handle(const HttpRequestData& request, const QList<SimKeyPair>& keys, const QString& region,
                    const QDateTime& now, const QString& requestId, QJsonObject* log);

    // Issued and not yet expired at `now` (expired ones stay until load(): they give ExpiredToken).
    QList<SimKeyPair> issuedKeyPairs() const;

    // Who the caller is, for the "User: ARN is not authorized" wording of every service's AccessDenied.
    // `keys`: every key pair the simulator accepts, which may say who holds them.
    QString callerArn(const QString& accessKeyId, const QList<SimKeyPair>& keys = {}) const
    {
        return callerFor(accessKeyId, keys).arn;
    }
    // The query-protocol spelling (STS, IAM) of one of SimAuthVerifier's JSON-protocol codes.
    static QString queryAuthCode(const QString& code);

    // <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
    static SimReply error(int status, const QString& code, const QString& message, const QString& requestId);

private:
    struct Issued
    {
        SimKeyPair key;
        QString roleArn;
        QString assumedRoleArn;
        QString assumedRoleId;
    };
    struct Caller
    {
        QString arn;
        QString userId;
        QString roleArn; // set when the caller is a role session
        QString account; // empty: the scenario's account
    };
    Caller callerFor(const QString& accessKeyId, const QList<SimKeyPair>& keys) const;
    SimReply assumeRole(const QHash<QString, QString>& params, const Caller& caller, const QDateTime& now,
                        const QString& requestId, QJsonObject* log);
    SimReply getCallerIdentity(const Caller& caller, const QString& requestId);

    QString m_accountId = QStringLiteral("111122223333");
    QList<Role> m_roles;
    QHash<QString, QString> m_mfaCodes; // serial -> current code
    QList<User> m_users;
    QList<Issued> m_issued;
    SimAuthVerifier m_verifier;
};

} // namespace dmsx
