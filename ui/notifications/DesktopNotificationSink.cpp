#include "notifications/DesktopNotificationSink.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QVariantMap>

Q_LOGGING_CATEGORY(lcNotify, "dmsx.ui.notify")

namespace dmsx::ui {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kDefaultAction = QStringLiteral("default");
} // namespace

DesktopNotificationSink::DesktopNotificationSink(QString appName, QIcon icon, QObject* parent)
    : QObject(parent), m_appName(std::move(appName)), m_icon(std::move(icon))
{}

DesktopNotificationSink::~DesktopNotificationSink()
{
    delete m_tray;
}

void DesktopNotificationSink::notify(const QString& title, const QString& body, Urgency urgency)
{
    notifyAbout(QString(), title, body, urgency);
}

void DesktopNotificationSink::notifyAbout(const QString& target, const QString& title, const QString& body,
                                          Urgency urgency)
{
    if (notifyOverDBus(target, title, body, urgency) || notifyInTray(target, title, body, urgency))
        return;
    qCInfo(lcNotify).noquote() << "no notification service; would have said:" << title;
}

bool DesktopNotificationSink::notifyOverDBus(const QString& target, const QString& title, const QString& body,
                                             Urgency urgency)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() || !bus.interface()->isServiceRegistered(kService).value())
        return false;
    if (!m_listening) {
        m_listening = bus.connect(kService, kPath, kService, QStringLiteral("ActionInvoked"), this,
                                  SLOT(onActionInvoked(uint, QString))) &&
                      bus.connect(kService, kPath, kService, QStringLiteral("NotificationClosed"), this,
                                  SLOT(onNotificationClosed(uint, uint)));
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QVariantMap hints;
    // The spec's urgency byte: 1 normal, 2 critical (critical stays until dismissed).
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(urgency == Urgency::Critical ? 2 : 1)));
    // "default" is the click on the notification itself; its label is seldom shown.
    const QStringList actions =
        target.isEmpty() ? QStringList() : QStringList{kDefaultAction, tr("Show in %1").arg(m_appName)};
    call << m_appName << uint(0) << QString() << title << body << actions << hints << int(-1);
    // Asynchronous: a slow notification daemon must not stall the window.
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, target](QDBusPendingCallWatcher* w) {
        const QDBusPendingReply<uint> reply = *w;
        if (reply.isValid() && !target.isEmpty())
            m_targets.insert(reply.value(), target);
        else if (reply.isError())
            qCInfo(lcNotify).noquote() << "notification not shown:" << reply.error().name();
        w->deleteLater();
    });
    return true;
}

bool DesktopNotificationSink::notifyInTray(const QString& target, const QString& title, const QString& body,
                                           Urgency urgency)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages())
        return false;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(m_icon);
        m_tray->setToolTip(m_appName);
        QObject::connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (!m_trayTarget.isEmpty())
                activate(m_trayTarget);
        });
        m_tray->show();
    }
    m_trayTarget = target;
    m_tray->showMessage(
        title, body, urgency == Urgency::Critical ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    return true;
}

void DesktopNotificationSink::onActionInvoked(uint id, const QString& action)
{
    // Ids are the service's: one not in the map is another application's notification.
    const auto it = m_targets.constFind(id);
    if (it == m_targets.constEnd() || action != kDefaultAction)
        return;
    activate(it.value());
}

void DesktopNotificationSink::onNotificationClosed(uint id, uint)
{
    m_targets.remove(id);
}

} // namespace dmsx::ui
