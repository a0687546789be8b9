#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringView>

namespace dmsx {

// Writes JSON straight into bytes, with exactly the bytes QJsonDocument::toJson() writes for the
// same document: its indentation, its escaping, and members in the order a QJsonObject keeps
// them (sorted by name: callers give them in that order). Building a QJsonObject first and
// serialising it costs several allocations a member; a listing of 10,000 projects is mostly that.
class JsonWriter
{
public:
    enum class Format
    {
        Indented,
        Compact
    };

    explicit JsonWriter(Format format = Format::Indented);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // The next member's name; members must come sorted by name, as QJsonObject writes them.
    void key(QLatin1String name);
    void string(QStringView text);
    void integer(qint64 value);
    void boolean(bool value);
    // A value QJsonDocument already wrote in its Compact format, copied as it is: only a
    // compact writer may take one.
    void compactValue(QByteArrayView json);

    // JsonFields' writers: a null string and an invalid time are left out.
    void putString(QLatin1String name, const QString& value);
    void putTimestamp(QLatin1String name, const QDateTime& value);

    const QByteArray& bytes() const { return m_out; }
    // The bytes so far, leaving the writer empty (nesting is kept), so a long document can be
    // handed on in parts.
    QByteArray takeBytes();
    // No container is open: the document is complete.
    bool isComplete() const { return m_open.isEmpty() && m_wroteValue; }

    // `text` as QJsonDocument escapes a string, without the quotes.
    static void appendEscaped(QByteArray& out, QStringView text);

private:
    // With the quotes around it when `quoted`.
    static void appendEscaped(QByteArray& out, QStringView text, bool quoted);
    void beforeValue();
    void open(char bracket);
    void close(char bracket);
    void indent(qsizetype depth);

    QByteArray m_out;
    bool m_compact;
    // For each open container: whether it has an element yet.
    QList<bool> m_open;
    bool m_afterKey = false;
    bool m_wroteValue = false;
};

} // namespace dmsx
