#include "apply/DialogApplyConfirmer.h"

#include "apply/ApplyConfirmDialog.h"

namespace dmsx::ui {

bool DialogApplyConfirmer::confirm(const ApplyPlan& plan, QWidget* parent)
{
    ApplyConfirmDialog dialog(plan, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace dmsx::ui
