// The demo's IAM Identity Center profile, as `dms-extpack --demo` wires it (app/desktop's
// DemoSimulator): offered beside the key pair, signing in waits for the page's Allow and then lists
// the demo's projects, and its token lives in the demo's private folder: the user's own
// ~/.aws/sso/cache is neither written nor, when the demo signs out, emptied.
#include "DmsSimulator.h"
#include "ScriptedPrompts.h"
#include "WindowTestSupport.h"
#include "desktop/DemoSimulator.h"
#include "profiles/ProfileKey.h"
#include "profiles/SsoSignInDialog.h"
#include "projects/ProjectsModel.h"
#include "window/ConnectionBar.h"
#include "window/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

QStringList jsonFilesIn(const QString& dir)
{
    return QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
}

// The files of a token cache that hold a token (the client registration beside them holds none).
int tokensIn(const QString& dir)
{
    int n = 0;
    for (const QString& name : jsonFilesIn(dir)) {
        QFile file(QDir(dir).filePath(name));
        n += file.open(QIODevice::ReadOnly) && file.readAll().contains("\"accessToken\"");
    }
    return n;
}

} // namespace

class TestDemoSignIn : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<desktop::DemoSimulator> m_demo;
    ui::DemoProfile m_profile;
    QList<QUrl> m_opened;

    QString userHome() const { return m_dir->filePath(QStringLiteral("home")); }
    QString userCache() const { return QDir(userHome()).filePath(QStringLiteral(".aws/sso/cache")); }
    QString demoCache() const { return QDir(m_profile.ssoHome).filePath(QStringLiteral(".aws/sso/cache")); }

    // As main.cpp wires --demo, on scratch files, with the user's own HOME holding a token of theirs.
    MainWindowOptions options()
    {
        MainWindowOptions o = windowtest::scratchWindowOptions(*m_dir);
        o.environment = windowtest::scratchEnvironment(userHome());
        o.keychainService = QStringLiteral("dmsx-test-demo-signin");
        o.demo = m_profile;
        o.openUrl = [this](const QUrl& url) {
            m_opened.append(url);
            return true;
        };
        return o;
    }

    static ProfileKey ssoKey() { return ProfileKey::demo(desktop::DemoSimulator::ssoProfileName()); }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_opened.clear();
        m_demo = std::make_unique<desktop::DemoSimulator>();
        const Result<DemoProfile> started = m_demo->start();
        QVERIFY(started.ok());
        m_profile = started.value();
        m_demo->simulator()->setTimeScale(300);
        QVERIFY(QDir().mkpath(userCache()));
        QFile mine(QDir(userCache()).filePath(QStringLiteral("users-own-token.json")));
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("{\"startUrl\": \"https://corp.awsapps.com/start\", \"region\": \"us-east-1\", "
                   "\"accessToken\": \"users-own-token\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}");
    }

    void cleanup()
    {
        m_demo.reset();
        m_dir.reset();
    }

    void demoOffersItsSsoProfileInAPrivateFolder()
    {
        QCOMPARE(m_profile.ssoName, QStringLiteral("demo-sso"));
        const QFileInfo home(m_profile.ssoHome);
        QVERIFY(home.isDir());
        QCOMPARE(home.permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeGroup |
                      QFileDevice::ExeOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(!m_profile.ssoHome.startsWith(QDir::homePath() + QStringLiteral("/.aws")));

        MainWindow window(options());
        auto* profiles =
            window.findChild<ConnectionBar*>()->findChild<QComboBox*>(QStringLiteral("profileComboBox"));
        QVERIFY(profiles);
        QStringList labels;
        for (int i = 0; i < profiles->count(); ++i)
            labels << profiles->itemText(i);
        QVERIFY2(labels.size() >= 3, qPrintable(labels.join(QLatin1Char('|'))));
        QCOMPARE(labels.at(0), QStringLiteral("demo (simulator, in memory)"));
        QCOMPARE(labels.at(1), QStringLiteral("demo-sso (simulator, IAM Identity Center)"));
    }

    // Keyboard only: Tab from the filter reaches "Sign in…", Enter opens the sign-in, Escape
    // cancels it, and the window says so (not as an error), its focus back on "Sign in…".
    void keyboardSignInThenEscapeSaysCancelled()
    {
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.setCurrentProfileKey(ssoKey());
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.projectsPane()->isSignInOffered());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        auto* filter = window.projectsPane()->findChild<QLineEdit*>(QStringLiteral("filterLineEdit"));
        QVERIFY(filter);
        filter->setFocus(Qt::TabFocusReason);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), window.projectsPane()->signInButton());

        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QVERIFY(!opened.isEmpty() || opened.wait(10000));
        QPointer<SsoSignInDialog> dialog = window.signInDialog();
        QVERIFY(dialog);
        QVERIFY(!dialog->userCode().isEmpty() || QSignalSpy(dialog, &SsoSignInDialog::codeShown).wait(20000));
        QVERIFY(dialog->isWaiting());

        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(dialog.isNull());
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Sign-in cancelled: nothing was changed"));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.projectsPane()->isSignInOffered());
        QCOMPARE(window.focusWidget(), window.projectsPane()->signInButton());
        QCOMPARE(tokensIn(demoCache()), 0);
    }

    // The DBA's try: choose demo-sso, "Sign in…", Allow on the page, the demo's projects.
    void signingInListsTheDemoProjectsAndSigningOutKeepsTheUsersTokens()
    {
        MainWindow window(options());
        QAbstractItemModelTester tester(window.projectsModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        const int demoProjects = window.projectsModel()->rowCount();
        QVERIFY(demoProjects > 0);

        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.setCurrentProfileKey(ssoKey());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.currentProfileKey(), ssoKey());
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.projectsPane()->isSignInOffered());
        QVERIFY(window.signOutAction()->isEnabled());

        QSignalSpy served(m_demo->simulator(), &DmsSimulator::requestServed);
        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        window.projectsPane()->signInButton()->click();
        QVERIFY(!opened.isEmpty() || opened.wait(10000));
        SsoSignInDialog* dialog = window.signInDialog();
        QVERIFY(dialog);
        QVERIFY(!dialog->userCode().isEmpty() || QSignalSpy(dialog, &SsoSignInDialog::codeShown).wait(20000));
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_opened.first().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(m_opened.first().path(), QStringLiteral("/__sim/sso/device"));

        // The demo waits for Allow, as at AWS: two polls later it is still waiting.
        auto pendingPolls = [&served] {
            int n = 0;
            for (const QList<QVariant>& call : served)
                n += call.at(0).toString() == QLatin1String("CreateToken") && call.at(1).toInt() == 400;
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(pendingPolls() >= 2, 30000);
        QVERIFY(dialog->isWaiting());
        QVERIFY(m_demo->simulator()->approveDeviceAuthorization(dialog->userCode()));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(window.projectsModel()->rowCount(), demoProjects);

        // Cached in the demo's folder, 0600; the user's cache is as it was.
        QCOMPARE(tokensIn(demoCache()), 1);
        const QStringList demoFiles = jsonFilesIn(demoCache());
        for (const QString& name : demoFiles)
            QCOMPARE(QFile::permissions(QDir(demoCache()).filePath(name)) &
                         ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                           QFileDevice::WriteUser),
                     QFileDevice::Permissions());
        QCOMPARE(jsonFilesIn(userCache()), QStringList{QStringLiteral("users-own-token.json")});

        windowtest::ScriptedPrompts prompts;
        prompts.messageAnswers = {QMessageBox::Yes};
        QSignalSpy signedOut(&window, &MainWindow::signedOut);
        window.signOutAction()->trigger();
        QVERIFY(signedOut.wait(30000));
        QCOMPARE(prompts.messages.size(), 1);
        QVERIFY2(prompts.messages.first().text.contains(QStringLiteral("Only the demo's token")),
                 qPrintable(prompts.messages.first().text));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.projectsPane()->isSignInOffered());
        QCOMPARE(jsonFilesIn(userCache()), QStringList{QStringLiteral("users-own-token.json")});
        QCOMPARE(windowtest::requestCount(*m_demo->simulator(), QStringLiteral("Logout")), 1);
        QCOMPARE(tokensIn(demoCache()), 0);
    }
};

QTEST_MAIN(TestDemoSignIn)
#include "tst_demosignin.moc"
