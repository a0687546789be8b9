#include "dms/AssociationProgress.h"

#include <QtMath>

#include <array>

namespace dmsx {

namespace {

struct Step
{
    const char* name;
    const char* words;
};

// docs/protocol.md §3.3, in the order DMS runs them (the simulator runs the same five).
// IN_PROGRESS and FINISHED are the moments before and after, not steps with a share.
const std::array<Step, 5> kSteps{{
    {"LOADING_METADATA", QT_TRANSLATE_NOOP("AssociationProgress", "Loading metadata")},
    {"COUNTING_OBJECTS", QT_TRANSLATE_NOOP("AssociationProgress", "Counting objects")},
    {"ANALYZING", QT_TRANSLATE_NOOP("AssociationProgress", "Analyzing objects")},
    {"CONVERTING", QT_TRANSLATE_NOOP("AssociationProgress", "Converting objects")},
    {"APPLYING", QT_TRANSLATE_NOOP("AssociationProgress", "Applying to the target database")},
}};

} // namespace

AssociationProgress::AssociationProgress(const SchemaConversionRequest& request)
    : m_state(request.state()), m_status(request.status)
{
    if (request.progress) {
        m_stepName = request.progress->progressStep;
        const std::optional<double> percent = request.progress->progressPercent;
        if (percent && qIsFinite(*percent))
            m_stepPercent = qBound(0.0, *percent, 100.0);
    }
    for (int i = 0; i < int(kSteps.size()); ++i) {
        if (m_stepName == QLatin1String(kSteps[i].name))
            m_step = i + 1;
    }
    switch (m_state) {
    case SchemaConversionRequest::State::Success:
        m_overallPercent = 100;
        break;
    case SchemaConversionRequest::State::InProgress:
    case SchemaConversionRequest::State::Canceling:
    case SchemaConversionRequest::State::Unknown:
        if (m_step > 0)
            m_overallPercent = qFloor((m_step - 1 + qMax(0.0, m_stepPercent) / 100.0) * 100.0 / stepCount());
        else if (m_stepName == QLatin1String("IN_PROGRESS"))
            m_overallPercent = 0;
        else if (m_stepName == QLatin1String("FINISHED"))
            m_overallPercent = 100;
        break;
    case SchemaConversionRequest::State::Received:
    case SchemaConversionRequest::State::Failed:
    case SchemaConversionRequest::State::Canceled:
        break;
    }
}

int AssociationProgress::stepCount()
{
    return int(kSteps.size());
}

QString AssociationProgress::statusText() const
{
    switch (m_state) {
    case SchemaConversionRequest::State::Received:
        return tr("Queued");
    case SchemaConversionRequest::State::InProgress:
        return tr("Installing");
    case SchemaConversionRequest::State::Success:
        return tr("Installed");
    case SchemaConversionRequest::State::Failed:
        return tr("Failed");
    case SchemaConversionRequest::State::Canceling:
        return tr("Cancelling");
    case SchemaConversionRequest::State::Canceled:
        return tr("Cancelled");
    case SchemaConversionRequest::State::Unknown:
        break;
    }
    return m_status;
}

QString AssociationProgress::stepText() const
{
    if (m_step > 0)
        return tr(kSteps[m_step - 1].words);
    if (m_stepName == QLatin1String("IN_PROGRESS"))
        return tr("Starting");
    if (m_stepName == QLatin1String("FINISHED"))
        return tr("Finishing");
    return m_stepName;
}

QString AssociationProgress::summary() const
{
    switch (m_state) {
    case SchemaConversionRequest::State::Received:
        return tr("Queued: waiting for DMS to start it");
    case SchemaConversionRequest::State::Success:
    case SchemaConversionRequest::State::Failed:
    case SchemaConversionRequest::State::Canceled:
        return statusText();
    case SchemaConversionRequest::State::InProgress:
    case SchemaConversionRequest::State::Canceling:
    case SchemaConversionRequest::State::Unknown:
        break;
    }
    const QString step = stepText();
    if (step.isEmpty())
        return statusText();
    QString line = step;
    if (m_step > 0)
        line = tr("%1 — step %2 of %3").arg(step).arg(m_step).arg(stepCount());
    if (m_stepPercent >= 0)
        line = tr("%1, %2 %").arg(line).arg(qFloor(m_stepPercent));
    if (m_state == SchemaConversionRequest::State::Canceling)
        line = tr("Cancelling (%1)").arg(line);
    return line;
}

} // namespace dmsx
