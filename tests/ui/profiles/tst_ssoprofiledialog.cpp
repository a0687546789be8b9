// "Add IAM Identity Center…" of the Profiles dialog against the in-process simulator: sign in (the
// simulator approves as the browser would), pick the account and role from what the portal lists,
// save an app profile that the window then connects with; ~/.aws/config is written only when asked.
#include "DmsSimulator.h"
#include "WindowTestSupport.h"
#include "config/AwsConfigFile.h"
#include "credentials/AppProfileStore.h"
#include "credentials/SsoProfileReader.h"
#include "profiles/ProfileEditorDialog.h"
#include "profiles/ProfilesDialog.h"
#include "profiles/SsoProfileDialog.h"
#include "profiles/SsoSignInDialog.h"
#include "projects/ProjectsModel.h"
#include "window/MainWindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

QJsonObject scenario()
{
    auto account = [](const char* id, const char* name, QJsonArray roles) {
        return QJsonObject{{QStringLiteral("accountId"), QLatin1String(id)},
                           {QStringLiteral("accountName"), QLatin1String(name)},
                           {QStringLiteral("roles"), roles}};
    };
    QJsonArray accounts{
        account("111122223333", "dba-production", {QStringLiteral("DmsOperator")}),
        account("444455556666", "dba-staging",
                {QStringLiteral("ReadOnly"), QStringLiteral("DmsOperator"), QStringLiteral("PowerUser")})};
    QJsonObject oidc{{QStringLiteral("interval"), 1}, {QStringLiteral("accounts"), accounts}};
    QJsonArray projects{QJsonObject{{QStringLiteral("name"), QStringLiteral("sso-project")}}};
    return QJsonObject{{QStringLiteral("projects"), projects}, {QStringLiteral("ssoOidc"), oidc}};
}

} // namespace

