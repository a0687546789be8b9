#include "widgets/MessageBoxes.h"

namespace dmsx::ui {

namespace {
QMessageBox::StandardButton g_nextAnswer = QMessageBox::NoButton;
QString g_lastTitle;
QString g_lastText;
} // namespace

void MessageBoxes::setNextAnswer(QMessageBox::StandardButton answer)
{
    g_nextAnswer = answer;
}

QString MessageBoxes::lastTitle()
{
    return g_lastTitle;
}

QString MessageBoxes::lastText()
{
    return g_lastText;
}

QMessageBox::StandardButton MessageBoxes::show(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                               const QString& text, QMessageBox::StandardButtons buttons,
                                               QMessageBox::StandardButton defaultButton)
{
    g_lastTitle = title;
    g_lastText = text;
    if (g_nextAnswer != QMessageBox::NoButton) {
        const QMessageBox::StandardButton answer = g_nextAnswer;
        g_nextAnswer = QMessageBox::NoButton;
        return answer;
    }
    QMessageBox box(icon, title, text, buttons, parent);
    box.setDefaultButton(defaultButton);
    box.setAccessibleName(title);
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

QMessageBox::StandardButton MessageBoxes::question(QWidget* parent, const QString& title, const QString& text,
                                                   QMessageBox::StandardButtons buttons,
                                                   QMessageBox::StandardButton defaultButton)
{
    return show(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton MessageBoxes::warning(QWidget* parent, const QString& title, const QString& text,
                                                  QMessageBox::StandardButtons buttons)
{
    return show(QMessageBox::Warning, parent, title, text, buttons, QMessageBox::NoButton);
}

QMessageBox::StandardButton MessageBoxes::information(QWidget* parent, const QString& title,
                                                      const QString& text)
{
    return show(QMessageBox::Information, parent, title, text, QMessageBox::Ok, QMessageBox::Ok);
}

} // namespace dmsx::ui
