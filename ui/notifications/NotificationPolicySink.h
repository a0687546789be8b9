#pragma once

#include "config/AppSettings.h"
#include "notifications/NotificationSink.h"

#include <QPointer>
#include <QWidget>

namespace dmsx::ui {

// The notifications setting in front of the real sink: off, only while `window` is not the
// active window, or always.
class NotificationPolicySink : public NotificationSink
{
public:
    NotificationPolicySink(NotificationSink* target, QWidget* window);

    void setMode(AppSettings::NotificationMode mode) { m_mode = mode; }
    AppSettings::NotificationMode mode() const { return m_mode; }
    void setTarget(NotificationSink* target) { m_target = target; }
    void notify(const QString& title, const QString& body, Urgency urgency) override;
    void notifyAbout(const QString& target, const QString& title, const QString& body,
                     Urgency urgency) override;

private:
    bool allowed() const;

    NotificationSink* m_target; // not owned
    QPointer<QWidget> m_window;
    AppSettings::NotificationMode m_mode = AppSettings::kDefaultNotifications;
};

} // namespace dmsx::ui
