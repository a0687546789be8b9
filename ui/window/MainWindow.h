#pragma once

#include "base/Clock.h"
#include "base/Fault.h"
#include "base/Result.h"
#include "config/AppSettings.h"
#include "prereq/PrerequisitesController.h"
#include "profiles/ProfileKey.h"
#include "projects/ProjectsPane.h"
#include "widgets/MessageBar.h"
#include "window/DemoProfile.h"

#include <QLoggingCategory>
#include <QMainWindow>
#include <QPointer>
#include <QProcessEnvironment>
#include <QSize>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}

class QSettings;
class QTableView;

namespace dmsx {
class DmsConnection;
class HistoryStore;
} // namespace dmsx

namespace dmsx::ui {

Q_DECLARE_LOGGING_CATEGORY(lcWindow)

class ApplyController;
class ConnectionController;
class MessageBar;
class NotificationPolicySink;
class NotificationSink;
class ProjectDetailsWidget;
class ProjectsFilterProxyModel;
class ProjectsModel;
class RunningRequestsStore;
class SsoSignInDialog;
class WelcomeWidget;

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
    // requests kept in the request history, else in the window's settings). Not owned.
    NotificationSink* notifications = nullptr;
    RunningRequestsStore* runningRequests = nullptr;
    QList<int> pollScheduleMs; // empty: the app settings', else the core's default
    int maxPollErrors = 0;     // failed checks in a row before following gives up; 0: the core's default
    // The request history every call of the window is recorded in (DMS and STS alike); empty:
    // HistoryStore::defaultPath(environment). Tests and the demo pass a scratch file.
    QString historyFile;
    // Starts the built-in simulator for "Try the demo" in a window started without --demo
    // (app/main.cpp owns the simulator; ui does not link it). Unset: no such choice.
    std::function<Result<DemoProfile>()> startDemo;
    QString keychainService; // of the app profiles and the proxy password; empty: DMSX_APP_ID
    // Opens IAM Identity Center's confirmation page; null: the default browser (QDesktopServices).
    std::function<bool(const QUrl&)> openUrl;
    // Not owned; null: the system clock. When credentials and sign-in tokens expire (tests let
    // hours pass on it).
    const dmsx::Clock* clock = nullptr;
};

