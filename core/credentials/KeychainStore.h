#pragma once

#include "base/Fault.h"
#include "base/Result.h"
#include "credentials/AwsCredentials.h"

#include <QObject>
#include <QString>

#include <functional>

namespace dmsx {

// The OS keychain through QtKeychain (Secret Service via libsecret on Linux, Keychain on macOS,
// Credential Manager on Windows). One entry per value, because Windows limits an entry's size:
// "<profile>/aws_access_key_id" and "<profile>/aws_secret_access_key" under the service DMSX_APP_ID.
//
// The insecure (plaintext) fallback is always off: when no keychain answers we fail with a fault
// that names the backend, what failed and how to fix it, and nothing is written anywhere. Because
// QtKeychain 0.13 has no isAvailable() and a Secret Service that is still starting fails like an
// absent one, an operation that finds no keychain is retried once after retryDelayMs() first.
//
// Every handler is called exactly once, in `context`'s thread, never synchronously and never after
// `context` is destroyed. Destroying the store abandons running operations without calling them.
class KeychainStore : public QObject
{
    Q_OBJECT
public:
    // What probe() found.
    enum class Availability
    {
        Available,       // a write and a delete succeeded
        Locked,          // the service answers but the collection is locked (or access was refused)
        NoSecretService, // nothing answered, even after the retry
        Failed,          // something else went wrong; see ProbeResult::fault
    };
    struct ProbeResult
    {
        Availability availability = Availability::Failed;
        QString reason; // for people: what was found, with the backend's own words
        Fault fault;    // set unless Available
    };

    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    // Field names of the two entries per profile.
    static const QString kAccessKeyIdField;     // "aws_access_key_id"
    static const QString kSecretAccessKeyField; // "aws_secret_access_key"

    // service: the keychain's service name; DMSX_APP_ID unless a test needs its own.
    explicit KeychainStore(QObject* parent = nullptr);
    explicit KeychainStore(const QString& service, QObject* parent = nullptr);
    ~KeychainStore() override;

    QString service() const { return m_service; }

    // How long to wait before the single retry of an operation that found no keychain.
    int retryDelayMs() const { return m_retryDelayMs; }
    void setRetryDelayMs(int ms) { m_retryDelayMs = ms; }

    // The backend QtKeychain uses on this platform, for messages and `diagnose`, e.g.
    // "Secret Service (org.freedesktop.secrets on the D-Bus session bus, via libsecret)".
    static QString backendDescription();

    // "<profile>/<field>".
    static QString entryKey(const QString& profile, const QString& field);

    void writeEntry(const QString& key, const QString& value, QObject* context, Handler<void> done);
    // A missing entry is the fault KeychainEntryNotFound (a locked Secret Service collection looks the same:
    // use probe() to tell them apart).
    void readEntry(const QString& key, QObject* context, Handler<QString> done);
    // Deleting an entry that does not exist succeeds.
    void deleteEntry(const QString& key, QObject* context, Handler<void> done);

    // Both entries of a profile. Writing stops at the first failure; the access key id is written
    // last so a half-written profile never looks complete. Reading registers the secret with the
    // Redactor; the credentials' source is "keychain (profile NAME)".
    void writeCredentials(const QString& profile, const QString& accessKeyId, const QString& secretAccessKey,
                          QObject* context, Handler<void> done);
    void readCredentials(const QString& profile, QObject* context, Handler<AwsCredentials> done);
    void deleteCredentials(const QString& profile, QObject* context, Handler<void> done);

    // Writes and deletes a harmless probe entry to find out whether the keychain is usable.
    void probe(QObject* context, std::function<void(const ProbeResult&)> done);

    // The fault for a QtKeychain error (QKeychain::Error as int) and its errorString; `action` says
    // what was attempted ("store the secret access key of profile dev"). Public for tests.
    static Fault faultFor(int keychainError, const QString& backendMessage, const QString& action);

private:
    enum class Op
    {
        Write,
        Read,
        Delete
    };
    struct Raw
    {
        int error = 0;
        QString errorString;
        QString text;
    };
    void run(Op op, const QString& key, const QString& value, QObject* context,
             std::function<void(const Raw&)> done, bool isRetry = false);
    static bool looksAbsent(int keychainError);

    QString m_service;
    int m_retryDelayMs = 750;
};

} // namespace dmsx
