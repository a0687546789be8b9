// The welcome view in a real window: shown on a first start and only then; "Use my AWS
// CLI profiles" lists temporary AWS files of every kind and connects with a keys profile whose
// endpoint_url is the in-process simulator; "Try the demo" starts a simulator through the window's
// factory and records into a scratch history; nothing found names where it looked; the choices are
// keyboard-reachable and have accessible names.
#include "DmsSimulator.h"
#include "WindowTestSupport.h"
#include "config/AwsProfileSummary.h"
#include "credentials/AppProfileStore.h"
#include "history/HistoryQuery.h"
#include "history/HistoryStore.h"
#include "projects/ProjectsModel.h"
#include "welcome/AwsProfilesModel.h"
#include "welcome/WelcomeWidget.h"
#include "widgets/HomePath.h"
#include "window/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCommandLinkButton>
#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;

class TestWelcomeWidget : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    void startSimulator()
    {
        m_sim = windowtest::startSimulator();
        QVERIFY(m_sim);
    }

    QString path(const QString& name) const { return m_dir->filePath(name); }

    // An empty home and config folders of the test's own; no AWS variable of the test's process.
    QProcessEnvironment emptyEnvironment() const
    {
        return windowtest::scratchEnvironment(path(QStringLiteral("home")), m_dir->path());
    }

    // A window as the application makes it on a first start: shared files read, no demo.
    MainWindowOptions options() const
    {
        MainWindowOptions o = windowtest::scratchWindowOptions(*m_dir);
        o.environment = emptyEnvironment();
        o.ignoreSharedFiles = false;
        return o;
    }

    static void writeFile(const QString& file, const QByteArray& text)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(text), qint64(text.size()));
    }

    // One profile of every kind, in files named by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE.
    // "simkeys" reaches the simulator with its key pair; nothing else is ever used.
    void writeAwsFiles(QProcessEnvironment& env)
    {
        const QString config = path(QStringLiteral("aws/my-config"));
        const QString credentials = path(QStringLiteral("aws/my-credentials"));
        const AwsCredentials keys = DmsSimulator::demoCredentials();
        writeFile(config, QStringLiteral("[profile simkeys]\n"
                                         "region = %1\n"
                                         "endpoint_url = %2\n"
                                         "[profile admin]\n"
                                         "role_arn = arn:aws:iam::111122223333:role/Admin\n"
                                         "source_profile = simkeys\n"
                                         "[profile sso]\n"
                                         "sso_start_url = https://example.awsapps.com/start\n"
                                         "sso_region = us-east-1\n"
                                         "sso_account_id = 111122223333\n"
                                         "sso_role_name = Dev\n"
                                         "[profile tool]\n"
                                         "credential_process = /opt/creds/helper --account dev\n"
                                         "region = us-west-2\n"
                                         "[profile half]\n"
                                         "region = eu-west-1\n")
                              .arg(m_sim->region(), m_sim->serverUrl().toString())
                              .toUtf8());
        writeFile(credentials,
                  QStringLiteral("[simkeys]\naws_access_key_id = %1\naws_secret_access_key = %2\n"
                                 "[half]\naws_access_key_id = AKIAHALFDONEEXAMPLE1\n")
                      .arg(keys.accessKeyId, keys.secretAccessKey)
                      .toUtf8());
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), config);
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), credentials);
    }

    static QCommandLinkButton* choice(MainWindow& window, const char* name)
    {
        return window.welcomeWidget()->findChild<QCommandLinkButton*>(QString::fromLatin1(name));
    }

    static int rowOf(const QAbstractItemModel* model, const QString& name)
    {
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, AwsProfilesModel::NameColumn).data().toString() == name)
                return row;
        return -1;
    }

