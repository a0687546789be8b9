#pragma once

#include "apply/ApplyConfirmer.h"

namespace dmsx::ui {

// The production confirmer: a modal ApplyConfirmDialog.
class DialogApplyConfirmer : public ApplyConfirmer
{
public:
    bool confirm(const ApplyPlan& plan, QWidget* parent) override;
};

} // namespace dmsx::ui
