#pragma once

#include "credentials/AwsCredentials.h"
#include "sigv4/HttpRequestData.h"

#include <QDateTime>
#include <QString>

#include <memory>

namespace dmsx {

struct SigningParams
{
    AwsCredentials credentials;
    QString region;
    QString service;
    QDateTime time;                // signing time, UTC (already clock-skew corrected)
    bool normalizePath = true;     // remove . and .. and repeated '/' (every service but S3)
    bool signBody = false;         // add and sign x-amz-content-sha256
    bool omitSessionToken = false; // attach x-amz-security-token after signing (not signed)
    // Headers that are never signed (besides authorization): user-agent and the
    // hop-by-hop list of docs/protocol.md §1.2.
};

struct SigningOutput
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature;          // lower-case hex
    QByteArray signedHeaders;      // "host;x-amz-date"
    QByteArray authorization;      // the full Authorization value
    HttpRequestData signedRequest; // input plus x-amz-date, token, content hash and Authorization
};

// AWS Signature Version 4 (header form). Algorithms are fetched from OpenSSL once and
// reused; the derived signing key is cached per (date, region, service, access key id).
// Thread-compatible: one instance per thread, or guard it.
class SigV4Signer
{
public:
    SigV4Signer();
    ~SigV4Signer();
    SigV4Signer(const SigV4Signer&) = delete;
    SigV4Signer& operator=(const SigV4Signer&) = delete;

    SigningOutput sign(const HttpRequestData& request, const SigningParams& params) const;
    // Same result, written into `out` (every field is replaced). A SigningOutput reused
    // from call to call keeps its buffers, so signing then allocates nothing as long as
    // the caller holds no copies of the previous values. `request` may be out->signedRequest.
    void sign(const HttpRequestData& request, const SigningParams& params, SigningOutput* out) const;

    // Recomputes the signature a client should have sent; used by the simulator to verify.
    // `request` must contain the x-amz-date header and the signed headers named in
    // `signedHeaders`.
    QByteArray expectedSignature(const HttpRequestData& request, const QByteArray& signedHeaders,
                                 const QString& secretAccessKey, const QString& accessKeyId,
                                 const QString& region, const QString& service,
                                 QByteArray* canonicalRequest = nullptr,
                                 QByteArray* stringToSign = nullptr) const;

    static QByteArray amzDate(const QDateTime& t);   // 20150830T123600Z
    static QByteArray shortDate(const QDateTime& t); // 20150830

    // For benchmarks and tests: how many derived keys were computed (cache misses).
    int keyDerivations() const;
    void clearKeyCache();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace dmsx
