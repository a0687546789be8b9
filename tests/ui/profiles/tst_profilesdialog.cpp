// The profiles dialog, the profile editor, the keychain banner and the MFA prompt, on the offscreen
// platform against the real gnome-keyring of scripts/with-session.sh (entries proved with
// secret-tool), real profile index files, and the simulator in-process for Test. A child process of
// this executable, started with a dead D-Bus address, shows the window with no Secret Service at
// all: the banner, then session-only keys that list the projects without being written anywhere.
#include "DmsSimulator.h"
#include "KeyringTestSupport.h"
#include "ScriptedPrompts.h"
#include "WindowTestSupport.h"
#include "base/AppIdentity.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainStore.h"
#include "profiles/KeychainBanner.h"
#include "profiles/MfaCodeDialog.h"
#include "profiles/ProfileEditorDialog.h"
#include "profiles/ProfilesDialog.h"
#include "profiles/ProfilesModel.h"
#include "projects/ProjectsModel.h"
#include "widgets/Prompts.h"
#include "window/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <iostream>
#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using keyringtest::filesContaining;
using keyringtest::secretToolLookup;

namespace {

const QString kAccessKeyId = QStringLiteral("AKIAPROFILESDIALOG01");
const QString kSecret = QStringLiteral("ProfilesDialogSecret/Zz+cccccccccccccccccccccccc3");
const QString kSessionChildArg = QStringLiteral("--session-only-child");

QString uniqueSuffix()
{
    return QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-') +
           QString::number(QRandomGenerator::global()->generate(), 16);
}

void writeFile(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

QPushButton* dialogButton(QWidget* dialog, QDialogButtonBox::StandardButton which)
{
    return dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))->button(which);
}

template <typename W> W* child(QObject* parent, const char* name)
{
    return parent->findChild<W*>(QString::fromLatin1(name));
}

// Every text a person (or a screen reader) could get from the widgets below `root`.
QStringList visibleTexts(QWidget* root)
{
    QStringList out{root->windowTitle(), root->accessibleName(), root->accessibleDescription()};
    for (QWidget* w : root->findChildren<QWidget*>()) {
        out << w->toolTip() << w->accessibleName() << w->accessibleDescription() << w->whatsThis();
        if (auto* e = qobject_cast<QLineEdit*>(w))
            out << e->text() << e->displayText() << e->placeholderText();
        if (auto* l = qobject_cast<QLabel*>(w))
            out << l->text();
        if (auto* c = qobject_cast<QComboBox*>(w))
            out << c->currentText();
        if (auto* b = qobject_cast<QAbstractButton*>(w))
            out << b->text();
    }
    return out;
}

// Points this process's HOME and XDG folders below `root` until destroyed: a default location
// (QStandardPaths, QDir::homePath()) taken by mistake then lands in the test's folder, never in the
// user's configuration or profiles.
class ScopedScratchHome
{
public:
    explicit ScopedScratchHome(const QString& root)
    {
        set("HOME", root + QStringLiteral("/home"));
        set("XDG_CONFIG_HOME", root + QStringLiteral("/config"));
        set("XDG_DATA_HOME", root + QStringLiteral("/data"));
    }
    ~ScopedScratchHome()
    {
        for (const Saved& s : std::as_const(m_saved)) {
            if (s.wasSet)
                qputenv(s.name, s.value);
            else
                qunsetenv(s.name);
        }
    }
    ScopedScratchHome(const ScopedScratchHome&) = delete;
    ScopedScratchHome& operator=(const ScopedScratchHome&) = delete;

private:
    struct Saved
    {
        const char* name;
        bool wasSet;
        QByteArray value;
    };
    void set(const char* name, const QString& value)
    {
        m_saved.append({name, qEnvironmentVariableIsSet(name), qgetenv(name)});
        qputenv(name, QFile::encodeName(value));
    }
    QList<Saved> m_saved;
};

