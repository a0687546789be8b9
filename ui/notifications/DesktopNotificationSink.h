#pragma once

#include "notifications/NotificationSink.h"

#include <QHash>
#include <QIcon>
#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace dmsx::ui {

// The freedesktop notification service (org.freedesktop.Notifications over the session bus)
// when it is there, else a system tray balloon, else only the log: a notification is a
// courtesy, never a reason to fail. A notification about a target carries the spec's "default"
// action: the service's ActionInvoked for it calls the activation handler with the target.
class DesktopNotificationSink : public QObject, public NotificationSink
{
    Q_OBJECT
public:
    explicit DesktopNotificationSink(QString appName, QIcon icon = QIcon(), QObject* parent = nullptr);
    ~DesktopNotificationSink() override;
    void notify(const QString& title, const QString& body, Urgency urgency) override;
    void notifyAbout(const QString& target, const QString& title, const QString& body,
                     Urgency urgency) override;

private slots:
    void onActionInvoked(uint id, const QString& action);
    void onNotificationClosed(uint id, uint reason);

private:
    bool notifyOverDBus(const QString& target, const QString& title, const QString& body, Urgency urgency);
    bool notifyInTray(const QString& target, const QString& title, const QString& body, Urgency urgency);

    QString m_appName;
    QIcon m_icon;
    QSystemTrayIcon* m_tray = nullptr; // made on first use: it shows an icon while it exists
    QString m_trayTarget;              // what the balloon shown last is about
    bool m_listening = false;          // connected to the service's signals
    QHash<uint, QString> m_targets;    // notification id -> target, until it is closed
};

} // namespace dmsx::ui
