#pragma once

#include "credentials/AppProfileStore.h"
#include "profiles/ProfilesContext.h"

#include <QDialog>
#include <QPointer>

#include <memory>

namespace Ui {
class SsoProfileDialog;
}

namespace dmsx {
class DmsConnection;
}

namespace dmsx::ui {

class SsoSignInDialog;

// Adds an app profile that signs in with IAM Identity Center: the start URL and SSO region, a
// sign-in (SsoSignInDialog), then the account and role picked from what the portal lists for the
// signed-in user (ListAccounts, ListAccountRoles). Saved in the app's profile index; written into
// ~/.aws/config too only when "Also save to ~/.aws/config" is ticked.
class SsoProfileDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SsoProfileDialog(ProfilesContext context, QWidget* parent = nullptr);
    ~SsoProfileDialog() override;

    // After accept(): what was saved.
    AppProfileStore::Profile savedProfile() const { return m_saved; }
    // The sign-in in progress (null when none is open).
    SsoSignInDialog* signInDialog() const;
    QString statusText() const;

public slots:
    void signIn();

signals:
    void signInDialogOpened(dmsx::ui::SsoSignInDialog* dialog);
    // The account list (or why not) has arrived; then the roles of the account chosen.
    void accountsLoaded();
    void rolesLoaded();

private:
    void listAccounts();
    void listRoles();
    void save();
    void showStatus(const QString& text);
    SsoProfileConfig config() const;

    std::unique_ptr<Ui::SsoProfileDialog> m_ui;
    ProfilesContext m_context;
    std::unique_ptr<DmsConnection> m_network; // the endpoints, CA bundle and proxy of the environment
    QPointer<SsoSignInDialog> m_signIn;
    QString m_accessToken;
    QObject* m_calls = nullptr; // the portal calls of the last sign-in or account chosen
    AppProfileStore::Profile m_saved;
};

} // namespace dmsx::ui
