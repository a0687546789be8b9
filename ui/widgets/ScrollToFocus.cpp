#include "widgets/ScrollToFocus.h"

#include <QApplication>
#include <QEvent>
#include <QScrollArea>

namespace dmsx::ui {

void ScrollToFocus::install(QScrollArea* area)
{
    new ScrollToFocus(area);
}

ScrollToFocus::ScrollToFocus(QScrollArea* area) : QObject(area), m_area(area)
{
    connect(qApp, &QApplication::focusChanged, this, [this] { reveal(); });
    // A layout that settles after the focus moved (new text, a scroll bar appearing) moves the
    // focused widget again.
    area->viewport()->installEventFilter(this);
    if (area->widget())
        area->widget()->installEventFilter(this);
}

bool ScrollToFocus::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize)
        reveal();
    return QObject::eventFilter(watched, event);
}

void ScrollToFocus::reveal()
{
    QWidget* contents = m_area ? m_area->widget() : nullptr;
    QWidget* focus = QApplication::focusWidget();
    if (focus && contents && contents->isAncestorOf(focus))
        m_area->ensureWidgetVisible(focus);
}

} // namespace dmsx::ui
