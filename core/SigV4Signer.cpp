#include "SigV4Signer.h"

#include "HmacSha256.h"
#include "Sha256.h"

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
    unsigned special = 0;
    for (qsizetype i = 0; i < n; ++i)
        special |= unsigned(static_cast<unsigned char>(v[i]) <= ' ');
    if (!special) {
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

// Names are already lower-case here. The list is the JS SDK's (dms-api.md §1.2): headers
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

// Appends a QString as UTF-8; region, service and key ids are ASCII, so that case
// skips the temporary QByteArray of toUtf8().
void appendUtf8(QByteArray& to, const QString& s)
{
    const QChar* c = s.constData();
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (c[i].unicode() >= 0x80) {
            to += s.toUtf8();
            return;
        }
    }
    const qsizetype start = to.size();
    to.resize(start + n);
    char* out = to.data() + start;
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char(c[i].unicode());
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

void writeHex(char* out, const std::uint8_t* bytes, std::size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) {
        *out++ = digits[bytes[i] >> 4];
        *out++ = digits[bytes[i] & 0x0f];
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

    // Collects the headers to sign, lower-cases their names into one reused buffer and
    // sorts them by name, keeping repeated headers in order of appearance.
    template <typename Accept> void collectHeaders(const HeaderList& headers, Accept accept)
    {
        m_names.clear();
        m_refs.clear();
        int order = 0;
        for (const auto& h : headers) {
            const auto from = std::uint32_t(m_names.size());
            const QByteArray& name = h.first;
            m_names.resize(m_names.size() + std::size_t(name.size()));
            char* out = &m_names[from];
            for (qsizetype i = 0; i < name.size(); ++i) {
                const char c = name.at(i);
                out[i] = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
            }
            const auto len = std::uint32_t(name.size());
            if (!accept(m_names.data() + from, std::size_t(len))) {
                m_names.resize(from);
                continue;
            }
            m_refs.push_back({from, len, &h.second, order++});
        }
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

    bool sameName(const HeaderRef& a, const HeaderRef& b) const
    {
        return a.nameLen == b.nameLen &&
               std::memcmp(m_names.data() + a.nameFrom, m_names.data() + b.nameFrom, a.nameLen) == 0;
    }

    // Canonical request from the collected headers; also yields the SignedHeaders value.
    // The header part is written through a pointer into a buffer sized once: this is the
    // hot path, and QByteArray's per-call append overhead dominated it.
    QByteArray canonicalRequest(const QByteArray& method, const QByteArray& path, const QByteArray& query,
                                bool normalize, const char* payloadHash, QByteArray* signedHeaders) const
    {
        qsizetype headerBytes = 0;
        qsizetype nameBytes = 0;
        for (const HeaderRef& r : m_refs) {
            headerBytes += qsizetype(r.nameLen) + 2 + r.value->size();
            nameBytes += qsizetype(r.nameLen) + 1;
        }
        QByteArray creq;
        creq.reserve(method.size() + path.size() * 3 + query.size() * 3 + headerBytes + nameBytes + 64 + 8);
        creq.append(method);
        creq.append('\n');
        if (path.size() == 1 && path.at(0) == '/')
            creq.append('/'); // every DMS call
        else
            appendCanonicalUri(creq, path, normalize);
        creq.append('\n');
        appendCanonicalQuery(creq, query);
        creq.append('\n');

        const qsizetype start = creq.size();
        creq.resize(start + headerBytes + 1 + nameBytes + 64);
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
                std::memcpy(p, base + r.nameFrom, r.nameLen);
                p += r.nameLen;
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
            std::memcpy(p, base + r.nameFrom, r.nameLen);
            p += r.nameLen;
        }
        if (signedHeaders)
            *signedHeaders = QByteArray(namesAt, p - namesAt);
        *p++ = '\n';
        std::memcpy(p, payloadHash, 64);
        p += 64;
        creq.resize(p - begin);
        return creq;
    }

    // Lower-case hex SHA-256 of the body into `out` (64 bytes).
    void payloadHash(const QByteArray& body, char out[64])
    {
        std::uint8_t digest[Sha256::DigestSize];
        if (!m_sha.digest(body.constData(), std::size_t(body.size()), digest))
            std::memset(digest, 0, sizeof digest);
        writeHex(out, digest, sizeof digest);
    }

    QByteArray stringToSign(const QByteArray& amzDate, const QByteArray& scope, const QByteArray& creq)
    {
        const qsizetype algLen = qsizetype(sizeof Algorithm - 1);
        QByteArray sts(algLen + 1 + amzDate.size() + 1 + scope.size() + 1 + 64, Qt::Uninitialized);
        char* p = sts.data();
        std::memcpy(p, Algorithm, std::size_t(algLen));
        p += algLen;
        *p++ = '\n';
        std::memcpy(p, amzDate.constData(), std::size_t(amzDate.size()));
        p += amzDate.size();
        *p++ = '\n';
        std::memcpy(p, scope.constData(), std::size_t(scope.size()));
        p += scope.size();
        *p++ = '\n';
        std::uint8_t digest[Sha256::DigestSize];
        if (!m_sha.digest(creq.constData(), std::size_t(creq.size()), digest))
            std::memset(digest, 0, sizeof digest);
        writeHex(p, digest, sizeof digest);
        return sts;
    }

    // The derived key for a scope ("yyyymmdd/region/service/aws4_request"), key id and
    // secret. The secret enters the cache identity only as a SHA-256: a rotated secret
    // under the same key id gets a fresh key, and the map never holds the secret itself.
    // The repeat-call fast path compares a per-signer seeded 64-bit hash of the secret
    // instead, which keeps a SHA-256 out of every request (a false match needs a 2^-64
    // collision between the old and the new secret under a random seed).
    bool signingKey(const QByteArray& scope, qsizetype regionLen, qsizetype serviceLen,
                    const QString& accessKeyId, const QString& secret, Digest& key)
    {
        m_id.clear();
        m_id.append(scope.constData(), std::size_t(scope.size()));
        m_id += '\n';
        for (const QChar c : accessKeyId) {
            // Only identity, not wire bytes: the UTF-16 code units, unambiguously.
            m_id += char(c.unicode() & 0xff);
            m_id += char(c.unicode() >> 8);
        }
        m_id += '\n';
        const std::size_t fingerprint =
            qHashBits(secret.constData(), std::size_t(secret.size()) * sizeof(QChar), m_seed);
        if (m_hasLast && fingerprint == m_lastFingerprint && m_id == m_lastPrefix) {
            key = m_lastKey;
            return true;
        }
        const std::size_t prefixSize = m_id.size();

        const PrefixedSecret kSecret(secret);
        std::uint8_t secretHash[Sha256::DigestSize];
        if (!m_sha.digest(kSecret.data() + 4, kSecret.size() - 4, secretHash))
            return false;
        m_id.append(reinterpret_cast<const char*>(secretHash), sizeof secretHash);
        OPENSSL_cleanse(secretHash, sizeof secretHash);

        const auto it = m_cache.find(m_id);
        if (it != m_cache.end()) {
            key = it->second;
        } else {
            const char* date = scope.constData();
            const char* region = date + 9;
            const char* service = region + regionLen + 1;
            if (!derive(kSecret, date, region, std::size_t(regionLen), service, std::size_t(serviceLen), key))
                return false;
            ++m_derivations;
            if (m_cache.size() >= MaxCachedKeys)
                clearCache();
            m_cache.emplace(m_id, key);
        }
        m_lastPrefix.assign(m_id, 0, prefixSize);
        m_lastFingerprint = fingerprint;
        m_lastKey = key;
        m_hasLast = m_signingMac.setKey(key.data(), key.size());
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
    QByteArray signatureHex(const QByteArray& sts)
    {
        std::uint8_t mac[HmacSha256::MacSize];
        if (!m_signingMac.macWithSetKey(sts.constData(), std::size_t(sts.size()), mac))
            return QByteArray();
        QByteArray hex(64, Qt::Uninitialized);
        writeHex(hex.data(), mac, sizeof mac);
        OPENSSL_cleanse(mac, sizeof mac);
        return hex;
    }

    // The session token is the same for every call until the credentials refresh, and
    // is hundreds of bytes: convert it once.
    QByteArray tokenUtf8(const QString& token)
    {
        if (token != m_lastToken) {
            m_lastToken = token;
            m_lastTokenUtf8 = token.toUtf8();
        }
        return m_lastTokenUtf8;
    }

    void clearCache()
    {
        for (auto& entry : m_cache)
            OPENSSL_cleanse(entry.second.data(), entry.second.size());
        m_cache.clear();
        OPENSSL_cleanse(m_lastKey.data(), m_lastKey.size());
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
    std::string m_names;
    std::vector<HeaderRef> m_refs;
    std::string m_id;
    std::unordered_map<std::string, Digest> m_cache;
    std::string m_lastPrefix; // scope and key id of m_lastKey
    std::size_t m_lastFingerprint = 0;
    const std::size_t m_seed = std::size_t(QRandomGenerator::system()->generate64());
    Digest m_lastKey{};
    bool m_hasLast = false;
    int m_derivations = 0;
    QString m_lastToken;
    QByteArray m_lastTokenUtf8;
};

SigV4Signer::SigV4Signer() : d(std::make_unique<Private>()) {}

SigV4Signer::~SigV4Signer() = default;

namespace {

// "yyyymmdd/region/service/aws4_request", with the region and service lengths the key
// derivation needs to find its parts again.
QByteArray credentialScope(const char* date, const QString& region, const QString& service,
                           qsizetype* regionLen, qsizetype* serviceLen)
{
    QByteArray scope;
    scope.reserve(8 + region.size() + service.size() + qsizetype(sizeof Terminator) + 3);
    scope.append(date, 8);
    scope.append('/');
    appendUtf8(scope, region);
    *regionLen = scope.size() - 9;
    scope.append('/');
    appendUtf8(scope, service);
    *serviceLen = scope.size() - 10 - *regionLen;
    scope.append('/');
    scope.append(Terminator, qsizetype(sizeof Terminator - 1));
    return scope;
}

} // namespace

SigningOutput SigV4Signer::sign(const HttpRequestData& request, const SigningParams& params) const
{
    SigningOutput out;
    HttpRequestData& req = out.signedRequest;
    req = request;
    // One detach with room for what is added below, instead of growing per header.
    req.headers.reserve(request.headers.size() + 4);

    // A well-formed X-Amz-Date already in the request wins (the botocore vectors carry
    // one); otherwise the signing time is written in.
    QByteArray amzDate = req.header(QByteArrayLiteral("X-Amz-Date"));
    if (!looksLikeAmzDate(amzDate)) {
        amzDate = QByteArray(16, Qt::Uninitialized);
        formatAmzDate(params.time, amzDate.data());
        req.setHeader(QByteArrayLiteral("X-Amz-Date"), amzDate);
    }

    const QString& token = params.credentials.sessionToken;
    QByteArray tokenBytes;
    if (!token.isEmpty()) {
        tokenBytes = d->tokenUtf8(token);
        if (params.omitSessionToken)
            req.removeHeader(QByteArrayLiteral("X-Amz-Security-Token"));
        else
            req.setHeader(QByteArrayLiteral("X-Amz-Security-Token"), tokenBytes);
    }

    char payloadHash[64];
    d->payloadHash(req.body, payloadHash);
    if (params.signBody)
        req.setHeader(QByteArrayLiteral("x-amz-content-sha256"), QByteArray(payloadHash, 64));

    d->collectHeaders(req.headers,
                      [](const char* name, std::size_t len) { return !isUnsignedHeader(name, len); });
    out.canonicalRequest = d->canonicalRequest(req.method, req.path, req.query, params.normalizePath,
                                               payloadHash, &out.signedHeaders);

    qsizetype regionLen = 0;
    qsizetype serviceLen = 0;
    const QByteArray scope =
        credentialScope(amzDate.constData(), params.region, params.service, &regionLen, &serviceLen);
    out.stringToSign = d->stringToSign(amzDate, scope, out.canonicalRequest);

    Digest key;
    if (d->signingKey(scope, regionLen, serviceLen, params.credentials.accessKeyId,
                      params.credentials.secretAccessKey, key)) {
        out.signature = d->signatureHex(out.stringToSign);
    }
    OPENSSL_cleanse(key.data(), key.size());

    QByteArray& authz = out.authorization;
    authz.reserve(qsizetype(sizeof Algorithm) + 12 + params.credentials.accessKeyId.size() + 1 +
                  scope.size() + 16 + out.signedHeaders.size() + 12 + out.signature.size());
    authz.append(Algorithm, qsizetype(sizeof Algorithm - 1));
    authz.append(" Credential=", 12);
    appendUtf8(authz, params.credentials.accessKeyId);
    authz.append('/');
    authz.append(scope);
    authz.append(", SignedHeaders=", 16);
    authz.append(out.signedHeaders);
    authz.append(", Signature=", 12);
    authz.append(out.signature);

    if (!tokenBytes.isEmpty() && params.omitSessionToken)
        req.headers.append(qMakePair(QByteArrayLiteral("X-Amz-Security-Token"), tokenBytes));
    req.setHeader(QByteArrayLiteral("Authorization"), authz);
    return out;
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
    const QByteArray creq =
        d->canonicalRequest(request.method, request.path, request.query, true, payloadHash, nullptr);

    qsizetype regionLen = 0;
    qsizetype serviceLen = 0;
    const QByteArray scope = credentialScope(amzDate.constData(), region, service, &regionLen, &serviceLen);
    const QByteArray sts = d->stringToSign(amzDate, scope, creq);

    QByteArray signature;
    Digest key;
    if (d->signingKey(scope, regionLen, serviceLen, accessKeyId, secretAccessKey, key))
        signature = d->signatureHex(sts);
    OPENSSL_cleanse(key.data(), key.size());

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
