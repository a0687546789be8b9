#include "screenshots/WelcomeScreenshotViews.h"

#include "screenshots/ScreenshotViews.h"
#include "welcome/WelcomeWidget.h"
#include "window/MainWindow.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace dmsx::screenshots {

using namespace ui;

namespace {

// One profile of every kind, plus one that cannot be used. The keys are the AWS documentation's
// examples; only the masked access key id is shown.
const char* const kConfig = R"ini([default]
region = us-east-1
output = json

[profile prod-admin]
role_arn = arn:aws:iam::111122223333:role/DmsMigrationAdmin
source_profile = default
region = eu-west-1

[profile sso-dev]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = DmsDeveloper
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1

[profile vault-ci]
credential_process = /usr/local/bin/aws-vault export --format=json ci
region = us-west-2

[profile half-done]
region = ap-southeast-2
)ini";

const char* const kCredentials = R"ini([default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[half-done]
aws_access_key_id = AKIAI44QH8DHBEXAMPLE
)ini";

bool writeFile(const QString& path, const char* text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == qint64(qstrlen(text));
}

} // namespace

void WelcomeScreenshotViews::registerViews()
{
    ScreenshotViews::add(
        QStringLiteral("welcome"),
        QCoreApplication::translate("ScreenshotViews",
                                    "the first-start welcome: add keys, AWS CLI profiles, demo"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            window->showWelcome();
            QTimer::singleShot(0, window, [window, done] { done(ScreenshotViews::grab(window), QString()); });
        });

    ScreenshotViews::add(
        QStringLiteral("welcome-aws-profiles"),
        QCoreApplication::translate("ScreenshotViews",
                                    "the welcome's AWS CLI profiles page, one profile of every kind"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            // A home of its own, so the page shows "~/.aws/config" as it would for a user.
            auto home = std::make_shared<QTemporaryDir>();
            const QString aws = home->filePath(QStringLiteral(".aws"));
            if (!home->isValid() || !QDir().mkpath(aws) ||
                !writeFile(aws + QStringLiteral("/config"), kConfig) ||
                !writeFile(aws + QStringLiteral("/credentials"), kCredentials)) {
                done(QImage(), QStringLiteral("could not write the temporary AWS files"));
                return;
            }
            QProcessEnvironment env;
            env.insert(QStringLiteral("HOME"), home->path());
            window->showWelcome();
            WelcomeWidget* welcome = window->welcomeWidget();
            welcome->setEnvironment(env);
            welcome->showAwsProfiles();
            QTimer::singleShot(0, window,
                               [window, done, home] { done(ScreenshotViews::grab(window), QString()); });
        });
}

} // namespace dmsx::screenshots
