#include "notifications/NotificationPolicySink.h"

namespace dmsx::ui {

NotificationPolicySink::NotificationPolicySink(NotificationSink* target, QWidget* window)
    : m_target(target), m_window(window)
{}

bool NotificationPolicySink::allowed() const
{
    if (!m_target || m_mode == AppSettings::NotificationMode::Off)
        return false;
    // The person is looking at the window: its own status line already says it.
    return !(m_mode == AppSettings::NotificationMode::WhenInactive && m_window && m_window->isActiveWindow());
}

void NotificationPolicySink::notify(const QString& title, const QString& body, Urgency urgency)
{
    if (allowed())
        m_target->notify(title, body, urgency);
}

void NotificationPolicySink::notifyAbout(const QString& target, const QString& title, const QString& body,
                                         Urgency urgency)
{
    if (allowed())
        m_target->notifyAbout(target, title, body, urgency);
}

} // namespace dmsx::ui