private slots:
    // The files' paths read as the user's shell and the AWS docs write them.
    void homePathShortening()
    {
        QCOMPARE(HomePath::shorten(QStringLiteral("/home/me/.aws/config"), QStringLiteral("/home/me")),
                 QStringLiteral("~/.aws/config"));
        QCOMPARE(HomePath::shorten(QStringLiteral("/home/me/.aws/config"), QStringLiteral("/home/me/")),
                 QStringLiteral("~/.aws/config"));
        QCOMPARE(HomePath::shorten(QStringLiteral("/home/meg/.aws/config"), QStringLiteral("/home/me")),
                 QStringLiteral("/home/meg/.aws/config"));
        QCOMPARE(HomePath::shorten(QStringLiteral("/etc/aws/config"), QString()),
                 QStringLiteral("/etc/aws/config"));
        AwsConfigFile files;
        files.addConfigText(QStringLiteral("[default]\nregion = eu-west-1\n"),
                            QStringLiteral("/home/me/.aws/config"));
        AwsProfilesModel model;
        model.setHomeDirectory(QStringLiteral("/home/me"));
        model.setFiles(files);
        QCOMPARE(model.index(0, AwsProfilesModel::LocationColumn).data().toString(),
                 QStringLiteral("~/.aws/config:2"));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void firstStartShowsTheWelcomeInsteadOfConnecting()
    {
        MainWindow window(options());
        QSignalSpy shown(&window, &MainWindow::welcomeShown);
        QSignalSpy connecting(&window, &MainWindow::stateChanged);
        window.show();
        QVERIFY(window.isFirstStart());
        window.start();
        QCOMPARE(shown.count(), 1);
        QVERIFY(window.isWelcomeShown());
        QVERIFY(window.welcomeWidget()->isVisible());
        QVERIFY(!window.projectsView()->isVisible());
        QCOMPARE(window.welcomeWidget()->page(), WelcomeWidget::Page::Choices);
        // Nothing was tried with a guessed profile.
        QCOMPARE(connecting.count(), 0);
        QVERIFY(!window.connection());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("welcomeAction"))->isChecked());
        // Closing without a choice remembers none: the next start welcomes again.
        window.close();
        QVERIFY(QSettings(options().settingsFile, QSettings::IniFormat)
                    .value(QStringLiteral("connection/profile"))
                    .toString()
                    .isEmpty());
        MainWindow again(options());
        QVERIFY(again.isFirstStart());
    }

    void refreshKeepsTheWelcomeChoices()
    {
        MainWindow window(options());
        QSignalSpy connecting(&window, &MainWindow::stateChanged);
        window.show();
        window.start();
        QVERIFY(window.isWelcomeShown());
        QSignalSpy shown(&window, &MainWindow::welcomeShown);
        window.refreshAction()->trigger();
        // The choices again, read afresh; nothing was tried with a guessed profile.
        QCOMPARE(shown.count(), 1);
        QVERIFY(window.isWelcomeShown());
        QVERIFY(window.welcomeWidget()->isVisible());
        QCOMPARE(window.welcomeWidget()->page(), WelcomeWidget::Page::Choices);
        QVERIFY(!window.projectsView()->isVisible());
        QCOMPARE(connecting.count(), 0);
        QVERIFY(!window.connection());
    }

    void anythingToConnectWithIsNotAFirstStart_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("keys in the environment") << QStringLiteral("AWS_ACCESS_KEY_ID");
        QTest::newRow("profile in the environment") << QStringLiteral("AWS_PROFILE");
        QTest::newRow("an app profile") << QStringLiteral("app");
        QTest::newRow("--demo") << QStringLiteral("demo");
    }
    void anythingToConnectWithIsNotAFirstStart()
    {
        QFETCH(QString, what);
        QVERIFY(MainWindow(options()).isFirstStart());
        MainWindowOptions o = options();
        if (what.startsWith(QLatin1String("AWS_")))
            o.environment.insert(what, QStringLiteral("x"));
        else if (what == QLatin1String("app"))
            QVERIFY(AppProfileStore(o.appProfilesFile)
                        .save({QStringLiteral("ops"), QStringLiteral("eu-west-1"), {}, {}, {}})
                        .ok());
        else
            o.demo = DemoProfile{};
        QVERIFY(!MainWindow(o).isFirstStart());
    }

    void rememberedProfileConnectsWithoutTheWelcome()
    {
        startSimulator();
        MainWindowOptions o = options();
        writeAwsFiles(o.environment);
        {
            QSettings s(o.settingsFile, QSettings::IniFormat);
            s.setValue(QStringLiteral("connection/profile"), QStringLiteral("aws:simkeys"));
            s.setValue(QStringLiteral("connection/region"), m_sim->region());
        }
        MainWindow window(o);
        QVERIFY(!window.isFirstStart());
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.show();
        window.start();
        QVERIFY(!window.isWelcomeShown());
        QVERIFY(loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QVERIFY(!window.isWelcomeShown());
        QCOMPARE(window.projectsModel()->rowCount(), int(m_sim->scenario().projects.size()));
    }

    void awsProfilesAreListedAndOneConnects()
    {
        startSimulator();
        MainWindowOptions o = options();
        writeAwsFiles(o.environment);
        MainWindow window(o);
        window.show();
        window.start();
        QVERIFY(window.isWelcomeShown());
        WelcomeWidget* welcome = window.welcomeWidget();
        QAbstractItemModelTester tester(welcome->awsProfilesModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        choice(window, "awsProfilesCommandLinkButton")->click();
        QCOMPARE(welcome->page(), WelcomeWidget::Page::AwsProfiles);

        // Every profile with its kind and region; the files named by the variables were read.
        const QAbstractItemModel* model = welcome->awsProfilesView()->model();
        QCOMPARE(model->rowCount(), 5);
        const QList<QPair<QString, AwsProfileSummary::Kind>> expected = {
            {QStringLiteral("simkeys"), AwsProfileSummary::Kind::Keys},
            {QStringLiteral("admin"), AwsProfileSummary::Kind::Role},
            {QStringLiteral("sso"), AwsProfileSummary::Kind::Sso},
            {QStringLiteral("tool"), AwsProfileSummary::Kind::Process},
            {QStringLiteral("half"), AwsProfileSummary::Kind::Incomplete}};
        for (const auto& [name, kind] : expected) {
            const int row = rowOf(model, name);
            QVERIFY2(row >= 0, qPrintable(name));
            QCOMPARE(model->index(row, AwsProfilesModel::KindColumn).data().toString(),
                     AwsProfileSummary::kindName(kind));
            QCOMPARE(model->index(row, 0).data(AwsProfilesModel::UsableRole).toBool(),
                     kind != AwsProfileSummary::Kind::Incomplete);
        }
        QCOMPARE(model->index(rowOf(model, QStringLiteral("tool")), AwsProfilesModel::RegionColumn)
                     .data()
                     .toString(),
                 QStringLiteral("us-west-2"));
        QCOMPARE(model->index(rowOf(model, QStringLiteral("tool")), AwsProfilesModel::DetailColumn)
                     .data()
                     .toString(),
                 QStringLiteral("/opt/creds/helper")); // the program, never its arguments
        QVERIFY2(welcome->pathsText().contains(QStringLiteral("my-config")) &&
                     welcome->pathsText().contains(QStringLiteral("my-credentials")) &&
                     welcome->pathsText().contains(QStringLiteral("AWS_CONFIG_FILE")),
                 qPrintable(welcome->pathsText()));
        // The secret never shows, not even masked.
        for (int row = 0; row < model->rowCount(); ++row)
            for (int column = 0; column < model->columnCount(); ++column)
                QVERIFY(!model->index(row, column)
                             .data()
                             .toString()
                             .contains(DmsSimulator::demoCredentials().secretAccessKey));

        // The incomplete profile says why and cannot be picked.
        QTableView* view = welcome->awsProfilesView();
        auto* use = welcome->findChild<QPushButton*>(QStringLiteral("useProfilePushButton"));
        view->setCurrentIndex(model->index(rowOf(model, QStringLiteral("half")), 0));
        QVERIFY2(welcome->explanationText().contains(QStringLiteral("no aws_secret_access_key")),
                 qPrintable(welcome->explanationText()));
        QVERIFY(!use->isEnabled());
        QSignalSpy chosen(welcome, &WelcomeWidget::awsProfileChosen);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(chosen.count(), 0);
        QVERIFY(window.isWelcomeShown());

        // Enter on the keys profile: selected in the toolbar with its region, connected, listed.
        view->setCurrentIndex(model->index(rowOf(model, QStringLiteral("simkeys")), 0));
        QVERIFY(use->isEnabled());
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(chosen.count(), 1);
        QVERIFY(!window.isWelcomeShown());
        QVERIFY(window.projectsView()->isVisible());
        QCOMPARE(window.currentProfileKey(), ProfileKey::aws(QStringLiteral("simkeys")));
        QCOMPARE(window.currentRegion(), m_sim->region());
        QVERIFY(loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(window.projectsModel()->rowCount(), int(m_sim->scenario().projects.size()));
        // Chosen on purpose, so remembered.
        window.close();
        QCOMPARE(QSettings(o.settingsFile, QSettings::IniFormat)
                     .value(QStringLiteral("connection/profile"))
                     .toString(),
                 QStringLiteral("aws:simkeys"));
    }

    void nothingFoundSaysWhereItLookedAndWhatToDo()
    {
        MainWindow window(options());
        window.show();
        window.start();
        WelcomeWidget* welcome = window.welcomeWidget();
        choice(window, "awsProfilesCommandLinkButton")->click();
        QCOMPARE(welcome->awsProfilesModel()->rowCount(), 0);
        const QString paths = welcome->pathsText();
        QVERIFY2(paths.contains(QStringLiteral("~/.aws/config")) &&
                     paths.contains(QStringLiteral("~/.aws/credentials")) &&
                     paths.contains(QStringLiteral("not found")),
                 qPrintable(paths));
        QVERIFY(welcome->nothingFoundText().contains(QStringLiteral("aws configure")));
        QVERIFY(welcome->nothingFoundText().contains(QStringLiteral("Add AWS keys")));
        QVERIFY(welcome->findChild<QWidget*>(QStringLiteral("nothingFoundLabel"))->isVisible());
        QVERIFY(!welcome->awsProfilesView()->isVisible());

        // A file named by AWS_CONFIG_FILE is where it looks instead, and says so.
        QProcessEnvironment env = options().environment;
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), path(QStringLiteral("elsewhere/config")));
        welcome->setEnvironment(env);
        QVERIFY2(welcome->pathsText().contains(path(QStringLiteral("elsewhere/config"))) &&
                     welcome->pathsText().contains(QStringLiteral("AWS_CONFIG_FILE")),
                 qPrintable(welcome->pathsText()));

        // "Look again" after `aws configure`: now there is a profile.
        writeFile(path(QStringLiteral("elsewhere/config")),
                  "[default]\nregion = eu-west-1\n"
                  "aws_access_key_id = AKIAEXAMPLEEXAMPLE12\n"
                  "aws_secret_access_key = notarealsecretnotarealsecret\n");
        welcome->findChild<QPushButton*>(QStringLiteral("reloadPushButton"))->click();
        QCOMPARE(welcome->awsProfilesModel()->rowCount(), 1);
        QVERIFY(welcome->awsProfilesView()->isVisible());
        welcome->findChild<QPushButton*>(QStringLiteral("backPushButton"))->click();
        QCOMPARE(welcome->page(), WelcomeWidget::Page::Choices);
    }

    void tryTheDemoStartsTheSimulatorAndRecordsAside()
    {
        MainWindowOptions o = options();
        int started = 0;
        o.startDemo = [this, &started]() -> Result<DemoProfile> {
            ++started;
            startSimulator();
            return windowtest::demoProfile(*m_sim);
        };
        MainWindow window(o);
        window.show();
        window.start();
        QVERIFY(window.isWelcomeShown());
        HistoryStore* ownHistory = window.historyStore();
        QVERIFY(ownHistory);
        QCommandLinkButton* demo = choice(window, "demoCommandLinkButton");
        QVERIFY(demo->isVisible());
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        demo->click();
        QCOMPARE(started, 1);
        QVERIFY(!window.isWelcomeShown());
        QCOMPARE(window.currentProfileKey(), ProfileKey::demo(QStringLiteral("demo")));
        QVERIFY(loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(window.projectsModel()->rowCount(), int(m_sim->scenario().projects.size()));

        // Recorded, but in a scratch history: the window's own file got none of the demo's calls.
        QVERIFY(window.historyStore() && window.historyStore() != ownHistory);
        QTRY_VERIFY_WITH_TIMEOUT(window.historyStore()->count(HistoryQuery()).value() > 0, 20000);
        QCOMPARE(ownHistory->count(HistoryQuery()).value(), 0);

        // Help > Welcome again, and the demo again: the running simulator is reused.
        window.findChild<QAction*>(QStringLiteral("welcomeAction"))->trigger();
        QVERIFY(window.isWelcomeShown());
        QVERIFY(!window.projectsView()->isVisible());
        demo->click();
        QCOMPARE(started, 1);
        QVERIFY(loaded.wait(60000));
        QVERIFY(!window.isWelcomeShown());

        // The demo goes with the process: it does not become the profile of the next start.
        window.close();
        QVERIFY(MainWindow(o).isFirstStart());
    }

    void demoChoiceIsHiddenWithoutAFactory()
    {
        MainWindow window(options());
        window.show();
        window.start();
        QVERIFY(window.isWelcomeShown());
        QVERIFY(choice(window, "demoCommandLinkButton")->isHidden());
        QVERIFY(choice(window, "addKeysCommandLinkButton")->isVisible());
    }

    void choicesAreReachableByTabWithAccessibleNames()
    {
        MainWindowOptions o = options();
        o.startDemo = [] { return Result<DemoProfile>(Fault{}); };
        MainWindow window(o);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.start();
        QList<QCommandLinkButton*> buttons = {choice(window, "addKeysCommandLinkButton"),
                                              choice(window, "awsProfilesCommandLinkButton"),
                                              choice(window, "demoCommandLinkButton")};
        for (QCommandLinkButton* b : buttons) {
            QVERIFY(b && b->isVisible());
            QVERIFY(!b->accessibleName().isEmpty());
            QVERIFY(!b->description().isEmpty());
            QVERIFY(b->focusPolicy() & Qt::TabFocus);
        }
        // The first choice has the focus; Tab walks to the next two in order.
        QTRY_COMPARE(QApplication::focusWidget(), buttons.at(0));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), buttons.at(1));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), buttons.at(2));
        // Space on the focused "Use my AWS CLI profiles" opens the list.
        buttons.at(1)->setFocus();
        QTest::keyClick(buttons.at(1), Qt::Key_Space);
        QCOMPARE(window.welcomeWidget()->page(), WelcomeWidget::Page::AwsProfiles);
    }
};

QTEST_MAIN(TestWelcomeWidget)
#include "tst_welcomewidget.moc"
