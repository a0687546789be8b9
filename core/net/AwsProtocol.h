#pragma once

#include "base/Fault.h"
#include "base/Result.h"
#include "sigv4/HttpRequestData.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace dmsx {

// What differs between AWS wire protocols (awsJson 1.1 for DMS, Secrets Manager and KMS; awsQuery
// for STS and IAM; S3's REST-XML): how an operation's input becomes a request, how it is signed,
// and how answers become a result or a Fault. Signing,
// retries, clock skew, TLS, proxies and observers are the transport's and shared by all.
class AwsProtocol
{
public:
    struct Request
    {
        QByteArray body;
        QByteArray contentType;
        HeaderList extraHeaders;    // lower-case names; signed with the rest
        QByteArray method = "POST"; // GET sends no body
        QByteArray query;           // percent-encoded, e.g. "versioning"; joins the endpoint's own
    };

    virtual ~AwsProtocol() = default;

    virtual Request buildRequest(const QString& operation, const QJsonObject& input) const = 0;
    // A 2xx body into the call's result, or a Protocol fault (status, request id and raw body
    // are filled in by the transport).
    virtual Result<QJsonObject> parseSuccess(const QByteArray& body, const HeaderList& headers) const = 0;
    // A non-2xx answer into a Fault.
    virtual Fault parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                             const QDateTime& receivedAt) const = 0;
    // Input or output as observers (the request history) may see it: secrets the protocol
    // carries in bodies (STS credentials, MFA codes) are masked.
    virtual QJsonObject forObservers(const QJsonObject& object) const { return object; }
    // S3 signs its path as it is (no removal of "." or "//") and the payload's hash in
    // x-amz-content-sha256; every other service normalises the path and sends no hash.
    virtual bool normalizesPath() const { return true; }
    virtual bool signsPayloadHash() const { return false; }
};

} // namespace dmsx
