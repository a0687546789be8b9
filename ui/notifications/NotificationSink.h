#pragma once

#include <QString>

#include <functional>

namespace dmsx::ui {

// Where "your request ended" goes: the desktop (DesktopNotificationSink) or, in tests, a list.
class NotificationSink
{
public:
    enum class Urgency
    {
        Normal,
        Critical
    };
    virtual ~NotificationSink() = default;
    virtual void notify(const QString& title, const QString& body, Urgency urgency) = 0;
    // As notify(), about `target` (a project): clicking the notification, where the desktop
    // allows it, calls the activation handler with it.
    virtual void notifyAbout(const QString& target, const QString& title, const QString& body,
                             Urgency urgency)
    {
        Q_UNUSED(target);
        notify(title, body, urgency);
    }
    void setActivationHandler(std::function<void(const QString& target)> handler)
    {
        m_onActivated = std::move(handler);
    }

protected:
    void activate(const QString& target) const
    {
        if (m_onActivated)
            m_onActivated(target);
    }

private:
    std::function<void(const QString&)> m_onActivated;
};

} // namespace dmsx::ui
