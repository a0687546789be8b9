#include "widgets/ScrollToFocus.h"

#include <QApplication>
#include <QEvent>
#include <QLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>

namespace dmsx::ui {

void ScrollToFocus::install(QScrollArea* area)
{
    new ScrollToFocus(area);
}

ScrollToFocus::ScrollToFocus(QScrollArea* area) : QObject(area), m_area(area)
{
    connect(qApp, &QApplication::focusChanged, this, &ScrollToFocus::revealLater);
    // A layout that settles after the focus moved (new text, a scroll bar appearing) moves the
    // focused widget again.
    area->viewport()->installEventFilter(this);
    if (area->widget())
        area->widget()->installEventFilter(this);
    // The scroll range follows the contents' size only after their layout: reveal again then.
    connect(area->verticalScrollBar(), &QScrollBar::rangeChanged, this, &ScrollToFocus::revealLater);
    connect(area->horizontalScrollBar(), &QScrollBar::rangeChanged, this, &ScrollToFocus::revealLater);
}

bool ScrollToFocus::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest)
        revealLater();
    return QObject::eventFilter(watched, event);
}

void ScrollToFocus::revealLater()
{
    if (m_pending)
        return;
    m_pending = true;
    // After the layouts already asked for have placed the widgets.
    QTimer::singleShot(0, this, [this] {
        m_pending = false;
        reveal();
    });
}

void ScrollToFocus::reveal()
{
    QWidget* contents = m_area ? m_area->widget() : nullptr;
    QWidget* focus = QApplication::focusWidget();
    if (!focus || !contents || !contents->isAncestorOf(focus))
        return;
    if (QLayout* layout = contents->layout())
        layout->activate(); // the children's places, not those of the last layout
    m_area->ensureWidgetVisible(focus);
}

} // namespace dmsx::ui
