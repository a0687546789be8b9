#pragma once

#include "widgets/PromptAnswerer.h"

#include <QMessageBox>
#include <QString>

#include <functional>
#include <optional>

class QObject;
class QWidget;

namespace dmsx::ui {

// Every modal question the UI asks goes through here (the KeePassXC MessageBox pattern): message
// boxes, file pickers, the fault dialog, the apply confirmation and the MFA code. Production code never opens
// these dialogs or QMessageBox itself, so one answerer (setAnswerer) can stand in for the person.
//
// The message boxes and file pickers return their answer. The other questions are window-modal and never
// block: the reply comes later, from the event loop, and never once `context` is gone (a dialog still open
// then is closed).
class Prompts
{
public:
    using FaultAnswer = PromptAnswerer::FaultAnswer;

    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes |
                                                                                       QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static QMessageBox::StandardButton warning(QWidget* parent, const QString& title, const QString& text,
                                               QMessageBox::StandardButtons buttons = QMessageBox::Ok);
    static QMessageBox::StandardButton information(QWidget* parent, const QString& title,
                                                   const QString& text);
    // The file chosen, or empty when cancelled.
    static QString saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                                const QString& filters);
    static QString openFileName(QWidget* parent, const QString& caption, const QString& folder,
                                const QString& filters);

    // question() without waiting for the answer: the box is window-modal and the button chosen
    // (Escape: the one the box maps it to) comes to `reply` later. For a question a menu action
    // asks: a screen reader that triggered the action gets its reply at once, not after the box.
    static void ask(QWidget* parent, const QString& title, const QString& text,
                    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton,
                    QObject* context, std::function<void(QMessageBox::StandardButton)> reply);

    // FaultDialog: the catalogue's explanation, Retry where trying again can help.
    static void showFault(QWidget* parent, const Fault& fault, QObject* context,
                          std::function<void(FaultAnswer)> reply);
    // ApplyConfirmDialog: true only when the person chose Apply.
    static void confirmApply(QWidget* parent, const ApplyPlan& plan, QObject* context,
                             std::function<void(bool)> reply);
    // MfaCodeDialog: the six digits, or nullopt when cancelled or closed. Replies exactly once
    // while `context` lives.
    static void askMfaCode(QWidget* parent, const QString& mfaSerial, QObject* context,
                           std::function<void(std::optional<QString>)> reply);

    // Not owned; null: the real dialogs.
    static void setAnswerer(PromptAnswerer* answerer);
    static PromptAnswerer* answerer();

private:
    static QMessageBox::StandardButton message(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                               const QString& text, QMessageBox::StandardButtons buttons,
                                               QMessageBox::StandardButton defaultButton);
};

} // namespace dmsx::ui
