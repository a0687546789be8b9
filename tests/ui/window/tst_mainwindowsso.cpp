// The window with an IAM Identity Center (SSO) profile of ~/.aws/config in a scratch HOME, against
// the in-process simulator: no token offers "Sign in…" in place of the error, the sign-in dialog
// shows the code and opens the page (recorded here: no browser in a test), the simulator approves
// as the browser would, and the window lists the projects with the token cached as the AWS CLI
// caches it, and an extension pack is applied with the role's credentials. Also a denied sign-in,
// a token renewed unnoticed (at connect, and hours later on the open connection, on a clock the
// window and the simulator share), a revoked one, and signing out.
#include "DmsSimulator.h"
#include "ScriptedPrompts.h"
#include "WindowTestSupport.h"
#include "apply/ApplyController.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "profiles/SsoSignInDialog.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsModel.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

const QString kStartUrl = QStringLiteral("https://d-9067c0ffee.awsapps.com/start");
const QString kSession = QStringLiteral("corp");

QJsonObject scenario(bool refreshTokenExpired = false)
{
    QJsonObject account{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                        {QStringLiteral("accountName"), QStringLiteral("dba-production")},
                        {QStringLiteral("roles"), QJsonArray{QStringLiteral("DmsOperator")}}};
    QJsonObject oidc{{QStringLiteral("interval"), 1},
                     {QStringLiteral("refreshTokenExpired"), refreshTokenExpired},
                     {QStringLiteral("accounts"), QJsonArray{account}}};
    QJsonArray projects{QJsonObject{{QStringLiteral("name"), QStringLiteral("sso-project")}}};
    return QJsonObject{{QStringLiteral("projects"), projects}, {QStringLiteral("ssoOidc"), oidc}};
}

// The demo's projects (erp-migration installs cleanly) behind this test's sign-in: approved by the
// test, and the DmsOperator role's key pair fixed so the calls made with it can be told apart.
const QString kRoleKeyId = QStringLiteral("ASIASSOROLEKEY000001");

QJsonObject demoScenarioWithSignIn()
{
    QFile demo(QStringLiteral(":/dmsx_sim/demo.json"));
    if (!demo.open(QIODevice::ReadOnly))
        return QJsonObject();
    QJsonObject s = QJsonDocument::fromJson(demo.readAll()).object();
    QJsonObject role{{QStringLiteral("roleName"), QStringLiteral("DmsOperator")},
                     {QStringLiteral("accessKeyId"), kRoleKeyId},
                     {QStringLiteral("secretAccessKey"), QStringLiteral("sso-role-secret-key")},
                     {QStringLiteral("sessionToken"), QStringLiteral("sso-role-session-token")}};
    QJsonObject account{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                        {QStringLiteral("accountName"), QStringLiteral("dba-production")},
                        {QStringLiteral("roles"), QJsonArray{role}}};
    s.insert(QStringLiteral("ssoOidc"),
             QJsonObject{{QStringLiteral("interval"), 1}, {QStringLiteral("accounts"), QJsonArray{account}}});
    return s;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

} // namespace

