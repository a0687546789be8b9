#include "widgets/ScreenFit.h"

#include <QGuiApplication>
#include <QLayout>
#include <QScreen>
#include <QStyle>
#include <QWidget>

namespace dmsx::ui {

QRect ScreenFit::availableGeometry(const QWidget* widget)
{
    QScreen* screen = widget ? widget->screen() : nullptr;
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1024, 768);
}

QSize ScreenFit::maximumClientSize(const QWidget* widget)
{
    const QRect available = availableGeometry(widget);
    int frameHeight = qMax(0, widget->frameGeometry().height() - widget->height());
    int frameWidth = qMax(0, widget->frameGeometry().width() - widget->width());
    if (!widget->isVisible() && frameHeight == 0) {
        // Not framed yet: leave room for a title bar and borders.
        frameHeight = widget->style()->pixelMetric(QStyle::PM_TitleBarHeight) + 8;
        frameWidth = 8;
    }
    return QSize(qMax(1, available.width() - frameWidth), qMax(1, available.height() - frameHeight));
}

void ScreenFit::clamp(QWidget* window)
{
    const QSize most = maximumClientSize(window);
    const QSize size = window->size().boundedTo(most).expandedTo(window->minimumSize().boundedTo(most));
    if (size != window->size())
        window->resize(size);
    const QRect available = availableGeometry(window);
    QRect frame = window->frameGeometry();
    if (available.contains(frame))
        return;
    QPoint topLeft = frame.topLeft();
    topLeft.setX(
        qBound(available.left(), topLeft.x(), qMax(available.left(), available.right() - frame.width() + 1)));
    topLeft.setY(
        qBound(available.top(), topLeft.y(), qMax(available.top(), available.bottom() - frame.height() + 1)));
    window->move(topLeft);
}

void ScreenFit::fitDialog(QWidget* dialog, int width)
{
    const QSize most = maximumClientSize(dialog);
    dialog->setMaximumSize(most);
    const int w = qMin(qMax(width, dialog->minimumSizeHint().width()), most.width());
    int h = dialog->hasHeightForWidth() ? dialog->heightForWidth(w) : dialog->sizeHint().height();
    h = qMin(qMax(h, dialog->minimumSizeHint().height()), most.height());
    dialog->resize(w, h);
}

} // namespace dmsx::ui
