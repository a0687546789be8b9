#include "SimAuthVerifier.h"

#include "base/FaultCodes.h"
#include "sigv4/CanonicalRequest.h"
#include "sigv4/Sha256.h"

#include <QTimeZone>

namespace dmsx {

namespace {

SimAuthResult failure(const QString& code, const QString& message, int status = SimAuthVerifier::kAuthStatus)
{
    SimAuthResult r;
    r.status = status;
    r.code = code;
    r.message = message;
    return r;
}

QDateTime parseAmzDate(const QByteArray& value)
{
    if (value.size() != 16)
        return QDateTime();
    QDateTime t = QDateTime::fromString(QString::fromLatin1(value), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    if (!t.isValid())
        return QDateTime();
    t.setTimeZone(QTimeZone::utc());
    return t;
}

QString amz(const QDateTime& t)
{
    return QString::fromLatin1(sigv4::amzDate(t));
}

// Constant-time comparison so a timing side channel cannot reveal a correct prefix.
bool sameSignature(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

} // namespace

SimAuthResult SimAuthVerifier::verify(const HttpRequestData& request, const QList<SimKeyPair>& keys,
                                      const QString& region, const QDateTime& serverNow,
                                      const QString& service) const
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.isEmpty())
        return failure(FaultCode::MissingAuthenticationTokenException,
                       QStringLiteral("Missing Authentication Token"));
    const qsizetype space = authorization.indexOf(' ');
    const QByteArray algorithm = space < 0 ? authorization : authorization.left(space);
    if (algorithm != "AWS4-HMAC-SHA256")
        return failure(
            FaultCode::IncompleteSignatureException,
            QStringLiteral("Unsupported AWS 'algorithm': '%1'").arg(QString::fromLatin1(algorithm.left(40))),
            400);
    QByteArray credential;
    QByteArray signedHeaders;
    QByteArray signature;
    const QList<QByteArray> parts = authorization.mid(space + 1).split(',');
    for (const QByteArray& rawPart : parts) {
        const QByteArray part = rawPart.trimmed();
        if (part.startsWith("Credential="))
            credential = part.mid(11);
        else if (part.startsWith("SignedHeaders="))
            signedHeaders = part.mid(14);
        else if (part.startsWith("Signature="))
            signature = part.mid(10);
    }
    QStringList missing;
    if (credential.isEmpty())
        missing << QStringLiteral("Authorization header requires 'Credential' parameter.");
    if (signature.isEmpty())
        missing << QStringLiteral("Authorization header requires 'Signature' parameter.");
    if (signedHeaders.isEmpty())
        missing << QStringLiteral("Authorization header requires 'SignedHeaders' parameter.");
    if (!missing.isEmpty())
        return failure(FaultCode::IncompleteSignatureException, missing.join(QLatin1Char(' ')), 400);

    const QByteArray amzDateValue = request.header("x-amz-date").trimmed();
    if (amzDateValue.isEmpty())
        return failure(FaultCode::IncompleteSignatureException,
                       QStringLiteral("Authorization header requires existence of either a 'X-Amz-Date' or a "
                                      "'Date' header."),
                       400);
    const QList<QByteArray> signedList = signedHeaders.split(';');
    if (!signedList.contains("host"))
        return failure(
            FaultCode::IncompleteSignatureException,
            QStringLiteral("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."), 400);
    if (!signedList.contains("x-amz-date"))
        return failure(FaultCode::IncompleteSignatureException,
                       QStringLiteral("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."),
                       400);
    const QDateTime requestTime = parseAmzDate(amzDateValue);
    if (!requestTime.isValid())
        return failure(FaultCode::IncompleteSignatureException,
                       QStringLiteral("Date must be in ISO-8601 'basic format'. Got '%1'. See "
                                      "http://en.wikipedia.org/wiki/ISO_8601")
                           .arg(QString::fromLatin1(amzDateValue.left(40))),
                       400);

