#pragma once

#include "credentials/KeychainStore.h"

#include <QFrame>

#include <memory>

namespace Ui {
class KeychainBanner;
}

namespace dmsx::ui {

// Says, in the profiles dialogs, that the keychain cannot keep keys right now (no Secret Service,
// or a locked keyring) and how to fix it, in the catalogue's words; a locked keyring is offered
// "Unlock…", the editor also offers to use the typed keys for this session only. Hidden while the
// keychain is available.
class KeychainBanner : public QFrame
{
    Q_OBJECT
public:
    explicit KeychainBanner(QWidget* parent = nullptr);
    ~KeychainBanner() override;

    // Shows the banner unless `probe` found the keychain available.
    void showProbe(const KeychainStore::ProbeResult& probe);
    // The fault for an availability without a probe (screenshots never ask the keychain).
    static KeychainStore::ProbeResult assumedProbe(KeychainStore::Availability availability);
    void setSessionOnlyOffered(bool offered);
    bool sessionOnlyOffered() const;
    QString text() const; // plain text, for tests and screen readers
    // Offered while the probe found the keyring locked.
    bool unlockOffered() const;

public slots:
    // The Secret Service's own unlock prompt. unlocked() follows, or the banner says why not and
    // still offers Unlock.
    void unlock();

signals:
    void sessionOnlyRequested();
    // The keyring is unlocked: the dialog probes it again.
    void unlocked();

private:
    std::unique_ptr<Ui::KeychainBanner> m_ui;
    QString m_plainText;
    bool m_unlocking = false;
};

} // namespace dmsx::ui
