#pragma once

#include "apply/ApplyPlan.h"

#include <QDialog>

#include <memory>

class QLabel;
class QPushButton;

namespace Ui {
class ApplyConfirmDialog;
}

namespace dmsx::ui {

// The last look before StartExtensionPackAssociation: names every fact of the ApplyPlan that
// decides where the pack goes. Cancel is the default button (Enter on an unfocused dialog must
// not install anything), Escape cancels, Alt+A applies. Below the facts, the prerequisite
// checks: each finding that is not a pass, and, when one is a definite problem, the apply button
// reads "Apply anyway".
class ApplyConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ApplyConfirmDialog(const ApplyPlan& plan, QWidget* parent = nullptr);
    ~ApplyConfirmDialog() override;

    QPushButton* applyButton() const;
    QPushButton* cancelButton() const;
    // Every text the dialog shows, one per line (tests, accessibility checks).
    QString summaryText() const;

private:
    // The checklist's findings under the facts; with a problem among them, "Apply anyway".
    void showChecks(const PrerequisiteReport& report);

    std::unique_ptr<Ui::ApplyConfirmDialog> m_ui;
};

} // namespace dmsx::ui
