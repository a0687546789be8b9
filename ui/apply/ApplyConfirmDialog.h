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
// not install anything), Escape cancels, Alt+A applies.
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
    std::unique_ptr<Ui::ApplyConfirmDialog> m_ui;
};

} // namespace dmsx::ui
