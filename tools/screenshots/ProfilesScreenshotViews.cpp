#include "screenshots/ProfilesScreenshotViews.h"

#include "credentials/AppProfileStore.h"
#include "desktop/DemoSimulator.h"
#include "profiles/KeychainBanner.h"
#include "profiles/ProfileEditorDialog.h"
#include "profiles/ProfilesDialog.h"
#include "profiles/SsoSignInDialog.h"
#include "projects/ProjectsPane.h"
#include "screenshots/ScreenshotViews.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace dmsx::screenshots {

using namespace ui;

namespace {

void writeFile(const QString& path, const char* text)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(text);
}

// Two app profiles and an AWS CLI profile of each kind, in scratch files that live as long as the
// process; the keychain is assumed, never asked.
ProfilesContext sampleContext(KeychainStore::Availability keychain)
{
    static std::unique_ptr<QTemporaryDir> dir;
    if (!dir) {
        dir = std::make_unique<QTemporaryDir>();
        const QString aws = dir->filePath(QStringLiteral(".aws"));
        QDir().mkpath(aws);
        writeFile(aws + QStringLiteral("/credentials"),
                  "[default]\n"
                  "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                  "aws_secret_access_key = not-a-real-secret-for-screenshots\n");
        writeFile(
            aws + QStringLiteral("/config"),
            "[default]\nregion = eu-west-1\n\n"
            "[profile ops-admin]\nrole_arn = arn:aws:iam::111122223333:role/DmsOperator\n"
            "source_profile = default\nmfa_serial = arn:aws:iam::111122223333:mfa/alice\n\n"
            "[profile sso-dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
            "sso_role_name = DmsDeveloper\nregion = us-east-1\n\n"
            "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n"
            "[profile vault]\ncredential_process = /usr/local/bin/aws-vault export --format=json ops\n\n"
            "[profile half-done]\nregion = eu-central-1\n");
        AppProfileStore store(dir->filePath(QStringLiteral("profiles.ini")));
        store.save({QStringLiteral("production"), QStringLiteral("eu-west-1"), QString(),
                    QStringLiteral("arn:aws:iam::444455556666:role/DmsSchemaConversion"), QString()});
        store.save({QStringLiteral("staging"), QStringLiteral("us-east-2"),
                    QStringLiteral("https://dms-fips.us-east-2.amazonaws.com"), QString(), QString()});
    }
    ProfilesContext context;
    context.appProfilesFile = dir->filePath(QStringLiteral("profiles.ini"));
    context.keychainService = QStringLiteral("dmsx-screenshots-never-used");
    context.awsFiles = AwsConfigFile::load(AwsConfigFile::Paths{
        dir->filePath(QStringLiteral(".aws/config")), dir->filePath(QStringLiteral(".aws/credentials"))});
    context.assumedKeychain = keychain;
    // The scratch folder stands for the home folder, so the files read as ~/.aws/… as they would.
    context.environment.insert(QStringLiteral("HOME"), dir->path());
    return context;
}

template <typename D, typename Signal> void grabWhen(D* dialog, Signal ready, ScreenshotViews::Done done)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(
        dialog, ready, dialog,
        [dialog, done] {
            QTimer::singleShot(0, dialog, [dialog, done] {
                const QImage image = ScreenshotViews::grab(dialog);
                dialog->close();
                done(image, QString());
            });
        },
        Qt::SingleShotConnection);
    dialog->show();
}

ProfileEditorDialog* sampleEditor(MainWindow* window, KeychainStore::Availability keychain)
{
    auto* editor = new ProfileEditorDialog(sampleContext(keychain), window);
    editor->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("analytics"));
    editor->findChild<QLineEdit*>(QStringLiteral("accessKeyIdLineEdit"))
        ->setText(QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
    editor->findChild<QComboBox*>(QStringLiteral("regionComboBox"))
        ->setCurrentText(QStringLiteral("eu-west-1"));
    return editor;
}

// The demo's IAM Identity Center profile chosen, "Sign in…" pressed: the dialog once its code and
// countdown show (the page the window would open is not: no browser for a picture).
void renderSignIn(MainWindow* window, ScreenshotViews::Done done)
{
    const QMetaObject::Connection opened = QObject::connect(
        window, &MainWindow::signInDialogOpened, window,
        [done](SsoSignInDialog* dialog) {
            QObject::connect(
                dialog, &SsoSignInDialog::codeShown, dialog,
                [dialog, done] {
                    QTimer::singleShot(0, dialog, [dialog, done] {
                        const QImage image = ScreenshotViews::grab(dialog);
                        dialog->reject();
                        done(image, QString());
                    });
                },
                Qt::SingleShotConnection);
            QObject::connect(
                dialog, &SsoSignInDialog::signInFailed, dialog,
                [done](const Fault& fault) { done(QImage(), fault.message); }, Qt::SingleShotConnection);
        },
        Qt::SingleShotConnection);
    const QMetaObject::Connection loaded = QObject::connect(
        window, &MainWindow::projectsLoaded, window,
        [window, done] {
            if (!window->projectsPane()->isSignInOffered()) {
                done(QImage(), QStringLiteral("no \"Sign in\" for the demo's IAM Identity Center profile"));
                return;
            }
            window->projectsPane()->signInButton()->click();
        },
        Qt::SingleShotConnection);
    const ProfileKey key = ProfileKey::demo(desktop::DemoSimulator::ssoProfileName());
    window->setCurrentProfileKey(key);
    if (window->currentProfileKey() != key) {
        QObject::disconnect(opened);
        QObject::disconnect(loaded);
        done(QImage(), QStringLiteral("the demo's IAM Identity Center profile is missing: run with --demo"));
    }
}

} // namespace

void ProfilesScreenshotViews::registerViews()
{
    if (ScreenshotViews::contains(QStringLiteral("profiles")))
        return;
    ScreenshotViews::add(
        QStringLiteral("profiles"),
        QApplication::translate("ScreenshotViews", "the profiles dialog: app and AWS CLI profiles"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            auto* dialog = new ProfilesDialog(sampleContext(KeychainStore::Availability::Available), window);
            dialog->resize(1240, 440);
            grabWhen(dialog, &ProfilesDialog::keysStatusLoaded, std::move(done));
        });
    ScreenshotViews::add(QStringLiteral("profile-edit"),
                         QApplication::translate("ScreenshotViews", "the profile editor adding a profile"),
                         [](MainWindow* window, ScreenshotViews::Done done) {
                             grabWhen(sampleEditor(window, KeychainStore::Availability::Available),
                                      &ProfileEditorDialog::keychainProbed, std::move(done));
                         });
    ScreenshotViews::add(
        QStringLiteral("sign-in"),
        QApplication::translate("ScreenshotViews",
                                "the IAM Identity Center sign-in: the code and the countdown (needs --demo)"),
        renderSignIn);
    ScreenshotViews::add(
        QStringLiteral("profile-locked"),
        QApplication::translate("ScreenshotViews", "the profile editor with the keychain locked"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            grabWhen(sampleEditor(window, KeychainStore::Availability::Locked),
                     &ProfileEditorDialog::keychainProbed, std::move(done));
        });
}

} // namespace dmsx::screenshots
