#include "SimS3Service.h"

#include "SimFaultCodes.h"
#include "base/FaultCodes.h"
#include "sigv4/Sha256.h"

#include <QRegularExpression>

namespace dmsx {

namespace {

const QByteArray kXmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const QByteArray kNamespace = "http://s3.amazonaws.com/doc/2006-03-01/";

QByteArray escape(const QString& text)
{
    return text.toHtmlEscaped().toUtf8();
}

QStringList queryKeys(const QByteArray& query)
{
    QStringList keys;
    const QList<QByteArray> parts = query.split('&');
    for (const QByteArray& part : parts) {
        const qsizetype equals = part.indexOf('=');
        if (!part.isEmpty())
            keys << QString::fromUtf8(QByteArray::fromPercentEncoding(equals < 0 ? part : part.left(equals)));
    }
    return keys;
}

// The bucket a virtual-hosted request names in its Host, or empty for path style.
QString virtualHostBucket(const QByteArray& hostHeader)
{
    QString host = QString::fromLatin1(hostHeader).trimmed().toLower();
    if (host.startsWith(QLatin1Char('[')))
        return QString();
    host =
        host.left(host.lastIndexOf(QLatin1Char(':')) < 0 ? host.size() : host.lastIndexOf(QLatin1Char(':')));
    static const QRegularExpression aws(
        QStringLiteral("^(.+)\\.s3([.-][a-z0-9-]+)*\\.amazonaws\\.com(\\.cn)?$"));
    const QRegularExpressionMatch m = aws.match(host);
    if (m.hasMatch())
        return m.captured(1);
    if (host.endsWith(QLatin1String(".localhost")))
        return host.left(host.size() - 10);
    return QString();
}

SimReply xmlReply(const QByteArray& body, const QString& requestId)
{
    SimReply r;
    r.contentType = "application/xml";
    r.body = kXmlHeader + body;
    r.headers.append({QByteArrayLiteral("x-amz-request-id"), requestId.toLatin1()});
    r.headers.append({QByteArrayLiteral("x-amz-id-2"), QByteArray(requestId.toLatin1()).toBase64()});
    return r;
}

// The verifier's JSON-protocol codes as S3 spells them, with S3's status and wording.
SimReply authError(const SimAuthResult& auth, const QString& requestId)
{
    if (auth.code == FaultCode::MissingAuthenticationTokenException)
        return SimS3Service::error(403, FaultCode::AccessDenied, QStringLiteral("Access Denied"), requestId);
    if (auth.code == FaultCode::IncompleteSignatureException)
        return SimS3Service::error(400, SimFaultCode::AuthorizationHeaderMalformed,
                                   QStringLiteral("The authorization header is malformed; ") + auth.message,
                                   requestId);
    if (auth.code == FaultCode::UnrecognizedClientException)
        return SimS3Service::error(
            403, SimFaultCode::InvalidAccessKeyId,
            QStringLiteral("The AWS Access Key Id you provided does not exist in our records."), requestId,
            "<AWSAccessKeyId>" + escape(auth.accessKeyId) + "</AWSAccessKeyId>");
    if (auth.code == FaultCode::ExpiredTokenException)
        return SimS3Service::error(400, FaultCode::ExpiredToken,
                                   QStringLiteral("The provided token has expired."), requestId);
    if (auth.message.startsWith(QLatin1String("Signature expired")) ||
        auth.message.startsWith(QLatin1String("Signature not yet current")))
        return SimS3Service::error(
            403, SimFaultCode::RequestTimeTooSkewed,
            QStringLiteral("The difference between the request time and the current time is too large."),
            requestId);
    if (auth.message.startsWith(QLatin1String("Credential should be scoped")) ||
        auth.message.startsWith(QLatin1String("Date in Credential scope")))
        return SimS3Service::error(
            400, SimFaultCode::AuthorizationHeaderMalformed,
            QStringLiteral("The authorization header is malformed; ") + auth.message.trimmed(), requestId);
    return SimS3Service::error(
        403, FaultCode::SignatureDoesNotMatch,
        QStringLiteral("The request signature we calculated does not match the signature "
                       "you provided. Check your key and signing method."),
        requestId);
}

} // namespace

bool SimS3Service::accepts(const HttpRequestData& request)
{
    const QStringList scope = SimAuthVerifier::credentialScope(request);
    if (!scope.isEmpty())
        return scope.at(3) == u"s3";
    if (request.method != "GET" && request.method != "HEAD")
        return false;
    const QStringList keys = queryKeys(request.query);
    return keys.contains(QStringLiteral("versioning")) || keys.contains(QStringLiteral("location")) ||
           !virtualHostBucket(request.header("host")).isEmpty();
}

SimReply SimS3Service::error(int status, const QString& code, const QString& message,
                             const QString& requestId, const QByteArray& extraXml)
{
    SimReply r =
        xmlReply("<Error><Code>" + escape(code) + "</Code><Message>" + escape(message) + "</Message>" +
                     extraXml + "<RequestId>" + escape(requestId) + "</RequestId><HostId>" +
                     QByteArray(requestId.toLatin1()).toBase64() + "</HostId></Error>",
                 requestId);
    r.status = status;
    r.errorCode = code;
    return r;
}

SimReply SimS3Service::handle(const HttpRequestData& request, const SimCallContext& context,
                              QJsonObject* log) const
{
    const SimScenario& scenario = *context.scenario;
    QString bucketName = virtualHostBucket(request.header("host"));
    const QString path = QString::fromUtf8(QByteArray::fromPercentEncoding(request.path));
    QString key = path.mid(1);
    if (bucketName.isEmpty()) { // path style: /bucket[/key]
        bucketName = key.left(key.indexOf(QLatin1Char('/')) < 0 ? key.size() : key.indexOf(QLatin1Char('/')));
        key = key.mid(bucketName.size() + 1);
    }
    const QStringList keys = queryKeys(request.query);
    QString operation;
    if (request.method == "GET" && key.isEmpty() && !bucketName.isEmpty()) {
        if (keys.contains(QStringLiteral("versioning")))
            operation = QStringLiteral("GetBucketVersioning");
        else if (keys.contains(QStringLiteral("location")))
            operation = QStringLiteral("GetBucketLocation");
    }
    log->insert(QStringLiteral("service"), QStringLiteral("s3"));
    log->insert(QStringLiteral("operation"), operation.isEmpty() ? QStringLiteral("Unsupported") : operation);
    log->insert(QStringLiteral("bucket"), bucketName);
    log->insert(QStringLiteral("addressing"), virtualHostBucket(request.header("host")).isEmpty()
                                                  ? QStringLiteral("path")
                                                  : QStringLiteral("virtual-hosted"));

    // The region the request was signed for is the region of the endpoint it meant: the loopback
    // port stands for every region's endpoint, as the SDKs' per-region hosts would.
    const QStringList scope = SimAuthVerifier::credentialScope(request);
    static const QRegularExpression regionPattern(QStringLiteral("^[a-z]{2}(-[a-z]+)+-[0-9]+$"));
    const QString signingRegion =
        scope.size() == 5 && regionPattern.match(scope.at(2)).hasMatch() ? scope.at(2) : scenario.region;
    const bool isSigned = !request.header("authorization").isEmpty();
    const QByteArray contentHash = request.header("x-amz-content-sha256").trimmed();
    if (isSigned && contentHash.isEmpty())
        return error(400, SimFaultCode::InvalidRequest,
                     QStringLiteral("Missing required header for this request: x-amz-content-sha256"),
                     context.requestId);
    const SimAuthResult auth =
        m_verifier.verify(request, context.keys, signingRegion, context.now, QStringLiteral("s3"));
    log->insert(QStringLiteral("accessKeyId"), auth.accessKeyId);
    log->insert(QStringLiteral("signatureValid"), auth.signatureValid);
    if (!auth.ok) {
        SimReply r = authError(auth, context.requestId);
        log->insert(QStringLiteral("authError"), r.errorCode);
        return r;
    }
    static const QRegularExpression hexHash(QStringLiteral("^[0-9a-f]{64}$"));
    if (contentHash != "UNSIGNED-PAYLOAD" && !hexHash.match(QString::fromLatin1(contentHash)).hasMatch())
        return error(400, SimFaultCode::InvalidArgument,
                     QStringLiteral(
                         "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                         "or a valid sha256 value."),
                     context.requestId);
    if (contentHash != "UNSIGNED-PAYLOAD" && contentHash != Sha256::hex(request.body))
        return error(
            400, SimFaultCode::XAmzContentSHA256Mismatch,
            QStringLiteral("The provided 'x-amz-content-sha256' header does not match what was computed."),
            context.requestId);
    if (operation.isEmpty())
        return error(501, SimFaultCode::NotImplemented,
                     QStringLiteral("A header you provided implies functionality that is not implemented"),
                     context.requestId);

    const std::optional<SimBucket> bucket = scenario.findBucket(bucketName);
    if (!bucket)
        return error(404, SimFaultCode::NoSuchBucket, QStringLiteral("The specified bucket does not exist"),
                     context.requestId, "<BucketName>" + escape(bucketName) + "</BucketName>");
    const QString bucketRegion = bucket->region.isEmpty() ? scenario.region : bucket->region;
    const QList<QPair<QByteArray, QByteArray>> regionHeader{
        {QByteArrayLiteral("x-amz-bucket-region"), bucketRegion.toLatin1()}};
    const QString action = QStringLiteral("s3:") + operation;
    if (scenario.resources.denied(auth.accessKeyId, action,
                                  {bucketName, QStringLiteral("arn:aws:s3:::") + bucketName})) {
        SimReply r =
            error(403, FaultCode::AccessDenied,
                  QStringLiteral("User: %1 is not authorized to perform: %2 on resource: "
                                 "\"arn:aws:s3:::%3\" because no identity-based policy allows the %2 "
                                 "action")
                      .arg(context.callerArn(auth.accessKeyId), action, bucketName),
                  context.requestId);
        r.headers += regionHeader;
        return r;
    }
    // S3 answers GetBucketLocation from any region; everything else only from the bucket's own.
    if (operation == u"GetBucketLocation") {
        SimReply r = xmlReply("<LocationConstraint xmlns=\"" + kNamespace + "\">" +
                                  (bucketRegion == u"us-east-1" ? QByteArray() : escape(bucketRegion)) +
                                  "</LocationConstraint>",
                              context.requestId);
        r.headers += regionHeader;
        return r;
    }
    if (bucketRegion != signingRegion) {
        SimReply r = error(
            301, SimFaultCode::PermanentRedirect,
            QStringLiteral("The bucket you are attempting to access must be addressed using the "
                           "specified endpoint. Please send all future requests to this endpoint."),
            context.requestId,
            "<Endpoint>" + escape(QStringLiteral("%1.s3.%2.amazonaws.com").arg(bucketName, bucketRegion)) +
                "</Endpoint><Bucket>" + escape(bucketName) + "</Bucket>");
        r.headers += regionHeader;
        return r;
    }
    SimReply r =
        xmlReply("<VersioningConfiguration xmlns=\"" + kNamespace + "\">" +
                     (bucket->versioning.isEmpty() ? QByteArray()
                                                   : "<Status>" + escape(bucket->versioning) + "</Status>") +
                     "</VersioningConfiguration>",
                 context.requestId);
    r.headers += regionHeader;
    return r;
}

} // namespace dmsx
