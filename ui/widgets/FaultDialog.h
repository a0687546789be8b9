#pragma once

#include "base/Fault.h"
#include "base/FaultCatalogue.h"

#include <QDialog>

#include <memory>

namespace Ui {
class FaultDialog;
}

namespace dmsx::ui {

// The one dialog for a fault the person asked for (apply, start): the catalogue's title, cause
// and steps in plain words, the technical facts behind "Details", Retry only where the
// catalogue says trying again can help (accepted: Retry), and "Sign in…" where signing in to IAM
// Identity Center again is the fix (result kSignInResult). Shown through Prompts::showFault;
// background failures use MessageBar instead.
class FaultDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FaultDialog(const Fault& fault, QWidget* parent = nullptr);
    ~FaultDialog() override;

    const FaultExplanation& explanation() const { return m_explanation; }
    bool retryOffered() const { return m_explanation.retryCanHelp; }
    bool signInOffered() const { return m_signIn; }
    static constexpr int kSignInResult = QDialog::Accepted + 1;
    void setDetailsShown(bool shown);
    // What "Copy details" puts on the clipboard (redacted).
    QString copyText() const;

    // The redacted technical facts: code, message, HTTP status, request id, operation, endpoint,
    // time, attempts.
    static QString detailsText(const Fault& fault);

private:
    static constexpr int kMinimumWidth = 560;
    void fitHeight();
    void copyDetails();

    std::unique_ptr<Ui::FaultDialog> m_ui;
    Fault m_fault;
    FaultExplanation m_explanation;
    bool m_signIn = false;
};

} // namespace dmsx::ui
