#include "notifications/NotificationPolicySink.h"

namespace dmsx::ui {

NotificationPolicySink::NotificationPolicySink(NotificationSink* target, QWidget* window)
    : m_target(target), m_window(window)
{}

void NotificationPolicySink::notify(const QString& title, const QString& body, Urgency urgency)
{
    if (!m_target || m_mode == AppSettings::NotificationMode::Off)
        return;
    // The person is looking at the window: its own status line already says it.
    if (m_mode == AppSettings::NotificationMode::WhenInactive && m_window && m_window->isActiveWindow())
        return;
    m_target->notify(title, body, urgency);
}

} // namespace dmsx::ui
