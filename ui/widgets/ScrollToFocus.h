#pragma once

#include <QObject>
#include <QPointer>

class QScrollArea;
class QWidget;

namespace dmsx::ui {

// Scrolls a scroll area to the widget inside it that takes the keyboard focus. QScrollArea does
// this only for Tab pressed inside it; Tab from outside, a mnemonic or a click on a label's buddy
// would leave the focused button out of sight in a pane too short for its contents.
class ScrollToFocus final : public QObject
{
    Q_OBJECT

public:
    // Owned by `area`.
    static void install(QScrollArea* area);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit ScrollToFocus(QScrollArea* area);
    void revealLater();
    void reveal();

    QPointer<QScrollArea> m_area;
    bool m_pending = false;
};

} // namespace dmsx::ui
