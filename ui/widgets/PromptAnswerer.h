#pragma once

#include "apply/ApplyPlan.h"
#include "base/Fault.h"

#include <QMessageBox>
#include <QString>

#include <optional>

namespace dmsx::ui {

// The one seam for modal questions: installed with Prompts::setAnswerer(), it answers every
// question Prompts would otherwise show as a dialog, and sees what was asked. Tests install one
// (tests/support); the application never does.
class PromptAnswerer
{
public:
    enum class FaultAnswer
    {
        Close,
        Retry, // only honoured where the fault dialog offers it
        SignIn // likewise: for a fault FaultCatalogue::signInHelps()
    };

    virtual ~PromptAnswerer() = default;

    virtual QMessageBox::StandardButton message(QMessageBox::Icon icon, const QString& title,
                                                const QString& text, QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton) = 0;
    virtual FaultAnswer fault(const Fault& fault) = 0;
    virtual bool confirmApply(const ApplyPlan& plan) = 0;
    // nullopt: cancelled.
    virtual std::optional<QString> mfaCode(const QString& mfaSerial) = 0;
    // A file to save to (`save`) or to open; empty: cancelled. `start` is the suggested file or
    // the folder to start in.
    virtual QString fileName(bool save, const QString& caption, const QString& start,
                             const QString& filters) = 0;
};

} // namespace dmsx::ui
