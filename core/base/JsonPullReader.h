#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

namespace dmsx {

// A strict pull reader of one JSON document (RFC 8259), for reading a large answer straight into
// typed values without building a QJsonDocument. It accepts only what Qt's parser accepts and
// reads it the same way; on anything else, and on what it leaves to Qt (a raw control character
// or an escape that is a surrogate or NUL in a string, nesting deeper than kMaxDepth, a number
// beyond a double), it fails: ok() is false from then on and the caller parses the document with
// QJsonDocument instead, which decides the fault.
class JsonPullReader
{
public:
    enum class Kind
    {
        Object,
        Array,
        String,
        Number,
        Bool,
        Null,
        Invalid, // the end of the text, or a byte no value starts with
    };
    static constexpr int kMaxDepth = 64;

    explicit JsonPullReader(QByteArrayView text);

    bool ok() const { return !m_failed; }
    // The kind of the next value; consumes nothing but whitespace.
    Kind peek();

    // Consumes '{'. Then nextMember() gives each member's key (its raw bytes; a key with an escape
    // fails) and leaves the reader at its value, which the caller must read or skip; false after
    // the closing '}' or on failure.
    bool enterObject();
    bool nextMember(QByteArrayView* key);
    // Consumes '['. Then nextElement() is true before each element, false after ']' or on failure.
    bool enterArray();
    bool nextElement();

    // A string value (fails on any other kind).
    QString readString();
    // A string, number, true, false or null as QJsonValue (numbers as doubles); an object or array
    // is skipped and gives an undefined value.
    QJsonValue readScalar();
    // Any value, checked as thoroughly as one that is read.
    void skipValue();
    // The same, giving the value's bytes (empty on failure).
    QByteArrayView skipValueRaw();
    // Nothing but whitespace is left (after the document).
    bool atEnd();

private:
    void skipWhitespace();
    bool fail();
    bool expect(char c);
    // What scanString() found in a string besides plain ASCII.
    enum Found
    {
        Escape = 1,
        NonAscii = 2,
    };
    bool scanString(QByteArrayView* raw, int* found);
    bool scanUtf8();
    bool scanNumber(double* value);
    bool scanLiteral(const char* word);

    const char* m_at;
    const char* m_end;
    int m_depth = 0;
    bool m_first = false; // no member or element of the innermost open container read yet
    bool m_failed = false;
};

} // namespace dmsx
