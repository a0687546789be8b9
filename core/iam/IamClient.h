#pragma once

#include "base/Result.h"
#include "net/CallOptions.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace dmsx {

class AwsProtocol;
class TransportPool;

struct IamRole
{
    QString roleName;
    QString arn;
    QString trustPolicy; // the AssumeRolePolicyDocument, URL-decoded JSON text
};

// One answer of SimulatePrincipalPolicy: "allowed", "implicitDeny" or "explicitDeny".
struct PolicyDecision
{
    QString action;
    QString resource;
    QString decision;
    bool isAllowed() const { return decision == QLatin1String("allowed"); }
};

// The IAM reads of the prerequisite checks (awsQuery, version 2010-05-08), sent to IAM's one
// endpoint of the partition and signed for its region (ServiceEndpointResolver).
class IamClient
{
public:
    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    // `region` is the connection's: it picks the partition.
    IamClient(TransportPool* pool, QString region, QString customUrl = QString(), bool fips = false);
    ~IamClient();

    void getRole(const QString& roleName, QObject* context, Handler<IamRole> done,
                 const CallOptions& options = {});
    // What `policySourceArn` (a role) may do: every action on every resource.
    void simulatePrincipalPolicy(const QString& policySourceArn, const QStringList& actions,
                                 const QStringList& resources, QObject* context,
                                 Handler<QList<PolicyDecision>> done, const CallOptions& options = {});

    // arn:aws:iam::123456789012:role/path/NAME -> NAME; empty when it is not a role ARN.
    static QString roleNameOfArn(const QString& arn);
    static Result<IamRole> parseRole(const QJsonObject& flat);
    static QList<PolicyDecision> parseEvaluationResults(const QJsonObject& flat);

private:
    TransportPool* m_pool;
    QString m_region;
    QString m_customUrl;
    bool m_fips;
    std::shared_ptr<const AwsProtocol> m_protocol;
};

} // namespace dmsx
