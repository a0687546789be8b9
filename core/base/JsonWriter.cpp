#include "base/JsonWriter.h"

#include "base/AwsTime.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace dmsx {

namespace {

char hexDigit(unsigned v)
{
    return char(v < 10 ? '0' + v : 'a' + v - 10);
}

} // namespace

JsonWriter::JsonWriter(Format format) : m_compact(format == Format::Compact) {}

void JsonWriter::appendEscaped(QByteArray& out, QStringView text)
{
    appendEscaped(out, text, false);
}

void JsonWriter::appendEscaped(QByteArray& out, QStringView text, bool quoted)
{
    // Room for the worst case (every unit a \u escape), written through a pointer, then cut back:
    // growing the array a byte at a time is what made the listing's output slow.
    const qsizetype start = out.size();
    out.resize(start + text.size() * 6 + (quoted ? 2 : 0));
    char* cursor = out.data() + start;
    if (quoted)
        *cursor++ = '"';
    const char16_t* src = text.utf16();
    const char16_t* const end = src + text.size();
    auto escapeUnit = [&cursor](char16_t u) {
        *cursor++ = '\\';
        *cursor++ = 'u';
        *cursor++ = hexDigit((u >> 12) & 0xf);
        *cursor++ = hexDigit((u >> 8) & 0xf);
        *cursor++ = hexDigit((u >> 4) & 0xf);
        *cursor++ = hexDigit(u & 0xf);
    };
    while (src != end) {
#ifdef __SSE2__
        // Eight units at a time while all are printable ASCII other than the quote and the
        // backslash, narrowed to bytes in one step: nearly all of a listing's text.
        while (end - src >= 8) {
            const __m128i units = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
            // Signed: below 0x20 also catches 0x8000 and up.
            const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi16(units, _mm_set1_epi16(0x20)),
                                                              _mm_cmpgt_epi16(units, _mm_set1_epi16(0x7f))),
                                                 _mm_or_si128(_mm_cmpeq_epi16(units, _mm_set1_epi16('"')),
                                                              _mm_cmpeq_epi16(units, _mm_set1_epi16('\\'))));
            const int mask = _mm_movemask_epi8(special);
            if (mask != 0) {
                const int plain = __builtin_ctz(unsigned(mask)) / 2;
                for (int k = 0; k < plain; ++k)
                    *cursor++ = char(src[k]);
                src += plain;
                break;
            }
            _mm_storel_epi64(reinterpret_cast<__m128i*>(cursor), _mm_packus_epi16(units, units));
            cursor += 8;
            src += 8;
        }
        if (src == end)
            break;
#endif
        const char16_t u = *src++;
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                *cursor++ = char(u);
                continue;
            }
            *cursor++ = '\\';
            switch (u) {
            case '"':
                *cursor++ = '"';
                break;
            case '\\':
                *cursor++ = '\\';
                break;
            case '\b':
                *cursor++ = 'b';
                break;
            case '\f':
                *cursor++ = 'f';
                break;
            case '\n':
                *cursor++ = 'n';
                break;
            case '\r':
                *cursor++ = 'r';
                break;
            case '\t':
                *cursor++ = 't';
                break;
            default:
                --cursor;
                escapeUnit(u);
            }
        } else if (u < 0x800) {
            *cursor++ = char(0xc0 | (u >> 6));
            *cursor++ = char(0x80 | (u & 0x3f));
        } else if (!QChar::isSurrogate(u)) {
            *cursor++ = char(0xe0 | (u >> 12));
            *cursor++ = char(0x80 | ((u >> 6) & 0x3f));
            *cursor++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t c = QChar::surrogateToUcs4(u, *src++);
            *cursor++ = char(0xf0 | (c >> 18));
            *cursor++ = char(0x80 | ((c >> 12) & 0x3f));
            *cursor++ = char(0x80 | ((c >> 6) & 0x3f));
            *cursor++ = char(0x80 | (c & 0x3f));
        } else {
            // A lone surrogate is no UTF-8: Qt writes it as an escape, and so do we.
            escapeUnit(u);
        }
    }
    if (quoted)
        *cursor++ = '"';
    out.resize(cursor - out.constData());
}

