#pragma once

#include "base/Result.h"

#include <QString>
#include <QUrl>

namespace dmsx {

// The services the prerequisite checks call besides DMS.
enum class AwsService
{
    S3,
    Iam,
    SecretsManager,
    Kms,
};

// Where one call of a service goes and how it is signed.
struct ServiceEndpoint
{
    AwsService service = AwsService::S3;
    QUrl url;
    QString signingRegion;
    QString signingName; // "s3", "iam", "secretsmanager", "kms"
    bool custom = false; // url came from the service's own custom endpoint
};

// The endpoint rules of S3, IAM, Secrets Manager and KMS as the SDKs apply them (docs/protocol.md
// §2.8): regional hosts for S3, Secrets Manager and KMS; IAM's one global endpoint per partition,
// signed for that partition's IAM region (iam.amazonaws.com and us-east-1 in aws). A custom
// endpoint is used as given, signed for the region the rules would sign for.
class ServiceEndpointResolver
{
public:
    // `region` is the real region (no fips- prefix); `customUrl` the service's own custom endpoint
    // (EffectiveClientConfig), empty for the rules.
    static Result<ServiceEndpoint> resolve(AwsService service, const QString& region,
                                           const QString& customUrl = QString(), bool fips = false,
                                           bool dualStack = false);
    // "S3", "IAM", "Secrets Manager", "KMS".
    static QString displayName(AwsService service);
    // The service's part of AWS_ENDPOINT_URL_<ID> and of a [services] section: "S3", "IAM",
    // "SECRETS_MANAGER", "KMS".
    static QString environmentId(AwsService service);

    // Where a bucket's calls go: virtual-hosted (https://BUCKET.s3.REGION.amazonaws.com/) for a
    // name that is a DNS label without dots on an AWS host, else path style (ENDPOINT/BUCKET),
    // as the SDKs choose; always path style for a custom endpoint on an IP address or localhost.
    static QUrl s3BucketUrl(const ServiceEndpoint& endpoint, const QString& bucket);
    // 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or
    // digit: a name S3 could have given a bucket.
    static bool isValidBucketName(const QString& bucket);
};

} // namespace dmsx
