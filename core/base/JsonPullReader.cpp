#include "base/JsonPullReader.h"

#include "base/HexDigit.h"

#include <charconv>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace dmsx {

namespace {

// The string between the quotes with its escapes decoded; only escapes scanString() let through.
QString unescape(QByteArrayView raw)
{
    QByteArray utf8;
    utf8.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\') {
            utf8.append(c);
            continue;
        }
        const char e = raw[++i];
        switch (e) {
        case 'b':
            utf8.append('\b');
            break;
        case 'f':
            utf8.append('\f');
            break;
        case 'n':
            utf8.append('\n');
            break;
        case 'r':
            utf8.append('\r');
            break;
        case 't':
            utf8.append('\t');
            break;
        case 'u': {
            int code = 0;
            for (int k = 1; k <= 4; ++k)
                code = code * 16 + HexDigit::value(raw[i + k]);
            i += 4;
            // Neither a surrogate nor NUL: scanString() leaves those to Qt.
            if (code < 0x80) {
                utf8.append(char(code));
            } else if (code < 0x800) {
                utf8.append(char(0xC0 | (code >> 6)));
                utf8.append(char(0x80 | (code & 0x3F)));
            } else {
                utf8.append(char(0xE0 | (code >> 12)));
                utf8.append(char(0x80 | ((code >> 6) & 0x3F)));
                utf8.append(char(0x80 | (code & 0x3F)));
            }
            break;
        }
        default: // '"', '\\', '/'
            utf8.append(e);
        }
    }
    return QString::fromUtf8(utf8);
}

} // namespace

JsonPullReader::JsonPullReader(QByteArrayView text) : m_at(text.data()), m_end(text.data() + text.size()) {}

bool JsonPullReader::fail()
{
    m_failed = true;
    m_at = m_end;
    return false;
}

void JsonPullReader::skipWhitespace()
{
    while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
        ++m_at;
}

bool JsonPullReader::expect(char c)
{
    skipWhitespace();
    if (m_at < m_end && *m_at == c) {
        ++m_at;
        return true;
    }
    return fail();
}

JsonPullReader::Kind JsonPullReader::peek()
{
    skipWhitespace();
    if (m_failed || m_at >= m_end)
        return Kind::Invalid;
    switch (*m_at) {
    case '{':
        return Kind::Object;
    case '[':
        return Kind::Array;
    case '"':
        return Kind::String;
    case 't':
    case 'f':
        return Kind::Bool;
    case 'n':
        return Kind::Null;
    default:
        return *m_at == '-' || (*m_at >= '0' && *m_at <= '9') ? Kind::Number : Kind::Invalid;
    }
}

bool JsonPullReader::enterObject()
{
    if (++m_depth > kMaxDepth || !expect('{'))
        return fail();
    m_first = true;
    return true;
}

bool JsonPullReader::enterArray()
{
    if (++m_depth > kMaxDepth || !expect('['))
        return fail();
    m_first = true;
    return true;
}

bool JsonPullReader::nextMember(QByteArrayView* key)
{
    skipWhitespace();
    if (m_failed || m_at >= m_end)
        return fail();
    if (*m_at == '}') {
        ++m_at;
        --m_depth;
        m_first = false; // the container that holds this one has had a member or element
        return false;
    }
    if (!m_first && !expect(','))
        return false;
    m_first = false;
    skipWhitespace();
    int found = 0;
    if (m_at >= m_end || *m_at != '"' || !scanString(key, &found) || (found & Escape))
        return fail();
    return expect(':');
}

bool JsonPullReader::nextElement()
{
    skipWhitespace();
    if (m_failed || m_at >= m_end)
        return fail();
    if (*m_at == ']') {
        ++m_at;
        --m_depth;
        m_first = false;
        return false;
    }
    if (!m_first && !expect(','))
        return false;
    m_first = false;
    return true;
}

bool JsonPullReader::scanUtf8()
{
    // Well-formed UTF-8 only (no overlong forms, surrogates or code points past U+10FFFF), as
    // Qt's parser requires.
    const auto byte = [this](qsizetype i) { return static_cast<unsigned char>(m_at[i]); };
    const unsigned char lead = byte(0);
    int length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return fail();
    }
    if (m_end - m_at < length || byte(1) < low || byte(1) > high)
        return fail();
    for (int i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF)
            return fail();
    }
    m_at += length;
    return true;
}

