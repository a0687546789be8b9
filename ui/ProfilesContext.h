#pragma once

#include "AppProfileStore.h"
#include "AwsConfigFile.h"
#include "KeychainStore.h"

#include <QCoreApplication>
#include <QHash>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>

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

    QString profilesFile() const
    {
        return appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath() : appProfilesFile;
    }
    // One store per service for the whole process (owned by the application): QtKeychain's
    // libsecret jobs call back into their job object, so a job must never be deleted with a
    // dialog that closes while it runs. Answers to a closed dialog are dropped by their context.
    KeychainStore* keychain() const
    {
        static QHash<QString, QPointer<KeychainStore>> stores;
        QPointer<KeychainStore>& store = stores[keychainService];
        if (!store)
            store = keychainService.isEmpty() ? new KeychainStore(QCoreApplication::instance())
                                              : new KeychainStore(keychainService, QCoreApplication::instance());
        return store;
    }
    AwsConfigFile loadAwsFiles() const
    {
        if (awsFiles)
            return *awsFiles;
        return ignoreAwsFiles ? AwsConfigFile() : AwsConfigFile::load(environment);
    }
};

} // namespace dmsx::ui