// The child: the window in a session without a Secret Service. Adds a profile through the window's
// editor, takes the session-only offer and reports what it saw as JSON on stdout.
int sessionOnlyChildMain(const QString& dir)
{
    DmsSimulator sim;
    if (!sim.loadDemoScenario().ok() || !sim.listen(QHostAddress::LocalHost, 0).ok())
        return 3;
    MainWindowOptions o;
    o.settingsFile = dir + QStringLiteral("/settings.ini");
    o.historyFile = dir + QStringLiteral("/history.sqlite");
    o.appProfilesFile = dir + QStringLiteral("/profiles.ini");
    o.keychainService = QStringLiteral("dmsx-test-profiles-nosvc");
    MainWindow window(o);
    window.show();
    window.start();
    window.addProfile();
    QJsonObject out;
    auto* editor = window.findChild<ProfileEditorDialog*>();
    if (!editor)
        return 4;
    if (!QTest::qWaitFor([editor] { return editor->keychainAvailability().has_value(); }, 60000))
        return 5;
    out.insert(QStringLiteral("availability"), int(*editor->keychainAvailability()));
    out.insert(QStringLiteral("bannerVisible"), editor->keychainBanner()->isVisible());
    out.insert(QStringLiteral("bannerText"), editor->keychainBanner()->text());
    out.insert(QStringLiteral("sessionOffered"), editor->keychainBanner()->sessionOnlyOffered());
    const AwsCredentials demo = DmsSimulator::demoCredentials();
    QTest::keyClicks(child<QLineEdit>(editor, "nameLineEdit"), QStringLiteral("offline"));
    QTest::keyClicks(child<QLineEdit>(editor, "accessKeyIdLineEdit"), demo.accessKeyId);
    QTest::keyClicks(child<QLineEdit>(editor, "secretAccessKeyLineEdit"), demo.secretAccessKey);
    child<QComboBox>(editor, "regionComboBox")->setCurrentText(sim.region());
    QTest::keyClicks(child<QLineEdit>(editor, "endpointLineEdit"), sim.serverUrl().toString());
    // Save first: refused, with the keychain's reason, and nothing written.
    dialogButton(editor, QDialogButtonBox::Save)->click();
    if (!QTest::qWaitFor([editor] { return !editor->isBusy() && !editor->statusText().isEmpty(); }, 60000))
        return 6;
    out.insert(QStringLiteral("saveRefused"), editor->statusText());
    QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
    child<QPushButton>(editor, "sessionOnlyPushButton")->click();
    loaded.wait(60000);
    out.insert(QStringLiteral("profileKey"), window.currentProfileKey().toString());
    out.insert(QStringLiteral("state"), int(window.state()));
    out.insert(QStringLiteral("projects"), window.projectsModel()->rowCount());
    auto* mark = child<QLabel>(&window, "sessionOnlyLabel");
    out.insert(QStringLiteral("markVisible"), mark && mark->isVisible());
    out.insert(QStringLiteral("markName"), mark ? mark->accessibleName() : QString());
    out.insert(QStringLiteral("markTip"), mark ? mark->toolTip() : QString());
    out.insert(QStringLiteral("indexExists"), QFile::exists(o.appProfilesFile));
    std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << std::endl;
    return 0;
}

} // namespace

class TestProfilesDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_service;
    QStringList m_profilesToClean;

    QString home() const { return m_dir->filePath(QStringLiteral("home")); }

    ProfilesContext context() const
    {
        ProfilesContext c;
        c.appProfilesFile = m_dir->filePath(QStringLiteral("profiles.ini"));
        c.keychainService = m_service;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                 "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), home());
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), home() + QStringLiteral("/.aws/config"));
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                   home() + QStringLiteral("/.aws/credentials"));
        c.environment = env;
        return c;
    }

    static ProfileEditorDialog* openedEditor(ProfilesDialog& dialog, const char* button)
    {
        child<QPushButton>(&dialog, button)->click();
        if (!QTest::qWaitFor([&dialog] { return dialog.editor() != nullptr; }, 10000))
            return nullptr;
        ProfileEditorDialog* editor = dialog.editor();
        if (!QTest::qWaitFor([editor] { return editor->keychainAvailability().has_value(); }, 60000))
            return nullptr;
        return editor;
    }

    // Types a new profile into the editor opened by Add… and saves it; true once the dialog lists it.
    static bool saveNewProfile(ProfilesDialog& dialog, ProfileEditorDialog* editor,
                               const AppProfileStore::Profile& profile, const QString& accessKeyId,
                               const QString& secret)
    {
        QTest::keyClicks(child<QLineEdit>(editor, "nameLineEdit"), profile.name);
        QTest::keyClicks(child<QLineEdit>(editor, "accessKeyIdLineEdit"), accessKeyId);
        QTest::keyClicks(child<QLineEdit>(editor, "secretAccessKeyLineEdit"), secret);
        child<QComboBox>(editor, "regionComboBox")->setCurrentText(profile.region);
        QTest::keyClicks(child<QLineEdit>(editor, "endpointLineEdit"), profile.endpointUrl);
        QSignalSpy changed(&dialog, &ProfilesDialog::profilesChanged);
        QTest::mouseClick(dialogButton(editor, QDialogButtonBox::Save), Qt::LeftButton);
        return changed.wait(60000) && dialog.model()->rowForKey(ProfileKey::app(profile.name)) >= 0;
    }

    void deleteKeys(const QString& profile)
    {
        KeychainStore store(m_service);
        QEventLoop loop;
        bool done = false;
        store.deleteCredentials(profile, &loop, [&](const Result<void>&) {
            done = true;
            loop.quit();
        });
        if (!done)
            loop.exec();
    }

    void storeKeys(const QString& profile, const QString& id, const QString& secret)
    {
        KeychainStore store(m_service);
        std::optional<Result<void>> r;
        store.writeCredentials(profile, id, secret, this, [&](const Result<void>& w) { r = w; });
        QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 60000);
        QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->fault().message));
        m_profilesToClean << profile;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(QDir().mkpath(home()));
        m_service = QStringLiteral("dmsx-test-profiles-") + uniqueSuffix();
        m_profilesToClean.clear();
    }

    void cleanup()
    {
        for (const QString& p : std::as_const(m_profilesToClean))
            deleteKeys(p);
        m_dir.reset();
    }

    void modelListsAppAndAwsProfiles()
    {
        writeFile(home() + QStringLiteral("/.aws/credentials"),
                  "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = abc/def\n");
        writeFile(home() + QStringLiteral("/.aws/config"),
                  "[profile ops]\nrole_arn = arn:aws:iam::111122223333:role/Ops\nsource_profile = default\n"
                  "[profile sso]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"
                  "sso_account_id = 111122223333\nsso_role_name = Dev\n");
        ProfilesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AppProfileStore::Profile prod{QStringLiteral("prod"), QStringLiteral("eu-west-1"), QString(),
                                      QStringLiteral("arn:aws:iam::111122223333:role/Dms"), QString()};
        AppProfileStore::Profile dev{QStringLiteral("dev"), QStringLiteral("us-east-1"),
                                     QStringLiteral("https://dms.example.test"), QString(), QString()};
        model.setProfiles({dev, prod}, AwsProfileSummary::list(context().loadAwsFiles()));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.appProfileCount(), 2);
        QCOMPARE(model.index(1, ProfilesModel::NameColumn).data().toString(), QStringLiteral("prod"));
        QCOMPARE(model.index(1, ProfilesModel::RoleColumn).data().toString(), prod.roleArn);
        QCOMPARE(model.index(0, ProfilesModel::EndpointColumn).data().toString(), dev.endpointUrl);
        QCOMPARE(model.index(1, 0).data(ProfilesModel::KeyRole).value<ProfileKey>(),
                 ProfileKey::app(QStringLiteral("prod")));
        QCOMPARE(model.rowForKey(ProfileKey::aws(QStringLiteral("sso"))), 4);
        QVERIFY(model.index(4, ProfilesModel::TypeColumn).data().toString().contains(QLatin1String("SSO")));
        QVERIFY(model.index(3, ProfilesModel::TypeColumn).data().toString().contains(QLatin1String("role")));
        QVERIFY(model.index(2, ProfilesModel::LocationColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("credentials")));
        QVERIFY(!model.isAppProfile(2));
        QVERIFY(model.awsProfile(2).has_value());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setKeysStatus(QStringLiteral("prod"), QStringLiteral("in the keychain (AKIA…0001)"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(1, ProfilesModel::CredentialsColumn).data().toString(),
                 QStringLiteral("in the keychain (AKIA…0001)"));
        model.setProfiles({}, {});
        QCOMPARE(model.rowCount(), 0);
    }

    // Add through the widgets, "restart", edit without ever seeing the secret, remove everywhere.
    void addRestartEditRemove()
    {
        const QString name = QStringLiteral("gui-") + uniqueSuffix();
        m_profilesToClean << name;
        const ProfileKey key = ProfileKey::app(name);
        {
            ProfilesDialog dialog(context());
            dialog.show();
            ProfileEditorDialog* editor = openedEditor(dialog, "addPushButton");
            QVERIFY(editor);
            QCOMPARE(*editor->keychainAvailability(), KeychainStore::Availability::Available);
            QVERIFY(!editor->keychainBanner()->isVisible());
            QCOMPARE(editor->secretAccessKeyLineEdit()->echoMode(), QLineEdit::Password);
            QVERIFY(saveNewProfile(
                dialog, editor,
                {name, QStringLiteral("eu-west-1"), QStringLiteral("https://dms.example.test"), {}, {}},
                kAccessKeyId, kSecret));
        }
        // A new dialog reads everything again: the profile is listed and its keys are in the keyring.
        ProfilesDialog dialog(context());
        QSignalSpy keysLoaded(&dialog, &ProfilesDialog::keysStatusLoaded);
        QVERIFY(keysLoaded.wait(60000));
        const int row = dialog.model()->rowForKey(key);
        QVERIFY(row >= 0);
        QCOMPARE(dialog.model()->index(row, ProfilesModel::RegionColumn).data().toString(),
                 QStringLiteral("eu-west-1"));
        const QString keysText =
            dialog.model()->index(row, ProfilesModel::CredentialsColumn).data().toString();
        QVERIFY2(keysText.contains(QLatin1String("in the keychain")) && !keysText.contains(kAccessKeyId),
                 qPrintable(keysText));
        const auto id =
            secretToolLookup(m_service, KeychainStore::entryKey(name, KeychainStore::kAccessKeyIdField));
        QCOMPARE(id.exitCode, 0);
        QCOMPARE(QString::fromUtf8(id.value), kAccessKeyId);
        const auto secret =
            secretToolLookup(m_service, KeychainStore::entryKey(name, KeychainStore::kSecretAccessKeyField));
        QCOMPARE(secret.exitCode, 0);
        QVERIFY(secret.value == kSecret.toUtf8()); // not QCOMPARE: a failure would print the secret
        QVERIFY(filesContaining({m_dir->path()}, {kSecret}).isEmpty());

        // Edit: the stored keys are never read back into the editor.
        dialog.show();
        QVERIFY(dialog.selectProfile(key));
        ProfileEditorDialog* editor = openedEditor(dialog, "editPushButton");
        QVERIFY(editor);
        QCOMPARE(editor->mode(), ProfileEditorDialog::Mode::Edit);
        QVERIFY(editor->secretAccessKeyLineEdit()->text().isEmpty());
        QVERIFY(editor->secretAccessKeyLineEdit()->placeholderText().contains(
            QLatin1String("leave empty to keep")));
        QVERIFY(child<QLineEdit>(editor, "accessKeyIdLineEdit")->text().isEmpty());
        for (const QString& text : visibleTexts(editor))
            QVERIFY2(!text.contains(kSecret) && !text.contains(kAccessKeyId), "a stored key is shown");
        for (const QString& text : visibleTexts(&dialog))
            QVERIFY2(!text.contains(kSecret), "the secret is shown");
        child<QComboBox>(editor, "regionComboBox")->setCurrentText(QStringLiteral("us-west-2"));
        QSignalSpy changed(&dialog, &ProfilesDialog::profilesChanged);
        QTest::mouseClick(dialogButton(editor, QDialogButtonBox::Save), Qt::LeftButton);
        QVERIFY(changed.wait(60000));
        QCOMPARE(AppProfileStore(context().profilesFile()).profile(name)->region,
                 QStringLiteral("us-west-2"));
        QVERIFY(
            secretToolLookup(m_service, KeychainStore::entryKey(name, KeychainStore::kSecretAccessKeyField))
                .value == kSecret.toUtf8()); // kept

        // Remove: confirmed through Prompts; gone from the list, the index and the keyring.
        QVERIFY(dialog.selectProfile(key));
        windowtest::ScriptedPrompts prompts;
        prompts.messageAnswers = {QMessageBox::Yes};
        QSignalSpy removed(&dialog, &ProfilesDialog::removeFinished);
        QTest::mouseClick(child<QPushButton>(&dialog, "removePushButton"), Qt::LeftButton);
        QVERIFY(removed.wait(60000));
        QCOMPARE(prompts.messages.size(), 1);
        QCOMPARE(prompts.messages.last().icon, QMessageBox::Question);
        QVERIFY(prompts.messages.last().text.contains(name));
        QCOMPARE(dialog.model()->rowForKey(key), -1);
        QVERIFY(!AppProfileStore(context().profilesFile()).contains(name));
        QFile index(context().profilesFile());
        QVERIFY(index.open(QIODevice::ReadOnly));
        QVERIFY(!index.readAll().contains(name.toUtf8()));
        QCOMPARE(secretToolLookup(m_service, KeychainStore::entryKey(name, KeychainStore::kAccessKeyIdField))
                     .exitCode,
                 1);
        QCOMPARE(
            secretToolLookup(m_service, KeychainStore::entryKey(name, KeychainStore::kSecretAccessKeyField))
                .exitCode,
            1);
    }

    // At the window: a profile added in the dialogs is offered by a new window, which lists
    // the simulator's projects with the keys it reads back from the keyring; once removed, a new
    // window no longer offers it and the keyring holds neither key.
    void restartedWindowConnectsWithTheSavedProfile()
    {
        const ScopedScratchHome scratch(m_dir->path());
        QVERIFY(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                    .startsWith(m_dir->path()));
        const std::unique_ptr<DmsSimulator> sim = windowtest::startSimulator();
        QVERIFY(sim);
        const AwsCredentials demo = DmsSimulator::demoCredentials();
        const QString name = QStringLiteral("win-") + uniqueSuffix();
        m_profilesToClean << name;
        const ProfileKey key = ProfileKey::app(name);
        {
            ProfilesDialog dialog(context());
            dialog.show();
            ProfileEditorDialog* editor = openedEditor(dialog, "addPushButton");
            QVERIFY(editor);
            QCOMPARE(*editor->keychainAvailability(), KeychainStore::Availability::Available);
            QVERIFY(saveNewProfile(dialog, editor, {name, sim->region(), sim->serverUrl().toString(), {}, {}},
                                   demo.accessKeyId, demo.secretAccessKey));
        }

        // "Restart": a new window on the same profile index and keychain service, with a home of
        // its own (no ~/.aws) and no AWS variable: the keys can only come from the keyring.
        MainWindowOptions o = windowtest::scratchWindowOptions(*m_dir);
        o.appProfilesFile = context().profilesFile();
        o.keychainService = m_service;
        o.environment = windowtest::scratchEnvironment(home(), m_dir->path());
        o.ignoreSharedFiles = false;
        QVERIFY(!QFile::exists(home() + QStringLiteral("/.aws")));
        {
            MainWindow window(o);
            auto* profiles = child<QComboBox>(&window, "profileComboBox");
            QVERIFY(profiles->findData(QVariant::fromValue(key)) >= 0);
            window.setCurrentProfileKey(key);
            window.setCurrentRegion(sim->region());
            QCOMPARE(window.currentProfileKey(), key);
            QVERIFY(windowtest::startAndWait(window));
            QCOMPARE(window.state(), MainWindow::State::Ready);
            QVERIFY(window.projectsModel()->rowCount() > 0);
            QCOMPARE(window.projectsModel()->rowCount(), int(sim->scenario().projects.size()));
            // Signed with the demo key pair: the access key ID named, the signature valid.
            QVERIFY(windowtest::requestCount(*sim, QStringLiteral("DescribeMigrationProjects")) > 0);
            for (const QJsonValue& entry : sim->requestLog()) {
                const QJsonObject request = entry.toObject();
                if (request.value(QStringLiteral("operation")).toString() !=
                    QLatin1String("DescribeMigrationProjects"))
                    continue;
                QCOMPARE(request.value(QStringLiteral("accessKeyId")).toString(), demo.accessKeyId);
                QVERIFY(request.value(QStringLiteral("signatureValid")).toBool());
            }
            window.close();
        }
        QVERIFY(filesContaining({m_dir->path()}, {demo.secretAccessKey}).isEmpty());

        // Removed in the dialog: gone from a new window's list and from the keyring.
        {
            ProfilesDialog dialog(context());
            dialog.show();
            QVERIFY(dialog.selectProfile(key));
            windowtest::ScriptedPrompts prompts;
            prompts.messageAnswers = {QMessageBox::Yes};
            QSignalSpy removed(&dialog, &ProfilesDialog::removeFinished);
            QTest::mouseClick(child<QPushButton>(&dialog, "removePushButton"), Qt::LeftButton);
            QVERIFY(removed.wait(60000));
            QCOMPARE(dialog.model()->rowForKey(key), -1);
        }
        MainWindow again(o);
        QCOMPARE(child<QComboBox>(&again, "profileComboBox")->findData(QVariant::fromValue(key)), -1);
        QVERIFY(again.currentProfileKey() != key); // remembered by the first window, no longer there
        for (const QString& field : {KeychainStore::kAccessKeyIdField, KeychainStore::kSecretAccessKeyField})
            QCOMPARE(secretToolLookup(m_service, KeychainStore::entryKey(name, field)).exitCode, 1);
        // Nothing fell back to the default locations of the application's files.
        QVERIFY(!QFile::exists(AppIdentity::configDirectory()));
        QVERIFY(!QFile::exists(AppIdentity::dataDirectory()));
    }

    void removeAnsweredNoKeepsTheProfile()
    {
        const QString name = QStringLiteral("keep-") + uniqueSuffix();
        storeKeys(name, kAccessKeyId, kSecret);
        QVERIFY(AppProfileStore(context().profilesFile()).save({name, {}, {}, {}, {}}).ok());
        ProfilesDialog dialog(context());
        QVERIFY(dialog.selectProfile(ProfileKey::app(name)));
        windowtest::ScriptedPrompts prompts;
        prompts.messageAnswers = {QMessageBox::No};
        QSignalSpy removed(&dialog, &ProfilesDialog::removeFinished);
        child<QPushButton>(&dialog, "removePushButton")->click();
        QTRY_COMPARE(removed.count(), 1);
        QVERIFY(AppProfileStore(context().profilesFile()).contains(name));
        QCOMPARE(secretToolLookup(m_service, KeychainStore::entryKey(name, KeychainStore::kAccessKeyIdField))
                     .exitCode,
                 0);
    }

    // Test runs GetCallerIdentity through the profile's real chain: keychain keys, the
    // simulator's STS named by AWS_ENDPOINT_URL_STS (the profile's endpoint is DMS only).
    void testShowsTheAccount()
    {
        DmsSimulator sim;
        QVERIFY(sim.loadDemoScenario().ok());
        QVERIFY(sim.listen(QHostAddress::LocalHost, 0).ok());
        const QString name = QStringLiteral("sim-") + uniqueSuffix();
        const AwsCredentials demo = DmsSimulator::demoCredentials();
        storeKeys(name, demo.accessKeyId, demo.secretAccessKey);
        QVERIFY(AppProfileStore(context().profilesFile())
                    .save({name, sim.region(), sim.serverUrl().toString(), {}, {}})
                    .ok());
        ProfilesContext withSts = context();
        withSts.environment.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), sim.serverUrl().toString());
        ProfilesDialog dialog(withSts);
        dialog.show();
        QVERIFY(dialog.selectProfile(ProfileKey::app(name)));
        QSignalSpy tested(&dialog, &ProfilesDialog::testFinished);
        QTest::mouseClick(child<QPushButton>(&dialog, "testPushButton"), Qt::LeftButton);
        QVERIFY(tested.wait(60000));
        QVERIFY2(dialog.testResultText().contains(QLatin1String("111122223333")),
                 qPrintable(dialog.testResultText()));
        QVERIFY2(dialog.testResultText().contains(QLatin1String("keychain")),
                 qPrintable(dialog.testResultText()));
        QVERIFY(dialog.loginCommand().isEmpty());
        QVERIFY(!dialog.testResultText().contains(demo.secretAccessKey));
    }

    // An SSO profile without a login: the catalogue's words and the exact command, copyable.
    void testOfSsoProfileWithoutLoginOffersTheCommand()
    {
        writeFile(
            home() + QStringLiteral("/.aws/config"),
            "[profile corp-dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
            "sso_account_id = 111122223333\nsso_role_name = Dev\nregion = us-east-1\n");
        ProfilesDialog dialog(context());
        dialog.show();
        QVERIFY(dialog.selectProfile(ProfileKey::aws(QStringLiteral("corp-dev"))));
        QVERIFY(!child<QPushButton>(&dialog, "editPushButton")->isEnabled());   // AWS profiles are read-only
        QVERIFY(!child<QPushButton>(&dialog, "importPushButton")->isEnabled()); // no keys to import
        QSignalSpy tested(&dialog, &ProfilesDialog::testFinished);
        child<QPushButton>(&dialog, "testPushButton")->click();
        QVERIFY(tested.wait(60000));
        QCOMPARE(dialog.loginCommand(), QStringLiteral("dms-extpack-cli sso login --profile corp-dev"));
        QVERIFY2(dialog.testResultText().contains(QLatin1String("not signed in to IAM Identity Center")),
                 qPrintable(dialog.testResultText()));
        QVERIFY(child<QWidget>(&dialog, "loginCommandWidget")->isVisible());
        QApplication::clipboard()->clear();
        QTest::mouseClick(child<QPushButton>(&dialog, "copyCommandPushButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("dms-extpack-cli sso login --profile corp-dev"));
    }

    // Import… copies an AWS keys profile into the keychain, as `profiles import` does.
    void importCopiesKeysIntoTheKeychain()
    {
        const QString source = QStringLiteral("imp-") + uniqueSuffix();
        m_profilesToClean << source;
        writeFile(
            home() + QStringLiteral("/.aws/credentials"),
            QStringLiteral("[%1]\naws_access_key_id = %2\naws_secret_access_key = %3\nregion = eu-north-1\n")
                .arg(source, kAccessKeyId, kSecret)
                .toUtf8());
        ProfilesDialog dialog(context());
        dialog.show();
        QVERIFY(dialog.selectProfile(ProfileKey::aws(source)));
        QVERIFY(child<QPushButton>(&dialog, "importPushButton")->isEnabled());
        ProfileEditorDialog* editor = openedEditor(dialog, "importPushButton");
        QVERIFY(editor);
        QCOMPARE(editor->mode(), ProfileEditorDialog::Mode::Import);
        QVERIFY(!child<QLineEdit>(editor, "secretAccessKeyLineEdit")->isEnabled());
        for (const QString& text : visibleTexts(editor))
            QVERIFY2(!text.contains(kSecret), "the imported secret is shown");
        QSignalSpy changed(&dialog, &ProfilesDialog::profilesChanged);
        dialogButton(editor, QDialogButtonBox::Save)->click();
        QVERIFY(changed.wait(60000));
        const auto saved = AppProfileStore(context().profilesFile()).profile(source);
        QVERIFY(saved.has_value());
        QCOMPARE(saved->region, QStringLiteral("eu-north-1"));
        QVERIFY(saved->importedFrom.contains(QLatin1String("credentials")));
        QVERIFY(
            secretToolLookup(m_service, KeychainStore::entryKey(source, KeychainStore::kSecretAccessKeyField))
                .value == kSecret.toUtf8());
        QVERIFY(dialog.model()->rowForKey(ProfileKey::app(source)) >= 0);
    }

    void editorValidatesBeforeTouchingTheKeychain()
    {
        ProfilesContext c = context();
        c.assumedKeychain = KeychainStore::Availability::Available;
        ProfileEditorDialog editor(c);
        editor.show();
        QTest::keyClicks(child<QLineEdit>(&editor, "nameLineEdit"), QStringLiteral("bad name"));
        dialogButton(&editor, QDialogButtonBox::Save)->click();
        QVERIFY(editor.statusText().contains(QLatin1String("name")));
        QVERIFY(editor.isVisible());
        child<QLineEdit>(&editor, "nameLineEdit")->setText(QStringLiteral("ok"));
        QTest::keyClicks(child<QLineEdit>(&editor, "accessKeyIdLineEdit"), QStringLiteral("short"));
        dialogButton(&editor, QDialogButtonBox::Save)->click();
        QVERIFY(editor.statusText().contains(QLatin1String("access key ID")));
        QVERIFY(!QFile::exists(c.profilesFile()));
    }

    // The banner's words come from the catalogue: which state, and how to fix it.
    // File > Profiles… > Add…: once the dialog closes, the window uses the profile just added.
    void aProfileAddedFromTheWindowBecomesTheSelectedOne()
    {
        const ScopedScratchHome scratch(m_dir->path());
        const std::unique_ptr<DmsSimulator> sim = windowtest::startSimulator();
        QVERIFY(sim);
        const AwsCredentials demo = DmsSimulator::demoCredentials();
        const QString name = QStringLiteral("added-") + uniqueSuffix();
        m_profilesToClean << name;
        MainWindowOptions o = windowtest::scratchWindowOptions(*m_dir);
        o.appProfilesFile = context().profilesFile();
        o.keychainService = m_service;
        o.environment = windowtest::scratchEnvironment(home(), m_dir->path());
        o.ignoreSharedFiles = false;
        o.demo = windowtest::demoProfile(*sim);
        MainWindow window(o);
        window.setCurrentProfileKey(ProfileKey::demo(o.demo->name));
        window.setCurrentRegion(sim->region());
        QVERIFY(windowtest::startAndWait(window));
        QCOMPARE(window.currentProfileKey(), ProfileKey::demo(o.demo->name));

        window.findChild<QAction*>(QStringLiteral("profilesAction"))->trigger();
        auto* dialog = window.findChild<ProfilesDialog*>();
        QVERIFY(dialog);
        ProfileEditorDialog* editor = openedEditor(*dialog, "addPushButton");
        QVERIFY(editor);
        QCOMPARE(*editor->keychainAvailability(), KeychainStore::Availability::Available);
        QVERIFY(saveNewProfile(*dialog, editor, {name, sim->region(), sim->serverUrl().toString(), {}, {}},
                               demo.accessKeyId, demo.secretAccessKey));
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        dialog->accept();
        QCOMPARE(window.currentProfileKey(), ProfileKey::app(name));
        QVERIFY(loaded.wait(60000));
        QCOMPARE(window.state(), MainWindow::State::Ready);
        window.close();
    }

    void lockedKeychainShowsTheBannerAndTheSessionOffer()
    {
        ProfilesContext c = context();
        c.assumedKeychain = KeychainStore::Availability::Locked;
        ProfileEditorDialog editor(c);
        editor.show();
        QTRY_VERIFY(editor.keychainAvailability().has_value());
        QVERIFY(editor.keychainBanner()->isVisible());
        QVERIFY2(editor.keychainBanner()->text().contains(QLatin1String("The keychain is locked")),
                 qPrintable(editor.keychainBanner()->text()));
        QVERIFY(editor.keychainBanner()->text().contains(QLatin1String("Unlock the keyring")));
        QVERIFY(editor.keychainBanner()->sessionOnlyOffered());
        QVERIFY(!editor.keychainBanner()->accessibleName().isEmpty());
        // A locked keyring can be unlocked from here: the desktop's own prompt asks.
        QVERIFY(editor.keychainBanner()->unlockOffered());
        auto* unlock = editor.keychainBanner()->findChild<QPushButton*>(QStringLiteral("unlockPushButton"));
        QVERIFY(unlock && unlock->isVisible() && !unlock->accessibleName().isEmpty());
        editor.keychainBanner()->showProbe(
            KeychainBanner::assumedProbe(KeychainStore::Availability::NoSecretService));
        QVERIFY(!editor.keychainBanner()->unlockOffered()); // nothing to unlock without a service

        c.assumedKeychain = KeychainStore::Availability::Available;
        ProfileEditorDialog fine(c);
        fine.show();
        QTRY_VERIFY(fine.keychainAvailability().has_value());
        QVERIFY(!fine.keychainBanner()->isVisible());
    }

    // No Secret Service at all (a child with a dead D-Bus address): the banner says so, saving is
    // refused, and "Use for this session only" lists the projects with keys that stay in memory.
    void noSecretServiceSessionOnlyConnects()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + m_dir->filePath(QStringLiteral("no-bus-here")));
        env.insert(QStringLiteral("HOME"), home());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
        for (const char* name :
             {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
            env.remove(QString::fromLatin1(name));
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QCoreApplication::applicationFilePath(), {kSessionChildArg, m_dir->path()});
        QVERIFY(p.waitForStarted(10000));
        QVERIFY(p.waitForFinished(120000));
        const QByteArray err = p.readAllStandardError();
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(o.value(QStringLiteral("availability")).toInt(),
                 int(KeychainStore::Availability::NoSecretService));
        QVERIFY(o.value(QStringLiteral("bannerVisible")).toBool());
        QVERIFY2(o.value(QStringLiteral("bannerText")).toString().contains(QLatin1String("not available")),
                 qPrintable(o.value(QStringLiteral("bannerText")).toString()));
        QVERIFY(o.value(QStringLiteral("sessionOffered")).toBool());
        QVERIFY2(o.value(QStringLiteral("saveRefused")).toString().startsWith(QLatin1String("Not saved")),
                 qPrintable(o.value(QStringLiteral("saveRefused")).toString()));
        QCOMPARE(o.value(QStringLiteral("profileKey")).toString(), QStringLiteral("session:offline"));
        QCOMPARE(o.value(QStringLiteral("state")).toInt(), int(MainWindow::State::Ready));
        QVERIFY(o.value(QStringLiteral("projects")).toInt() > 0);
        QVERIFY(o.value(QStringLiteral("markVisible")).toBool());
        QVERIFY(!o.value(QStringLiteral("markName")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("markTip")).toString().isEmpty());
        QVERIFY(!o.value(QStringLiteral("indexExists")).toBool());
        // The session's secret is in no file the child wrote (settings, history) and in no output.
        const QString secret = DmsSimulator::demoCredentials().secretAccessKey;
        QVERIFY(filesContaining({m_dir->path()}, {secret}).isEmpty());
        QVERIFY(!err.contains(secret.toUtf8()));
    }

    void mfaDialogTakesSixDigitsOnly()
    {
        MfaCodeDialog dialog(QStringLiteral("arn:aws:iam::111122223333:mfa/alice"));
        dialog.show();
        QPushButton* ok = dialogButton(&dialog, QDialogButtonBox::Ok);
        auto* code = child<QLineEdit>(&dialog, "codeLineEdit");
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(code, QStringLiteral("12a4"));
        QCOMPARE(code->text(), QStringLiteral("124")); // letters are refused
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(code, QStringLiteral("5678"));
        QCOMPARE(code->text(), QStringLiteral("124567")); // six at most
        QVERIFY(ok->isEnabled());
        QVERIFY(dialog.isCodeAcceptable());
    }

    void mfaPromptRepliesOnceWithTheCodeOrNothing()
    {
        QWidget parent;
        parent.show();
        std::optional<std::optional<QString>> answer;
        int replies = 0;
        Prompts::askMfaCode(&parent, QStringLiteral("arn:aws:iam::111122223333:mfa/alice"), &parent,
                            [&](std::optional<QString> code) {
                                answer = code;
                                ++replies;
                            });
        auto* dialog = parent.findChild<MfaCodeDialog*>();
        QVERIFY(dialog);
        dialog->reject();
        QCOMPARE(replies, 1);
        QVERIFY(answer.has_value() && !answer->has_value()); // cancelled: the chain's MfaCancelled

        Prompts::askMfaCode(&parent, QStringLiteral("arn:aws:iam::111122223333:mfa/alice"), &parent,
                            [&](std::optional<QString> code) {
                                answer = code;
                                ++replies;
                            });
        QTRY_VERIFY(parent.findChild<MfaCodeDialog*>() && parent.findChild<MfaCodeDialog*>() != dialog);
        dialog = parent.findChild<MfaCodeDialog*>();
        QTest::keyClicks(child<QLineEdit>(dialog, "codeLineEdit"), QStringLiteral("654321"));
        dialogButton(dialog, QDialogButtonBox::Ok)->click();
        QCOMPARE(replies, 2);
        QCOMPARE(answer->value_or(QString()), QStringLiteral("654321"));
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc > 2 && QString::fromLocal8Bit(argv[1]) == kSessionChildArg)
        return sessionOnlyChildMain(QString::fromLocal8Bit(argv[2]));
    TestProfilesDialog test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_profilesdialog.moc"
