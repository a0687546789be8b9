#include "base/Redactor.h"

#include "base/HexDigit.h"

#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>

#include <openssl/crypto.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <vector>

namespace dmsx {

namespace {

constexpr qsizetype kMinRegisteredSecretLength = 8;

// The registry's own copies: never shared with the caller's strings, so wiping them in place
// really clears the only buffer that holds them.
QString deepCopy(const QString& s)
{
    return QString(s.constData(), s.size());
}

void wipe(QString& s)
{
    if (!s.isEmpty() && s.isDetached())
        OPENSSL_cleanse(s.data(), size_t(s.size()) * sizeof(QChar));
    s = QString();
}

struct SecretRegistry
{
    QMutex mutex;
    std::map<QString, std::vector<QString>> owned;
    std::vector<QString> unowned; // oldest first
    std::atomic<quint64> generation{0};
};

SecretRegistry& registry()
{
    static SecretRegistry r;
    return r;
}

// "%2F", "%2f" or, encoded twice, "%252F" for `byte` at text[j]: the length matched, or 0.
qsizetype matchPercentByte(QStringView text, qsizetype j, unsigned char byte)
{
    const auto hexAt = [&](qsizetype k) {
        if (k + 1 >= text.size())
            return -1;
        const int hi = HexDigit::value(text.at(k).unicode());
        const int lo = HexDigit::value(text.at(k + 1).unicode());
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    };
    if (j >= text.size() || text.at(j) != u'%')
        return 0;
    if (hexAt(j + 1) == byte)
        return 3;
    if (hexAt(j + 1) == 0x25 && hexAt(j + 3) == byte)
        return 5;
    return 0;
}

int utf8(char32_t cp, unsigned char out[4])
{
    if (cp < 0x80) {
        out[0] = static_cast<unsigned char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<unsigned char>(0xC0 | (cp >> 6));
        out[1] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<unsigned char>(0xE0 | (cp >> 12));
        out[1] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<unsigned char>(0xF0 | (cp >> 18));
    out[1] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<unsigned char>(0x80 | (cp & 0x3F));
    return 4;
}

// How long `secret` runs at text[from] when each of its characters may appear as itself,
// JSON-escaped ("\/"), form-encoded ("+" for a space) or percent-encoded; 0 if it does not.
qsizetype matchSecretAt(QStringView text, qsizetype from, QStringView secret)
{
    qsizetype j = from;
    for (qsizetype i = 0; i < secret.size();) {
        const qsizetype unit =
            secret.at(i).isHighSurrogate() && i + 1 < secret.size() && secret.at(i + 1).isLowSurrogate() ? 2
                                                                                                         : 1;
        const QStringView literal = secret.mid(i, unit);
        i += unit;
        if (text.mid(j).startsWith(literal)) {
            j += unit;
            continue;
        }
        const char32_t cp = unit == 2 ? QChar::surrogateToUcs4(literal.at(0), literal.at(1))
                                      : char32_t(literal.at(0).unicode());
        if (cp == U'/' && text.mid(j).startsWith(u"\\/")) {
            j += 2;
            continue;
        }
        if (cp == U' ' && j < text.size() && text.at(j) == u'+') {
            ++j;
            continue;
        }
        unsigned char bytes[4];
        const int n = utf8(cp, bytes);
        for (int b = 0; b < n; ++b) {
            const qsizetype len = matchPercentByte(text, j, bytes[b]);
            if (len == 0)
                return 0;
            j += len;
        }
    }
    return j - from;
}

QString removeRegisteredSecrets(const QString& text)
{
    SecretRegistry& r = registry();
    // Held while matching: the registry's copies are never handed out, so a wipe can't race a read.
    QMutexLocker lock(&r.mutex);
    std::vector<const QString*> secrets;
    for (const auto& [owner, list] : r.owned)
        for (const QString& s : list)
            secrets.push_back(&s);
    for (const QString& s : r.unowned)
        secrets.push_back(&s);
    if (secrets.empty())
        return text;
    // Longest first, so a secret that contains another is removed whole.
    std::stable_sort(secrets.begin(), secrets.end(),
                     [](const QString* a, const QString* b) { return a->size() > b->size(); });

    QString out = text;
    for (const QString* secret : secrets) {
        QString next;
        qsizetype last = 0;
        bool found = false;
        for (qsizetype j = 0; j < out.size();) {
            const qsizetype len = matchSecretAt(out, j, *secret);
            if (len == 0) {
                ++j;
                continue;
            }
            found = true;
            next += QStringView(out).mid(last, j - last);
            next += Redactor::placeholder();
            j += len;
            last = j;
        }
        if (found) {
            next += QStringView(out).mid(last);
            out = next;
        }
    }
    return out;
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
        // Only what a signature looks like (64 hex digits): "signature: usually the secret..." is prose.
        QStringLiteral(R"((\b(?:x-amz-)?signature["']?[ \t]*[:=][ \t]*["']?)[0-9A-Fa-f]{64}(?![0-9A-Za-z]))"),
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
        QStringLiteral(R"((\b(?:aws_)?(?:secret_access_key|secretaccesskey|secretkey|secret_key)["']?)"
                       R"([ \t]*[:=][ \t]*["']?)[A-Za-z0-9/+=]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// "secret" alone is too common a word to take whatever follows; a 40-character key after it is not.
const QRegularExpression& genericSecretPattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"(((?<![A-Za-z0-9])secret["']?[ \t]*[:=][ \t]*["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+]))"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// SSO bearer tokens: the portal's header, and the token cache's or OIDC's JSON fields (the
// device code too: with the client secret it is worth a token until it expires).
const QRegularExpression& bearerTokenPattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"((\b(?:x-amz-sso_bearer_token|access_?token|refresh_?token|client_?secret|device_?code)["']?)"
            R"([ \t]*[:=][ \t]*["']?)[^\s,&"';]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// STS answers in XML: <SessionToken>...</SessionToken>.
const QRegularExpression& xmlSecretPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"((<(SessionToken|SecretAccessKey|SecurityToken)>)[^<]+(?=</\2>))"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

// "http://user:password@proxy:3128": the user stays, the password goes.
const QRegularExpression& urlPasswordPattern()
{
    static const QRegularExpression re(
        QStringLiteral(R"((\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:]*:)[^\s/?#@]+(?=@))"));
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
    SecretRegistry& r = registry();
    QMutexLocker lock(&r.mutex);
    auto it = std::find(r.unowned.begin(), r.unowned.end(), secret);
    if (it != r.unowned.end()) {
        // Used again: it moves to the newest end, away from the bound.
        std::rotate(it, it + 1, r.unowned.end());
        return;
    }
    r.unowned.push_back(deepCopy(secret));
    ++r.generation;
    while (qsizetype(r.unowned.size()) > kMaxUnownedSecrets) {
        wipe(r.unowned.front());
        r.unowned.erase(r.unowned.begin());
    }
}

void Redactor::registerSecrets(const QString& owner, const QStringList& secrets)
{
    SecretRegistry& r = registry();
    QMutexLocker lock(&r.mutex);
    ++r.generation;
    std::vector<QString>& list = r.owned[owner];
    for (QString& old : list)
        wipe(old);
    list.clear();
    for (const QString& s : secrets) {
        if (s.size() >= kMinRegisteredSecretLength && std::find(list.begin(), list.end(), s) == list.end())
            list.push_back(deepCopy(s));
    }
    if (list.empty())
        r.owned.erase(owner);
}

void Redactor::clearRegisteredSecrets()
{
    SecretRegistry& r = registry();
    QMutexLocker lock(&r.mutex);
    ++r.generation;
    for (auto& [owner, list] : r.owned)
        for (QString& s : list)
            wipe(s);
    r.owned.clear();
    for (QString& s : r.unowned)
        wipe(s);
    r.unowned.clear();
}

quint64 Redactor::secretsGeneration()
{
    return registry().generation.load();
}

qsizetype Redactor::registeredSecretCount()
{
    SecretRegistry& r = registry();
    QMutexLocker lock(&r.mutex);
    qsizetype n = qsizetype(r.unowned.size());
    for (const auto& [owner, list] : r.owned)
        n += qsizetype(list.size());
    return n;
}

QString Redactor::redact(const QString& text)
{
    if (text.isEmpty())
        return text;
    QString out = removeRegisteredSecrets(text);

    out = replaceValues(out, authorizationPattern());
    out = replaceValues(out, signaturePattern());
    out = replaceValues(out, sessionTokenPattern());
    out = replaceValues(out, secretKeyPattern());
    out = replaceValues(out, genericSecretPattern());
    out = replaceValues(out, bearerTokenPattern());
    out = replaceValues(out, xmlSecretPattern());
    out = replaceValues(out, urlPasswordPattern());
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
        // A masked id ends a run of key characters early, which can leave 40 of them that look
        // like a secret key: redacting the output again would change it otherwise.
        out.replace(bareSecretKeyPattern(), placeholder());
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
