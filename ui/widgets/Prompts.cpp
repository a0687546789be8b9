#include "widgets/Prompts.h"

#include "apply/ApplyConfirmDialog.h"
#include "profiles/MfaCodeDialog.h"
#include "widgets/FaultDialog.h"

#include <QFileDialog>

#include <memory>

namespace dmsx::ui {

namespace {

PromptAnswerer* g_answerer = nullptr;

// Later, from the event loop, as a dialog's answer would come: the caller may hold state that the
// reply changes.
template <typename Reply, typename Answer> void replyLater(QObject* context, Reply reply, Answer answer)
{
    QMetaObject::invokeMethod(
        context, [reply = std::move(reply), answer = std::move(answer)] { reply(answer); },
        Qt::QueuedConnection);
}

// Opens `dialog` window-modal and calls `done` with its result once it finishes, unless `context`
// is gone by then; a dialog whose context goes away is closed unanswered.
void openFor(QDialog* dialog, QObject* context, std::function<void(QDialog*, int)> done)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto answered = std::make_shared<QMetaObject::Connection>();
    *answered = QObject::connect(dialog, &QDialog::finished, dialog,
                                 [dialog, done = std::move(done)](int result) { done(dialog, result); });
    // Disconnected first: a QWidget context is still whole while it says it is being destroyed.
    QObject::connect(context, &QObject::destroyed, dialog, [dialog, answered] {
        QObject::disconnect(*answered);
        dialog->reject();
    });
    dialog->open();
}

} // namespace

void Prompts::setAnswerer(PromptAnswerer* answerer)
{
    g_answerer = answerer;
}

PromptAnswerer* Prompts::answerer()
{
    return g_answerer;
}

QMessageBox::StandardButton Prompts::message(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                             const QString& text, QMessageBox::StandardButtons buttons,
                                             QMessageBox::StandardButton defaultButton)
{
    if (g_answerer)
        return g_answerer->message(icon, title, text, buttons, defaultButton);
    QMessageBox box(icon, title, text, buttons, parent);
    box.setDefaultButton(defaultButton);
    box.setAccessibleName(title);
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

QMessageBox::StandardButton Prompts::question(QWidget* parent, const QString& title, const QString& text,
                                              QMessageBox::StandardButtons buttons,
                                              QMessageBox::StandardButton defaultButton)
{
    return message(QMessageBox::Question, parent, title, text, buttons, defaultButton);
}

QMessageBox::StandardButton Prompts::warning(QWidget* parent, const QString& title, const QString& text,
                                             QMessageBox::StandardButtons buttons)
{
    return message(QMessageBox::Warning, parent, title, text, buttons, QMessageBox::NoButton);
}

QMessageBox::StandardButton Prompts::information(QWidget* parent, const QString& title, const QString& text)
{
    return message(QMessageBox::Information, parent, title, text, QMessageBox::Ok, QMessageBox::Ok);
}

QString Prompts::saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                              const QString& filters)
{
    if (g_answerer)
        return g_answerer->fileName(true, caption, suggested, filters);
    return QFileDialog::getSaveFileName(parent, caption, suggested, filters);
}

QString Prompts::openFileName(QWidget* parent, const QString& caption, const QString& folder,
                              const QString& filters)
{
    if (g_answerer)
        return g_answerer->fileName(false, caption, folder, filters);
    return QFileDialog::getOpenFileName(parent, caption, folder, filters);
}

void Prompts::ask(QWidget* parent, const QString& title, const QString& text,
                  QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton,
                  QObject* context, std::function<void(QMessageBox::StandardButton)> reply)
{
    if (g_answerer) {
        replyLater(context, std::move(reply),
                   g_answerer->message(QMessageBox::Question, title, text, buttons, defaultButton));
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Question, title, text, buttons, parent);
    box->setDefaultButton(defaultButton);
    box->setAccessibleName(title);
    // A message box finishes with the standard button chosen.
    openFor(box, context, [reply = std::move(reply)](QDialog*, int result) {
        reply(static_cast<QMessageBox::StandardButton>(result));
    });
}

void Prompts::showFault(QWidget* parent, const Fault& fault, QObject* context,
                        std::function<void(FaultAnswer)> reply)
{
    if (g_answerer) {
        FaultAnswer answer = g_answerer->fault(fault);
        // What the dialog would not have offered is closing it.
        if (answer == FaultAnswer::Retry && !FaultCatalogue::explain(fault).retryCanHelp)
            answer = FaultAnswer::Close;
        if (answer == FaultAnswer::SignIn && !FaultCatalogue::signInHelps(fault))
            answer = FaultAnswer::Close;
        replyLater(context, std::move(reply), answer);
        return;
    }
    openFor(new FaultDialog(fault, parent), context, [reply = std::move(reply)](QDialog*, int result) {
        reply(result == QDialog::Accepted            ? FaultAnswer::Retry
              : result == FaultDialog::kSignInResult ? FaultAnswer::SignIn
                                                     : FaultAnswer::Close);
    });
}

void Prompts::confirmApply(QWidget* parent, const ApplyPlan& plan, QObject* context,
                           std::function<void(bool)> reply)
{
    if (g_answerer) {
        replyLater(context, std::move(reply), g_answerer->confirmApply(plan));
        return;
    }
    openFor(new ApplyConfirmDialog(plan, parent), context,
            [reply = std::move(reply)](QDialog*, int result) { reply(result == QDialog::Accepted); });
}

void Prompts::askMfaCode(QWidget* parent, const QString& mfaSerial, QObject* context,
                         std::function<void(std::optional<QString>)> reply)
{
    if (g_answerer) {
        replyLater(context, std::move(reply), g_answerer->mfaCode(mfaSerial));
        return;
    }
    openFor(new MfaCodeDialog(mfaSerial, parent), context,
            [reply = std::move(reply)](QDialog* dialog, int result) {
                reply(result == QDialog::Accepted
                          ? std::optional<QString>(static_cast<MfaCodeDialog*>(dialog)->code())
                          : std::nullopt);
            });
}

} // namespace dmsx::ui
