#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class MfaCodeDialog;
}

namespace dmsx::ui {

// Asks for the current code of an MFA device when a role profile needs one (mfa_serial). OK is only
// possible with exactly six digits. Asked through Prompts::askMfaCode.
class MfaCodeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MfaCodeDialog(const QString& mfaSerial, QWidget* parent = nullptr);
    ~MfaCodeDialog() override;

    QString code() const;
    bool isCodeAcceptable() const;

private:
    std::unique_ptr<Ui::MfaCodeDialog> m_ui;
};

} // namespace dmsx::ui
