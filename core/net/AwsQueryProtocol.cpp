#include "net/AwsQueryProtocol.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "net/AwsErrorParser.h"
#include "net/ClockSkewTracker.h"

#include <QUrl>
#include <QXmlStreamReader>

namespace dmsx {

AwsQueryProtocol::AwsQueryProtocol(QString apiVersion) : m_version(std::move(apiVersion)) {}

QByteArray AwsQueryProtocol::encodeForm(const QString& action, const QString& version, const Params& params)
{
    QByteArray out =
        "Action=" + QUrl::toPercentEncoding(action) + "&Version=" + QUrl::toPercentEncoding(version);
    for (const auto& p : params)
        out += '&' + QUrl::toPercentEncoding(p.first) + '=' + QUrl::toPercentEncoding(p.second);
    return out;
}

AwsProtocol::Request AwsQueryProtocol::buildRequest(const QString& operation, const QJsonObject& input) const
{
    Params params;
    for (auto it = input.begin(); it != input.end(); ++it)
        params.append(
            {it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString()});
    Request r;
    r.body = encodeForm(operation, m_version, params);
    r.contentType = "application/x-www-form-urlencoded; charset=utf-8";
    return r;
}

std::optional<QHash<QString, QString>> AwsQueryProtocol::flatten(const QByteArray& xml)
{
    QXmlStreamReader reader(xml);
    QHash<QString, QString> out;
    QStringList path;
    QString text;
    bool sawRoot = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            if (sawRoot)
                path.append(reader.name().toString());
            sawRoot = true;
            text.clear();
        } else if (reader.isCharacters()) {
            text += reader.text();
        } else if (reader.isEndElement()) {
            if (!path.isEmpty()) {
                const QString key = path.join(u'/');
                if (!out.contains(key))
                    out.insert(key, text.trimmed());
                path.removeLast();
            }
            text.clear();
        }
    }
    if (reader.hasError() || !sawRoot)
        return std::nullopt;
    return out;
}

Result<QJsonObject> AwsQueryProtocol::parseSuccess(const QByteArray& body, const HeaderList& headers) const
{
    const std::optional<QHash<QString, QString>> flat = flatten(body);
    if (!flat)
        return Fault::make(FaultKind::Protocol, FaultCode::NonXmlResponse,
                           QStringLiteral("The STS response is not XML (%1)")
                               .arg(QString::fromUtf8(AwsErrorParser::headerValue(headers, "content-type"))));
    QJsonObject out;
    for (auto it = flat->begin(); it != flat->end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

Fault AwsQueryProtocol::parseErrorDocument(int httpStatus, const QByteArray& body)
{
    const std::optional<QHash<QString, QString>> flat = flatten(body);
    Fault f;
    if (!flat || !flat->contains(QStringLiteral("Error/Code"))) {
        f = Fault::make(FaultKind::Protocol, FaultCode::NonXmlResponse,
                        QStringLiteral("STS answered HTTP %1 without an XML error document").arg(httpStatus));
    } else {
        f = Fault::make(FaultKind::Service, flat->value(QStringLiteral("Error/Code")),
                        Redactor::redact(flat->value(QStringLiteral("Error/Message"))));
        f.requestId = flat->value(QStringLiteral("RequestId"));
        const QString type = flat->value(QStringLiteral("Error/Type"));
        if (!type.isEmpty())
            f.detail = QStringLiteral("error type ") + type;
    }
    f.httpStatus = httpStatus;
    f.rawBody = Redactor::redact(body);
    return f;
}

Fault AwsQueryProtocol::parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                                   const QDateTime& receivedAt) const
{
    Fault f = parseErrorDocument(httpStatus, body);
    f.retryAfterMs = AwsErrorParser::retryAfterMsFrom(headers, receivedAt);
    // STS error documents carry no ServerTime: the Date header is the server's clock.
    f.serverTime = ClockSkewTracker::parseHttpDate(AwsErrorParser::headerValue(headers, "date"));
    return f;
}

QJsonObject AwsQueryProtocol::forObservers(const QJsonObject& object) const
{
    QJsonObject out = object;
    for (auto it = out.begin(); it != out.end(); ++it) {
        const QString name = it.key().section(QLatin1Char('/'), -1);
        if (name == QLatin1String("SecretAccessKey") || name == QLatin1String("SessionToken") ||
            name == QLatin1String("TokenCode"))
            it.value() = QStringLiteral("***");
    }
    return out;
}

} // namespace dmsx
