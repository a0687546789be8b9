#include "net/AwsErrorParser.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "net/ClockSkewTracker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace dmsx {

namespace {

QString scalarToString(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (std::floor(d) == d && std::fabs(d) < 1e15)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 17);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

// ServerTime in an error body: epoch seconds (awsJson default timestamp), RFC 3339 or an HTTP date.
QDateTime parseServerTime(const QJsonValue& v)
{
    if (v.isDouble()) {
        const double seconds = v.toDouble();
        if (!(seconds > 0))
            return {};
        return AwsTime::fromEpochSeconds(seconds); // range-checked there
    }
    if (!v.isString())
        return {};
    const QString s = v.toString().trimmed();
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    if (t.isValid())
        return t.toUTC();
    return ClockSkewTracker::parseHttpDate(s.toLatin1());
}

QString describeBody(const HeaderList& headers, const QByteArray& body)
{
    const QByteArray contentType = AwsErrorParser::headerValue(headers, "content-type");
    QString what =
        QString::fromLatin1(contentType.isEmpty() ? QByteArray("unknown content type") : contentType);
    // An HTML page from a proxy usually names itself in <title>: the most useful hint we can give.
    const qsizetype open = body.indexOf("<title>");
    if (open >= 0) {
        const qsizetype close = body.indexOf("</title>", open);
        if (close > open)
            what += QStringLiteral(", page title \"") +
                    QString::fromUtf8(body.mid(open + 7, std::min<qsizetype>(close - open - 7, 200)))
                        .simplified() +
                    QLatin1Char('"');
    }
    return what;
}

} // namespace

QByteArray AwsErrorParser::headerValue(const HeaderList& headers, const QByteArray& name)
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.trimmed();
    }
    return {};
}

bool AwsErrorParser::hasHeader(const HeaderList& headers, const QByteArray& name)
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString AwsErrorParser::sanitizeErrorCode(const QString& raw)
{
    QString code = raw;
    qsizetype i = code.indexOf(QLatin1Char(','));
    if (i >= 0)
        code.truncate(i);
    i = code.indexOf(QLatin1Char(':'));
    if (i >= 0)
        code.truncate(i);
    if (code.contains(QLatin1Char('#')))
        code = code.section(QLatin1Char('#'), 1, 1);
    return code.trimmed();
}

