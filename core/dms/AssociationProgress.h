#pragma once

#include "dms/model/SchemaConversionRequest.h"

#include <QCoreApplication>
#include <QString>

namespace dmsx {

// What an extension-pack request's status and progress mean to a person, worded once for the
// window and the CLI: the status in words (RECEIVED is "queued"), the step in words with its
// place among the steps of docs/protocol.md §3.3, and a percent of the whole request. DMS gives
// ProgressPercent per step, so on its own it falls back to 0 at every new step; the percent of
// the whole request only grows.
class AssociationProgress
{
    Q_DECLARE_TR_FUNCTIONS(AssociationProgress)
public:
    explicit AssociationProgress(const SchemaConversionRequest& request);

    // The steps with a place, in the order DMS runs them.
    static int stepCount();

    // "Queued", "Installing", "Installed", "Failed", "Cancelling", "Cancelled"; an unknown status
    // as DMS spells it.
    QString statusText() const;
    // "Converting objects"; empty when DMS names no step.
    QString stepText() const;
    // 1..stepCount(); 0 when the step has no place (IN_PROGRESS, an unknown step, none).
    int step() const { return m_step; }
    // Of the current step; -1 when unknown.
    double stepPercent() const { return m_stepPercent; }
    // Of the whole request, 0..100; -1 when unknown (queued, failed, no step).
    int overallPercent() const { return m_overallPercent; }
    // One line: "Converting objects — step 4 of 5, 22 %", "Queued: waiting for DMS to start it",
    // "Installed", ...
    QString summary() const;

private:
    SchemaConversionRequest::State m_state;
    QString m_status;
    QString m_stepName;
    int m_step = 0;
    double m_stepPercent = -1;
    int m_overallPercent = -1;
};

} // namespace dmsx
