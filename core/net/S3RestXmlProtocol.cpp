#include "net/S3RestXmlProtocol.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "net/AwsErrorParser.h"
#include "net/ClockSkewTracker.h"

#include <QRegularExpression>
#include <QStringList>
#include <QXmlStreamReader>

namespace dmsx {

namespace {

constexpr QLatin1StringView kRegionPrefix{"region "};

QString bucketRegionHeader(const HeaderList& headers)
{
    const QString region = QString::fromUtf8(AwsErrorParser::headerValue(headers, "x-amz-bucket-region"));
    // It names a host label; anything else is not a region this program will sign for.
    static const QRegularExpression label(QStringLiteral("^[a-z0-9-]{1,63}$"));
    return label.match(region).hasMatch() ? region : QString();
}

} // namespace

AwsProtocol::Request S3RestXmlProtocol::buildRequest(const QString& operation, const QJsonObject& input) const
{
    Q_UNUSED(input);
    Request r;
    r.method = "GET";
    if (operation == QLatin1String("GetBucketVersioning"))
        r.query = "versioning";
    else if (operation == QLatin1String("GetBucketLocation"))
        r.query = "location";
    return r;
}

std::optional<QHash<QString, QString>> S3RestXmlProtocol::flatten(const QByteArray& xml)
{
    QXmlStreamReader reader(xml);
    QHash<QString, QString> out;
    QStringList path;
    QString root;
    QString text;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            if (root.isEmpty())
                root = reader.name().toString();
            else
                path.append(reader.name().toString());
            text.clear();
        } else if (reader.isCharacters()) {
            text += reader.text();
        } else if (reader.isEndElement()) {
            const QString key = path.isEmpty() ? root : path.join(u'/');
            if (!key.isEmpty() && !out.contains(key) && (!path.isEmpty() || !text.trimmed().isEmpty()))
                out.insert(key, text.trimmed());
            if (!path.isEmpty())
                path.removeLast();
            text.clear();
        }
        // Bounded by the transport's response cap; nesting this deep is no answer of S3's.
        if (path.size() > 32)
            return std::nullopt;
    }
    if (reader.hasError() || root.isEmpty())
        return std::nullopt;
    return out;
}

Result<QJsonObject> S3RestXmlProtocol::parseSuccess(const QByteArray& body, const HeaderList& headers) const
{
    QJsonObject out;
    if (!body.trimmed().isEmpty()) {
        const std::optional<QHash<QString, QString>> flat = flatten(body);
        if (!flat)
            return Fault::make(
                FaultKind::Protocol, FaultCode::NonXmlResponse,
                QStringLiteral("The S3 response is not XML (%1)")
                    .arg(QString::fromUtf8(AwsErrorParser::headerValue(headers, "content-type"))));
        for (auto it = flat->begin(); it != flat->end(); ++it)
            out.insert(it.key(), it.value());
    }
    const QString region = bucketRegionHeader(headers);
    if (!region.isEmpty())
        out.insert(QStringLiteral("BucketRegion"), region);
    return out;
}

Fault S3RestXmlProtocol::parseErrorDocument(int httpStatus, const HeaderList& headers, const QByteArray& body)
{
    const std::optional<QHash<QString, QString>> flat =
        body.trimmed().isEmpty() ? std::nullopt : flatten(body);
    Fault f;
    if (flat && flat->contains(QStringLiteral("Code"))) {
        f = Fault::make(FaultKind::Service, flat->value(QStringLiteral("Code")),
                        Redactor::redact(flat->value(QStringLiteral("Message"))));
        f.requestId = flat->value(QStringLiteral("RequestId"));
    } else if (!body.trimmed().isEmpty() && !flat) {
        f = Fault::make(FaultKind::Protocol, FaultCode::NonXmlResponse,
                        QStringLiteral("S3 answered HTTP %1 without an XML error document").arg(httpStatus));
    } else {
        // HEAD answers and some redirects carry no document: the status is all there is.
        QString code;
        switch (httpStatus) {
        case 301:
            code = QStringLiteral("PermanentRedirect");
            break;
        case 403:
            code = FaultCode::AccessDenied;
            break;
        case 404:
            code = QStringLiteral("NotFound");
            break;
        default:
            code = FaultCode::Unknown;
            break;
        }
        f = Fault::make(FaultKind::Service, code, QStringLiteral("S3 answered HTTP %1").arg(httpStatus));
    }
    if (f.requestId.isEmpty())
        f.requestId = QString::fromUtf8(AwsErrorParser::headerValue(headers, "x-amz-request-id"));
    QString region = bucketRegionHeader(headers);
    if (region.isEmpty() && flat) {
        static const QRegularExpression label(QStringLiteral("^[a-z0-9-]{1,63}$"));
        const QString named = flat->value(QStringLiteral("Region"));
        if (label.match(named).hasMatch())
            region = named;
    }
    if (!region.isEmpty())
        f.detail = kRegionPrefix + region;
    f.httpStatus = httpStatus;
    f.rawBody = Redactor::redact(body);
    return f;
}

Fault S3RestXmlProtocol::parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                                    const QDateTime& receivedAt) const
{
    Fault f = parseErrorDocument(httpStatus, headers, body);
    f.retryAfterMs = AwsErrorParser::retryAfterMsFrom(headers, receivedAt);
    f.serverTime = ClockSkewTracker::parseHttpDate(AwsErrorParser::headerValue(headers, "date"));
    return f;
}

QString S3RestXmlProtocol::bucketRegionOf(const Fault& fault)
{
    return fault.detail.startsWith(kRegionPrefix) ? fault.detail.mid(kRegionPrefix.size()) : QString();
}

} // namespace dmsx
