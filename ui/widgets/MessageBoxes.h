#pragma once

#include <QMessageBox>
#include <QString>

class QWidget;

namespace dmsx::ui {

// Every modal question the UI asks goes through here, so a test can pre-answer it instead of
// blocking on a real QMessageBox (the KeePassXC MessageBox pattern). Production code never
// calls QMessageBox's static functions directly.
class MessageBoxes
{
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes |
                                                                                       QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static QMessageBox::StandardButton warning(QWidget* parent, const QString& title, const QString& text,
                                               QMessageBox::StandardButtons buttons = QMessageBox::Ok);
    static QMessageBox::StandardButton information(QWidget* parent, const QString& title,
                                                   const QString& text);

    // Tests: the next box returns `answer` at once without showing anything.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // Tests: what the last box said (title and text), for assertions.
    static QString lastTitle();
    static QString lastText();

private:
    static QMessageBox::StandardButton show(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                            const QString& text, QMessageBox::StandardButtons buttons,
                                            QMessageBox::StandardButton defaultButton);
};

} // namespace dmsx::ui