bool JsonPullReader::scanString(QByteArrayView* raw, int* found)
{
    ++m_at; // the opening quote
    const char* begin = m_at;
    *found = 0;
    while (m_at < m_end) {
#ifdef __SSE2__
        // Sixteen bytes at a time, up to the first quote, backslash, control character or byte
        // of a multi-byte character: most of an answer's strings are plain ASCII.
        while (m_end - m_at >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(m_at));
            // Signed: below 0x20 also catches 0x80 and up.
            const __m128i special = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                                 _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                              _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
            const int mask = _mm_movemask_epi8(special);
            if (mask != 0) {
                m_at += __builtin_ctz(unsigned(mask));
                break;
            }
            m_at += 16;
        }
#endif
        // Eight bytes at a time while none of them is a quote, a backslash, a control character
        // or part of a multi-byte character: most of an answer's strings are plain ASCII.
        while (m_end - m_at >= 8) {
            quint64 v = 0;
            std::memcpy(&v, m_at, 8);
            constexpr quint64 ones = 0x0101010101010101ULL;
            constexpr quint64 highs = 0x8080808080808080ULL;
            const auto zeroByte = [](quint64 x) { return (x - ones) & ~x & highs; };
            if ((v & highs) | zeroByte(v ^ (ones * '"')) | zeroByte(v ^ (ones * '\\')) |
                ((v - ones * 0x20) & ~v & highs))
                break;
            m_at += 8;
        }
        if (m_at >= m_end)
            break;
        const auto c = static_cast<unsigned char>(*m_at);
        if (c == '"') {
            *raw = QByteArrayView(begin, m_at - begin);
            ++m_at;
            return true;
        }
        if (c < 0x20)
            return fail();
        if (c >= 0x80) {
            *found |= NonAscii;
            if (!scanUtf8())
                return false;
            continue;
        }
        if (c == '\\') {
            *found |= Escape;
            if (m_end - m_at < 2)
                return fail();
            const char e = m_at[1];
            if (e == 'u') {
                if (m_end - m_at < 6)
                    return fail();
                int code = 0;
                for (int k = 2; k < 6; ++k) {
                    const int d = HexDigit::value(m_at[k]);
                    if (d < 0)
                        return fail();
                    code = code * 16 + d;
                }
                if (code == 0 || (code >= 0xD800 && code <= 0xDFFF))
                    return fail();
                m_at += 6;
                continue;
            }
            if (e == '\0' || !std::strchr("\"\\/bfnrt", e))
                return fail();
            m_at += 2;
            continue;
        }
        ++m_at;
    }
    return fail();
}

bool JsonPullReader::scanNumber(double* value)
{
    const char* begin = m_at;
    const auto digits = [this] {
        const char* from = m_at;
        while (m_at < m_end && *m_at >= '0' && *m_at <= '9')
            ++m_at;
        return m_at > from;
    };
    if (m_at < m_end && *m_at == '-')
        ++m_at;
    if (m_at < m_end && *m_at == '0')
        ++m_at;
    else if (!digits())
        return fail();
    if (m_at < m_end && *m_at == '.') {
        ++m_at;
        if (!digits())
            return fail();
    }
    if (m_at < m_end && (*m_at == 'e' || *m_at == 'E')) {
        ++m_at;
        if (m_at < m_end && (*m_at == '+' || *m_at == '-'))
            ++m_at;
        if (!digits())
            return fail();
    }
    // Correctly rounded, as Qt's parser reads a double; out of a double's range is Qt's to judge.
    const auto [end, error] = std::from_chars(begin, m_at, *value);
    if (error != std::errc() || end != m_at)
        return fail();
    return true;
}

bool JsonPullReader::scanLiteral(const char* word)
{
    const auto length = static_cast<qsizetype>(std::strlen(word));
    if (m_end - m_at < length || std::memcmp(m_at, word, static_cast<size_t>(length)) != 0)
        return fail();
    m_at += length;
    return true;
}

QString JsonPullReader::readString()
{
    QByteArrayView raw;
    int found = 0;
    if (peek() != Kind::String || !scanString(&raw, &found)) {
        fail();
        return {};
    }
    if (raw.isEmpty())
        return QStringLiteral(""); // empty, not null: as QJsonValue::toString() gives it
    if (found & Escape)
        return unescape(raw);
    return found & NonAscii ? QString::fromUtf8(raw) : QString::fromLatin1(raw);
}

QJsonValue JsonPullReader::readScalar()
{
    switch (peek()) {
    case Kind::String:
        return readString();
    case Kind::Number: {
        double value = 0;
        return scanNumber(&value) ? QJsonValue(value) : QJsonValue(QJsonValue::Undefined);
    }
    case Kind::Bool:
        if (*m_at == 't')
            return scanLiteral("true") ? QJsonValue(true) : QJsonValue(QJsonValue::Undefined);
        return scanLiteral("false") ? QJsonValue(false) : QJsonValue(QJsonValue::Undefined);
    case Kind::Null:
        return scanLiteral("null") ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonValue::Undefined);
    case Kind::Object:
    case Kind::Array:
        skipValue();
        return QJsonValue(QJsonValue::Undefined);
    case Kind::Invalid:
        break;
    }
    fail();
    return QJsonValue(QJsonValue::Undefined);
}

void JsonPullReader::skipValue()
{
    switch (peek()) {
    case Kind::Object: {
        if (!enterObject())
            return;
        QByteArrayView key;
        while (nextMember(&key))
            skipValue();
        return;
    }
    case Kind::Array:
        if (!enterArray())
            return;
        while (nextElement())
            skipValue();
        return;
    // Checked as readScalar() checks them, without making the value: a data provider's
    // settings are skipped over to be kept as raw bytes, 20,000 of them in a large account.
    case Kind::String: {
        QByteArrayView raw;
        int found = 0;
        (void)scanString(&raw, &found);
        return;
    }
    case Kind::Number: {
        double value = 0;
        (void)scanNumber(&value);
        return;
    }
    case Kind::Bool:
        (void)scanLiteral(*m_at == 't' ? "true" : "false");
        return;
    case Kind::Null:
        (void)scanLiteral("null");
        return;
    case Kind::Invalid:
        fail();
        return;
    }
}

QByteArrayView JsonPullReader::skipValueRaw()
{
    skipWhitespace();
    const char* begin = m_at;
    skipValue();
    return m_failed ? QByteArrayView() : QByteArrayView(begin, m_at - begin);
}

bool JsonPullReader::atEnd()
{
    skipWhitespace();
    return !m_failed && m_at == m_end;
}

} // namespace dmsx
