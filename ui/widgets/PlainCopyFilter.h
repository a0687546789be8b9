#pragma once

#include <QObject>

class QLabel;

namespace dmsx::ui {

// Installed by LongText::show() on its label: Ctrl+C and the context menu's Copy copy the label's
// text without the zero-width spaces that let it wrap (the selection if there is one, else all),
// so a pasted name is the name.
class PlainCopyFilter : public QObject
{
    Q_OBJECT
public:
    explicit PlainCopyFilter(QLabel* label);

    static void copy(const QLabel* label);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
};

} // namespace dmsx::ui
