#pragma once

#include "base/Fault.h"
#include "base/Result.h"
#include "config/AppSettings.h"
#include "credentials/AwsCredentials.h"
#include "profiles/ProfileKey.h"
#include "profiles/ProfilesContext.h"
#include "profiles/SessionProfile.h"

#include <QLoggingCategory>
#include <QMainWindow>
#include <QPointer>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}

class QLabel;
class QSettings;
class QTableView;
class QTemporaryDir;

namespace dmsx {
class DmsConnection;
class KeychainStore;
class HistoryRecorder;
class HistoryStore;
class ProjectLister;
class SessionCredentials;
} // namespace dmsx

namespace dmsx::ui {

Q_DECLARE_LOGGING_CATEGORY(lcWindow)

class ApplyController;
class MessageBar;
class NotificationPolicySink;
class NotificationSink;
class ProjectDetailsWidget;
class RunningRequestsStore;
class ProjectsFilterProxyModel;
class ProjectsModel;
class ProjectStatusLookup;
class HistoryRunningRequestsStore;
class WelcomeWidget;

// The demo account: the in-process simulator's endpoint and key pair, held in memory only.
struct DemoProfile
{
    QString name = QStringLiteral("demo");
    QString endpointUrl;
    QString region;
    AwsCredentials credentials;
};

struct MainWindowOptions
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QString settingsFile;           // empty: the application's default QSettings
    QString appProfilesFile;        // empty: AppProfileStore::defaultFilePath()
    bool ignoreSharedFiles = false; // tests and the demo: no ~/.aws, no keychain
    std::optional<DemoProfile> demo;
    std::optional<int> pageSize; // DescribeMigrationProjects MaxRecords; unset: the service default
    int statusLookupLimit = 200; // fetch every project's last request status up to this many projects
    // The apply flow's collaborators; null: the real ones (desktop notifications, and the running
    // requests kept in the window's settings). Not owned. Tests inject their own.
    NotificationSink* notifications = nullptr;
    RunningRequestsStore* runningRequests = nullptr;
    QList<int> pollScheduleMs; // empty: the core's default
    // The request history every call of the window is recorded in (DMS and STS alike); empty:
    // HistoryStore::defaultPath(environment). Tests and the demo pass a scratch file.
    QString historyFile;
    // Welcome view (issue 6): starts the built-in simulator for "Try the demo" in a window started
    // without --demo (app/main.cpp owns the simulator; ui does not link it). Unset: no such button.
    std::function<Result<DemoProfile>()> startDemo;
    // Profiles (issue 6): the keychain service of app profiles; empty: DMSX_APP_ID. Tests use their own.
    QString keychainService;
};

