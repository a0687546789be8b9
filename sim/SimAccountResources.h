#pragma once

#include "base/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

// An S3 bucket as GetBucketVersioning and GetBucketLocation see it.
struct SimBucket
{
    QString name;
    bool exists = true;
    QString region;     // empty: the scenario's region
    QString versioning; // "Enabled", "Suspended", or empty: never enabled
};

// An IAM role as GetRole and SimulatePrincipalPolicy see it.
struct SimIamRole
{
    QString name;
    QString arn;
    QString path = QStringLiteral("/");
    bool exists = true;
    QString trustPolicy; // the JSON document, not yet URL-encoded
    QString roleId;
    QDateTime creationTime;
    int maxSessionDuration = 3600;
    QString description;
    QStringList deniedActions;           // SimulatePrincipalPolicy: implicitDeny
    QStringList explicitlyDeniedActions; // SimulatePrincipalPolicy: explicitDeny
};

// A Secrets Manager secret as DescribeSecret sees it.
struct SimSecret
{
    QString name;
    QString arn; // with AWS's random six-character suffix
    bool exists = true;
    QString kmsKeyId;      // empty: the AWS managed key aws/secretsmanager (DescribeSecret omits it)
    QDateTime deletedDate; // set: scheduled for deletion on that date
    QDateTime creationTime;
    QString description;
};

// A KMS key as DescribeKey sees it.
struct SimKmsKey
{
    QString keyId; // a UUID
    QString arn;
    bool exists = true;
    QString state = QStringLiteral("Enabled"); // Enabled | Disabled | PendingDeletion
    QStringList aliases;                       // "alias/NAME"
    QDateTime deletionDate;                    // PendingDeletion only
    QDateTime creationTime;
    QString description;
    bool awsManaged = false;
};

// One "the caller may not" rule: an action (e.g. "iam:GetRole", "iam:*"), optionally only on one
// resource (ARN or name) and only for one access key.
struct SimAccessDenial
{
    QString action;
    QString resource;
    QString accessKeyId;
};

// The account's resources behind a migration project's prerequisites (sim/README.md, "Account
// resources"): buckets, IAM roles, secrets, KMS keys, and what a caller is denied. A resource a
// project refers to but the scenario does not declare exists and is healthy, so a scenario only
// declares what should fail.
class SimAccountResources
{
public:
    static Result<SimAccountResources> fromJson(const QJsonObject& scenario, const QString& region,
                                                const QString& accountId, const QDateTime& now);

    QList<SimBucket> buckets;
    QList<SimIamRole> roles;
    QList<SimSecret> secrets;
    QList<SimKmsKey> keys;
    QList<SimAccessDenial> denials;

    // The default trust policy: the DMS service principals AWS documents for Schema Conversion
    // (docs/protocol.md §10.3).
    static QString defaultTrustPolicy(const QString& region);
    // The key a secret uses when the scenario does not say (an enabled customer managed key).
    static QString defaultKmsKeyArn(const QString& region, const QString& accountId);

    // "s3://bucket/prefix", "arn:aws:s3:::bucket/prefix" or "bucket/prefix" -> "bucket".
    static QString bucketOfPath(const QString& s3BucketPath);
    static QString roleNameOfArn(const QString& roleArn);

    // Built the way the scenario loader builds declared ones, for implicit resources.
    static SimBucket implicitBucket(const QString& name);
    static SimIamRole implicitRole(const QString& arnOrName, const QString& region, const QString& accountId,
                                   const QDateTime& now);
    static SimSecret implicitSecret(const QString& idOrArn, const QString& region, const QString& accountId,
                                    const QDateTime& now);
    static SimKmsKey implicitKey(const QString& keyIdOrArn, const QString& region, const QString& accountId,
                                 const QDateTime& now);

    // Whether `accessKeyId` is denied `action` on the resource named by any of `resources`.
    bool denied(const QString& accessKeyId, const QString& action, const QStringList& resources) const;
};

} // namespace dmsx