// The product's window: its menus and actions, the profile and region to connect with, the
// projects (ProjectsPane), the welcome view of a first start, the message bar and the history
// dock. The connection itself is ConnectionController's; the apply flow is ApplyController's.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using State = ProjectsPane::State;

    // Restores the saved geometry, splitter, profile, region, sort and selection.
    explicit MainWindow(MainWindowOptions options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Connects with the remembered (or chosen) profile and region and lists the projects; on a
    // first start (isFirstStart()) shows the welcome view instead and waits for a choice.
    void start();

    // A first start is one with nothing to connect with deliberately: no --demo, no profile
    // remembered in this window's settings, no app profile, and neither AWS_ACCESS_KEY_ID nor
    // AWS_PROFILE in the environment. Profiles in ~/.aws do not count: the user picks one of them
    // (or another way) on purpose rather than the window guessing.
    bool isFirstStart() const;
    bool isWelcomeShown() const;
    WelcomeWidget* welcomeWidget() const;

    State state() const { return projectsPane()->state(); }
    bool isLoading() const { return projectsPane()->isLoading(); }
    ProfileKey currentProfileKey() const;
    QString currentRegion() const;
    void setCurrentProfileKey(const ProfileKey& key);
    void setCurrentRegion(const QString& region);
    QString identityText() const;
    QString emptyStateTitle() const { return projectsPane()->emptyStateTitle(); }
    QString emptyStateText() const { return projectsPane()->emptyStateText(); }
    std::optional<Fault> lastFault() const { return projectsPane()->lastFault(); }

    ProjectsPane* projectsPane() const;
    ProjectsModel* projectsModel() const { return projectsPane()->projectsModel(); }
    ProjectsFilterProxyModel* proxyModel() const { return projectsPane()->proxyModel(); }
    QTableView* projectsView() const { return projectsPane()->projectsView(); }
    ProjectDetailsWidget* detailsWidget() const { return projectsPane()->detailsWidget(); }
    QString selectedProjectArn() const { return projectsPane()->selectedProjectArn(); }
    bool selectProject(const QString& arn) { return projectsPane()->selectProject(arn); }
    // Closes without the question about running installations (--quit-after: nobody to answer).
    void closeWithoutAsking()
    {
        m_quitWithoutAsking = true;
        close();
    }
    ConnectionController* connectionController() const { return m_connections.get(); }
    DmsConnection* connection() const;
    QAction* applyAction() const;
    QAction* checkPrerequisitesAction() const;
    QAction* refreshAction() const;
    QAction* settingsAction() const;
    QAction* signOutAction() const;
    // The IAM Identity Center sign-in in progress (null when none is open).
    SsoSignInDialog* signInDialog() const;
    // The apply flow of the current connection (null until connected; replaced on a switch).
    ApplyController* applyController() const { return m_apply; }
    PrerequisitesController* prerequisitesController() const { return m_prerequisites; }
    MessageBar* messageBar() const { return m_messageBar; }
    // The request history in use, or null when it could not be opened (said on the message bar).
    HistoryStore* historyStore() const;

    // Non-modal bars (background failures) go here, above the toolbar row.
    void addMessageBar(QWidget* bar);
    QWidget* messageBarArea() const;

    // Where "Apply extension pack…" goes instead of the apply flow (applyRequested() is emitted
    // either way).
    void setApplyHandler(std::function<void(const QString& projectArn)> handler)
    {
        m_applyHandler = std::move(handler);
    }

    void saveSettings();

    // The last status message in full (the status bar may show it elided).
    QString statusText() const;
    static constexpr QSize kMinimumSize{640, 400};
    static constexpr QSize kDefaultSize{1200, 720};

    const AppSettings& appSettings() const;
    // Saves `settings` in the window's settings file and applies them (retention, notifications,
    // poll interval); reconnects when a connection setting changed. A changed proxy password goes
    // to the keychain, or stays in memory for this session when there is none.
    void applySettings(const AppSettings& settings, const QString& proxyPassword, bool passwordChanged);

public slots:
    void refresh();
    void applySelectedProject();
    // Runs the prerequisite checks of the selected project and shows their checklist.
    void checkSelectedProject();
    // Edit > Settings…: the Settings dialog for the current profile, window-modal.
    void openSettings();
    // The profile editor in add mode; on success the new profile is listed and chosen.
    void addProfile();
    // File > Profiles…; the profile list is read again when it closes.
    void showProfiles();
    // Help > Welcome: the first-start choices in place of the projects; a choice, or any
    // reconnect, brings the projects back.
    void showWelcome();
    // "Try the demo": starts the simulator through MainWindowOptions::startDemo when needed, then
    // selects the demo profile and connects. Its calls go to a scratch history, as with --demo.
    void tryDemo();
    // "Use my AWS CLI profiles": selects the profile (and its region, when it has one) and connects.
    void useAwsProfile(const QString& name, const QString& region);
    // "Sign in…": signs the current SSO profile in to IAM Identity Center, then connects again.
    void signIn();
    // File > Sign Out of IAM Identity Center: asks, signs out (every cached token, as
    // 'aws sso logout'), then connects again, which offers "Sign in…".
    void signOut();

signals:
    void stateChanged(dmsx::ui::ProjectsPane::State state);
    // The listing ended: finished, failed, cancelled or not possible (empty states).
    void projectsLoaded();
    // The engines are in the table, or could not be read (listed after the projects).
    void dataProvidersLoaded();
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
    // The stored proxy password was deleted from the keychain because the settings no longer need
    // it (proxy not manual, or no user), or (false) could not be.
    void proxyPasswordRemoved(bool removed);
    void welcomeShown();
    // The sign-in dialog opened (tests answer it through the simulator).
    void signInDialogOpened(dmsx::ui::SsoSignInDialog* dialog);
    // A sign-out ended: the token files removed, and those that could not be (a message each).
    void signedOut(const QStringList& removed, const QStringList& problems);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void setUpActions();
    void setUpHistoryDock();
    void connectController();
    void populateProfiles();
    void restoreSettings();
    std::unique_ptr<QSettings> settings() const;
    void reconnect();
    void onConnected();
    // signOut() once the question was answered Yes.
    void signOutOf(const ProfileKey& key, const QString& region);
    void createApplyController();
    void updateActions();
    void showWarning(const QString& text);
    // The apply line on the message bar (a poll's warning or a failure) goes.
    void dismissApplyMessage();
    // The bar's line for a background fault of `project`; a sign-in that ended offers "Sign in…".
    void showApplyMessage(const QString& project, const QString& text, MessageBar::Type type,
                          const QString& actionText, const Fault& fault);
    // A click on a notification: the window comes forward with the project selected.
    void showProjectFromNotification(const QString& projectArn);
    // Asks before quitting while a Start is in flight or a request is followed.
    bool confirmQuitWhileApplying();
    bool m_quitWithoutAsking = false;
    void showStatus(const QString& text);
    void listProfiles(const ProfileKey& selected, const QString& region);
    void switchToProfile(const ProfileKey& key, const QString& region);
    void hideWelcome();
    bool remembersConnection() const;

    MainWindowOptions m_options;
    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<ConnectionController> m_connections;
    std::unique_ptr<NotificationSink> m_ownNotifications;
    std::unique_ptr<NotificationPolicySink> m_notificationPolicy; // the notifications setting
    std::unique_ptr<QSettings> m_runningSettings;                 // without history: requests left
    std::unique_ptr<RunningRequestsStore> m_ownRunningRequests;   // running are kept here
    QPointer<ApplyController> m_apply;                            // a child of the session
    QPointer<PrerequisitesController> m_prerequisites;            // a child of the session
    QPointer<SsoSignInDialog> m_signInDialog;
    MessageBar* m_messageBar = nullptr;
    QString m_statusText;
    QString m_applyToolTip;                    // Apply's own tooltip, shown while it can be chosen
    QString m_checkToolTip;                    // the same for "Check prerequisites"
    QString m_backgroundFaultProject;          // whose fault "Details…" on the message bar shows
    bool m_backgroundFaultIsPoll = false;      // that fault is a poll's: it goes when a poll gets through
    bool m_backgroundFaultFollowAgain = false; // following gave up: the action follows it again
    bool m_backgroundFaultSignIn = false;      // the sign-in ended: the action signs in again
    std::function<void(const QString&)> m_applyHandler;
    bool m_clampedOnShow = false; // the frame is known once shown: fit it to the screen then
    bool m_restoring = false;     // the profile and region boxes change without reconnecting
    bool m_started = false;
    bool m_welcomeUnanswered = false; // shown at a first start, nothing chosen yet: remember no profile
};

} // namespace dmsx::ui
