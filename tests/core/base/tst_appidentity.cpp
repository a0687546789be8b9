// AppIdentity: the one app id and what is named after it. If any of these drift apart the desktop
// cannot match the window to its menu entry, software centres lose the app, or the GUI and the CLI
// stop sharing their profiles, history and settings.
#include "base/AppIdentity.h"
#include "base/Version.h"
#include "credentials/AppProfileStore.h"
#include "history/HistoryStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;

namespace {

QString sourceFile(const QString& relative)
{
    return qEnvironmentVariable("DMSX_SOURCE_DIR") + QLatin1Char('/') + relative;
}

QString readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestAppIdentity : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY(!qEnvironmentVariableIsEmpty("DMSX_SOURCE_DIR"));
        // QStandardPaths reads these on every call: the folders below must follow them.
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        AppIdentity::setUpApplication();
    }

    void idIsReverseDns()
    {
        QCOMPARE(AppIdentity::id(), QStringLiteral(DMSX_APP_ID));
        // A D-Bus-style name: what the desktop file name, AppStream and Flatpak require.
        static const QRegularExpression reverseDns(
            QStringLiteral("^[a-z][a-z0-9]*(\\.[A-Za-z_][A-Za-z0-9_]*){2,}$"));
        QVERIFY2(reverseDns.match(AppIdentity::id()).hasMatch(), qPrintable(AppIdentity::id()));
        QCOMPARE(AppIdentity::version(), QStringLiteral(DMSX_VERSION));
    }

    void applicationNamesAreTheId()
    {
        QCOMPARE(QCoreApplication::organizationName(), AppIdentity::id());
        // Qt's xcb plugin sets WM_CLASS's class to this name: it is what StartupWMClass matches.
        QCOMPARE(QCoreApplication::applicationName(), AppIdentity::id());
        QCOMPARE(QCoreApplication::applicationVersion(), AppIdentity::version());
    }

    void foldersFollowXdg()
    {
        QCOMPARE(AppIdentity::configDirectory(),
                 m_home.filePath(QStringLiteral("config/")) + AppIdentity::id());
        QCOMPARE(AppIdentity::dataDirectory(), m_home.filePath(QStringLiteral("data/")) + AppIdentity::id());
    }

    void guiAndCliShareOneFolderOfEachKind()
    {
        QCOMPARE(AppProfileStore::defaultFilePath(),
                 AppIdentity::configDirectory() + QStringLiteral("/profiles.ini"));
        QCOMPARE(HistoryStore::defaultPath(QProcessEnvironment()),
                 AppIdentity::dataDirectory() + QStringLiteral("/history.sqlite"));
        // The window's QSettings() (and the settings dialog's) sit next to profiles.ini.
        QCOMPARE(QFileInfo(QSettings().fileName()).absolutePath(), AppIdentity::configDirectory());
    }

    void desktopFileCarriesTheId()
    {
        const QString path =
            sourceFile(QStringLiteral("packaging/") + AppIdentity::id() + QStringLiteral(".desktop"));
        const QString text = readAll(path);
        QVERIFY2(!text.isEmpty(), qPrintable(path));
        const QStringList lines = text.split(QLatin1Char('\n'));
        QVERIFY(lines.contains(QStringLiteral("StartupWMClass=") + QCoreApplication::applicationName()));
        QVERIFY(lines.contains(QStringLiteral("Icon=") + AppIdentity::id()));
        QVERIFY(lines.contains(QStringLiteral("Exec=dms-extpack")));
    }

    void metainfoAndIconCarryTheId()
    {
        const QString path =
            sourceFile(QStringLiteral("packaging/") + AppIdentity::id() + QStringLiteral(".metainfo.xml"));
        const QString text = readAll(path);
        QVERIFY2(!text.isEmpty(), qPrintable(path));
        QVERIFY(text.contains(QStringLiteral("<id>") + AppIdentity::id() + QStringLiteral("</id>")));
        QVERIFY(text.contains(QStringLiteral("<launchable type=\"desktop-id\">") + AppIdentity::id() +
                              QStringLiteral(".desktop</launchable>")));
        QVERIFY(
            text.contains(QStringLiteral("<release version=\"") + AppIdentity::version() + QLatin1Char('"')));
        QVERIFY(QFile::exists(
            sourceFile(QStringLiteral("resources/") + AppIdentity::id() + QStringLiteral(".svg"))));
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestAppIdentity)
#include "tst_appidentity.moc"
