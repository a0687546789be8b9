#include "net/AwsJsonProtocol.h"

#include "base/FaultCodes.h"
#include "net/AwsErrorParser.h"

#include <QJsonDocument>

namespace dmsx {

namespace {

// A JSON parse error that means "the document stopped early" rather than "this is not JSON".
bool looksTruncated(const QByteArray& body, const QJsonParseError& err)
{
    const QByteArray t = body.trimmed();
    if (!t.startsWith('{'))
        return false;
    switch (err.error) {
    case QJsonParseError::UnterminatedObject:
    case QJsonParseError::UnterminatedArray:
    case QJsonParseError::UnterminatedString:
    case QJsonParseError::IllegalEscapeSequence:
    case QJsonParseError::IllegalNumber:
    case QJsonParseError::MissingNameSeparator:
    case QJsonParseError::MissingValueSeparator:
    case QJsonParseError::IllegalValue:
        return err.offset >= t.size() - 1 || err.error == QJsonParseError::UnterminatedObject ||
               err.error == QJsonParseError::UnterminatedString ||
               err.error == QJsonParseError::UnterminatedArray;
    default:
        return false;
    }
}

} // namespace

AwsJsonProtocol::AwsJsonProtocol(QString targetPrefix) : m_targetPrefix(std::move(targetPrefix)) {}

AwsProtocol::Request AwsJsonProtocol::buildRequest(const QString& operation, const QJsonObject& input) const
{
    Request r;
    r.body = QJsonDocument(input).toJson(QJsonDocument::Compact);
    r.contentType = "application/x-amz-json-1.1";
    r.extraHeaders = {{"x-amz-target", (m_targetPrefix + QLatin1Char('.') + operation).toUtf8()}};
    return r;
}

Result<QJsonObject> AwsJsonProtocol::parseSuccess(const QByteArray& body, const HeaderList& headers) const
{
    if (body.trimmed().isEmpty())
        return QJsonObject(); // awsJson treats an empty success body as {}
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &perr);
    if (perr.error != QJsonParseError::NoError) {
        if (looksTruncated(body, perr))
            return Fault::make(FaultKind::Protocol, FaultCode::TruncatedResponse,
                               QStringLiteral("The JSON response ends early: %1").arg(perr.errorString()));
        return Fault::make(FaultKind::Protocol, FaultCode::NonJsonResponse,
                           QStringLiteral("The response is not JSON (%1)")
                               .arg(QString::fromUtf8(AwsErrorParser::headerValue(headers, "content-type"))));
    }
    if (!doc.isObject())
        return Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                           QStringLiteral("The JSON response is not an object"));
    return doc.object();
}

Fault AwsJsonProtocol::parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                                  const QDateTime& receivedAt) const
{
    return AwsErrorParser::parse(httpStatus, headers, body, receivedAt);
}

} // namespace dmsx
