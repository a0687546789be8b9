#pragma once

#include "base/Fault.h"
#include "base/Result.h"
#include "credentials/SsoProfileConfig.h"
#include "credentials/SsoToken.h"

#include <QDateTime>
#include <QDialog>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class SsoSignInDialog;
}

class QNetworkAccessManager;

namespace dmsx {
class Clock;
class SsoLogin;
} // namespace dmsx

namespace dmsx::ui {

// Signing in to IAM Identity Center from the window (core's SsoLogin): the code to confirm, large
// and selectable with Copy, the confirmation page opened in the default browser (and again on
// request), a countdown to the code's expiry and Cancel. Accepted once the token is cached; a
// denial or an expired code says why and offers to start again. Shown with open(), never exec().
class SsoSignInDialog : public QDialog
{
    Q_OBJECT
public:
    struct Options
    {
        SsoProfileConfig config; // start URL, SSO region, session, scopes, OIDC endpoint, CA bundle
        QNetworkAccessManager* nam =
            nullptr; // not owned, must outlive the dialog (proxy as the connection's)
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(); // HOME
        const Clock* clock = nullptr;                                               // null: the system's
        // Opens the confirmation page; null: QDesktopServices::openUrl. Tests cannot open a
        // browser: they record the URL and approve through the simulator.
        std::function<bool(const QUrl&)> openUrl;
    };

    explicit SsoSignInDialog(Options options, QWidget* parent = nullptr);
    ~SsoSignInDialog() override;

    // Starts a sign-in (again after a failure); the code follows in codeShown().
    void start();

    QString userCode() const { return m_userCode; }
    QUrl verificationUrl() const { return m_verificationUrlComplete; }
    bool isWaiting() const;
    // Why the last attempt ended without a token (the catalogue's words are on the dialog).
    std::optional<Fault> fault() const { return m_fault; }
    std::optional<SsoToken> token() const { return m_token; }
    QString statusText() const;
    QString faultText() const;

signals:
    void codeShown(const QString& userCode);
    // Before accept(): the token is in ~/.aws/sso/cache.
    void signedIn();
    void signInFailed(const dmsx::Fault& fault);

private:
    void authorizationStarted(const QString& userCode, const QUrl& verificationUri,
                              const QUrl& verificationUriComplete, const QDateTime& deadline);
    void finished(const Result<SsoToken>& result);
    void openPage();
    void updateCountdown();
    void setWaiting(bool waiting);

    std::unique_ptr<Ui::SsoSignInDialog> m_ui;
    Options m_options;
    std::unique_ptr<QNetworkAccessManager> m_ownNam;
    std::unique_ptr<SsoLogin> m_login;
    QTimer m_countdown;
    QString m_userCode;
    QUrl m_verificationUrlComplete;
    QDateTime m_deadline;
    std::optional<Fault> m_fault;
    std::optional<SsoToken> m_token;
};

} // namespace dmsx::ui
