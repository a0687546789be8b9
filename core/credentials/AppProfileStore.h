#pragma once

#include "base/Result.h"
#include "credentials/SsoProfileConfig.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dmsx {

// The index of the profiles created in the app and their non-secret settings, kept in QSettings
// the way Nextcloud keeps its accounts: one group per profile under "profiles". The access key id
// and the secret live in the keychain (KeychainStore), never here.
class AppProfileStore
{
public:
    struct Profile
    {
        QString name;
        QString region;       // empty: from the environment or the AWS files
        QString endpointUrl;  // empty: the regional DMS endpoint
        QString roleArn;      // empty: use the keys directly
        QString importedFrom; // "~/.aws/credentials (profile x)" when copied by `profiles import`
        // Signs in with IAM Identity Center instead of keys (an sso-session of its own, so the
        // token is refreshed): all four set, or none.
        QString ssoStartUrl;
        QString ssoRegion;
        QString ssoAccountId;
        QString ssoRoleName;
        QString ssoSession; // the token cache's name for it; empty: the profile's name

        bool isSso() const { return !ssoStartUrl.isEmpty(); }
        // As SsoProfileReader gives an ~/.aws/config profile (scopes sso:account:access).
        SsoProfileConfig ssoConfig() const;
    };

    // filePath: an INI file; defaultFilePath() unless a test or a portable setup needs another.
    explicit AppProfileStore(const QString& filePath = defaultFilePath());

    // <XDG config home>/<app id>/profiles.ini (AppIdentity::configDirectory()), shared by the GUI and the CLI
    // (honours XDG_CONFIG_HOME and QStandardPaths' test mode).
    static QString defaultFilePath();

    // Letters, digits, '.', '_', '-' and '@', 1 to 64 characters: the name becomes part of keychain
    // entry names ("<profile>/aws_access_key_id") and of a QSettings group.
    static bool isValidName(const QString& name);

    QString filePath() const { return m_filePath; }
    QStringList names() const; // sorted
    bool contains(const QString& name) const;
    std::optional<Profile> profile(const QString& name) const;
    QList<Profile> profiles() const;

    // Adds or replaces. Faults: InvalidProfileName (Usage), SettingsNotWritable (Configuration).
    Result<void> save(const Profile& profile);
    // False when there was no such profile.
    Result<bool> remove(const QString& name);

private:
    QString m_filePath;
};

} // namespace dmsx
