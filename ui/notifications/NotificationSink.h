#pragma once

#include <QString>

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
};

} // namespace dmsx::ui
