#pragma once

#include "config/AwsConfigFile.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainStore.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <functional>

#include <optional>

namespace dmsx::ui {

// Where the profiles dialogs read and write: the app's profile index, the keychain service, and
// the AWS files (only ever read). The window fills it from its own options; tests and the
// screenshot views point it at scratch files and a keychain service of their own.
struct ProfilesContext
{
    QString appProfilesFile; // empty: AppProfileStore::defaultFilePath()
    QString keychainService; // empty: DMSX_APP_ID
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    bool ignoreAwsFiles = false; // no ~/.aws (the demo)
    // Set: these AWS files instead of loading them from `environment` (screenshots).
    std::optional<AwsConfigFile> awsFiles;
    // Set: what the keychain is taken to be, without asking it (screenshots must not touch it).
    std::optional<KeychainStore::Availability> assumedKeychain;
    // Opens IAM Identity Center's confirmation page; null: the default browser.
    std::function<bool(const QUrl&)> openUrl;

    QString profilesFile() const
    {
        return appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath() : appProfilesFile;
    }
    // A store for one dialog, deleted with it: a dialog closed mid-operation only drops the answer
    // (KeychainStore lets a running job finish on its own).
    KeychainStore* createKeychain(QObject* owner) const
    {
        return keychainService.isEmpty() ? new KeychainStore(owner)
                                         : new KeychainStore(keychainService, owner);
    }
    AwsConfigFile loadAwsFiles() const
    {
        if (awsFiles)
            return *awsFiles;
        return ignoreAwsFiles ? AwsConfigFile() : AwsConfigFile::load(environment);
    }
};

} // namespace dmsx::ui
