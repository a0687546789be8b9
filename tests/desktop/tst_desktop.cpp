// What every executable that opens the window shares (app/desktop): the names and icon the
// desktop matches it by, and the in-process demo simulator with the profile that reaches it.
#include "DmsSimulator.h"
#include "base/AppIdentity.h"
#include "desktop/DemoSimulator.h"
#include "desktop/DesktopIdentity.h"

#include <QApplication>
#include <QIcon>
#include <QNetworkProxy>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>

using namespace dmsx;

class TestDesktop : public QObject
{
    Q_OBJECT

private slots:
    void identityNamesTheApplicationAfterTheAppId()
    {
        desktop::DesktopIdentity::setUpApplication();
        QCOMPARE(QApplication::applicationName(), AppIdentity::id());
        QCOMPARE(QApplication::desktopFileName(), AppIdentity::id());
        QCOMPARE(QApplication::applicationDisplayName(), QStringLiteral("DMS Extension Pack Manager"));
    }

    // The icons live in an object library archived into dmsx_desktop: without DesktopIdentity's
    // own reference to them an executable would link none and its windows would have no icon.
    void identitySetsTheIconInEveryRenderedSize()
    {
        desktop::DesktopIdentity::setUpApplication();
        const QList<QSize> sizes = QApplication::windowIcon().availableSizes();
        for (const int side : {16, 22, 24, 32, 48, 64, 128, 256, 512})
            QVERIFY2(sizes.contains(QSize(side, side)),
                     qPrintable(QStringLiteral("no %1 px icon").arg(side)));
    }

    void demoSimulatorAnswersOnLoopbackWithTheDemoProfile()
    {
        desktop::DemoSimulator demo;
        QCOMPARE(demo.simulator(), nullptr);
        const Result<ui::DemoProfile> profile = demo.start();
        QVERIFY2(profile.ok(), qPrintable(profile.ok() ? QString() : profile.fault().message));
        QVERIFY(demo.simulator());
        const QUrl url(profile.value().endpointUrl);
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(profile.value().region, demo.simulator()->region());
        QVERIFY(profile.value().credentials.accessKeyId == DmsSimulator::demoCredentials().accessKeyId);
        QVERIFY(!profile.value().credentials.source.isEmpty());

        QTcpSocket socket;
        socket.setProxy(QNetworkProxy::NoProxy);
        socket.connectToHost(url.host(), quint16(url.port()));
        QVERIFY(socket.waitForConnected(10000));
    }

    // "Try the demo" after --demo starts it again: the old simulator goes, a new one answers.
    void demoSimulatorReplacesARunningOne()
    {
        desktop::DemoSimulator demo;
        QVERIFY(demo.start().ok());
        const QPointer<DmsSimulator> first = demo.simulator();
        const Result<ui::DemoProfile> second = demo.start();
        QVERIFY(second.ok());
        QVERIFY(first.isNull());
        QVERIFY(demo.simulator());
        QCOMPARE(second.value().endpointUrl, demo.simulator()->serverUrl().toString());
    }
};

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"
