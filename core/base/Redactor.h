#pragma once

#include <QByteArray>
#include <QString>

namespace dmsx {

// The single gate for every log line, history row, error text and printed output: nothing that
// could let someone act as the user (secret key, session token, signature, Authorization value)
// survives it, and access key ids are shortened so support can still tell keys apart.
class Redactor
{
public:
    static QString redact(const QString& text);
    static QByteArray redact(const QByteArray& text);

    // "AKIAIOSFODNN7EXAMPLE" -> "AKIA…MPLE"; anything shorter than 9 characters becomes "…".
    static QString maskAccessKeyId(const QString& id);

    // Secrets known at run time (the current credentials) are removed wherever they appear, even in
    // a shape the patterns don't know. Values shorter than 8 characters are ignored: removing them
    // would shred ordinary text. Thread-safe.
    static void registerSecret(const QString& secret);
    static void clearRegisteredSecrets();

    // What a removed secret is replaced with.
    static QString placeholder();
};

} // namespace dmsx
