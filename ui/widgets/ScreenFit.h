#pragma once

#include <QRect>

class QWidget;

namespace dmsx::ui {

// Keeps windows and dialogs on the screen: whatever a saved geometry or a long text asks for, a
// window is never larger than the screen's available geometry (the desktop less its panels) and
// never lies outside it, so its buttons can always be reached.
class ScreenFit
{
public:
    // The available geometry of the screen `widget` is on (its parent's before it is shown).
    static QRect availableGeometry(const QWidget* widget);
    // The largest frame-less size that fits: the available geometry less the title bar and frame.
    static QSize maximumClientSize(const QWidget* widget);
    // Shrinks a top-level window that is larger than maximumClientSize() and moves it inside the
    // available geometry.
    static void clamp(QWidget* window);
    // A dialog's size: `width` (at least its minimum), the height its layout needs at that width,
    // each no larger than the screen allows.
    static void fitDialog(QWidget* dialog, int width);
};

} // namespace dmsx::ui
