#pragma once

#include "AwsCredentials.h"
#include "Fault.h"

#include <QLoggingCategory>
#include <QMainWindow>
#include <QPointer>
#include <QProcessEnvironment>
#include <QStringList>

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
class HistoryRecorder;
class HistoryStore;
class ProjectLister;
class SessionCredentials;
} // namespace dmsx

namespace dmsx::ui {

Q_DECLARE_LOGGING_CATEGORY(lcWindow)

class ApplyConfirmer;
class ApplyController;
class MessageBar;
class NotificationSink;
class ProjectDetailsWidget;
class RunningRequestsStore;
class ProjectsFilterProxyModel;
class ProjectsModel;
class HistoryRunningRequestsStore;

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
    // The apply flow's collaborators; null: the real ones (dialog, desktop notifications, and the
    // running requests kept in the window's settings). Not owned. Tests inject their own.
    ApplyConfirmer* confirmer = nullptr;
    NotificationSink* notifications = nullptr;
    RunningRequestsStore* runningRequests = nullptr;
    QList<int> pollScheduleMs; // empty: the core's default
    // The request history every call of the window is recorded in (DMS and STS alike); empty:
    // HistoryStore::defaultPath(environment). Tests and the demo pass a scratch file.
    QString historyFile;
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

    // Connects with the remembered (or chosen) profile and region and lists the projects.
    void start();

    State state() const { return m_state; }
    bool isLoading() const;
    QString currentProfileKey() const; // "demo:demo", "app:ops", "aws:default", "env:"
    QString currentRegion() const;
    void setCurrentProfileKey(const QString& key);
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

public slots:
    void refresh();
    void applySelectedProject();

signals:
    void stateChanged(dmsx::ui::MainWindow::State state);
    // The listing ended: finished, failed, cancelled or not possible (empty states).
    void projectsLoaded();
    void identityResolved(const QString& text);
    // Every project's last extension-pack status has been asked for (or there were too many).
    void statusesLoaded();
    void connectionChanged(dmsx::DmsConnection* connection);
    void selectedProjectChanged(const QString& projectArn);
    void applyRequested(const QString& projectArn);

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
    void fetchStatuses();
    void fetchNextStatus();
    void updateSelection();
    void updateProgress();
    void createApplyController();
    void onApplyChanged(const QString& projectArn);

    void openHistory();

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
    QString m_pendingSelection; // remembered ARN, selected when its row arrives
    QStringList m_statusQueue;
    int m_statusInFlight = 0;
    bool m_detailsComplete = false; // the details pane shows both data providers
    bool m_restoring = false;
    bool m_started = false;
    std::function<void(const QString&)> m_applyHandler;
    std::unique_ptr<ApplyConfirmer> m_ownConfirmer;
    std::unique_ptr<NotificationSink> m_ownNotifications;
    std::unique_ptr<QSettings> m_runningSettings;
    std::unique_ptr<RunningRequestsStore> m_ownRunningRequests;
    // The running requests of the current connection as the history knows them (when it is open).
    std::unique_ptr<HistoryRunningRequestsStore> m_historyRunningRequests;
    QPointer<ApplyController> m_apply; // a child of m_session
    MessageBar* m_messageBar = nullptr;
    QString m_backgroundFaultProject;
};

} // namespace dmsx::ui