    const QList<QByteArray> scope = credential.split('/');
    if (scope.size() != 5)
        return failure(FaultCode::IncompleteSignatureException,
                       QStringLiteral("Credential must have exactly 5 slash-delimited elements, e.g. "
                                      "keyid/date/region/service/term, got '%1'")
                           .arg(QString::fromLatin1(credential.mid(credential.indexOf('/') + 1))),
                       400);
    const QString accessKeyId = QString::fromLatin1(scope.at(0));
    if (scope.at(1) != amzDateValue.left(8))
        return failure(
            FaultCode::InvalidSignatureException,
            QStringLiteral("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                           "date from HTTP: '%1' != '%2', from '%3'.")
                .arg(QString::fromLatin1(scope.at(1)), QString::fromLatin1(amzDateValue.left(8)),
                     QString::fromLatin1(amzDateValue)));
    if (QString::fromLatin1(scope.at(2)) != region)
        return failure(FaultCode::InvalidSignatureException,
                       QStringLiteral("Credential should be scoped to a valid region. "));
    if (QString::fromLatin1(scope.at(3)) != service)
        return failure(FaultCode::InvalidSignatureException,
                       QStringLiteral("Credential should be scoped to correct service: '%1'. ").arg(service));
    if (scope.at(4) != "aws4_request")
        return failure(
            FaultCode::InvalidSignatureException,
            QStringLiteral("Credential should be scoped with a valid terminator: 'aws4_request', not "
                           "'%1'. ")
                .arg(QString::fromLatin1(scope.at(4).left(40))));

    const SimKeyPair* key = nullptr;
    for (const SimKeyPair& k : keys) {
        if (k.credentials.accessKeyId == accessKeyId)
            key = &k;
    }
    const QString invalidToken = QStringLiteral("The security token included in the request is invalid.");
    if (!key)
        return failure(FaultCode::UnrecognizedClientException, invalidToken);
    const QByteArray token = request.header("x-amz-security-token");
    const QString expected = key->credentials.sessionToken;
    // A temporary key needs its own token; a long-term key must come without one.
    if (QString::fromUtf8(token) != expected)
        return failure(FaultCode::UnrecognizedClientException, invalidToken);
    if (!expected.isEmpty() && !signedList.contains("x-amz-security-token"))
        return failure(
            FaultCode::IncompleteSignatureException,
            QStringLiteral("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization."), 400);

    SimAuthResult result;
    result.accessKeyId = accessKeyId;
    result.signatureChecked = true;
    const QByteArray computed = expectedSignature(request, signedHeaders, key->credentials.secretAccessKey,
                                                  accessKeyId, region, service);
    result.signatureValid = sameSignature(computed, signature);
    auto withResult = [&](SimAuthResult r) {
        r.accessKeyId = accessKeyId;
        r.signatureChecked = true;
        r.signatureValid = result.signatureValid;
        return r;
    };
    // An expired token is reported whatever the signature, as STS-issued tokens are checked first.
    if (key->credentials.expiration.isValid() && key->credentials.expiration <= serverNow)
        return withResult(failure(FaultCode::ExpiredTokenException,
                                  QStringLiteral("The security token included in the request is expired")));
    if (!result.signatureValid)
        return withResult(failure(
            FaultCode::InvalidSignatureException,
            QStringLiteral(
                "The request signature we calculated does not match the signature you provided. Check "
                "your AWS Secret Access Key and signing method. Consult the service documentation for "
                "details.")));

    const qint64 skew = requestTime.secsTo(serverNow);
    if (skew > kSkewToleranceSeconds)
        return withResult(failure(
            FaultCode::InvalidSignatureException,
            QStringLiteral("Signature expired: %1 is now earlier than %2 (%3 - 15 min.)")
                .arg(amz(requestTime), amz(serverNow.addSecs(-kSkewToleranceSeconds)), amz(serverNow))));
    if (-skew > kSkewToleranceSeconds)
        return withResult(failure(
            FaultCode::InvalidSignatureException,
            QStringLiteral("Signature not yet current: %1 is still later than %2 (%3 + 15 min.)")
                .arg(amz(requestTime), amz(serverNow.addSecs(kSkewToleranceSeconds)), amz(serverNow))));
    result.ok = true;
    return result;
}

QStringList SimAuthVerifier::credentialScope(const HttpRequestData& request)
{
    const QByteArray authorization = request.header("authorization");
    const qsizetype at = authorization.indexOf("Credential=");
    if (at < 0)
        return {};
    QByteArray credential = authorization.mid(at + 11);
    const qsizetype end = credential.indexOf(',');
    if (end >= 0)
        credential = credential.left(end);
    const QStringList parts = QString::fromLatin1(credential.trimmed()).split(QLatin1Char('/'));
    return parts.size() == 5 ? parts : QStringList();
}

QByteArray SimAuthVerifier::expectedSignature(const HttpRequestData& request, const QByteArray& signedHeaders,
                                              const QString& secretAccessKey, const QString& accessKeyId,
                                              const QString& region, const QString& service,
                                              QByteArray* canonicalRequest, QByteArray* stringToSign) const
{
    const QByteArray date = request.header("x-amz-date");
    if (!sigv4::isAmzDate(date))
        return QByteArray();

    // Only the headers the client claims to have signed count.
    const QList<QByteArray> wanted = signedHeaders.toLower().split(';');
    HeaderList signedPart;
    for (const auto& header : request.headers) {
        if (wanted.contains(header.first.toLower()))
            signedPart.append(header);
    }
    // S3 signs the path encoded once, as it is, and the payload hash the client declared.
    const bool s3 = service == u"s3";
    const QByteArray path = s3 ? QByteArray::fromPercentEncoding(request.path) : request.path;
    const QByteArray payloadHash = s3 ? request.header("x-amz-content-sha256") : Sha256::hex(request.body);
    const QByteArray creq = sigv4::canonicalRequest(request.method, sigv4::canonicalUri(path, !s3),
                                                    sigv4::canonicalQuery(request.query),
                                                    sigv4::canonicalHeaders(signedPart), payloadHash);
    const QByteArray sts = sigv4::stringToSign(date, sigv4::credentialScope(date, region, service), creq);
    if (canonicalRequest)
        *canonicalRequest = creq;
    if (stringToSign)
        *stringToSign = sts;
    return m_keys.signature(accessKeyId, secretAccessKey, date.left(8), region, service, sts);
}

} // namespace dmsx
