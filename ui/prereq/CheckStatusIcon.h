#pragma once

#include "prereq/PrerequisiteCheck.h"

#include <QIcon>
#include <QString>

class QStyle;

namespace dmsx::ui {

// How a checklist row's outcome is shown wherever the window shows one (the prerequisites panel,
// the apply confirmation): an icon from the desktop's theme, falling back to the style's, and the
// word a screen reader says, so the outcome never rests on the icon alone.
class CheckStatusIcon
{
public:
    // `style` gives the fallbacks where the theme has no icon.
    static QIcon icon(PrerequisiteCheck::Status status, const QStyle* style);
    // "Passed", "Problem", "Could not check", "Notice", "Checking…".
    static QString word(PrerequisiteCheck::Status status);
};

} // namespace dmsx::ui
