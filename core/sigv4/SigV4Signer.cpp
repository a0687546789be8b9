#include "sigv4/SigV4Signer.h"

#include "sigv4/CanonicalRequest.h"
#include "sigv4/Sha256.h"

#include <QByteArrayView>

#include <algorithm>
#include <array>
#include <utility>

namespace dmsx {

namespace {

// Headers that proxies or the HTTP stack may add, drop or rewrite, so signing them would
// break verification (docs/protocol.md §1.2, the JS SDK v3 list). `name` is lower-case.
bool isNeverSigned(const QByteArray& name)
{
    static constexpr std::array<QByteArrayView, 15> names = {
        "authorization",     "user-agent",   "cache-control",   "connection", "expect", "from",
        "keep-alive",        "max-forwards", "pragma",          "referer",    "te",     "trailer",
        "transfer-encoding", "upgrade",      "x-amzn-trace-id",
    };
    return std::find(names.begin(), names.end(), QByteArrayView(name)) != names.end() ||
           name.startsWith("proxy-") || name.startsWith("sec-");
}

} // namespace

SigningOutput SigV4Signer::sign(const HttpRequestData& request, const SigningParams& params) const
{
    SigningOutput out;
    HttpRequestData& req = out.signedRequest;
    req = request;
    const QByteArray payloadHash = Sha256::hex(req.body);

    // A well-formed X-Amz-Date already in the request wins (the botocore vectors carry one).
    if (!sigv4::isAmzDate(req.header("x-amz-date")))
        req.setHeader("X-Amz-Date", sigv4::amzDate(params.time));
    const QByteArray date = req.header("x-amz-date");
    const QByteArray token = params.credentials.sessionToken.toUtf8();
    if (!token.isEmpty()) {
        if (params.omitSessionToken)
            req.removeHeader("x-amz-security-token"); // attached after signing
        else
            req.setHeader("X-Amz-Security-Token", token);
    }
    if (params.signBody)
        req.setHeader("x-amz-content-sha256", payloadHash);

    HeaderList toSign;
    toSign.reserve(req.headers.size());
    for (const auto& [name, value] : std::as_const(req.headers)) {
        const QByteArray lowerName = name.toLower();
        if (!isNeverSigned(lowerName))
            toSign.append({lowerName, value});
    }
    const sigv4::CanonicalHeaders headers = sigv4::canonicalHeaders(toSign);
    out.signedHeaders = headers.signedHeaders;
    out.canonicalRequest =
        sigv4::canonicalRequest(req.method, sigv4::canonicalUri(req.path, params.normalizePath),
                                sigv4::canonicalQuery(req.query), headers, payloadHash);
    const QByteArray scope = sigv4::credentialScope(date, params.region, params.service);
    out.stringToSign = sigv4::stringToSign(date, scope, out.canonicalRequest);
    out.signature = m_keys.signature(params.credentials.accessKeyId, params.credentials.secretAccessKey,
                                     date.left(8), params.region, params.service, out.stringToSign);
    out.authorization = "AWS4-HMAC-SHA256 Credential=" + params.credentials.accessKeyId.toUtf8() + '/' +
                        scope + ", SignedHeaders=" + out.signedHeaders + ", Signature=" + out.signature;

    if (!token.isEmpty() && params.omitSessionToken)
        req.setHeader("X-Amz-Security-Token", token);
    // Replaces a stale Authorization where the caller had it.
    req.setHeader("Authorization", out.authorization);
    return out;
}

} // namespace dmsx
