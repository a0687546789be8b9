#include "widgets/PlainCopyFilter.h"

#include "widgets/LongText.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>

namespace dmsx::ui {

PlainCopyFilter::PlainCopyFilter(QLabel* label) : QObject(label) {}

void PlainCopyFilter::copy(const QLabel* label)
{
    const QString selected = label->selectedText();
    QApplication::clipboard()->setText(
        LongText::plain(selected.isEmpty() ? LongText::shown(label) : selected));
}

bool PlainCopyFilter::eventFilter(QObject* watched, QEvent* event)
{
    auto* label = qobject_cast<QLabel*>(watched);
    if (!label)
        return false;
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        if (static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
            event->accept();
            if (event->type() == QEvent::KeyPress)
                copy(label);
            return true;
        }
    } else if (event->type() == QEvent::ContextMenu) {
        // open(), not exec(): no nested event loop.
        auto* menu = new QMenu(label);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addAction(tr("&Copy"), label, [label] { copy(label); });
        menu->popup(static_cast<QContextMenuEvent*>(event)->globalPos());
        return true;
    }
    return false;
}

} // namespace dmsx::ui
