#pragma once

#include "credentials/AwsCredentials.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigningKeyCache.h"

#include <QDateTime>
#include <QString>

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

// AWS Signature Version 4, header form (docs/protocol.md §1.2-§1.3), from the functions of
// sigv4/CanonicalRequest.h. The derived signing key is cached, so one signer should serve
// many requests. Thread-compatible: one instance per thread, or guard it.
class SigV4Signer
{
public:
    SigningOutput sign(const HttpRequestData& request, const SigningParams& params) const;

private:
    // Caching a key changes nothing a caller can see, hence mutable behind a const sign().
    mutable SigningKeyCache m_keys;
};

} // namespace dmsx
