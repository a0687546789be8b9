#include "sigv4/HttpRequestData.h"

#include <QString>

namespace dmsx {

namespace {

bool nameEquals(const QByteArray& a, const QByteArray& b)
{
    return a.size() == b.size() && qstrnicmp(a.constData(), a.size(), b.constData(), b.size()) == 0;
}

bool isTokenChar(char c)
{
    // RFC 9110 tchar: what a method or a header name may contain.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(const QByteArray& s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// One line without its terminator; `pos` moves past the LF. A CR before the LF is
// dropped so CRLF input parses like the suites' LF files.
QByteArray takeLine(const QByteArray& raw, qsizetype& pos, bool* sawTerminator)
{
    const qsizetype nl = raw.indexOf('\n', pos);
    const qsizetype end = nl < 0 ? raw.size() : nl;
    qsizetype len = end - pos;
    if (len > 0 && raw.at(end - 1) == '\r')
        --len;
    QByteArray line = raw.mid(pos, len);
    pos = nl < 0 ? raw.size() : nl + 1;
    if (sawTerminator)
        *sawTerminator = nl >= 0;
    return line;
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

QByteArray HttpRequestData::header(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (nameEquals(h.first, name))
            return h.second;
    }
    return QByteArray();
}

bool HttpRequestData::hasHeader(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (nameEquals(h.first, name))
            return true;
    }
    return false;
}

void HttpRequestData::setHeader(const QByteArray& name, const QByteArray& value)
{
    // Keep the position of the first occurrence so a replaced header stays where the
    // caller put it; drop the rest.
    qsizetype first = -1;
    for (qsizetype i = 0; i < headers.size();) {
        if (nameEquals(headers.at(i).first, name)) {
            if (first < 0) {
                first = i;
                headers[i].second = value;
                ++i;
            } else {
                headers.removeAt(i);
            }
        } else {
            ++i;
        }
    }
    if (first < 0)
        headers.append(qMakePair(name, value));
}

void HttpRequestData::removeHeader(const QByteArray& name)
{
    headers.removeIf([&name](const QPair<QByteArray, QByteArray>& h) { return nameEquals(h.first, name); });
}

bool HttpRequestData::parse(const QByteArray& raw, HttpRequestData* out, QString* error)
{
    if (!out)
        return fail(error, QStringLiteral("no output request given"));
    if (raw.isEmpty())
        return fail(error, QStringLiteral("empty request"));

    qsizetype pos = 0;
    const QByteArray requestLine = takeLine(raw, pos, nullptr);

    // The suites put raw spaces in the path, so split on the first space (method) and the
    // last " HTTP/" (version) instead of tokenising on whitespace.
    const qsizetype sp = requestLine.indexOf(' ');
    if (sp <= 0)
        return fail(error, QStringLiteral("request line has no method: expected \"METHOD /path HTTP/1.1\""));
    const QByteArray method = requestLine.left(sp);
    if (!isToken(method))
        return fail(error, QStringLiteral("request line has an invalid method"));
    const qsizetype versionAt = requestLine.lastIndexOf(" HTTP/");
    if (versionAt <= sp)
        return fail(error, QStringLiteral("request line has no HTTP version"));
    const QByteArray version = requestLine.mid(versionAt + 1);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return fail(error, QStringLiteral("unsupported HTTP version in request line"));
    const QByteArray target = requestLine.mid(sp + 1, versionAt - sp - 1);
    if (!target.startsWith('/'))
        return fail(error, QStringLiteral("request target must start with '/'"));

    HttpRequestData req;
    req.method = method;
    const qsizetype q = target.indexOf('?');
    if (q < 0) {
        req.path = target;
    } else {
        req.path = target.left(q);
        req.query = target.mid(q + 1);
    }

    while (pos < raw.size()) {
        bool terminated = false;
        const QByteArray line = takeLine(raw, pos, &terminated);
        if (line.isEmpty()) {
            // The blank line ends the header block; the rest is the body, byte for byte.
            if (terminated)
                req.body = raw.mid(pos);
            break;
        }
        if (line.at(0) == ' ' || line.at(0) == '\t') {
            // Obsolete line folding (RFC 7230 §3.2.4): the line continues the previous value.
            if (req.headers.isEmpty())
                return fail(error, QStringLiteral("continuation line before any header"));
            const QByteArray more = line.trimmed();
            QByteArray& value = req.headers.last().second;
            if (!more.isEmpty()) {
                if (!value.isEmpty())
                    value += ' ';
                value += more;
            }
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(error, QStringLiteral("header line without a name and ':'"));
        const QByteArray name = line.left(colon);
        if (!isToken(name))
            return fail(error, QStringLiteral("header name contains invalid characters"));
        req.headers.append(qMakePair(name, line.mid(colon + 1)));
    }

    *out = std::move(req);
    return true;
}

} // namespace dmsx