// The product's window: pick a profile and region, browse the migration projects, see one in
// detail, and hand it to the apply flow. Every call is asynchronous; answers that belong to a
// previous profile or region are dropped with the session object they were bound to.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class State
    {
        Connecting,
        Loading,
        Ready,
        EmptyAccount,
        NoService,
        Failed
    };
    Q_ENUM(State)

    // Restores the saved geometry, splitter, profile, region, sort and selection.
    explicit MainWindow(MainWindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Connects with the remembered (or chosen) profile and region and lists the projects; on a
    // first start (isFirstStart()) shows the welcome view instead and waits for a choice.
    void start();

    // Welcome view (issue 6). A first start is one with nothing to connect with deliberately: no
    // --demo, no profile remembered in this window's settings, no app profile, and neither
    // AWS_ACCESS_KEY_ID nor AWS_PROFILE in the environment. Profiles in ~/.aws do not count: the
    // user picks one of them (or another way) on purpose rather than the window guessing.
    bool isFirstStart() const;
    bool isWelcomeShown() const;
    WelcomeWidget* welcomeWidget() const { return m_welcome; }

    State state() const { return m_state; }
    bool isLoading() const;
    ProfileKey currentProfileKey() const;
    QString currentRegion() const;
    void setCurrentProfileKey(const ProfileKey& key);
    void setCurrentRegion(const QString& region);
    QString identityText() const;
    QString emptyStateTitle() const;
    QString emptyStateText() const;
    std::optional<Fault> lastFault() const { return m_lastFault; }

    ProjectsModel* projectsModel() const { return m_model; }
    ProjectsFilterProxyModel* proxyModel() const { return m_proxy; }
    QTableView* projectsView() const;
    ProjectDetailsWidget* detailsWidget() const;
    DmsConnection* connection() const { return m_connection; }
    QAction* applyAction() const;
    QAction* refreshAction() const;
    // The apply flow of the current connection (null until connected; replaced on a switch).
    ApplyController* applyController() const;
    MessageBar* messageBar() const { return m_messageBar; }
    // The opened request history, or null when it could not be opened (said on the message bar).
    HistoryStore* historyStore() const { return m_history.get(); }
    QString selectedProjectArn() const;
    bool selectProject(const QString& arn);

    // Non-modal bars (background failures) go here, above the toolbar row.
    void addMessageBar(QWidget* bar);
    QWidget* messageBarArea() const;

    // Where "Apply extension pack…" goes: the apply engineer's controller sets this. Without
    // one, applyRequested() is still emitted.
    void setApplyHandler(std::function<void(const QString& projectArn)> handler)
    {
        m_applyHandler = std::move(handler);
    }

    void saveSettings();

    // Settings (issue 6): Edit > Settings… (Ctrl+,) and the app settings in effect.
    QAction* settingsAction() const { return m_settingsAction; }
    const AppSettings& appSettings() const { return m_appSettings; }
    // Saves `settings` in the window's settings file and applies them (retention, notifications,
    // poll interval); reconnects when a connection setting changed. A changed proxy password goes
    // to the keychain, or stays in memory for this session when there is none.
    void applySettings(const AppSettings& settings, const QString& proxyPassword, bool passwordChanged);

public slots:
    void refresh();
    void applySelectedProject();
    // Settings (issue 6): the Settings dialog for the current profile, window-modal.
    void openSettings();
    // Profiles (issue 6): the editor in add mode; on success the new profile is listed and chosen.
    void addProfile();
    // Profiles (issue 6): File > Profiles…; the profile list is read again when it closes.
    void showProfiles();
    // Welcome view (issue 6): shows it in place of the projects (Help > Welcome); a choice, or any
    // reconnect, brings the projects back.
    void showWelcome();
    // "Try the demo": starts the simulator through MainWindowOptions::startDemo when needed, then
    // selects the demo profile and connects. Its calls go to a scratch history, as with --demo.
    void tryDemo();
    // "Use my AWS CLI profiles": selects the profile (and its region, when it has one) and connects.
    void useAwsProfile(const QString& name, const QString& region);

signals:
    void stateChanged(dmsx::ui::MainWindow::State state);
    // The listing ended: finished, failed, cancelled or not possible (empty states).
    void projectsLoaded();
    void identityResolved(const QString& text);
    // Every project's last extension-pack status has been asked for (or there were too many).
    void statusesLoaded();
    // Above statusLookupLimit: every row in view (and its margin) has been asked for, or failed and
    // waits for its retry; emitted after each look at the rows in view once its lookups are done.
    void visibleStatusesLoaded();
    void connectionChanged(dmsx::DmsConnection* connection);
    void selectedProjectChanged(const QString& projectArn);
    void applyRequested(const QString& projectArn);
    void settingsApplied();
    // A proxy password changed in Settings was stored in the keychain, or (false) could not be and
    // is kept in memory for this session only.
    void proxyPasswordStored(bool inKeychain);
    // Proxy (issue 6 follow-up): the stored proxy password was deleted from the keychain because
    // the settings no longer need it (proxy not manual, or no user), or (false) could not be.
    void proxyPasswordRemoved(bool removed);
    void welcomeShown();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void populateProfiles();
    void populateRegions();
    void restoreSettings();
    std::unique_ptr<QSettings> settings() const;
    void reconnect();
    void setState(State state);
    void showEmptyState(State state, const QString& title, const QString& text);
    void showFault(const Fault& fault, const QString& what);
    void startListing();
    void loadDataProviders(const QString& marker);
    void fetchIdentity();
    void createStatusLookup();
    void updateSelection();
    void updateProgress();
    void createApplyController();
    void onApplyChanged(const QString& projectArn);

    void openHistory();
    // Settings (issue 6).
    void loadAppSettings();
    bool waitForProxyPassword();
    void forgetProxyPassword();
    void hideWelcome();
    // Profiles (issue 6).
    void setUpProfiles();
    ProfilesContext profilesContext() const;
    void addSessionProfile(const SessionProfile& profile);
    void switchToProfile(const ProfileKey& key, const QString& region);
    void updateSessionOnlyMark();
    void useDemoHistory(bool demo);
    bool remembersConnection() const;

    MainWindowOptions m_options;
    // Before m_session's objects are deleted (~MainWindow deletes the session first), these must
    // live: the session's transports report to the recorder until they are gone.
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<HistoryRecorder> m_recorder;
    std::unique_ptr<Ui::MainWindow> m_ui;
    ProjectsModel* m_model;
    ProjectsFilterProxyModel* m_proxy;
    std::unique_ptr<SessionCredentials> m_demoCredentials;
    QPointer<QObject> m_session; // owns the connection, lister and STS client of one profile+region
    DmsConnection* m_connection = nullptr;
    ProjectLister* m_lister = nullptr;
    State m_state = State::Connecting;
    std::optional<Fault> m_lastFault;
    QString m_pendingSelection;                   // remembered ARN, selected when its row arrives
    QPointer<ProjectStatusLookup> m_statusLookup; // a child of m_session

    bool m_detailsComplete = false; // the details pane shows both data providers
    bool m_restoring = false;
    bool m_started = false;
    std::function<void(const QString&)> m_applyHandler;
    std::unique_ptr<NotificationSink> m_ownNotifications;
    std::unique_ptr<QSettings> m_runningSettings;
    std::unique_ptr<RunningRequestsStore> m_ownRunningRequests;
    // The running requests of the current connection as the history knows them (when it is open).
    std::unique_ptr<HistoryRunningRequestsStore> m_historyRunningRequests;
    QPointer<ApplyController> m_apply; // a child of m_session
    MessageBar* m_messageBar = nullptr;
    QString m_backgroundFaultProject;
    // Settings (issue 6): the app's own settings; the manual proxy's password in memory only.
    AppSettings m_appSettings;
    QString m_proxyPassword;
    bool m_proxyPasswordLoaded = false;
    std::unique_ptr<KeychainStore> m_keychain;
    std::unique_ptr<NotificationPolicySink> m_notificationPolicy;
    QAction* m_settingsAction = nullptr;
    // Welcome view (issue 6).
    WelcomeWidget* m_welcome = nullptr;
    QAction* m_welcomeAction = nullptr;
    bool m_welcomeUnanswered = false; // shown at a first start, nothing chosen yet: remember no profile
    // A demo started from the welcome view records into a scratch history, swapped with the
    // window's own one while the demo profile is in use.
    std::unique_ptr<QTemporaryDir> m_demoScratch;
    std::unique_ptr<HistoryStore> m_otherHistory;
    std::unique_ptr<HistoryRecorder> m_otherRecorder;
    bool m_demoHistoryActive = false;
    // Profiles (issue 6): keys typed for this run only (session profiles in the profile list), kept
    // in memory by name and never written anywhere; the toolbar says so while one is in use.
    struct SessionOnlyProfile
    {
        AppProfileStore::Profile settings;
        std::unique_ptr<SessionCredentials> credentials;
    };
    std::map<QString, SessionOnlyProfile> m_sessionProfiles;
    QAction* m_profilesAction = nullptr;
    QLabel* m_sessionOnlyLabel = nullptr;
};

} // namespace dmsx::ui