class TestSsoProfileDialog : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;
    QList<QUrl> m_opened;

    QString home() const { return m_dir->filePath(QStringLiteral("home")); }
    QString awsConfig() const { return QDir(home()).filePath(QStringLiteral(".aws/config")); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = windowtest::scratchEnvironment(home());
        env.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_sim->serverUrl().toString());
        return env;
    }

    ProfilesContext context()
    {
        ProfilesContext c;
        c.appProfilesFile = m_dir->filePath(QStringLiteral("profiles.ini"));
        c.keychainService = QStringLiteral("dmsx-test-sso-profile-dialog");
        c.environment = environment();
        c.openUrl = [this](const QUrl& url) {
            m_opened.append(url);
            return true;
        };
        return c;
    }

    // Name, start URL and region typed, signed in (approved by the simulator), accounts listed.
    bool signIn(SsoProfileDialog& dialog, const QString& name)
    {
        dialog.findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->setText(name);
        dialog.findChild<QLineEdit*>(QStringLiteral("startUrlLineEdit"))
            ->setText(QStringLiteral("https://d-9067c0ffee.awsapps.com/start"));
        dialog.findChild<QComboBox*>(QStringLiteral("ssoRegionComboBox"))
            ->setCurrentText(QStringLiteral("us-east-1"));
        QSignalSpy opened(&dialog, &SsoProfileDialog::signInDialogOpened);
        QSignalSpy roles(&dialog, &SsoProfileDialog::rolesLoaded);
        dialog.findChild<QPushButton*>(QStringLiteral("signInPushButton"))->click();
        if (opened.isEmpty() || !dialog.signInDialog())
            return false;
        SsoSignInDialog* signIn = dialog.signInDialog();
        if (signIn->userCode().isEmpty() && !QSignalSpy(signIn, &SsoSignInDialog::codeShown).wait(20000))
            return false;
        if (!m_sim->approveDeviceAuthorization(signIn->userCode()))
            return false;
        return roles.wait(30000);
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sim = windowtest::startSimulator(scenario());
        QVERIFY(m_sim);
        m_opened.clear();
    }
    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void picksAccountAndRoleThenTheWindowConnects()
    {
        ProfilesDialog profiles(context());
        QSignalSpy added(&profiles, &ProfilesDialog::profileAdded);
        profiles.findChild<QPushButton*>(QStringLiteral("addSsoPushButton"))->click();
        SsoProfileDialog* dialog = profiles.ssoEditor();
        QVERIFY(dialog);
        auto* save = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save);
        QVERIFY(!save->isEnabled());
        QVERIFY(signIn(*dialog, QStringLiteral("dba-sso")));
        QCOMPARE(m_opened.size(), 1);

        auto* accounts = dialog->findChild<QComboBox*>(QStringLiteral("accountComboBox"));
        auto* roles = dialog->findChild<QComboBox*>(QStringLiteral("roleComboBox"));
        QCOMPARE(accounts->count(), 2);
        QCOMPARE(accounts->itemText(1), QStringLiteral("dba-staging (444455556666)"));
        QCOMPARE(roles->count(), 1); // the first account's
        QSignalSpy rolesLoaded(dialog, &SsoProfileDialog::rolesLoaded);
        accounts->setCurrentIndex(1);
        QVERIFY(rolesLoaded.wait(30000));
        QCOMPARE(roles->count(), 3);
        QCOMPARE(roles->itemText(0), QStringLiteral("DmsOperator"));
        roles->setCurrentText(QStringLiteral("PowerUser"));
        QVERIFY(save->isEnabled());
        save->click();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().at(0).value<ProfileKey>(), ProfileKey::app(QStringLiteral("dba-sso")));

        const std::optional<AppProfileStore::Profile> saved =
            AppProfileStore(m_dir->filePath(QStringLiteral("profiles.ini")))
                .profile(QStringLiteral("dba-sso"));
        QVERIFY(saved);
        QVERIFY(saved->isSso());
        QCOMPARE(saved->ssoStartUrl, QStringLiteral("https://d-9067c0ffee.awsapps.com/start"));
        QCOMPARE(saved->ssoRegion, QStringLiteral("us-east-1"));
        QCOMPARE(saved->ssoAccountId, QStringLiteral("444455556666"));
        QCOMPARE(saved->ssoRoleName, QStringLiteral("PowerUser"));
        QCOMPARE(saved->region, QStringLiteral("us-east-1"));
        // Nothing was asked of ~/.aws.
        QVERIFY(!QFile::exists(awsConfig()));

        // The window connects with the new profile on the token of that sign-in: no second one.
        MainWindowOptions o = windowtest::scratchWindowOptions(*m_dir);
        o.environment = environment();
        o.keychainService = QStringLiteral("dmsx-test-sso-profile-dialog");
        MainWindow window(o);
        window.setCurrentProfileKey(ProfileKey::app(QStringLiteral("dba-sso")));
        QVERIFY(windowtest::startAndWait(window));
        QVERIFY2(window.state() == MainWindow::State::Ready,
                 qPrintable(window.lastFault() ? window.lastFault()->message : window.emptyStateTitle()));
        QCOMPARE(window.projectsModel()->rowCount(), 1);
        QVERIFY(window.signOutAction()->isEnabled());
    }

    void savesToTheAwsConfigOnlyWhenAsked()
    {
        ProfilesDialog profiles(context());
        profiles.findChild<QPushButton*>(QStringLiteral("addSsoPushButton"))->click();
        SsoProfileDialog* dialog = profiles.ssoEditor();
        QVERIFY(dialog);
        QVERIFY(signIn(*dialog, QStringLiteral("dba-cli")));
        dialog->findChild<QCheckBox*>(QStringLiteral("saveToAwsConfigCheckBox"))->setChecked(true);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
        QCOMPARE(dialog->result(), int(QDialog::Accepted));

        // As `aws configure sso` writes it, so the AWS CLI uses the same sign-in.
        const Result<SsoProfileConfig> read =
            SsoProfileReader::fromProfile(AwsConfigFile::load(environment()), QStringLiteral("dba-cli"));
        QVERIFY2(read.ok(), qPrintable(read.fault().message));
        QCOMPARE(read->sessionName, QStringLiteral("dba-cli"));
        QCOMPARE(read->startUrl, QStringLiteral("https://d-9067c0ffee.awsapps.com/start"));
        QCOMPARE(read->ssoRegion, QStringLiteral("us-east-1"));
        QCOMPARE(read->accountId, QStringLiteral("111122223333"));
        QCOMPARE(read->roleName, QStringLiteral("DmsOperator"));
        QCOMPARE(read->registrationScopes, QStringList{QStringLiteral("sso:account:access")});
        QFile file(awsConfig());
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());

        // A second profile of that name in the file is refused there: nothing is overwritten.
        const QByteArray before = [&] {
            QFile f(awsConfig());
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(AppProfileStore(m_dir->filePath(QStringLiteral("profiles.ini")))
                    .remove(QStringLiteral("dba-cli"))
                    .ok());
        profiles.findChild<QPushButton*>(QStringLiteral("addSsoPushButton"))->click();
        SsoProfileDialog* again = profiles.ssoEditor();
        QVERIFY(again && again != dialog);
        QVERIFY(signIn(*again, QStringLiteral("dba-cli")));
        again->findChild<QCheckBox*>(QStringLiteral("saveToAwsConfigCheckBox"))->setChecked(true);
        again->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
        QVERIFY(again->isVisible());
        QVERIFY2(again->statusText().contains(QStringLiteral("already has a profile named dba-cli")),
                 qPrintable(again->statusText()));
        QFile after(awsConfig());
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before);
        QVERIFY(!AppProfileStore(m_dir->filePath(QStringLiteral("profiles.ini")))
                     .contains(QStringLiteral("dba-cli")));
    }
};

QTEST_MAIN(TestSsoProfileDialog)
#include "tst_ssoprofiledialog.moc"
