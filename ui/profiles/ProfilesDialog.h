#pragma once

#include "credentials/KeychainStore.h"
#include "profiles/ProfileKey.h"
#include "profiles/ProfilesContext.h"
#include "profiles/SessionProfile.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class ProfilesDialog;
}

namespace dmsx::ui {

class KeychainBanner;
class ProfileEditorDialog;
class ProfilesModel;
class SsoProfileDialog;

// File > Profiles…: the app's profiles and the AWS CLI's, with Add…, Add IAM Identity Center…
// (SsoProfileDialog), Edit…, Remove… (keys and index entry), Import… (an AWS keys profile into the
// keychain) and Test (GetCallerIdentity through the profile's real credential chain; an SSO
// profile that needs a login shows the exact `aws sso login` command to copy).
class ProfilesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ProfilesDialog(ProfilesContext context, QWidget* parent = nullptr);
    ~ProfilesDialog() override;

    ProfilesModel* model() const { return m_model; }
    KeychainBanner* keychainBanner() const;
    // The editor opened by Add…, Edit… or Import… while it is open.
    ProfileEditorDialog* editor() const { return m_editor; }
    // The dialog opened by "Add IAM Identity Center…" while it is open.
    SsoProfileDialog* ssoEditor() const;
    QString testResultText() const;
    QString loginCommand() const; // empty unless the last test asked for `aws sso login`
    bool selectProfile(const ProfileKey& key);

    // Reads the index and the AWS files again and asks the keychain which keys it holds.
    void reload();

public slots:
    void addProfile();
    void addSsoProfile();
    void editProfile();
    void removeProfile();
    void importProfile();
    void testProfile();

signals:
    // Keys the person chose to use for this session only (the window keeps them in memory).
    void sessionProfileAdded(const dmsx::ui::SessionProfile& profile);
    // An app profile was added, imported, edited or removed.
    void profilesChanged();
    // A new app profile was saved (Add… or Import…): the window switches to it when the dialog
    // closes.
    void profileAdded(const dmsx::ui::ProfileKey& key, const QString& region);
    void keysStatusLoaded();
    void testFinished();
    void removeFinished();

private:
    void openEditor(ProfileEditorDialog* editor);
    void updateButtons();
    void loadKeysStatus(const KeychainStore::ProbeResult& probe);
    void showTestResult(const QString& text, const QString& loginCommand = QString(), bool done = true);
    int selectedRow() const;

    std::unique_ptr<Ui::ProfilesDialog> m_ui;
    ProfilesContext m_context;
    ProfilesModel* m_model;
    KeychainStore* m_keychain;
    QPointer<ProfileEditorDialog> m_editor;
    QPointer<SsoProfileDialog> m_ssoEditor;
    QPointer<QObject> m_testSession;  // owns the test's connection; replaced by the next test
    QObject* m_keysSession = nullptr; // the keychain reads of the last reload()
};

} // namespace dmsx::ui
