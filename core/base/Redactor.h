#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

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
    // a shape the patterns don't know: literal, JSON-escaped, percent-encoded (either case, or
    // twice). Values shorter than 8 characters are ignored: removing them would shred ordinary
    // text. The registry keeps its own copies and wipes them when it drops them. Thread-safe.
    //
    // Unowned secrets are kept most recently registered first, up to a bound, so a long session's
    // refreshes do not pile up; whoever uses a secret re-registers it.
    static void registerSecret(const QString& secret);
    // What `owner` registered before is dropped: a credential source's refresh replaces its old keys.
    static void registerSecrets(const QString& owner, const QStringList& secrets);
    static void clearRegisteredSecrets();
    static qsizetype registeredSecretCount();
    // Changes whenever the registered secrets do, so a caller may keep what redact() returned for
    // a text while it stays the same.
    static quint64 secretsGeneration();
    static constexpr qsizetype kMaxUnownedSecrets = 64;

    // What a removed secret is replaced with.
    static QString placeholder();
};

} // namespace dmsx