class TestMainWindowSso : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<ManualClock> m_clock; // the window's and the simulator's, when time must pass
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;
    QList<QUrl> m_opened; // what the window asked the desktop to open

    QString home() const { return m_dir->filePath(QStringLiteral("home")); }
    // The AWS CLI's name for an sso-session token: the SHA-1 of the session's name.
    QString tokenFile() const
    {
        return QDir(home()).filePath(
            QStringLiteral(".aws/sso/cache/%1.json")
                .arg(QString::fromLatin1(
                    QCryptographicHash::hash(kSession.toUtf8(), QCryptographicHash::Sha1).toHex())));
    }

    void startSimulator(bool refreshTokenExpired = false)
    {
        startSimulatorWith(scenario(refreshTokenExpired));
    }

    void startSimulatorWith(const QJsonObject& scenario)
    {
        QVERIFY(!scenario.isEmpty());
        if (m_clock) {
            m_sim = std::make_unique<DmsSimulator>(m_clock.get());
            QVERIFY(m_sim->loadScenario(scenario).ok());
            QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0).ok());
        } else {
            m_sim = windowtest::startSimulator(scenario);
        }
        QVERIFY(m_sim);
        writeFile(QDir(home()).filePath(QStringLiteral(".aws/config")),
                  QStringLiteral("[profile sso-dev]\n"
                                 "sso_session = %1\n"
                                 "sso_account_id = 111122223333\n"
                                 "sso_role_name = DmsOperator\n"
                                 "region = %2\n"
                                 "\n"
                                 "[sso-session %1]\n"
                                 "sso_start_url = %3\n"
                                 "sso_region = us-east-1\n"
                                 "sso_registration_scopes = sso:account:access\n")
                      .arg(kSession, m_sim->region(), kStartUrl)
                      .toUtf8());
    }

    MainWindowOptions options()
    {
        MainWindowOptions o = windowtest::scratchWindowOptions(*m_dir);
        o.environment = windowtest::scratchEnvironment(home());
        // DMS, STS, the portal and SSO OIDC alike.
        o.environment.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_sim->serverUrl().toString());
        o.environment.insert(QStringLiteral("AWS_PROFILE"), QStringLiteral("sso-dev"));
        o.keychainService = QStringLiteral("dmsx-test-mainwindow-sso");
        o.clock = m_clock.get();
        o.openUrl = [this](const QUrl& url) {
            m_opened.append(url);
            return true;
        };
        return o;
    }

    // Clicks "Sign in…" and returns the dialog once its code is shown.
    SsoSignInDialog* clickSignIn(MainWindow& window)
    {
        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        window.projectsPane()->signInButton()->click();
        if (opened.isEmpty() && !opened.wait(10000))
            return nullptr;
        SsoSignInDialog* dialog = window.signInDialog();
        if (!dialog)
            return nullptr;
        if (dialog->userCode().isEmpty() && !QSignalSpy(dialog, &SsoSignInDialog::codeShown).wait(20000))
            return nullptr;
        return dialog;
    }

    // Signs in through the dialog, the simulator approving as the browser would.
    bool signIn(MainWindow& window)
    {
        SsoSignInDialog* dialog = clickSignIn(window);
        if (!dialog)
            return false;
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        if (!m_sim->approveDeviceAuthorization(dialog->userCode()))
            return false;
        return loaded.wait(30000) && window.state() == MainWindow::State::Ready;
    }

    QJsonObject readToken() const
    {
        QFile f(tokenFile());
        if (!f.open(QIODevice::ReadOnly))
            return QJsonObject();
        return QJsonDocument::fromJson(f.readAll()).object();
    }

    // The cached token expires in `seconds` (negative: expired), as if time had passed.
    void expireTokenIn(qint64 seconds)
    {
        QJsonObject token = readToken();
        QVERIFY(!token.isEmpty());
        token.insert(QStringLiteral("expiresAt"),
                     QDateTime::currentDateTimeUtc().addSecs(seconds).toString(Qt::ISODate));
        writeFile(tokenFile(), QJsonDocument(token).toJson());
    }

    // What another program's sign-out (the AWS CLI's 'sso logout') does at the portal: the token
    // file stays here, unexpired, but neither the token nor its refresh token works any more.
    bool logOutElsewhere()
    {
        QNetworkAccessManager nam;
        nam.setProxy(QNetworkProxy::NoProxy);
        QNetworkRequest logout(QUrl(m_sim->serverUrl().toString() + QStringLiteral("/logout")));
        logout.setRawHeader("x-amz-sso_bearer_token",
                            readToken().value(QStringLiteral("accessToken")).toString().toUtf8());
        QNetworkReply* reply = nam.post(logout, QByteArray());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(10000))
            return false;
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    }

    int refreshGrants() const
    {
        int n = 0;
        for (const QJsonValue& v : m_sim->requestLog()) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("operation")).toString() == QLatin1String("CreateToken") &&
                e.value(QStringLiteral("grantType")).toString() == QLatin1String("refresh_token"))
                ++n;
        }
        return n;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_opened.clear();
    }

    void cleanup()
    {
        m_sim.reset();
        m_clock.reset();
        m_dir.reset();
        Redactor::clearRegisteredSecrets();
    }

    // The journey: no token, sign in, list the projects, apply with the role's credentials.
    void noTokenOffersSignInThatListsTheProjectsAndApplies()
    {
        const QJsonObject demo = demoScenarioWithSignIn();
        startSimulatorWith(demo);
        m_sim->setTimeScale(300); // a 30 s installation: 0.1 s
        MainWindow window(options());
        QAbstractItemModelTester tester(window.projectsModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.lastFault());
        QCOMPARE(window.lastFault()->code, QString(FaultCode::SsoTokenMissing));
        QVERIFY(window.projectsPane()->isSignInOffered());
        QVERIFY(window.projectsPane()->signInButton()->isVisible());
        QVERIFY2(window.emptyStateText().contains(QStringLiteral("Sign in")),
                 qPrintable(window.emptyStateText()));
        // Not yet signed in is the day's first step, not a failure to connect; the window signs in
        // itself, so no terminal command is offered.
        QCOMPARE(window.emptyStateTitle(), QStringLiteral("You are not signed in to IAM Identity Center"));
        QVERIFY2(!window.emptyStateText().contains(QStringLiteral("sso login")),
                 qPrintable(window.emptyStateText()));
        QVERIFY(window.signOutAction()->isEnabled());

        SsoSignInDialog* dialog = clickSignIn(window);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->isWaiting());
        QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Waiting for approval…")),
                 qPrintable(dialog->statusText()));
        // The page with the code filled in went to the desktop's browser, once.
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_opened.first(), dialog->verificationUrl());
        QVERIFY(m_opened.first().query().contains(dialog->userCode()));
        // A screen reader reads a label's name only: each one carries its value.
        auto label = [dialog](const char* name) { return dialog->findChild<QLabel*>(QLatin1String(name)); };
        QCOMPARE(label("codeLabel")->accessibleName(), QStringLiteral("Sign-in code: ") + dialog->userCode());
        QVERIFY2(label("statusLabel")
                     ->accessibleName()
                     .startsWith(QStringLiteral("Sign-in status: Waiting for approval… ")),
                 qPrintable(label("statusLabel")->accessibleName()));
        QCOMPARE(dialog->focusWidget(), label("codeLabel"));
        QVERIFY(label("pageLabel")->isVisible());
        QVERIFY2(
            label("pageLabel")
                ->accessibleName()
                .contains(m_sim->serverUrl().resolved(QUrl(QStringLiteral("/__sim/sso/device"))).toString() +
                          QStringLiteral(" and enter the code")),
            qPrintable(label("pageLabel")->accessibleName()));
        QVERIFY2(label("introLabel")->accessibleName().contains(kStartUrl),
                 qPrintable(label("introLabel")->accessibleName()));
        auto* again = dialog->findChild<QPushButton*>(QStringLiteral("openPagePushButton"));
        QVERIFY(again);
        again->click();
        QCOMPARE(m_opened.size(), 2);

        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        QVERIFY(m_sim->approveDeviceAuthorization(dialog->userCode()));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QVERIFY(!window.signInDialog());
        QVERIFY(!window.projectsPane()->isSignInOffered());
        QCOMPARE(window.projectsModel()->rowCount(), demo.value(QStringLiteral("projects")).toArray().size());

        // Where and how the AWS CLI caches it, so the AWS CLI and SDKs use it too.
        QFile file(tokenFile());
        QVERIFY2(file.exists(), qPrintable(tokenFile()));
        QCOMPARE(file.permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                      QFileDevice::WriteOther | QFileDevice::ExeOwner),
                 QFileDevice::Permissions());
        QVERIFY(file.permissions() & QFileDevice::ReadOwner);
        QVERIFY(file.permissions() & QFileDevice::WriteOwner);
        const QJsonObject token = readToken();
        for (const char* key : {"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret",
                                "registrationExpiresAt", "refreshToken"})
            QVERIFY2(!token.value(QLatin1String(key)).toString().isEmpty(), key);
        QCOMPARE(token.value(QStringLiteral("startUrl")).toString(), kStartUrl);
        QCOMPARE(token.value(QStringLiteral("region")).toString(), QStringLiteral("us-east-1"));

        // Apply, the confirmation answered as a person would.
        windowtest::ScriptedPrompts prompts;
        const QString arn = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        window.applyAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(prompts.plans.size(), 1, 30000);
        QCOMPARE(prompts.plans.first().project.migrationProjectName, QStringLiteral("erp-migration"));
        ApplyController* apply = window.applyController();
        QVERIFY(apply);
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(arn).phase, ApplyController::Phase::Succeeded, 30000);
        QVERIFY(prompts.faults.isEmpty());
        QVERIFY(!window.signInDialog());
        // Started once, signed with the key pair the portal handed out for the role.
        QStringList startKeys;
        for (const QJsonValue& v : m_sim->requestLog()) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("operation")).toString() ==
                QLatin1String("StartExtensionPackAssociation"))
                startKeys << e.value(QStringLiteral("accessKeyId")).toString();
        }
        QCOMPARE(startKeys, QStringList{kRoleKeyId});
        QVERIFY(windowtest::requestCount(*m_sim, QStringLiteral("GetRoleCredentials")) >= 1);
    }

    void deniedSignInSaysWhyAndStartsAgain()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        SsoSignInDialog* dialog = clickSignIn(window);
        QVERIFY(dialog);
        QSignalSpy failed(dialog, &SsoSignInDialog::signInFailed);
        QVERIFY(m_sim->denyDeviceAuthorization(dialog->userCode()));
        QVERIFY(failed.wait(30000));
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isWaiting());
        QVERIFY(dialog->fault());
        QCOMPARE(dialog->fault()->code, QString(FaultCode::SsoSignInDenied));
        const FaultExplanation why = FaultCatalogue::explain(*dialog->fault());
        QCOMPARE(dialog->statusText(), why.title);
        QVERIFY2(dialog->faultText().contains(why.cause.toHtmlEscaped()), qPrintable(dialog->faultText()));
        QVERIFY(!QFile::exists(tokenFile()));
        QCOMPARE(window.state(), MainWindow::State::Failed);

        auto* startAgain = dialog->findChild<QPushButton*>(QStringLiteral("startAgainPushButton"));
        QVERIFY(startAgain && startAgain->isVisible());
        const QString firstCode = dialog->userCode();
        QSignalSpy shown(dialog, &SsoSignInDialog::codeShown);
        startAgain->click();
        QVERIFY(shown.wait(20000));
        QVERIFY(dialog->userCode() != firstCode);
        QVERIFY(!dialog->fault());
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        QVERIFY(m_sim->approveDeviceAuthorization(dialog->userCode()));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
    }

    void cancelStopsPolling()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        SsoSignInDialog* dialog = clickSignIn(window);
        QVERIFY(dialog);
        const QString code = dialog->userCode();
        dialog->reject();
        QTRY_VERIFY(!window.signInDialog());
        QVERIFY(!QFile::exists(tokenFile()));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.projectsPane()->isSignInOffered());
        // The code is still good at the service: a sign-in started again gets a new one.
        SsoSignInDialog* again = clickSignIn(window);
        QVERIFY(again);
        QVERIFY(again->userCode() != code);
    }

    void expiringTokenIsRenewedUnnoticed()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        const QString before = readToken().value(QStringLiteral("accessToken")).toString();
        expireTokenIn(120); // inside the renewal window
        QCOMPARE(refreshGrants(), 0);

        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.refresh();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        QCOMPARE(window.projectsModel()->rowCount(), 1);
        QCOMPARE(refreshGrants(), 1);
        QVERIFY(opened.isEmpty());
        QVERIFY(!window.signInDialog());
        const QJsonObject after = readToken();
        QVERIFY(after.value(QStringLiteral("accessToken")).toString() != before);
        QVERIFY(QDateTime::fromString(after.value(QStringLiteral("expiresAt")).toString(), Qt::ISODate) >
                QDateTime::currentDateTimeUtc().addSecs(3600));
    }

    // Hours pass with the window open: the role's credentials and the access token expire. The
    // next call on the open connection (a project's requests) renews the token with the refresh
    // token, gets the role's credentials again and goes through: no dialog, no error.
    void tokenExpiringWhileOpenIsRenewedUnnoticed()
    {
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        QJsonObject s = scenario();
        QJsonArray projects = s.value(QStringLiteral("projects")).toArray();
        projects.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("sso-project-2")}});
        s.insert(QStringLiteral("projects"), projects);
        QJsonObject oidc = s.value(QStringLiteral("ssoOidc")).toObject();
        oidc.insert(QStringLiteral("accessTokenSeconds"), 3600); // the role's credentials: 3600 s too
        s.insert(QStringLiteral("ssoOidc"), oidc);
        startSimulatorWith(s);
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        QCOMPARE(window.projectsModel()->rowCount(), 2);
        const QJsonObject before = readToken();
        const int roleCalls = windowtest::requestCount(*m_sim, QStringLiteral("GetRoleCredentials"));
        QCOMPARE(refreshGrants(), 0);

        m_clock->advanceMs(2 * 3600 * 1000);
        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        QSignalSpy loaded(window.detailsWidget(), &ProjectDetailsWidget::requestsLoaded);
        QSignalSpy failed(window.detailsWidget(), &ProjectDetailsWidget::requestsFailed);
        QVERIFY(window.selectProject(window.projectsModel()->project(1)->migrationProjectArn));
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() || !failed.isEmpty(), 30000);
        QVERIFY2(failed.isEmpty(),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).value<Fault>().message));
        QCOMPARE(refreshGrants(), 1);
        QCOMPARE(windowtest::requestCount(*m_sim, QStringLiteral("GetRoleCredentials")), roleCalls + 1);
        QVERIFY(opened.isEmpty());
        QVERIFY(!window.signInDialog());
        QCOMPARE(window.state(), MainWindow::State::Ready);
        // Rewritten as the AWS CLI would: a new access and refresh token, valid for an hour again.
        const QJsonObject after = readToken();
        QVERIFY(after.value(QStringLiteral("accessToken")).toString() !=
                before.value(QStringLiteral("accessToken")).toString());
        QVERIFY(after.value(QStringLiteral("refreshToken")).toString() !=
                before.value(QStringLiteral("refreshToken")).toString());
        QVERIFY(QDateTime::fromString(after.value(QStringLiteral("expiresAt")).toString(), Qt::ISODate) >
                m_clock->nowUtc().addSecs(3000));
    }

    // A sign-out elsewhere while a request is followed: once the role's credentials expire the
    // poll cannot renew them, and the bar says why and offers "Sign in…" (not only "Why?…").
    void revokedWhileFollowingOffersSignInFromTheBar()
    {
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        startSimulatorWith(demoScenarioWithSignIn()); // its requests move only with m_clock
        MainWindowOptions o = options();
        o.pollScheduleMs = {20, 50};
        MainWindow window(o);
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        windowtest::ScriptedPrompts prompts;
        const QString arn = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);
        window.applyAction()->trigger();
        ApplyController* apply = window.applyController();
        QVERIFY(apply);
        QTRY_COMPARE_WITH_TIMEOUT(apply->state(arn).phase, ApplyController::Phase::Running, 30000);

        QVERIFY(logOutElsewhere());
        m_clock->advanceMs(10 * 3600 * 1000); // past the role's credentials and the access token
        MessageBar* bar = window.messageBar();
        auto* action = bar->findChild<QPushButton*>(QStringLiteral("actionPushButton"));
        QVERIFY(action);
        // A poll signed just before the clock moved may first come back ExpiredToken ("Why?…"); the
        // next one cannot renew the credentials, and the bar then offers signing in.
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible() && action->isVisible() &&
                                     bar->actionText() == QStringLiteral("Sign in…"),
                                 30000);
        Fault refused;
        refused.kind = FaultKind::Credentials;
        refused.code = FaultCode::SsoRefreshFailed;
        const FaultExplanation why = FaultCatalogue::explain(refused);
        QVERIFY2(bar->text().contains(why.title) && bar->text().contains(why.cause), qPrintable(bar->text()));
        QVERIFY(!window.signInDialog());

        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        action->click();
        QVERIFY(opened.size() == 1 || opened.wait(10000));
        QVERIFY(window.signInDialog());
        QVERIFY(!bar->isVisible());
    }

    // Apply after a sign-out elsewhere: the apply cannot get credentials before it asks anything,
    // and its fault dialog offers "Sign in…", which opens the sign-in; nothing is sent to DMS.
    void applyAfterSignOutElsewhereOffersSignIn()
    {
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        startSimulatorWith(demoScenarioWithSignIn());
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        const QString arn = windowtest::projectArn(window, QStringLiteral("erp-migration"));
        QVERIFY(window.selectProject(arn));
        QTRY_VERIFY_WITH_TIMEOUT(window.applyAction()->isEnabled(), 20000);

        QVERIFY(logOutElsewhere());
        m_clock->advanceMs(10 * 3600 * 1000); // past the role's credentials and the access token
        windowtest::ScriptedPrompts prompts;
        prompts.faultAnswers = {windowtest::ScriptedPrompts::FaultAnswer::SignIn};
        QSignalSpy opened(&window, &MainWindow::signInDialogOpened);
        window.applyAction()->trigger();
        QVERIFY(opened.wait(30000));
        QCOMPARE(prompts.faults.size(), 1);
        QVERIFY2(FaultCatalogue::signInHelps(prompts.faults.first()),
                 qPrintable(prompts.faults.first().code));
        QVERIFY(window.signInDialog());
        QCOMPARE(window.applyController()->state(arn).phase, ApplyController::Phase::Failed);
        QCOMPARE(windowtest::requestCount(*m_sim, QStringLiteral("StartExtensionPackAssociation")), 0);
    }

    void revokedSessionLeadsToSignInWithTheReason()
    {
        startSimulator(/*refreshTokenExpired=*/true);
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        expireTokenIn(-60);

        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.refresh();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.lastFault());
        QCOMPARE(window.lastFault()->code, QString(FaultCode::SsoRefreshFailed));
        QVERIFY(window.projectsPane()->isSignInOffered());
        const FaultExplanation why = FaultCatalogue::explain(*window.lastFault());
        QVERIFY2(window.emptyStateTitle().contains(why.title), qPrintable(window.emptyStateTitle()));
        QVERIFY2(window.emptyStateText().contains(why.cause.toHtmlEscaped()),
                 qPrintable(window.emptyStateText()));
        // Signing in again brings the projects back.
        QVERIFY(signIn(window));
        QCOMPARE(window.projectsModel()->rowCount(), 1);
    }

    void signedOutElsewhereLeadsToSignIn()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        // Another program (the AWS CLI's 'sso logout') ends the sign-in at the portal; the token
        // file stays here, unexpired.
        QVERIFY(logOutElsewhere());
        QVERIFY(QFile::exists(tokenFile()));

        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.refresh();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.lastFault());
        QCOMPARE(window.lastFault()->code, QString(FaultCode::UnauthorizedException));
        QVERIFY(window.projectsPane()->isSignInOffered());
        QVERIFY(signIn(window));
    }

    void signOutRemovesTheTokenAndOffersSignIn()
    {
        startSimulator();
        MainWindow window(options());
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY(signIn(window));
        QVERIFY(QFile::exists(tokenFile()));

        windowtest::ScriptedPrompts prompts;
        prompts.messageAnswers = {QMessageBox::No};
        window.signOutAction()->trigger();
        QCOMPARE(prompts.messages.size(), 1);
        QVERIFY(QFile::exists(tokenFile()));
        QCOMPARE(window.state(), MainWindow::State::Ready);

        prompts.messageAnswers = {QMessageBox::Yes};
        QSignalSpy signedOut(&window, &MainWindow::signedOut);
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.signOutAction()->trigger();
        QCOMPARE(prompts.messages.size(), 2);
        QVERIFY(signedOut.wait(30000));
        QCOMPARE(signedOut.first().at(1).toStringList(), QStringList());
        QVERIFY(!QFile::exists(tokenFile()));
        QCOMPARE(windowtest::requestCount(*m_sim, QStringLiteral("Logout")), 1);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.projectsPane()->isSignInOffered());
    }

    void keysProfileOffersNoSignIn()
    {
        startSimulator();
        MainWindowOptions o = options();
        const AwsCredentials keys = DmsSimulator::demoCredentials();
        o.environment.remove(QStringLiteral("AWS_PROFILE"));
        writeFile(QDir(home()).filePath(QStringLiteral(".aws/config")),
                  QStringLiteral("[default]\nregion = %1\n").arg(m_sim->region()).toUtf8());
        o.environment.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), keys.accessKeyId);
        o.environment.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("wrong-secret"));
        MainWindow window(o);
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.state(), MainWindow::State::Failed);
        QVERIFY(window.lastFault());
        QVERIFY2(!window.projectsPane()->isSignInOffered(), qPrintable(window.lastFault()->code));
        QVERIFY(!window.signOutAction()->isEnabled());
    }
};

QTEST_MAIN(TestMainWindowSso)
#include "tst_mainwindowsso.moc"
