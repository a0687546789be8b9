#pragma once

#include "base/Result.h"
#include "config/AppSettings.h"
#include "credentials/AppProfileStore.h"
#include "credentials/SsoProfileConfig.h"
#include "diagnostics/AboutFacts.h"
#include "diagnostics/DiagnosticsReport.h"
#include "dms/DmsConnection.h"
#include "profiles/ProfileKey.h"
#include "profiles/ProfilesContext.h"
#include "profiles/SessionProfile.h"
#include "sso/SsoLogout.h"
#include "window/DemoProfile.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class QTemporaryDir;
class QWidget;

namespace dmsx {
class HistoryStore;
class HistoryWriter;
class KeychainStore;
class PrerequisiteServices;
class SessionCredentials;
} // namespace dmsx

namespace dmsx::ui {

class HistoryRunningRequestsStore;

// What the window connects with, and the connection of the moment: which profiles there are
// (keys held in memory for the demo and session-only profiles included), the DmsConnection::Options
// for a profile and region (reconnecting and Settings use the same), the app settings that shape
// them and the manual proxy's password (keychain first, memory otherwise), the request history
// every call is recorded in (a scratch one while a demo started from the welcome view is used),
// and the session object that owns one profile+region's connection and every call made with it.
class ConnectionController : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        QString appProfilesFile;        // empty: AppProfileStore::defaultFilePath()
        bool ignoreSharedFiles = false; // no ~/.aws, no keychain
        QString keychainService;        // empty: DMSX_APP_ID
        QString historyFile;            // empty: HistoryStore::defaultPath(environment)
        std::optional<DemoProfile> demo;
        // Starts the simulator for a demo asked for later (the welcome view); unset: none.
        std::function<Result<DemoProfile>()> startDemo;
        const Clock* clock = nullptr; // not owned; null: the system clock
    };

    struct ProfileChoice
    {
        ProfileKey key;
        QString label;
    };

    explicit ConnectionController(Options options, QObject* parent = nullptr);
    ~ConnectionController() override;

    // Parent of the MFA prompt.
    void setDialogParent(QWidget* parent) { m_dialogParent = parent; }

    // The profiles to offer, in order: the demo, the app's, the AWS files' (unless an app profile
    // has the name), the session-only ones, the environment.
    QList<ProfileChoice> profiles() const;
    // Help > Diagnostics: the connection's settings, each with the source the window took it from.
    DiagnosticsReport diagnosticsReport(const ProfileKey& key, const QString& profileText) const;
    // Help > About: where this window keeps its data (`settingsFile` empty: the default).
    AboutFacts aboutFacts(const QString& settingsFile) const;
    void addSessionProfile(const SessionProfile& profile);
    // Where the profile dialogs read and write: the same files and keychain as the connections.
    ProfilesContext profilesContext() const;
    // Credentials chosen on purpose: the demo, an app profile, or keys or AWS_PROFILE in the
    // environment. Profiles in ~/.aws do not count: one of them is picked on purpose, not guessed.
    bool hasChosenCredentials() const;

    const std::optional<DemoProfile>& demo() const { return m_options.demo; }
    bool demoAvailable() const { return m_options.demo || m_options.startDemo; }
    // Starts the simulator through Options::startDemo unless it runs (demoAvailable() first); its
    // calls then go to a scratch history while the demo profile is in use.
    Result<void> startDemo();
    // The demo's IAM Identity Center profile (DemoProfile::ssoName).
    bool isDemoSso(const ProfileKey& key) const;
    // The demo started here lives and dies with this process: not a profile to remember.
    bool isTransient(const ProfileKey& key) const;

    // Settings (window settings file): those in effect; applySettings() says whether the
    // connection must be made again, stores or forgets the proxy password and prunes the history.
    const AppSettings& appSettings() const { return m_appSettings; }
    // Also starts reading the CA bundle they or the environment name, off the GUI thread, so
    // that connecting does not stall the window parsing it.
    void setAppSettings(const AppSettings& settings);
    bool applySettings(const AppSettings& settings, const QString& proxyPassword, bool passwordChanged);
    QString proxyPassword() const { return m_proxyPassword; }
    QString keychainService() const;

    // The request history, or null when it could not be opened (warning() says why).
    bool openHistory();
    HistoryStore* historyStore() const { return m_history.get(); }

    // What a connection with `key` in `region` is made of.
    DmsConnection::Options options(const ProfileKey& key, const QString& region) const;
    // The effective configuration of those options with other client settings, as the Settings
    // dialog shows it: resolved only, no credentials fetched and nothing recorded.
    std::function<Result<EffectiveClientConfig>(const ClientSettings&)>
    settingsResolver(const ProfileKey& key, const QString& region) const;

    // What signing in to IAM Identity Center with `key` uses: its SSO settings with the endpoints
    // and CA bundle the connection would use, and a connection (resolved, never opened) whose
    // network access manager goes through the same proxy. SsoProfileIncomplete for no SSO profile.
    struct SsoSignIn
    {
        SsoProfileConfig config;
        std::unique_ptr<DmsConnection> network;
    };
    Result<SsoSignIn> ssoSignIn(const ProfileKey& key, const QString& region) const;
    // The profile signs in with IAM Identity Center (sso_session or sso_start_url).
    bool isSsoProfile(const ProfileKey& key, const QString& region) const;
    // Signing out as the connection would reach the portal (the options' nam is the network's).
    Result<SsoSignIn> ssoSignOut(const ProfileKey& key, const QString& region,
                                 SsoLogout::Options* logout) const;

    // A manual proxy's password is read from the keychain once, before the first connection that
    // needs it: true while that read runs (proxyPasswordRead() follows).
    bool readProxyPasswordFirst();
    // Ends the current session and opens a connection with `key` in `region`: connected() or
    // connectionFailed() follows. False (and no connection) for a region the demo does not serve.
    bool connectTo(const ProfileKey& key, const QString& region);
    // Asks STS who the open connection's credentials belong to: identityChanged() follows.
    void fetchIdentity();
    // Deletes the session's connection and every call it owns.
    void endSession();
    QObject* session() const { return m_session; }
    DmsConnection* connection() const { return m_connection; }
    // The S3, IAM, Secrets Manager and KMS clients of the open connection, for the prerequisite
    // checks; null while none is open. Gone with the session (after everything in it).
    PrerequisiteServices* prerequisiteServices();
    // Requests left running at the last close, as the history knows them (null without history).
    HistoryRunningRequestsStore* runningRequests() const { return m_runningRequests.get(); }