bool AwsErrorParser::rejectsCredentials(const QString& code)
{
    // JSON (DMS) and query (STS) spellings. AccessDenied is about permissions, not the keys.
    static const QLatin1StringView codes[] = {
        FaultCode::ExpiredTokenException,     FaultCode::ExpiredToken,
        FaultCode::InvalidClientTokenId,      FaultCode::UnrecognizedClientException,
        FaultCode::InvalidSignatureException, FaultCode::SignatureDoesNotMatch,
    };
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

QString AwsErrorParser::requestIdFrom(const HeaderList& headers)
{
    for (const char* name : {"x-amzn-RequestId", "x-amzn-request-id", "x-amz-request-id"}) {
        const QByteArray v = headerValue(headers, QByteArray(name));
        if (!v.isEmpty())
            return QString::fromLatin1(v);
    }
    return {};
}

// A server's wait longer than a day is not a wait we honour as given (the retry itself is
// bounded lower); the bound keeps the conversion to milliseconds from overflowing.
constexpr qint64 kMaxRetryAfterSeconds = 24 * 3600;

qint64 AwsErrorParser::retryAfterMsFrom(const HeaderList& headers, const QDateTime& now)
{
    bool ok = false;
    const QByteArray amz = headerValue(headers, "x-amz-retry-after");
    if (!amz.isEmpty()) {
        const qint64 ms = amz.toLongLong(&ok);
        if (ok && ms >= 0)
            return std::min<qint64>(ms, kMaxRetryAfterSeconds * 1000);
    }
    const QByteArray retryAfter = headerValue(headers, "retry-after");
    if (!retryAfter.isEmpty()) {
        const qint64 seconds = retryAfter.toLongLong(&ok);
        // Bounded before the multiplication: 9223372036854775807 s would overflow.
        if (ok && seconds >= 0)
            return std::min<qint64>(seconds, kMaxRetryAfterSeconds) * 1000;
        const QDateTime at = ClockSkewTracker::parseHttpDate(retryAfter);
        if (at.isValid() && now.isValid())
            return std::max<qint64>(0, now.msecsTo(at));
    }
    return -1;
}

Fault AwsErrorParser::parse(int httpStatus, const HeaderList& headers, const QByteArray& body,
                            const QDateTime& now)
{
    Fault f;
    f.kind = FaultKind::Service;
    f.httpStatus = httpStatus;
    f.time = now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc();
    f.requestId = requestIdFrom(headers);
    f.rawBody = body;
    f.retryAfterMs = retryAfterMsFrom(headers, now);
    f.serverTime = ClockSkewTracker::parseHttpDate(headerValue(headers, "date"));

    const QString headerCode =
        sanitizeErrorCode(QString::fromLatin1(headerValue(headers, "x-amzn-ErrorType")));

    QJsonObject object;
    const QByteArray trimmed = body.trimmed();
    if (!trimmed.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
        // QJsonDocument only takes an object or array at the top; a bare scalar is still JSON.
        const bool scalarJson = error.error != QJsonParseError::NoError &&
                                QJsonDocument::fromJson(QByteArray('[' + trimmed + ']')).isArray();
        if (error.error != QJsonParseError::NoError && !scalarJson) {
            // The status still decides retries (a proxy's HTML 502 is retried), so it is kept.
            f.kind = FaultKind::Protocol;
            f.code = FaultCode::NonJsonResponse;
            f.message = Redactor::redact(QStringLiteral("HTTP %1 with a body that is not JSON (%2)")
                                             .arg(httpStatus)
                                             .arg(describeBody(headers, trimmed)));
            if (!headerCode.isEmpty())
                f.detail = QStringLiteral("x-amzn-ErrorType: ") + headerCode;
            return f;
        }
        // An array or scalar is JSON but says nothing: it is read like an empty object, as the JS SDK does.
        if (doc.isObject())
            object = doc.object();
    }

    QString code;
    const QJsonValue type = object.value(QLatin1String("__type"));
    if (!type.isUndefined() && !type.isNull())
        code = scalarToString(type);
    QString codeKey;
    if (code.isEmpty()) {
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.key().compare(QLatin1String("code"), Qt::CaseInsensitive) == 0 && !it.value().isNull()) {
                code = scalarToString(it.value());
                codeKey = it.key();
                break;
            }
        }
    }
    code = sanitizeErrorCode(code);
    if (code.isEmpty())
        code = headerCode;
    f.code = code.isEmpty() ? FaultCode::Unknown : code;

    QJsonValue message = object.value(QLatin1String("message"));
    if (message.isUndefined() || message.isNull())
        message = object.value(QLatin1String("Message"));
    f.message = Redactor::redact(scalarToString(message));

    const QJsonValue serverTime = object.value(QLatin1String("ServerTime"));
    if (!serverTime.isUndefined() && !serverTime.isNull()) {
        const QDateTime t = parseServerTime(serverTime);
        if (t.isValid())
            f.serverTime = t; // preferred over the Date header, as the SDK does
    }

    // Extra members (resourceArn of ResourceAlreadyExistsFault, ...) are kept for support.
    QStringList extras;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString& key = it.key();
        if (key == QLatin1String("__type") || key == QLatin1String("message") ||
            key == QLatin1String("Message") || key == codeKey || key == QLatin1String("ServerTime"))
            continue;
        const QString value =
            it.value().isObject() || it.value().isArray()
                ? QString::fromUtf8(it.value().isObject()
                                        ? QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact)
                                        : QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact))
                : scalarToString(it.value());
        extras << key + QStringLiteral(": ") + value;
    }
    f.detail = Redactor::redact(extras.join(QLatin1Char('\n')));
    return f;
}

} // namespace dmsx
