#pragma once

#include "config/ClientConfigResolver.h"
#include "credentials/KeychainStore.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace dmsx {

class ClockSkewTracker;
class CredentialChain;
class DmsConnection;

// One effective setting and where it came from.
struct DiagnosticsEntry
{
    QString key;      // stable, for JSON and scripts: "profile", "region", "clock_offset", ...
    QString label;    // for people: "Profile", "Clock offset", ...
    QJsonValue value; // null when unset
    QString source;
};

// What `dms-extpack-cli diagnose` prints and the window's Diagnostics dialog shows: the effective
// configuration, each value with its source. Collecting it sends nothing and fetches no
// credentials, so it is safe to run when things are broken — which is when people run it.
class DiagnosticsReport
{
public:
    // profile, region, endpoint, sts_endpoint, sso_endpoint, credentials_source, keychain_backend,
    // proxy, ca_bundle. A null `chain` reports credentials_source as none.
    static DiagnosticsReport collect(const EffectiveClientConfig& config, CredentialChain* chain,
                                     const QProcessEnvironment& environment);
    // collect() for a resolved connection, plus runtime(): what the window shows. An unresolved
    // connection gives the runtime entries only.
    static DiagnosticsReport forConnection(DmsConnection* connection);

    // clock_offset (measured from AWS responses by `skew`; null when there is no transport yet),
    // app_version and qt_version. Not part of the CLI's JSON, which scripts already parse.
    void addRuntimeEntries(const ClockSkewTracker* skew);

    void append(const DiagnosticsEntry& entry) { m_entries.append(entry); }
    // Replaces the entry with the same key, else inserts it after the entry `after` (appends when
    // there is none): for values that arrive later, such as the keychain state.
    void setEntry(const DiagnosticsEntry& entry, const QString& after = QString());
    const QList<DiagnosticsEntry>& entries() const { return m_entries; }
    std::optional<DiagnosticsEntry> entry(const QString& key) const;

    // {key: {value, source}} under each entry's camelCase key (jsonKey()), the key style of all
    // the JSON the programs write of their own. Values are as collected (already free of secrets
    // by construction); run the serialised text through Redactor before it leaves the process.
    QJsonObject toJson() const;
    // "credentials_source" -> "credentialsSource".
    static QString jsonKey(const QString& key);
    // "Label: value (source)" lines, redacted: what "Copy report" puts on the clipboard.
    QString toText() const;
    // An entry's value for display: "(not set)" when null. Redacted.
    static QString displayValue(const DiagnosticsEntry& entry);

    // keychain_state: what KeychainStore::probe() found ("unlocked", "locked — …", "no Secret
    // Service on the session bus"), or "checking…" while the probe runs (nullopt). The window
    // shows it; the CLI's `diagnose` does not probe (a probe may open an unlock prompt).
    static DiagnosticsEntry keychainState(const std::optional<KeychainStore::ProbeResult>& probe);

    // "+1.234 s" / "-0.500 s" / "0 s".
    static QString formatOffset(qint64 offsetMs);

private:
    QList<DiagnosticsEntry> m_entries;
};

} // namespace dmsx
