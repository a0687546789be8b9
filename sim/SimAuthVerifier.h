#pragma once

#include "SimScenario.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigningKeyCache.h"

#include <QDateTime>
#include <QString>

namespace dmsx {

struct SimAuthResult
{
    bool ok = false;
    int status = 0;
    QString code;    // e.g. "InvalidSignatureException"
    QString message; // AWS wording; never contains secrets
    QString accessKeyId;
    bool signatureChecked = false; // the signature was recomputed
    bool signatureValid = false;
};

// Checks a request's SigV4 Authorization the way AWS front ends do, with AWS's error codes and
// wording (docs/protocol.md §4.4), against the scenario's key pairs.
class SimAuthVerifier
{
public:
    // `service` is the signing name the scope must carry ("dms", "sts", "iam", "s3", ...). For "s3"
    // the canonical request follows S3's rules: the path is encoded once and never normalised, and
    // the payload hash is the x-amz-content-sha256 value (which the S3 side checks against the body).
    SimAuthResult verify(const HttpRequestData& request, const QList<SimKeyPair>& keys, const QString& region,
                         const QDateTime& serverNow, const QString& service = QStringLiteral("dms")) const;

    // The Credential scope of the Authorization header: access key id, date, region, service,
    // terminator; empty when there is none or it does not have five parts. The simulator routes a
    // request to the service its scope names, as AWS's separate hosts would.
    static QStringList credentialScope(const HttpRequestData& request);

    // The signature a client should have sent for `request`, recomputed from the headers it
    // names in `signedHeaders` and the X-Amz-Date it carries (empty without a well-formed
    // one). Paths are normalised, as for every service but S3 (`service` "s3"). The canonical request and
    // string to sign are for tests: they hold the session token in clear.
    QByteArray expectedSignature(const HttpRequestData& request, const QByteArray& signedHeaders,
                                 const QString& secretAccessKey, const QString& accessKeyId,
                                 const QString& region, const QString& service,
                                 QByteArray* canonicalRequest = nullptr,
                                 QByteArray* stringToSign = nullptr) const;

    static constexpr qint64 kSkewToleranceSeconds = 15 * 60;
    // Auth failures use 403 (a simulator choice, docs/protocol.md §8.2; services vary between 400 and
    // 403, §4.4). An incomplete signature is a 400.
    static constexpr int kAuthStatus = 403;

private:
    // Caching a key changes nothing a caller can see, hence mutable behind const checks.
    mutable SigningKeyCache m_keys;
};

} // namespace dmsx
