#pragma once

#include "credentials/AppProfileImport.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainStore.h"
#include "profiles/ProfilesContext.h"
#include "profiles/SessionProfile.h"

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class ProfileEditorDialog;
}

class QLineEdit;

namespace dmsx::ui {

class KeychainBanner;

// Adds, edits or imports one app profile. Save probes the keychain, writes the keys there (when
// typed or imported) and then the settings to the profile index, all asynchronously; a stored
// secret is never read back: when editing, both key fields start empty and stay so to keep the
// stored pair. With no usable keychain a banner says why and offers "Use for this session only":
// the dialog is then accepted with a SessionProfile and nothing is written anywhere.
class ProfileEditorDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        Add,
        Edit,
        Import
    };

    explicit ProfileEditorDialog(ProfilesContext context, QWidget* parent = nullptr);
    ~ProfileEditorDialog() override;

    // Edit mode: the name is fixed (the keychain entries are named after it).
    void setEditedProfile(const AppProfileStore::Profile& profile);
    // Import mode: the keys come from the AWS files; name, region, endpoint and role can change.
    void setImport(const AppProfileImport& import);
    Mode mode() const { return m_mode; }

    // After accept(): what was saved, or the session-only profile when the keys stayed in memory.
    AppProfileStore::Profile savedProfile() const { return m_saved; }
    std::optional<SessionProfile> sessionProfile() const { return m_session; }
    bool isBusy() const { return m_busy; }
    QString statusText() const;
    KeychainBanner* keychainBanner() const;
    // What the keychain was found to be; the banner follows it.
    void showKeychainProbe(const KeychainStore::ProbeResult& probe);
    // Unset until the first probe has answered.
    std::optional<KeychainStore::Availability> keychainAvailability() const { return m_availability; }
    QLineEdit* secretAccessKeyLineEdit() const;

signals:
    // The keychain probe of opening or saving has answered (tests wait for it).
    void keychainProbed();

private:
    struct Input
    {
        AppProfileStore::Profile profile;
        QString accessKeyId;
        QString secretAccessKey;
    };
    std::optional<Input> validate(bool keysRequired);
    void probe(std::function<void(const KeychainStore::ProbeResult&)> done);
    void save();
    void writeIndex(const AppProfileStore::Profile& profile);
    void useForSessionOnly();
    void setBusy(bool busy, const QString& status = QString());
    void showError(const QString& text);
    void fitHeight();

    std::unique_ptr<Ui::ProfileEditorDialog> m_ui;
    ProfilesContext m_context;
    KeychainStore* m_keychain;
    Mode m_mode = Mode::Add;
    std::optional<AppProfileStore::Profile> m_edited;
    std::optional<AppProfileImport> m_import;
    AppProfileStore::Profile m_saved;
    std::optional<SessionProfile> m_session;
    bool m_busy = false;
    std::optional<KeychainStore::Availability> m_availability;
};

} // namespace dmsx::ui
