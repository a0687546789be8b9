#include "notifications/DesktopNotificationSink.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QLoggingCategory>
#include <QSystemTrayIcon>
#include <QVariantMap>

Q_LOGGING_CATEGORY(lcNotify, "dmsx.ui.notify")

namespace dmsx::ui {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
} // namespace

DesktopNotificationSink::DesktopNotificationSink(QString appName, QIcon icon)
    : m_appName(std::move(appName)), m_icon(std::move(icon))
{}

DesktopNotificationSink::~DesktopNotificationSink()
{
    delete m_tray;
}

void DesktopNotificationSink::notify(const QString& title, const QString& body, Urgency urgency)
{
    if (notifyOverDBus(title, body, urgency) || notifyInTray(title, body, urgency))
        return;
    qCInfo(lcNotify).noquote() << "no notification service; would have said:" << title;
}

bool DesktopNotificationSink::notifyOverDBus(const QString& title, const QString& body, Urgency urgency)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() || !bus.interface()->isServiceRegistered(kService).value())
        return false;
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QVariantMap hints;
    // The spec's urgency byte: 1 normal, 2 critical (critical stays until dismissed).
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(urgency == Urgency::Critical ? 2 : 1)));
    call << m_appName << uint(0) << QString() << title << body << QStringList() << hints << int(-1);
    // Asynchronous: a slow notification daemon must not stall the window.
    return bus.send(call);
}

bool DesktopNotificationSink::notifyInTray(const QString& title, const QString& body, Urgency urgency)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable() || !QSystemTrayIcon::supportsMessages())
        return false;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(m_icon);
        m_tray->setToolTip(m_appName);
        m_tray->show();
    }
    m_tray->showMessage(
        title, body, urgency == Urgency::Critical ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information);
    return true;
}

} // namespace dmsx::ui