signals:
    void connected(dmsx::DmsConnection* connection);
    void connectionFailed(const dmsx::Fault& fault);
    void identityChanged(const QString& text, const QString& toolTip);
    void proxyPasswordRead();
    // A proxy password changed in Settings was stored in the keychain, or (false) could not be and
    // is kept in memory for this session only.
    void proxyPasswordStored(bool inKeychain);
    // The stored proxy password was deleted from the keychain because the settings no longer need
    // it (proxy not manual, or no user), or (false) could not be.
    void proxyPasswordRemoved(bool removed);
    // For the message bar, and for the status bar.
    void warning(const QString& text);
    void statusMessage(const QString& text);

private:
    struct SessionOnlyProfile
    {
        AppProfileStore::Profile settings;
        std::unique_ptr<SessionCredentials> credentials;
    };

    void useDemoHistory(bool demo);
    // Every request the history could not keep is said on the message bar (warning()).
    void reportLosses(HistoryWriter& recorder);
    void forgetProxyPassword();
    QString appProfilesFile() const;
    QString historyFile() const;

    Options m_options;
    AppSettings m_appSettings;
    QPointer<QWidget> m_dialogParent;
    std::unique_ptr<KeychainStore> m_keychain;
    QString m_proxyPassword;
    bool m_proxyPasswordLoaded = false;
    // Must outlive the session: its transports report to the recorder until they are gone.
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<HistoryWriter> m_recorder; // writes off the GUI thread, to m_history's file
    // The other of the window's history and the demo's scratch one, swapped with them.
    std::unique_ptr<QTemporaryDir> m_demoScratch;
    std::unique_ptr<HistoryStore> m_otherHistory;
    std::unique_ptr<HistoryWriter> m_otherRecorder;
    bool m_demoHistoryActive = false;
    std::unique_ptr<SessionCredentials> m_demoCredentials;
    // Keys typed for this run only, by profile name; never written anywhere.
    std::map<QString, SessionOnlyProfile> m_sessionProfiles;
    QPointer<QObject> m_session; // owns the connection, the STS client and every call of one connection
    DmsConnection* m_connection = nullptr;
    std::unique_ptr<PrerequisiteServices> m_services; // of m_connection
    std::unique_ptr<HistoryRunningRequestsStore> m_runningRequests;
};

} // namespace dmsx::ui
