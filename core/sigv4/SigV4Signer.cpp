#include "sigv4/SigV4Signer.h"

#include "sigv4/HmacSha256.h"
#include "sigv4/Sha256.h"

#include <QHashFunctions>
#include <QRandomGenerator>

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace dmsx {

namespace {

constexpr char Algorithm[] = "AWS4-HMAC-SHA256";
constexpr char Terminator[] = "aws4_request";
// Bounds the cache: a long-running process sees a new date every day and may switch
// profiles; old keys are useless and are secrets, so they are wiped rather than kept.
constexpr std::size_t MaxCachedKeys = 32;

using Digest = std::array<std::uint8_t, 32>;

bool isUnreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

// SigV4 URI encoding: every byte that is not unreserved becomes %XX with upper-case hex.
// UTF-8 sequences are therefore encoded byte by byte, never as code points.
void appendUriEncoded(QByteArray& to, const char* s, qsizetype n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (isUnreserved(c)) {
            to += char(c);
        } else {
            const char enc[3] = {'%', hex[c >> 4], hex[c & 0x0f]};
            to.append(enc, 3);
        }
    }
}

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

// Query components arrive already percent-encoded (or not); decoding first makes the
// re-encoding idempotent, so "%E1%88%B4" and the raw UTF-8 bytes sign the same. A '%'
// that does not start a valid escape is kept as a literal byte. '+' stays '+': SigV4
// follows RFC 3986, not form encoding.
QByteArray percentDecoded(const char* s, qsizetype n)
{
    QByteArray out;
    out.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        if (s[i] == '%' && i + 2 < n) {
            const int hi = hexValue(s[i + 1]);
            const int lo = hexValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char((hi << 4) | lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

void appendCanonicalUri(QByteArray& to, const QByteArray& path, bool normalize)
{
    if (path.isEmpty()) {
        to += '/';
        return;
    }
    const char* p = path.constData();
    const qsizetype n = path.size();
    if (!normalize) {
        // S3 style: keep every segment, even empty, "." and "..", and encode each once.
        qsizetype start = 0;
        if (p[0] != '/')
            to += '/';
        for (qsizetype i = 0; i <= n; ++i) {
            if (i == n || p[i] == '/') {
                appendUriEncoded(to, p + start, i - start);
                if (i < n)
                    to += '/';
                start = i + 1;
            }
        }
        return;
    }

    // Dot-segment removal (RFC 3986 §5.2.4) plus collapsing of empty segments.
    struct Segment
    {
        qsizetype from;
        qsizetype len;
    };
    std::vector<Segment> kept;
    bool trailingSlash = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= n; ++i) {
        if (i != n && p[i] != '/')
            continue;
        const qsizetype len = i - start;
        const bool last = i == n;
        if (len == 0) {
            // An empty segment: only meaningful as the trailing slash.
            if (last)
                trailingSlash = true;
        } else if (len == 1 && p[start] == '.') {
            trailingSlash = true;
        } else if (len == 2 && p[start] == '.' && p[start + 1] == '.') {
            if (!kept.empty())
                kept.pop_back();
            trailingSlash = true;
        } else {
            kept.push_back({start, len});
            trailingSlash = false;
        }
        start = i + 1;
    }
    to += '/';
    for (std::size_t s = 0; s < kept.size(); ++s) {
        if (s)
            to += '/';
        appendUriEncoded(to, p + kept[s].from, kept[s].len);
    }
    if (!kept.empty() && trailingSlash)
        to += '/';
}

void appendCanonicalQuery(QByteArray& to, const QByteArray& query)
{
    if (query.isEmpty())
        return;
    std::vector<std::pair<QByteArray, QByteArray>> params;
    const char* q = query.constData();
    const qsizetype n = query.size();
    qsizetype start = 0;
    for (qsizetype i = 0; i <= n; ++i) {
        if (i != n && q[i] != '&')
            continue;
        if (i > start) {
            const char* part = q + start;
            const qsizetype len = i - start;
            const char* eq = static_cast<const char*>(std::memchr(part, '=', size_t(len)));
            const qsizetype keyLen = eq ? eq - part : len;
            QByteArray key;
            QByteArray value;
            const QByteArray rawKey = percentDecoded(part, keyLen);
            appendUriEncoded(key, rawKey.constData(), rawKey.size());
            if (eq) {
                const QByteArray rawValue = percentDecoded(eq + 1, len - keyLen - 1);
                appendUriEncoded(value, rawValue.constData(), rawValue.size());
            }
            params.emplace_back(std::move(key), std::move(value));
        }
        start = i + 1;
    }
    // QByteArray's operator< compares bytes, which is the order SigV4 asks for.
    std::sort(params.begin(), params.end());
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (i)
            to += '&';
        to += params[i].first;
        to += '=';
        to += params[i].second;
    }
}

bool isWhite(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Trims, turns CR/LF into spaces and collapses runs of white space to one space, quotes
// or not (what every AWS SDK does and the get-header-value-trim vector checks). Writes at
// `out`, which has room for value.size() bytes, and returns the new end.
char* writeCanonicalValue(char* out, const QByteArray& value)
{
    const char* v = value.constData();
    const qsizetype n = value.size();
    // Nearly every value (token, hashes, ids) has no byte <= ' ' at all and is copied
    // whole; the test has no early exit so the compiler vectorises it.
    unsigned char least = 0xff;
    for (qsizetype i = 0; i < n; ++i)
        least = std::min(least, static_cast<unsigned char>(v[i]));
    if (least > ' ') {
        std::memcpy(out, v, std::size_t(n));
        return out + n;
    }
    const char* const end = v + n;
    while (v < end && isWhite(*v))
        ++v;
    bool pendingSpace = false;
    while (v < end) {
        const char c = *v++;
        if (isWhite(c)) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace) {
            *out++ = ' ';
            pendingSpace = false;
        }
        *out++ = c;
    }
    return out;
}

bool startsWith(const char* s, std::size_t n, const char* prefix, std::size_t pn)
{
    return n >= pn && std::memcmp(s, prefix, pn) == 0;
}

// Names are already lower-case here. The list is the JS SDK's (docs/protocol.md §1.2): headers
// that proxies or the transport may add, drop or rewrite, so signing them would break.
bool isUnsignedHeader(const char* s, std::size_t n)
{
    struct Name
    {
        const char* text;
        std::size_t size;
    };
#define DMSX_NAME(x)                                                                                         \
    {                                                                                                        \
        x, sizeof(x) - 1                                                                                     \
    }
    static constexpr Name names[] = {
        DMSX_NAME("authorization"),     DMSX_NAME("user-agent"),   DMSX_NAME("cache-control"),
        DMSX_NAME("connection"),        DMSX_NAME("expect"),       DMSX_NAME("from"),
        DMSX_NAME("keep-alive"),        DMSX_NAME("max-forwards"), DMSX_NAME("pragma"),
        DMSX_NAME("referer"),           DMSX_NAME("te"),           DMSX_NAME("trailer"),
        DMSX_NAME("transfer-encoding"), DMSX_NAME("upgrade"),      DMSX_NAME("x-amzn-trace-id"),
    };
#undef DMSX_NAME
    for (const Name& name : names) {
        if (name.size == n && std::memcmp(s, name.text, n) == 0)
            return true;
    }
    return startsWith(s, n, "proxy-", 6) || startsWith(s, n, "sec-", 4);
}

bool isDigits(const char* s, int n)
{
    for (int i = 0; i < n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

bool looksLikeAmzDate(const QByteArray& v)
{
    const char* s = v.constData();
    return v.size() == 16 && isDigits(s, 8) && s[8] == 'T' && isDigits(s + 9, 6) && s[15] == 'Z';
}

// Civil date from days since 1970-01-01 (H. Hinnant's algorithm): avoids QDateTime's
// time-zone machinery and string formatting in the per-request path.
void civilFromDays(qint64 z, int& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 yy = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = int(yy + (m <= 2 ? 1 : 0));
}

void formatAmzDate(const QDateTime& t, char out[16])
{
    const qint64 secs = t.isValid() ? t.toSecsSinceEpoch() : 0;
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civilFromDays(days, y, m, d);
    const unsigned hh = unsigned(rem / 3600);
    const unsigned mm = unsigned((rem % 3600) / 60);
    const unsigned ss = unsigned(rem % 60);
    const unsigned yy = unsigned(std::clamp(y, 0, 9999));
    out[0] = char('0' + yy / 1000);
    out[1] = char('0' + yy / 100 % 10);
    out[2] = char('0' + yy / 10 % 10);
    out[3] = char('0' + yy % 10);
    out[4] = char('0' + m / 10);
    out[5] = char('0' + m % 10);
    out[6] = char('0' + d / 10);
    out[7] = char('0' + d % 10);
    out[8] = 'T';
    out[9] = char('0' + hh / 10);
    out[10] = char('0' + hh % 10);
    out[11] = char('0' + mm / 10);
    out[12] = char('0' + mm % 10);
    out[13] = char('0' + ss / 10);
    out[14] = char('0' + ss % 10);
    out[15] = 'Z';
}

// Two hex digits per byte from one table: the digests are written on every signing.
struct HexPairs
{
    char text[512];
    constexpr HexPairs() : text()
    {
        const char digits[] = "0123456789abcdef";
        for (int i = 0; i < 256; ++i) {
            text[2 * i] = digits[i >> 4];
            text[2 * i + 1] = digits[i & 0x0f];
        }
    }
};
constexpr HexPairs hexPairs;

void writeHex(char* out, const std::uint8_t* bytes, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        std::memcpy(out + 2 * i, hexPairs.text + 2 * bytes[i], 2);
}

// Resizes `to` for writing `n` bytes through the returned pointer. An unshared buffer
// keeps its capacity, which is what lets a reused SigningOutput sign without allocating;
// a shared one detaches, so values the caller still holds never change.
char* writable(QByteArray& to, qsizetype n)
{
    to.resize(n);
    return to.data();
}

char* appendRaw(char* p, const char* s, std::size_t n)
{
    std::memcpy(p, s, n);
    return p + n;
}

// Assigns unless `to` already holds exactly `from`'s bytes. Copying a QByteArray costs
// two atomic reference-count updates, and a reused output mostly receives the values it
// already holds (the same request fields, header names, token and date).
void assignShared(QByteArray& to, const QByteArray& from)
{
    if (to.constData() != from.constData() || to.size() != from.size() || to.isNull() != from.isNull())
        to = from;
}

// The headers sign() adds or replaces, recognised by their lower-cased names.
enum class HeaderKind
{
    Other,
    Date,
    SecurityToken,
    ContentSha256,
    Authorization,
};

HeaderKind classify(const char* s, std::size_t n)
{
    switch (n) {
    case 10:
        return std::memcmp(s, "x-amz-date", 10) == 0 ? HeaderKind::Date : HeaderKind::Other;
    case 13:
        return std::memcmp(s, "authorization", 13) == 0 ? HeaderKind::Authorization : HeaderKind::Other;
    case 20:
        if (std::memcmp(s, "x-amz-security-token", 20) == 0)
            return HeaderKind::SecurityToken;
        return std::memcmp(s, "x-amz-content-sha256", 20) == 0 ? HeaderKind::ContentSha256
                                                               : HeaderKind::Other;
    default:
        return HeaderKind::Other;
    }
}

// "AWS4" + the secret as UTF-8, the HMAC key of the first derivation step. Kept on the
// stack for ordinary (ASCII, short) secrets so no heap copy of the secret is made, and
// wiped when it goes out of scope.
class PrefixedSecret
{
public:
    explicit PrefixedSecret(const QString& secret)
    {
        const qsizetype n = secret.size();
        bool ascii = n <= qsizetype(m_stack.size()) - 4;
        for (qsizetype i = 0; ascii && i < n; ++i)
            ascii = secret.at(i).unicode() < 0x80;
        if (ascii) {
            std::memcpy(m_stack.data(), "AWS4", 4);
            for (qsizetype i = 0; i < n; ++i)
                m_stack[std::size_t(4 + i)] = char(secret.at(i).unicode());
            m_data = m_stack.data();
            m_size = std::size_t(4 + n);
        } else {
            m_heap = QByteArrayLiteral("AWS4") + secret.toUtf8();
            m_data = m_heap.constData();
            m_size = std::size_t(m_heap.size());
        }
    }
    ~PrefixedSecret()
    {
        OPENSSL_cleanse(m_stack.data(), m_size <= m_stack.size() ? m_size : 0);
        if (!m_heap.isEmpty())
            OPENSSL_cleanse(m_heap.data(), std::size_t(m_heap.size()));
    }
    PrefixedSecret(const PrefixedSecret&) = delete;
    PrefixedSecret& operator=(const PrefixedSecret&) = delete;

    const char* data() const { return m_data; }
    std::size_t size() const { return m_size; }

private:
    std::array<char, 256> m_stack;
    QByteArray m_heap;
    const char* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace

class SigV4Signer::Private
{
public:
    ~Private() { clearCache(); }

    struct HeaderRef
    {
        std::uint32_t nameFrom;
        std::uint32_t nameLen;
        const QByteArray* value;
        int order;
    };

    // Lower-cases `name` into m_names, which the caller sized, and returns its offset.
    std::uint32_t lowerName(const QByteArray& name)
    {
        const std::size_t from = m_namesUsed;
        const char* in = name.constData();
        char* out = &m_names[from];
        const std::size_t n = std::size_t(name.size());
        for (std::size_t i = 0; i < n; ++i) {
            const char c = in[i];
            out[i] = char(c | (unsigned(c - 'A') < 26u ? 0x20 : 0));
        }
        m_namesUsed += n;
        return std::uint32_t(from);
    }

    void beginNames(std::size_t capacity)
    {
        if (m_names.size() < capacity)
            m_names.resize(capacity);
        m_namesUsed = 0;
        m_refs.clear();
    }

    static std::size_t nameBytes(const HeaderList& headers)
    {
        std::size_t n = 0;
        for (const auto& h : headers)
            n += std::size_t(h.first.size());
        return n;
    }

    // Sorts the collected headers by name, keeping repeated headers in order of appearance.
    void sortRefs()
    {
        const char* base = m_names.data();
        std::sort(m_refs.begin(), m_refs.end(), [base](const HeaderRef& a, const HeaderRef& b) {
            const int c = std::memcmp(base + a.nameFrom, base + b.nameFrom, std::min(a.nameLen, b.nameLen));
            if (c != 0)
                return c < 0;
            if (a.nameLen != b.nameLen)
                return a.nameLen < b.nameLen;
            return a.order < b.order;
        });
    }

    // Collects the headers `accept` admits (by lower-cased name) and sorts them.
    template <typename Accept> void collectHeaders(const HeaderList& headers, Accept accept)
    {
        beginNames(nameBytes(headers));
        int order = 0;
        for (const auto& h : headers) {
            const std::uint32_t from = lowerName(h.first);
            const auto len = std::uint32_t(h.first.size());
            if (!accept(m_names.data() + from, std::size_t(len))) {
                m_namesUsed = from;
                continue;
            }
            m_refs.push_back({from, len, &h.second, order++});
        }
        sortRefs();
    }

    bool sameName(const HeaderRef& a, const HeaderRef& b) const
    {
        return a.nameLen == b.nameLen &&
               std::memcmp(m_names.data() + a.nameFrom, m_names.data() + b.nameFrom, a.nameLen) == 0;
    }

    // Canonical request from the collected headers into `creq`; also yields the
    // SignedHeaders value. The header part is written through a pointer into a buffer
    // sized once: this is the hot path, and QByteArray's per-call append overhead
    // dominated it.
    void canonicalRequest(QByteArray& creq, const QByteArray& method, const QByteArray& path,
                          const QByteArray& query, bool normalize, const char* payloadHash,
                          QByteArray* signedHeaders) const
    {
        qsizetype headerBytes = 0;
        qsizetype nameBytes = 0;
        for (const HeaderRef& r : m_refs) {
            headerBytes += qsizetype(r.nameLen) + 2 + r.value->size();
            nameBytes += qsizetype(r.nameLen) + 1;
        }
        const bool rootPath = path.size() == 1 && path.at(0) == '/'; // every DMS call
        qsizetype start = 0;
        if (rootPath && query.isEmpty()) {
            start = method.size() + 4;
            char* p = writable(creq, start + headerBytes + 1 + nameBytes + 64);
            p = appendRaw(p, method.constData(), std::size_t(method.size()));
            std::memcpy(p, "\n/\n\n", 4);
        } else {
            creq.resize(0);
            creq.reserve(method.size() + path.size() * 3 + query.size() * 3 + headerBytes + nameBytes + 64 +
                         8);
            creq.append(method);
            creq.append('\n');
            if (rootPath)
                creq.append('/');
            else
                appendCanonicalUri(creq, path, normalize);
            creq.append('\n');
            appendCanonicalQuery(creq, query);
            creq.append('\n');
            start = creq.size();
            creq.resize(start + headerBytes + 1 + nameBytes + 64);
        }

        char* const begin = creq.data();
        char* p = begin + start;
        const char* base = m_names.data();
        for (std::size_t i = 0; i < m_refs.size(); ++i) {
            const HeaderRef& r = m_refs[i];
            if (i > 0 && sameName(r, m_refs[i - 1])) {
                *p++ = ',';
            } else {
                if (i > 0)
                    *p++ = '\n';
                p = appendRaw(p, base + r.nameFrom, r.nameLen);
                *p++ = ':';
            }
            p = writeCanonicalValue(p, *r.value);
        }
        if (!m_refs.empty())
            *p++ = '\n';
        *p++ = '\n';
        char* const namesAt = p;
        for (std::size_t i = 0; i < m_refs.size(); ++i) {
            const HeaderRef& r = m_refs[i];
            if (i > 0) {
                if (sameName(r, m_refs[i - 1]))
                    continue;
                *p++ = ';';
            }
            p = appendRaw(p, base + r.nameFrom, r.nameLen);
        }
        if (signedHeaders)
            std::memcpy(writable(*signedHeaders, p - namesAt), namesAt, std::size_t(p - namesAt));
        *p++ = '\n';
        p = appendRaw(p, payloadHash, 64);
        creq.resize(p - begin);
    }

    // Lower-case hex SHA-256 of the body into `out` (64 bytes).
    void payloadHash(const QByteArray& body, char out[64])
    {
        std::uint8_t digest[Sha256::DigestSize];
        if (!m_sha.digest(body.constData(), std::size_t(body.size()), digest))
            std::memset(digest, 0, sizeof digest);
        writeHex(out, digest, sizeof digest);
    }

    void stringToSign(QByteArray& sts, const char* amzDate, const QByteArray& creq)
    {
        const std::size_t algLen = sizeof Algorithm - 1;
        char* p = writable(sts, qsizetype(algLen + 1 + 16 + 1 + m_scope.size() + 1 + 64));
        p = appendRaw(p, Algorithm, algLen);
        *p++ = '\n';
        p = appendRaw(p, amzDate, 16);
        *p++ = '\n';
        p = appendRaw(p, m_scope.data(), m_scope.size());
        *p++ = '\n';
        std::uint8_t digest[Sha256::DigestSize];
        if (!m_sha.digest(creq.constData(), std::size_t(creq.size()), digest))
            std::memset(digest, 0, sizeof digest);
        writeHex(p, digest, sizeof digest);
    }

    // m_scope = "yyyymmdd/region/service/aws4_request", with the region and service
    // lengths the key derivation needs to find its parts again.
    void setScope(const char* date, const QString& region, const QString& service)
    {
        m_scope.assign(date, 8);
        m_scope += '/';
        appendUtf8(m_scope, region);
        m_regionLen = m_scope.size() - 9;
        m_scope += '/';
        appendUtf8(m_scope, service);
        m_serviceLen = m_scope.size() - 10 - m_regionLen;
        m_scope += '/';
        m_scope.append(Terminator, sizeof Terminator - 1);
    }

    static void appendUtf8(std::string& to, const QString& s)
    {
        const QChar* c = s.constData();
        const qsizetype n = s.size();
        for (qsizetype i = 0; i < n; ++i) {
            if (c[i].unicode() >= 0x80) {
                const QByteArray utf8 = s.toUtf8();
                to.append(utf8.constData(), std::size_t(utf8.size()));
                return;
            }
        }
        const std::size_t start = to.size();
        to.resize(start + std::size_t(n));
        for (qsizetype i = 0; i < n; ++i)
            to[start + std::size_t(i)] = char(c[i].unicode());
    }

    // The derived key for the scope in m_scope, the key id and the secret. The secret
    // enters the cache identity only as a SHA-256: a rotated secret under the same key id
    // gets a fresh key, and the map never holds the secret itself. The repeat-call fast
    // path compares a per-signer seeded 64-bit hash of the secret instead, which keeps a
    // SHA-256 out of every request (a false match needs a 2^-64 collision between the old
    // and the new secret under a random seed). On success m_signingMac holds the key.
    bool signingKey(const QString& accessKeyId, const QString& secret)
    {
        const std::size_t idChars = std::size_t(accessKeyId.size());
        m_id.resize(m_scope.size() + 1 + 2 * idChars + 1);
        char* p = appendRaw(&m_id[0], m_scope.data(), m_scope.size());
        *p++ = '\n';
        const QChar* id = accessKeyId.constData();
        for (std::size_t i = 0; i < idChars; ++i) {
            // Only identity, not wire bytes: the UTF-16 code units, unambiguously.
            *p++ = char(id[i].unicode() & 0xff);
            *p++ = char(id[i].unicode() >> 8);
        }
        *p++ = '\n';
        const std::size_t fingerprint =
            qHashBits(secret.constData(), std::size_t(secret.size()) * sizeof(QChar), m_seed);
        if (m_hasLast && fingerprint == m_lastFingerprint && m_id == m_lastPrefix)
            return true;
        const std::size_t prefixSize = m_id.size();

        const PrefixedSecret kSecret(secret);
        std::uint8_t secretHash[Sha256::DigestSize];
        if (!m_sha.digest(kSecret.data() + 4, kSecret.size() - 4, secretHash))
            return false;
        m_id.append(reinterpret_cast<const char*>(secretHash), sizeof secretHash);
        OPENSSL_cleanse(secretHash, sizeof secretHash);

        Digest key;
        const auto it = m_cache.find(m_id);
        if (it != m_cache.end()) {
            key = it->second;
        } else {
            const char* date = m_scope.data();
            const char* region = date + 9;
            const char* service = region + m_regionLen + 1;
            if (!derive(kSecret, date, region, m_regionLen, service, m_serviceLen, key))
                return false;
            ++m_derivations;
            if (m_cache.size() >= MaxCachedKeys)
                clearCache();
            m_cache.emplace(m_id, key);
        }
        m_lastPrefix.assign(m_id, 0, prefixSize);
        m_lastFingerprint = fingerprint;
        m_hasLast = m_signingMac.setKey(key.data(), key.size());
        OPENSSL_cleanse(key.data(), key.size());
        return m_hasLast;
    }

    bool derive(const PrefixedSecret& kSecret, const char* date, const char* region, std::size_t regionLen,
                const char* service, std::size_t serviceLen, Digest& key)
    {
        Digest k1;
        Digest k2;
        bool ok = m_hmac.mac(kSecret.data(), kSecret.size(), date, 8, k1.data());
        ok = ok && m_hmac.mac(k1.data(), k1.size(), region, regionLen, k2.data());
        ok = ok && m_hmac.mac(k2.data(), k2.size(), service, serviceLen, k1.data());
        ok = ok && m_hmac.mac(k1.data(), k1.size(), Terminator, sizeof Terminator - 1, key.data());
        // Intermediate keys are as sensitive as the secret.
        OPENSSL_cleanse(k1.data(), k1.size());
        OPENSSL_cleanse(k2.data(), k2.size());
        return ok;
    }

    // Signs with the key of the last signingKey() call, which keyed m_signingMac.
    void signatureHex(QByteArray& hex, const QByteArray& sts)
    {
        std::uint8_t mac[HmacSha256::MacSize];
        if (!m_signingMac.macWithSetKey(sts.constData(), std::size_t(sts.size()), mac)) {
            hex.clear();
            return;
        }
        writeHex(writable(hex, 64), mac, sizeof mac);
        OPENSSL_cleanse(mac, sizeof mac);
    }

    // The session token is the same for every call until the credentials refresh, and
    // is hundreds of bytes: convert it once.
    const QByteArray& tokenUtf8(const QString& token)
    {
        // Same memory and size is the same text; skips comparing hundreds of bytes.
        const bool same = token.size() == m_lastToken.size() &&
                          (token.constData() == m_lastToken.constData() || token == m_lastToken);
        if (!same) {
            m_lastToken = token;
            m_lastTokenUtf8 = token.toUtf8();
        }
        return m_lastTokenUtf8;
    }

    // Header values that repeat from call to call (the date changes once a second) are
    // kept and shared with the output rather than allocated per request. They are replaced,
    // never written in place, because the caller may still hold the previous output.
    const QByteArray& dateValue(const char date[16])
    {
        if (m_dateValue.size() != 16 || std::memcmp(m_dateValue.constData(), date, 16) != 0)
            m_dateValue = QByteArray(date, 16);
        return m_dateValue;
    }

    const QByteArray& payloadHashValue(const char hash[64])
    {
        if (m_payloadHashValue.size() != 64 || std::memcmp(m_payloadHashValue.constData(), hash, 64) != 0)
            m_payloadHashValue = QByteArray(hash, 64);
        return m_payloadHashValue;
    }

    void clearCache()
    {
        for (auto& entry : m_cache)
            OPENSSL_cleanse(entry.second.data(), entry.second.size());
        m_cache.clear();
        // m_signingMac keeps pad state derived from the old key until the next signing
        // re-keys it or the signer is destroyed (EVP_MAC_CTX_free cleanses it); re-keying
        // here just to wipe would cost a key schedule on every cache clear.
        m_lastPrefix.clear();
        m_lastFingerprint = 0;
        m_hasLast = false;
    }

    Sha256 m_sha;
    HmacSha256 m_hmac;
    HmacSha256 m_signingMac;
    std::string m_names; // lower-cased header names of the current signing
    std::size_t m_namesUsed = 0;
    std::vector<HeaderRef> m_refs;
    std::vector<qsizetype> m_refIndex; // output header index of each m_refs entry, in order
    std::string m_scope;
    std::size_t m_regionLen = 0;
    std::size_t m_serviceLen = 0;
    std::string m_id;
    std::unordered_map<std::string, Digest> m_cache;
    std::string m_lastPrefix; // scope and key id of the key in m_signingMac
    std::size_t m_lastFingerprint = 0;
    const std::size_t m_seed = std::size_t(QRandomGenerator::system()->generate64());
    bool m_hasLast = false;
    int m_derivations = 0;
    QString m_lastToken;
    QByteArray m_lastTokenUtf8;
    QByteArray m_dateValue;
    QByteArray m_payloadHashValue;
};

SigV4Signer::SigV4Signer() : d(std::make_unique<Private>()) {}

SigV4Signer::~SigV4Signer() = default;

SigningOutput SigV4Signer::sign(const HttpRequestData& request, const SigningParams& params) const
{
    SigningOutput out;
    sign(request, params, &out);
    return out;
}

void SigV4Signer::sign(const HttpRequestData& request, const SigningParams& params, SigningOutput* out) const
{
    if (!out)
        return;
    if (&request == &out->signedRequest) {
        // Re-signing the previous output in place: the input must survive the reset below.
        const HttpRequestData copy = request;
        sign(copy, params, out);
        return;
    }
    HttpRequestData& req = out->signedRequest;
    assignShared(req.method, request.method);
    assignShared(req.path, request.path);
    assignShared(req.query, request.query);
    assignShared(req.body, request.body);
    // The signed headers are written over the previous ones slot by slot, so a reused
    // output keeps its list and the values that did not change.
    HeaderList& headers = req.headers;
    headers.reserve(request.headers.size() + 4);
    qsizetype used = 0;
    auto put = [&headers, &used](const QByteArray& name, const QByteArray& value) {
        if (used < headers.size()) {
            auto& slot = headers[used];
            assignShared(slot.first, name);
            assignShared(slot.second, value);
        } else {
            headers.emplaceBack(name, value);
        }
        ++used;
    };

    const QString& token = params.credentials.sessionToken;
    const bool hasToken = !token.isEmpty();
    const QByteArray* tokenBytes = hasToken ? &d->tokenUtf8(token) : nullptr;
    char payloadHash[64];
    d->payloadHash(req.body, payloadHash);
    char generatedDate[16];
    formatAmzDate(params.time, generatedDate);

    // One pass builds the signed request and collects what to sign, with the semantics
    // of setHeader() for what is added: a replaced header keeps the position of its first
    // occurrence, later occurrences are dropped, and a missing one is appended. A
    // well-formed X-Amz-Date already in the request wins (the botocore vectors carry one).
    static constexpr char DateName[] = "x-amz-date";
    static constexpr char TokenName[] = "x-amz-security-token";
    static constexpr char ContentShaName[] = "x-amz-content-sha256";
    d->beginNames(Private::nameBytes(request.headers) + sizeof DateName + sizeof TokenName +
                  sizeof ContentShaName);
    d->m_refIndex.clear();
    const QByteArray* amzDate = nullptr;
    bool keepDates = false;
    bool tokenSeen = false;
    bool contentShaSeen = false;
    qsizetype authorizationAt = -1;
    auto addSigned = [this, &used](std::uint32_t from, std::uint32_t len) {
        d->m_refs.push_back({from, len, nullptr, int(d->m_refs.size())});
        d->m_refIndex.push_back(used - 1);
    };
    for (const auto& h : request.headers) {
        const std::uint32_t from = d->lowerName(h.first);
        const auto len = std::uint32_t(h.first.size());
        const char* name = d->m_names.data() + from;
        const QByteArray* value = &h.second;
        switch (classify(name, len)) {
        case HeaderKind::Date:
            if (!amzDate) {
                keepDates = looksLikeAmzDate(h.second);
                if (!keepDates)
                    value = &d->dateValue(generatedDate);
                amzDate = value;
            } else if (!keepDates) {
                continue;
            }
            break;
        case HeaderKind::SecurityToken:
            if (hasToken) {
                if (params.omitSessionToken || tokenSeen)
                    continue;
                tokenSeen = true;
                value = tokenBytes;
            }
            break;
        case HeaderKind::ContentSha256:
            if (params.signBody) {
                if (contentShaSeen)
                    continue;
                contentShaSeen = true;
                value = &d->payloadHashValue(payloadHash);
            }
            break;
        case HeaderKind::Authorization:
            if (authorizationAt >= 0)
                continue;
            authorizationAt = used; // its value is set once it is known
            break;
        case HeaderKind::Other:
            break;
        }
        put(h.first, *value);
        if (!isUnsignedHeader(name, len))
            addSigned(from, len);
    }
    auto appendSigned = [&](const QByteArray& wireName, const char* lowerName, std::size_t len,
                            const QByteArray& value) {
        const auto from = std::uint32_t(d->m_namesUsed);
        std::memcpy(&d->m_names[from], lowerName, len);
        d->m_namesUsed += len;
        put(wireName, value);
        addSigned(from, std::uint32_t(len));
    };
    if (!amzDate) {
        amzDate = &d->dateValue(generatedDate);
        appendSigned(QByteArrayLiteral("X-Amz-Date"), DateName, sizeof DateName - 1, *amzDate);
    }
    if (hasToken && !params.omitSessionToken && !tokenSeen)
        appendSigned(QByteArrayLiteral("X-Amz-Security-Token"), TokenName, sizeof TokenName - 1, *tokenBytes);
    if (params.signBody && !contentShaSeen)
        appendSigned(QByteArrayLiteral("x-amz-content-sha256"), ContentShaName, sizeof ContentShaName - 1,
                     d->payloadHashValue(payloadHash));
    // Also releases the previous Authorization value, so its buffer is rewritten in place.
    headers.resize(used);
    // The list no longer grows before signing, so pointers to its values stay valid.
    for (std::size_t i = 0; i < d->m_refs.size(); ++i)
        d->m_refs[i].value = &headers.at(d->m_refIndex[i]).second;
    d->sortRefs();

    d->canonicalRequest(out->canonicalRequest, req.method, req.path, req.query, params.normalizePath,
                        payloadHash, &out->signedHeaders);
    d->setScope(amzDate->constData(), params.region, params.service);
    d->stringToSign(out->stringToSign, amzDate->constData(), out->canonicalRequest);

    if (d->signingKey(params.credentials.accessKeyId, params.credentials.secretAccessKey))
        d->signatureHex(out->signature, out->stringToSign);
    else
        out->signature.clear();

    static constexpr char CredentialPart[] = " Credential=";
    static constexpr char SignedHeadersPart[] = ", SignedHeaders=";
    static constexpr char SignaturePart[] = ", Signature=";
    std::string& keyId = d->m_id; // free again once the key is known; reused as scratch
    keyId.clear();
    Private::appendUtf8(keyId, params.credentials.accessKeyId);
    const std::size_t authzSize = (sizeof Algorithm - 1) + (sizeof CredentialPart - 1) + keyId.size() + 1 +
                                  d->m_scope.size() + (sizeof SignedHeadersPart - 1) +
                                  std::size_t(out->signedHeaders.size()) + (sizeof SignaturePart - 1) +
                                  std::size_t(out->signature.size());
    char* p = writable(out->authorization, qsizetype(authzSize));
    p = appendRaw(p, Algorithm, sizeof Algorithm - 1);
    p = appendRaw(p, CredentialPart, sizeof CredentialPart - 1);
    p = appendRaw(p, keyId.data(), keyId.size());
    *p++ = '/';
    p = appendRaw(p, d->m_scope.data(), d->m_scope.size());
    p = appendRaw(p, SignedHeadersPart, sizeof SignedHeadersPart - 1);
    p = appendRaw(p, out->signedHeaders.constData(), std::size_t(out->signedHeaders.size()));
    p = appendRaw(p, SignaturePart, sizeof SignaturePart - 1);
    appendRaw(p, out->signature.constData(), std::size_t(out->signature.size()));

    if (hasToken && params.omitSessionToken)
        put(QByteArrayLiteral("X-Amz-Security-Token"), *tokenBytes);
    if (authorizationAt >= 0)
        headers[authorizationAt].second = out->authorization;
    else
        put(QByteArrayLiteral("Authorization"), out->authorization);
}

QByteArray SigV4Signer::expectedSignature(const HttpRequestData& request, const QByteArray& signedHeaders,
                                          const QString& secretAccessKey, const QString& accessKeyId,
                                          const QString& region, const QString& service,
                                          QByteArray* canonicalRequest, QByteArray* stringToSign) const
{
    const QByteArray amzDate = request.header(QByteArrayLiteral("X-Amz-Date"));
    if (!looksLikeAmzDate(amzDate))
        return QByteArray();

    // Only the headers the client claims to have signed count, in sorted order.
    std::vector<QByteArray> wanted;
    for (const QByteArray& name : signedHeaders.split(';')) {
        if (!name.isEmpty())
            wanted.push_back(name.toLower());
    }
    d->collectHeaders(request.headers, [&wanted](const char* name, std::size_t len) {
        for (const QByteArray& w : wanted) {
            if (std::size_t(w.size()) == len && std::memcmp(w.constData(), name, len) == 0)
                return true;
        }
        return false;
    });

    char payloadHash[64];
    d->payloadHash(request.body, payloadHash);
    QByteArray creq;
    d->canonicalRequest(creq, request.method, request.path, request.query, true, payloadHash, nullptr);

    d->setScope(amzDate.constData(), region, service);
    QByteArray sts;
    d->stringToSign(sts, amzDate.constData(), creq);

    QByteArray signature;
    if (d->signingKey(accessKeyId, secretAccessKey))
        d->signatureHex(signature, sts);

    if (canonicalRequest)
        *canonicalRequest = creq;
    if (stringToSign)
        *stringToSign = sts;
    return signature;
}

QByteArray SigV4Signer::amzDate(const QDateTime& t)
{
    char buf[16];
    formatAmzDate(t, buf);
    return QByteArray(buf, 16);
}

QByteArray SigV4Signer::shortDate(const QDateTime& t)
{
    char buf[16];
    formatAmzDate(t, buf);
    return QByteArray(buf, 8);
}

int SigV4Signer::keyDerivations() const
{
    return d->m_derivations;
}

void SigV4Signer::clearKeyCache()
{
    d->clearCache();
}

} // namespace dmsx