void JsonWriter::indent(qsizetype depth)
{
    if (!m_compact)
        m_out.append(4 * depth, ' ');
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_open.isEmpty())
        return;
    // An element of an array.
    if (m_open.last())
        m_out.append(m_compact ? "," : ",\n");
    m_open.last() = true;
    indent(m_open.size());
}

void JsonWriter::open(char bracket)
{
    beforeValue();
    m_out.append(bracket);
    if (!m_compact)
        m_out.append('\n');
    m_open.append(false);
}

void JsonWriter::close(char bracket)
{
    const bool hadElements = m_open.takeLast();
    if (hadElements && !m_compact)
        m_out.append('\n');
    indent(m_open.size());
    m_out.append(bracket);
    if (m_open.isEmpty()) {
        m_wroteValue = true;
        if (!m_compact)
            m_out.append('\n');
    }
}

void JsonWriter::beginObject()
{
    open('{');
}

void JsonWriter::endObject()
{
    close('}');
}

void JsonWriter::beginArray()
{
    open('[');
}

void JsonWriter::endArray()
{
    close(']');
}

void JsonWriter::key(QLatin1String name)
{
    // Member names are ASCII literals: copied as they are unless one ever needs escaping.
    const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
        return uchar(c) >= 0x20 && uchar(c) < 0x80 && c != '"' && c != '\\';
    });
    const bool comma = m_open.last();
    m_open.last() = true;
    if (!plain) {
        if (comma)
            m_out.append(m_compact ? "," : ",\n");
        indent(m_open.size());
        m_out.append('"');
        appendEscaped(m_out, QString(name));
        m_out.append(m_compact ? "\":" : "\": ");
        m_afterKey = true;
        return;
    }
    // The separator, the indentation, the quoted name and the colon in one step: a listing
    // writes hundreds of thousands of these, and appending each part on its own would be most
    // of its writing.
    const qsizetype depth = m_compact ? 0 : 4 * m_open.size();
    const qsizetype separator = comma ? (m_compact ? 1 : 2) : 0;
    const qsizetype start = m_out.size();
    m_out.resize(start + separator + depth + name.size() + (m_compact ? 3 : 4));
    char* cursor = m_out.data() + start;
    if (comma) {
        *cursor++ = ',';
        if (!m_compact)
            *cursor++ = '\n';
    }
    std::memset(cursor, ' ', std::size_t(depth));
    cursor += depth;
    *cursor++ = '"';
    std::memcpy(cursor, name.data(), std::size_t(name.size()));
    cursor += name.size();
    *cursor++ = '"';
    *cursor++ = ':';
    if (!m_compact)
        *cursor++ = ' ';
    m_afterKey = true;
}

void JsonWriter::string(QStringView text)
{
    beforeValue();
    appendEscaped(m_out, text, true);
    if (m_open.isEmpty())
        m_wroteValue = true;
}

void JsonWriter::integer(qint64 value)
{
    beforeValue();
    m_out.append(QByteArray::number(value));
    if (m_open.isEmpty())
        m_wroteValue = true;
}

void JsonWriter::boolean(bool value)
{
    beforeValue();
    m_out.append(value ? "true" : "false");
    if (m_open.isEmpty())
        m_wroteValue = true;
}

void JsonWriter::compactValue(QByteArrayView json)
{
    Q_ASSERT(m_compact);
    beforeValue();
    m_out.append(json);
    if (m_open.isEmpty())
        m_wroteValue = true;
}

void JsonWriter::putString(QLatin1String name, const QString& value)
{
    if (value.isNull())
        return;
    key(name);
    string(value);
}

void JsonWriter::putTimestamp(QLatin1String name, const QDateTime& value)
{
    if (!value.isValid())
        return;
    key(name);
    string(AwsTime::formatIso8601(value));
}

QByteArray JsonWriter::takeBytes()
{
    QByteArray out;
    out.swap(m_out);
    return out;
}

} // namespace dmsx
