#pragma once

#include "notifications/NotificationSink.h"

#include <QIcon>
#include <QPointer>
#include <QString>

class QSystemTrayIcon;

namespace dmsx::ui {

// The freedesktop notification service (org.freedesktop.Notifications over the session bus)
// when it is there, else a system tray balloon, else only the log: a notification is a
// courtesy, never a reason to fail.
class DesktopNotificationSink : public NotificationSink
{
public:
    explicit DesktopNotificationSink(QString appName, QIcon icon = QIcon());
    ~DesktopNotificationSink() override;
    void notify(const QString& title, const QString& body, Urgency urgency) override;

private:
    bool notifyOverDBus(const QString& title, const QString& body, Urgency urgency);
    bool notifyInTray(const QString& title, const QString& body, Urgency urgency);

    QString m_appName;
    QIcon m_icon;
    QSystemTrayIcon* m_tray = nullptr; // made on first use: it shows an icon while it exists
};

} // namespace dmsx::ui
