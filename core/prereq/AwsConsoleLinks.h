#pragma once

#include <QString>

namespace dmsx {

// Pages of the AWS Management Console where a prerequisite is seen or fixed. Empty where the
// partition has no public console this program knows (the ISO partitions).
class AwsConsoleLinks
{
public:
    // "https://console.aws.amazon.com", "https://console.amazonaws.cn", ...
    static QString consoleBase(const QString& region);
    static QString migrationProjects(const QString& region);
    static QString dataProviders(const QString& region);
    static QString s3BucketProperties(const QString& bucket, const QString& region);
    static QString iamRole(const QString& roleName, const QString& region);
    static QString secret(const QString& secretId, const QString& region);
    static QString kmsKey(const QString& keyId, const QString& region);
};

} // namespace dmsx
