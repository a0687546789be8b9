#pragma once

#include "base/Result.h"
#include "config/ServiceEndpointResolver.h"
#include "net/CallOptions.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace dmsx {

class AwsProtocol;
class TransportPool;

// A bucket's versioning as GetBucketVersioning reports it, and the region that answered.
struct BucketVersioning
{
    QString bucket;
    QString region;
    QString status; // "Enabled", "Suspended", or empty: versioning was never turned on
    bool isEnabled() const { return status == QLatin1String("Enabled"); }
};

// The bucket reads the prerequisite checks make, over S3's REST-XML protocol. Each call is signed
// for S3 and for the bucket's own region: the region is looked up first (GetBucketLocation, or
// the x-amz-bucket-region header of any answer), and a call S3 turns away for the wrong region
// (301 PermanentRedirect, 400 AuthorizationHeaderMalformed) is signed again, once, for the region
// it names.
class S3Client
{
public:
    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    // `region` is where a bucket's region is asked; `customUrl` S3's own custom endpoint, if any.
    S3Client(TransportPool* pool, QString region, QString customUrl = QString(), bool fips = false,
             bool dualStack = false);
    ~S3Client();

    // The bucket's region: LocationConstraint, with empty meaning us-east-1 and "EU" eu-west-1.
    void getBucketLocation(const QString& bucket, QObject* context, Handler<QString> done,
                           const CallOptions& options = {});
    // Its region first, then its versioning there.
    void getBucketVersioning(const QString& bucket, QObject* context, Handler<BucketVersioning> done,
                             const CallOptions& options = {});

    // s3://BUCKET/PREFIX -> BUCKET (empty when the text names no valid bucket).
    static QString bucketOfPath(const QString& s3Path);
    static QString regionOfLocationConstraint(const QString& constraint);
    // Where a call on `bucket` goes when signed for `region`.
    Result<ServiceEndpoint> endpointFor(const QString& region) const;

private:
    void versioningIn(const QString& bucket, const QString& region, bool redirected, QObject* context,
                      Handler<BucketVersioning> done, const CallOptions& options);

    TransportPool* m_pool;
    QString m_region;
    QString m_customUrl;
    bool m_fips;
    bool m_dualStack;
    std::shared_ptr<const AwsProtocol> m_protocol;
};

} // namespace dmsx
