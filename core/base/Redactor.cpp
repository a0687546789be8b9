#include "base/Redactor.h"

#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace dmsx {

namespace {

constexpr qsizetype kMinRegisteredSecretLength = 8;

QMutex& secretsMutex()
{
    static QMutex mutex;
    return mutex;
}

QStringList& registeredSecrets()
{
    static QStringList secrets;
    return secrets;
}

// Patterns are compiled once; matching with a const QRegularExpression is thread-safe.
const QRegularExpression& authorizationPattern()
{
    // Header form ("Authorization: AWS4-HMAC-SHA256 ...") and JSON/ini form; the value runs to the
    // end of the line or the closing quote. Proxy-Authorization is covered by the same word.
    static const QRegularExpression re(
        QStringLiteral(R"((\bauthorization["']?[ \t]*[:=][ \t]*["']?)[^\r\n"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression& signaturePattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"((\b(?:x-amz-)?signature["']?[ \t]*[:=][ \t]*["']?)[^\s,&"';]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression& sessionTokenPattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"((\b(?:x-amz-security-token|aws_session_token|aws_security_token|sessiontoken|session_token|)"
            R"(securitytoken)["']?[ \t]*[:=][ \t]*["']?)[^\s,&"';]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression& secretKeyPattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"((\b(?:aws_secret_access_key|secretaccesskey|secret_access_key|secretkey|secret_key)["']?)"
            R"([ \t]*[:=][ \t]*["']?)[A-Za-z0-9/+=]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// A bare 40-character base64-ish run is how a secret access key looks anywhere else; pure hex runs
// (SHA-1 digests, commit ids) are excluded by requiring upper case, lower case and a digit.
const QRegularExpression& bareSecretKeyPattern()
{
    static const QRegularExpression re(QStringLiteral(
        R"((?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9]))"
        R"([A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=]))"));
    return re;
}

const QRegularExpression& accessKeyIdPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)"));
    return re;
}

QString replaceValues(const QString& text, const QRegularExpression& re)
{
    // Keeps capture 1 (the key and separator) and replaces what follows with the placeholder.
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    if (!it.hasNext())
        return text;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart(0) - last);
        out += m.captured(1);
        out += Redactor::placeholder();
        last = m.capturedEnd(0);
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace

QString Redactor::placeholder()
{
    return QStringLiteral("[REDACTED]");
}

QString Redactor::maskAccessKeyId(const QString& id)
{
    const QChar ellipsis(0x2026);
    if (id.size() < 9)
        return QString(ellipsis);
    return id.left(4) + ellipsis + id.right(4);
}

void Redactor::registerSecret(const QString& secret)
{
    if (secret.size() < kMinRegisteredSecretLength)
        return;
    QMutexLocker lock(&secretsMutex());
    QStringList& secrets = registeredSecrets();
    if (secrets.contains(secret))
        return;
    secrets.append(secret);
    // Longest first, so a secret that contains another is removed whole.
    std::sort(secrets.begin(), secrets.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
}

void Redactor::clearRegisteredSecrets()
{
    QMutexLocker lock(&secretsMutex());
    registeredSecrets().clear();
}

QString Redactor::redact(const QString& text)
{
    if (text.isEmpty())
        return text;
    QString out = text;

    QStringList secrets;
    {
        QMutexLocker lock(&secretsMutex());
        secrets = registeredSecrets();
    }
    for (const QString& secret : std::as_const(secrets)) {
        // The same secret also travels JSON-escaped ("\/") and percent-encoded (query strings).
        const QString jsonEscaped = QString(secret).replace(QLatin1Char('/'), QLatin1String("\\/"));
        const QString percentEncoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        for (const QString& shape : {secret, jsonEscaped, percentEncoded})
            out.replace(shape, placeholder());
    }

    out = replaceValues(out, authorizationPattern());
    out = replaceValues(out, signaturePattern());
    out = replaceValues(out, sessionTokenPattern());
    out = replaceValues(out, secretKeyPattern());
    out.replace(bareSecretKeyPattern(), placeholder());

    QString masked;
    qsizetype last = 0;
    auto it = accessKeyIdPattern().globalMatch(out);
    if (it.hasNext()) {
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            masked += QStringView(out).mid(last, m.capturedStart(0) - last);
            masked += maskAccessKeyId(m.captured(0));
            last = m.capturedEnd(0);
        }
        masked += QStringView(out).mid(last);
        out = masked;
    }
    return out;
}

QByteArray Redactor::redact(const QByteArray& text)
{
    if (text.isEmpty())
        return text;
    return redact(QString::fromUtf8(text)).toUtf8();
}

} // namespace dmsx
