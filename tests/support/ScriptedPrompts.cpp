#include "ScriptedPrompts.h"

#include "widgets/Prompts.h"

namespace windowtest {

ScriptedPrompts::ScriptedPrompts()
{
    dmsx::ui::Prompts::setAnswerer(this);
}

ScriptedPrompts::~ScriptedPrompts()
{
    if (dmsx::ui::Prompts::answerer() == this)
        dmsx::ui::Prompts::setAnswerer(nullptr);
}

QMessageBox::StandardButton ScriptedPrompts::message(QMessageBox::Icon icon, const QString& title,
                                                     const QString& text,
                                                     QMessageBox::StandardButtons buttons,
                                                     QMessageBox::StandardButton defaultButton)
{
    messages.append({icon, title, text});
    if (!messageAnswers.isEmpty())
        return messageAnswers.takeFirst();
    if (defaultButton != QMessageBox::NoButton)
        return defaultButton;
    // A box without a default answers with its first button, as Enter would.
    for (int bit = QMessageBox::FirstButton; bit <= QMessageBox::LastButton; bit <<= 1)
        if (buttons.testFlag(QMessageBox::StandardButton(bit)))
            return QMessageBox::StandardButton(bit);
    return QMessageBox::NoButton;
}

ScriptedPrompts::FaultAnswer ScriptedPrompts::fault(const dmsx::Fault& fault)
{
    faults.append(fault);
    return faultAnswers.isEmpty() ? FaultAnswer::Close : faultAnswers.takeFirst();
}

bool ScriptedPrompts::confirmApply(const dmsx::ApplyPlan& plan)
{
    plans.append(plan);
    if (beforeApplyAnswer)
        beforeApplyAnswer(plan);
    return applyAnswer;
}

std::optional<QString> ScriptedPrompts::mfaCode(const QString& mfaSerial)
{
    mfaSerials.append(mfaSerial);
    return mfaAnswer;
}

QString ScriptedPrompts::fileName(bool save, const QString& caption, const QString& start,
                                  const QString& filters)
{
    files.append({save, caption, start, filters});
    return fileAnswers.isEmpty() ? QString() : fileAnswers.takeFirst();
}

} // namespace windowtest
