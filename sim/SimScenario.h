#pragma once

#include "SimAccountResources.h"
#include "base/Result.h"
#include "credentials/AwsCredentials.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

struct SimDataProvider
{
    QString name;
    QString arn;
    QString engine; // DMS engine value, e.g. "oracle", "aurora-postgresql"
    bool isVirtual = false;
    QString serverName;
    int port = 0;
    QString databaseName;
    QString sslMode;
    QString description;
    QDateTime creationTime;
};

struct SimInstanceProfile
{
    QString name;
    QString arn;
    QString availabilityZone;
    QString kmsKeyArn;
    bool publiclyAccessible = true;
    QString networkType;
    QString description;
    QString subnetGroupIdentifier;
    QStringList vpcSecurityGroups;
    QDateTime creationTime;
};

struct SimProject
{
    QString name;
    QString arn;
    QDateTime creationTime;
    QStringList sourceProviders; // data provider names
    QStringList targetProviders;
    QString instanceProfile; // instance profile name
    QString description;
    QString s3BucketPath;
    QString s3BucketRoleArn;
    QString secretsManagerSecretId;
    QString secretsManagerAccessRoleArn;
    QString transformationRules;
    qint64 totalObjects = 0;
    double completionSeconds = 0; // 0: the scenario default
    // Synchronous fault returned by every StartExtensionPackAssociation on this project.
    QString startFaultCode;
    QString startFaultMessage;
    int startFaultStatus = 400;
    // When set, every association of this project ends FAILED with this message.
    QString asyncFailure;
};

struct SimKeyPair
{
    AwsCredentials credentials; // sessionToken/expiration set for temporary keys
    // Who STS GetCallerIdentity says holds them, for keys another service issued (IAM Identity
    // Center's role credentials); empty: the scenario's users or the default user.
    QString callerArn;
    QString callerUserId;
    QString callerAccount;
};

// Everything the simulator serves, as loaded from a scenario document (sim/README.md).
class SimScenario
{
public:
    QString region = QStringLiteral("us-east-1");
    QString accountId = QStringLiteral("111122223333");
    QString errorTypeStyle = QStringLiteral("bare"); // bare | namespaced | coral
    double defaultCompletionSeconds = 30;
    QList<SimKeyPair> keyPairs;
    QList<SimDataProvider> dataProviders;
    QList<SimInstanceProfile> instanceProfiles;
    QList<SimProject> projects;
    QJsonValue faults; // initial global fault configuration (SimFaultInjector format)
    // A Start while a request of the project is RECEIVED or IN_PROGRESS is queued behind it, as AWS
    // documents; with this set it is refused with ResourceAlreadyExistsFault instead.
    bool refuseStartWhileRunning = false;
    SimAccountResources resources; // S3, IAM, Secrets Manager, KMS and the callers' denials
    QDateTime loadedAt;            // creation times of implicit resources derive from it

    // `now` resolves relative times such as "expiresInSeconds".
    static Result<SimScenario> fromJson(const QJsonObject& json, const QDateTime& now);

    // Adds `count` plausible projects (with their own data providers) chosen
    // deterministically from `seed`, so two runs serve the same data.
    void generateProjects(int count, const QDateTime& now, quint32 seed = 20160101);

    // The documented demo key pairs (sim/README.md): long-term, temporary, expired temporary.
    static QList<SimKeyPair> demoKeyPairs(const QDateTime& now);

    QString arn(const QString& resourceType, const QString& name) const;
    const SimDataProvider* findProvider(const QString& nameOrArn) const;
    const SimInstanceProfile* findInstanceProfile(const QString& nameOrArn) const;
    const SimProject* findProject(const QString& nameOrArn) const;

    // The account's resources, declared or (when a project refers to them) implicit and healthy;
    // nothing for an unknown one or one declared with "exists": false.
    std::optional<SimBucket> findBucket(const QString& name) const;
    std::optional<SimIamRole> findRole(const QString& nameOrArn) const;
    std::optional<SimSecret> findSecret(const QString& idOrArn) const;
    std::optional<SimKmsKey> findKey(const QString& keyIdArnOrAlias) const;

private:
    // Name/ARN -> index, rebuilt when the list grew: lookups run once per project per page,
    // and a linear scan made listing 10,000 projects quadratic. The lists are only appended to.
    template <typename T>
    static const T* findIn(const QList<T>& list, QHash<QString, qsizetype>& index, qsizetype& indexed,
                           const QString& nameOrArn);
    mutable QHash<QString, qsizetype> m_providerIndex;
    mutable QHash<QString, qsizetype> m_profileIndex;
    mutable QHash<QString, qsizetype> m_projectIndex;
    mutable qsizetype m_providersIndexed = 0;
    mutable qsizetype m_profilesIndexed = 0;
    mutable qsizetype m_projectsIndexed = 0;
};

} // namespace dmsx
