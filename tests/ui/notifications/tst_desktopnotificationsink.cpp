// DesktopNotificationSink against a fake org.freedesktop.Notifications on the session bus of
// scripts/with-session.sh: what it sends, and that clicking the notification (the service's
// ActionInvoked with "default") reaches the activation handler with the project it is about.
#include "notifications/DesktopNotificationSink.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QtTest>

using namespace dmsx::ui;

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

// The parts of the spec's server the sink uses; on a connection of its own, as a desktop's is.
class FakeNotificationServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Shown
    {
        QString summary;
        QString body;
        QStringList actions;
        uint urgency = 0;
    };
    QList<Shown> shown;

public slots:
    uint Notify(const QString&, uint, const QString&, const QString& summary, const QString& body,
                const QStringList& actions, const QVariantMap& hints, int)
    {
        shown.append({summary, body, actions, hints.value(QStringLiteral("urgency")).toUInt()});
        return uint(shown.size()) + 40; // ids are the server's own
    }
};

} // namespace

class TestDesktopNotificationSink : public QObject
{
    Q_OBJECT
private:
    QDBusConnection m_server{QString()};
    FakeNotificationServer m_fake;

    void invoke(uint id, const QString& action)
    {
        QDBusMessage signal = QDBusMessage::createSignal(kPath, kService, QStringLiteral("ActionInvoked"));
        signal << id << action;
        QVERIFY(m_server.send(signal));
    }

private slots:
    void initTestCase()
    {
        if (!QDBusConnection::sessionBus().isConnected())
            QSKIP("no session bus: run under scripts/with-session.sh");
        if (QDBusConnection::sessionBus().interface()->isServiceRegistered(kService).value())
            QSKIP("a real notification service owns the name on this bus");
        m_server =
            QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-notifications"));
        QVERIFY(m_server.isConnected());
        QVERIFY(m_server.registerObject(kPath, &m_fake, QDBusConnection::ExportAllSlots));
        QVERIFY(m_server.registerService(kService));
        QTRY_VERIFY(QDBusConnection::sessionBus().interface()->isServiceRegistered(kService).value());
    }

    void cleanupTestCase()
    {
        if (m_server.isConnected()) {
            m_server.unregisterService(kService);
            QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifications"));
        }
    }

    void clickingTheNotificationNamesItsProject()
    {
        DesktopNotificationSink sink(QStringLiteral("DMS Extension Pack Manager"));
        QStringList activated;
        sink.setActivationHandler([&](const QString& target) { activated << target; });

        sink.notifyAbout(QStringLiteral("arn:project-a"), QStringLiteral("Extension pack installed on a"),
                         QStringLiteral("Request r1 finished successfully."),
                         NotificationSink::Urgency::Normal);
        sink.notifyAbout(QStringLiteral("arn:project-b"),
                         QStringLiteral("Extension pack installation on b failed"), QStringLiteral("b: KMS"),
                         NotificationSink::Urgency::Critical);
        sink.notify(QStringLiteral("No project"), QString(), NotificationSink::Urgency::Normal);
        QTRY_COMPARE(m_fake.shown.size(), 3);
        QCOMPARE(m_fake.shown.at(0).summary, QStringLiteral("Extension pack installed on a"));
        QCOMPARE(m_fake.shown.at(0).actions.value(0), QStringLiteral("default"));
        QCOMPARE(m_fake.shown.at(0).urgency, 1u);
        QCOMPARE(m_fake.shown.at(1).urgency, 2u);
        QVERIFY(m_fake.shown.at(2).actions.isEmpty()); // nothing to bring back

        // Another application's notification, and an action that is not the click: nothing.
        invoke(7, QStringLiteral("default"));
        invoke(42, QStringLiteral("other"));
        // The click on the second one (the server's id 42) brings its project.
        invoke(42, QStringLiteral("default"));
        QTRY_COMPARE(activated, QStringList{QStringLiteral("arn:project-b")});
        invoke(41, QStringLiteral("default"));
        QTRY_COMPARE(activated,
                     (QStringList{QStringLiteral("arn:project-b"), QStringLiteral("arn:project-a")}));
    }
};

QTEST_MAIN(TestDesktopNotificationSink)
#include "tst_desktopnotificationsink.moc"
