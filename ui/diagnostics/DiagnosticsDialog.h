#pragma once

#include "diagnostics/DiagnosticsReport.h"

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class DiagnosticsDialog;
}

class QTableWidget;

namespace dmsx {
class KeychainStore;
}

namespace dmsx::ui {

// Help > Diagnostics…: every effective setting of the window's connection with where it came
// from, and "Copy report" for a support ticket. Values are shown and copied redacted: people
// paste this into tickets and chats.
class DiagnosticsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DiagnosticsDialog(DiagnosticsReport report, QWidget* parent = nullptr);
    ~DiagnosticsDialog() override;

    const DiagnosticsReport& report() const { return m_report; }
    QTableWidget* entriesTable() const;
    // What "Copy report" puts on the clipboard (redacted).
    QString reportText() const { return m_report.toText(); }

    // Adds the keychain_state row as "checking…" and probes the OS keychain in the background
    // (a harmless entry of `service` is written and deleted; empty: the app's own service). The
    // row, and Copy report, then say what was found. Not called for test and screenshot windows,
    // which use no keychain: a locked keyring would open an unlock prompt on the user's desktop.
    void probeKeychain(const QString& service = QString());
    // Shows a probe's outcome (nullopt: "checking…"); probeKeychain() calls it.
    void setKeychainState(const std::optional<KeychainStore::ProbeResult>& probe);

public slots:
    void copyReport();

signals:
    void keychainProbed();

private:
    void populate();
    void setRow(int row, const DiagnosticsEntry& entry);

    std::unique_ptr<Ui::DiagnosticsDialog> m_ui;
    DiagnosticsReport m_report;
    KeychainStore* m_keychain = nullptr; // a child, while probing
};

} // namespace dmsx::ui
