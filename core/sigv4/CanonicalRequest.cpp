#include "sigv4/CanonicalRequest.h"

#include "sigv4/Sha256.h"

#include <QList>

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

namespace dmsx::sigv4 {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Decoding first makes the encoding idempotent, so "%E1%88%B4" and the raw UTF-8 bytes
// sign the same. A '%' that does not start a valid escape stays a literal byte (Qt's
// fromPercentEncoding would decode it anyway). '+' stays '+': SigV4 follows RFC 3986,
// not form encoding.
QByteArray percentDecoded(const QByteArray& s)
{
    QByteArray out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s.at(i) == '%' && i + 2 < s.size()) {
            const int hi = hexValue(s.at(i + 1));
            const int lo = hexValue(s.at(i + 2));
            if (hi >= 0 && lo >= 0) {
                out += char((hi << 4) | lo);
                i += 2;
                continue;
            }
        }
        out += s.at(i);
    }
    return out;
}

bool isWhite(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

QByteArray uriEncode(const QByteArray& bytes)
{
    // Qt leaves exactly the RFC 3986 unreserved set alone and writes upper-case hex.
    return bytes.toPercentEncoding();
}

QByteArray canonicalUri(const QByteArray& path, bool normalize)
{
    const QList<QByteArray> segments = path.split('/');
    QList<QByteArray> kept;
    bool trailingSlash = false;
    if (!normalize) {
        kept = segments;
        if (path.startsWith('/'))
            kept.removeFirst(); // the root, added below
    } else {
        // Dot-segment removal (RFC 3986 §5.2.4) plus collapsing of empty segments.
        for (qsizetype i = 0; i < segments.size(); ++i) {
            const QByteArray& segment = segments.at(i);
            if (segment.isEmpty()) {
                if (i == segments.size() - 1)
                    trailingSlash = true;
            } else if (segment == ".") {
                trailingSlash = true;
            } else if (segment == "..") {
                if (!kept.isEmpty())
                    kept.removeLast();
                trailingSlash = true;
            } else {
                kept.append(segment);
                trailingSlash = false;
            }
        }
    }
    QByteArray out = "/";
    for (qsizetype i = 0; i < kept.size(); ++i) {
        if (i > 0)
            out += '/';
        out += uriEncode(kept.at(i));
    }
    if (!kept.isEmpty() && trailingSlash)
        out += '/';
    return out;
}

QByteArray canonicalQuery(const QByteArray& query)
{
    std::vector<std::pair<QByteArray, QByteArray>> params;
    for (const QByteArray& part : query.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            params.emplace_back(uriEncode(percentDecoded(part)), QByteArray());
        else
            params.emplace_back(uriEncode(percentDecoded(part.left(eq))),
                                uriEncode(percentDecoded(part.mid(eq + 1))));
    }
    // QByteArray's operator< compares bytes, which is the order SigV4 asks for.
    std::sort(params.begin(), params.end());
    QByteArray out;
    for (const auto& [key, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += key + '=' + value;
    }
    return out;
}

QByteArray canonicalHeaderValue(const QByteArray& value)
{
    // Most values (ids, hashes, the session token) hold no white space at all: they are
    // returned shared, and memchr finds that out faster than a loop over hundreds of bytes.
    if (!value.contains(' ') && !value.contains('\t') && !value.contains('\r') && !value.contains('\n'))
        return value;
    QByteArray out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (const char c : value) {
        if (isWhite(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace)
            out += ' ';
        pendingSpace = false;
        out += c;
    }
    return out;
}

CanonicalHeaders canonicalHeaders(const HeaderList& headers)
{
    // Lower-cased names with the position of their header: sorted by name, then position,
    // repeated headers keep their order of appearance.
    std::vector<std::pair<QByteArray, qsizetype>> names;
    names.reserve(std::size_t(headers.size()));
    qsizetype nameBytes = 0;
    qsizetype valueBytes = 0;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        names.emplace_back(headers.at(i).first.toLower(), i);
        nameBytes += headers.at(i).first.size() + 1;
        valueBytes += headers.at(i).second.size() + 1;
    }
    std::sort(names.begin(), names.end());

    CanonicalHeaders out;
    out.lines.reserve(nameBytes + valueBytes); // canonical values are never longer
    out.signedHeaders.reserve(nameBytes);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& [name, position] = names[i];
        if (i > 0 && name == names[i - 1].first) {
            out.lines.chop(1); // the previous value's '\n'
            out.lines += ',';
        } else {
            if (i > 0)
                out.signedHeaders += ';';
            out.signedHeaders += name;
            out.lines += name + ':';
        }
        out.lines += canonicalHeaderValue(headers.at(position).second) + '\n';
    }
    return out;
}

QByteArray canonicalRequest(const QByteArray& method, const QByteArray& canonicalUri,
                            const QByteArray& canonicalQuery, const CanonicalHeaders& headers,
                            const QByteArray& payloadHash)
{
    // The header lines end with '\n' themselves, so an empty line follows them.
    return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + headers.lines + '\n' +
           headers.signedHeaders + '\n' + payloadHash;
}

QByteArray credentialScope(const QByteArray& amzDate, const QString& region, const QString& service)
{
    return amzDate.left(8) + '/' + region.toUtf8() + '/' + service.toUtf8() + "/aws4_request";
}

QByteArray stringToSign(const QByteArray& amzDate, const QByteArray& scope,
                        const QByteArray& canonicalRequest)
{
    return "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n' + Sha256::hex(canonicalRequest);
}

QByteArray amzDate(const QDateTime& t)
{
    if (!t.isValid())
        return QByteArray();
    // From the date's fields rather than QDateTime::toString, which goes through QLocale and
    // costs as much as the rest of the string to sign.
    const QDateTime utc = t.toUTC();
    const QDate d = utc.date();
    const QTime time = utc.time();
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02dZ", d.year(), d.month(), d.day(),
                                time.hour(), time.minute(), time.second());
    return QByteArray(text, n);
}

bool isAmzDate(const QByteArray& value)
{
    if (value.size() != 16 || value.at(8) != 'T' || value.at(15) != 'Z')
        return false;
    for (qsizetype i = 0; i < 15; ++i) {
        if (i != 8 && (value.at(i) < '0' || value.at(i) > '9'))
            return false;
    }
    return true;
}

} // namespace dmsx::sigv4
