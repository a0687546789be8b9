#include "history/HistorySeriesBatcher.h"

#include "history/HistoryRecorder.h"

namespace dmsx {

HistorySeriesBatcher::HistorySeriesBatcher(HistoryRecorder* recorder, QObject* parent)
    : QObject(parent), m_recorder(recorder)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(HistoryRecorder::kSeriesDelay);
    connect(&m_timer, &QTimer::timeout, this, &HistorySeriesBatcher::writeHeld);
}

HistorySeriesBatcher::~HistorySeriesBatcher()
{
    writeHeld();
}

void HistorySeriesBatcher::writeHeld()
{
    if (!m_holding)
        return;
    m_holding = false;
    m_timer.stop();
    m_recorder->endBatch();
}

void HistorySeriesBatcher::prepareFor(const CallEvent& event)
{
    if (!HistoryRecorder::isSeriesCall(event)) {
        writeHeld();
        return;
    }
    if (m_holding)
        return;
    m_holding = true;
    m_recorder->beginBatch();
    m_timer.start();
}

void HistorySeriesBatcher::callStarted(const CallEvent& event)
{
    prepareFor(event);
    m_recorder->callStarted(event);
}

void HistorySeriesBatcher::callFinished(const CallEvent& event)
{
    prepareFor(event);
    m_recorder->callFinished(event);
}

void HistorySeriesBatcher::ambiguousCallChecked(const QString& invocationId,
                                                const std::optional<QJsonObject>& output)
{
    writeHeld();
    m_recorder->ambiguousCallChecked(invocationId, output);
}

} // namespace dmsx
