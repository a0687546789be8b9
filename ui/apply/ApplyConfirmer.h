#pragma once

#include "apply/ApplyPlan.h"

class QWidget;

namespace dmsx::ui {

// Asks the person whether to apply: the real one shows ApplyConfirmDialog (DialogApplyConfirmer),
// tests inject one that answers at once, so ApplyController never owns a widget.
class ApplyConfirmer
{
public:
    virtual ~ApplyConfirmer() = default;
    // True only when the person chose Apply.
    virtual bool confirm(const ApplyPlan& plan, QWidget* parent) = 0;
};

} // namespace dmsx::ui
