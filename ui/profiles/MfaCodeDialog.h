#pragma once

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class MfaCodeDialog;
}

namespace dmsx::ui {

// Asks for the current code of an MFA device when a role profile needs one (mfa_serial). OK is only
// possible with exactly six digits.
class MfaCodeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MfaCodeDialog(const QString& mfaSerial, QWidget* parent = nullptr);
    ~MfaCodeDialog() override;

    QString code() const;
    bool isCodeAcceptable() const;

    // The window's CredentialChain::MfaCallback: opens the dialog window-modal without blocking and
    // replies exactly once, with the code or, when cancelled or closed, nullopt (the chain turns
    // that into its MfaCancelled fault).
    static void ask(QWidget* parent, const QString& mfaSerial,
                    std::function<void(std::optional<QString>)> reply);

private:
    std::unique_ptr<Ui::MfaCodeDialog> m_ui;
};

} // namespace dmsx::ui
