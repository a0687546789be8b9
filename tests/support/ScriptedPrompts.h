#pragma once
// The tests' answerer for every modal question of the UI (dmsx::ui::Prompts): installed while it
// lives, it answers from what the test scripted and records what was asked, so a test never blocks
// on a dialog and can check the question itself.

#include "widgets/PromptAnswerer.h"

#include <QList>
#include <QMessageBox>
#include <QStringList>

#include <functional>
#include <optional>

namespace windowtest {

class ScriptedPrompts : public dmsx::ui::PromptAnswerer
{
public:
    struct Message
    {
        QMessageBox::Icon icon;
        QString title;
        QString text;
    };
    struct FileQuestion
    {
        bool save;
        QString caption;
        QString start; // the suggested file, or the folder to start in
        QString filters;
    };

    ScriptedPrompts();
    ~ScriptedPrompts() override;
    ScriptedPrompts(const ScriptedPrompts&) = delete;
    ScriptedPrompts& operator=(const ScriptedPrompts&) = delete;

    // Answers, taken in order; once a queue is empty: the box's default button (its only one for a
    // warning), Close for a fault, a cancelled file picker, and `applyAnswer` / `mfaAnswer`.
    QList<QMessageBox::StandardButton> messageAnswers;
    QStringList fileAnswers;
    QList<FaultAnswer> faultAnswers;
    bool applyAnswer = true;
    std::optional<QString> mfaAnswer;
    // Runs before the confirmation is answered (the person "thinks" while something else happens).
    std::function<void(const dmsx::ApplyPlan&)> beforeApplyAnswer;

    // What was asked, oldest first.
    QList<Message> messages;
    QList<dmsx::Fault> faults;
    QList<dmsx::ApplyPlan> plans;
    QStringList mfaSerials;
    QList<FileQuestion> files;

    QMessageBox::StandardButton message(QMessageBox::Icon icon, const QString& title, const QString& text,
                                        QMessageBox::StandardButtons buttons,
                                        QMessageBox::StandardButton defaultButton) override;
    FaultAnswer fault(const dmsx::Fault& fault) override;
    bool confirmApply(const dmsx::ApplyPlan& plan) override;
    std::optional<QString> mfaCode(const QString& mfaSerial) override;
    QString fileName(bool save, const QString& caption, const QString& start,
                     const QString& filters) override;
};

} // namespace windowtest
