#pragma once

#include "apply/ApplyController.h"
#include "base/Fault.h"

#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class ProjectsPane;
}

class QPushButton;
class QSettings;
class QTableView;

namespace dmsx {
class DmsClient;
class ProjectLister;
} // namespace dmsx

namespace dmsx::ui {

class EngineColumnFitter;
class ProjectDetailsWidget;
class ProjectStatusLookup;
class ProjectsFilterProxyModel;
class ProjectsModel;

// The migration projects of one connection: the filter, the table filled page by page (with a
// progress bar and Cancel), each project's last extension-pack status, the selected project's
// details, and the empty states in place of the table. Restores the selection once its row
// arrives. Every call belongs to the session object given to load(); answers of an earlier session
// are dropped with it.
class ProjectsPane : public QWidget
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

    explicit ProjectsPane(QWidget* parent = nullptr);
    ~ProjectsPane() override;

    // DescribeMigrationProjects MaxRecords; unset: the service default.
    void setPageSize(std::optional<int> pageSize) { m_pageSize = pageSize; }
    // Every project's last status is asked for up to this many projects, else only the rows in view.
    void setStatusLookupLimit(int limit) { m_statusLookupLimit = limit; }

    // A new connection is being made: no projects, no details, no fault; Connecting.
    void reset();
    // Lists the projects of `region` with `client`, then their data providers (the engines), and
    // their last statuses.
    void load(DmsClient* client, QObject* session, const QString& region);
    // An empty state instead of the table; the fault's catalogue explanation, or "no DMS here" for
    // a region whose endpoint does not resolve. A fault that signing in to IAM Identity Center
    // resolves offers "Sign in…" beside "Try again".
    void showFault(const Fault& fault, const QString& what, const QString& region);
    void showEmptyState(State state, const QString& title, const QString& text);
    // The live request of the apply flow in the details pane and the project's status.
    void showApplyState(const QString& projectArn, const ApplyController::State& state);

    State state() const { return m_state; }
    bool isLoading() const;
    std::optional<Fault> lastFault() const { return m_lastFault; }
    QString emptyStateTitle() const;
    QString emptyStateText() const;
    // The empty state offers "Sign in…" (an SSO profile without a usable token).
    bool isSignInOffered() const;
    QPushButton* signInButton() const;

    ProjectsModel* projectsModel() const { return m_model; }
    ProjectsFilterProxyModel* proxyModel() const { return m_proxy; }
    QTableView* projectsView() const;
    ProjectDetailsWidget* detailsWidget() const;
    QString selectedProjectArn() const;
    bool selectProject(const QString& arn);
    // The project's name, or the ARN when it is not listed.
    QString projectName(const QString& arn) const;
    // The project's target data provider is virtual (known once the data providers have loaded).
    bool isTargetVirtual(const QString& arn) const;

    // The Name column's width when fitted to its text: at least and at most this many characters.
    static constexpr int kNameColumnMinChars = 24;
    static constexpr int kNameColumnMaxChars = 48;

    // Keeps the selected project selected across the next load.
    void keepSelection();
    void focusFilter();
    // The table gets the focus, its first match selected unless a row already is.
    void focusMatches();

    // The splitter, the sort order and the selected project (or the one still to be restored).
    void saveSettings(QSettings& settings) const;
    void restoreSettings(const QSettings& settings);

signals:
    void stateChanged(dmsx::ui::ProjectsPane::State state);
    // The listing ended: finished, failed, cancelled or not possible (empty states).
    void projectsLoaded();
    // The data providers' listing ended, after the projects': the engines are in the table (or
    // could not be read).
    void dataProvidersLoaded();
    void statusesLoaded();
    void visibleStatusesLoaded();
    // The details pane shows another project (empty: none).
    void selectedProjectChanged(const QString& projectArn);
    // The current row changed or its project's details arrived: actions on it may change.
    void selectionUpdated();
    void sortChanged();
    void retryRequested();
    // "Sign in…" of the empty state.
    void signInRequested();
    // "Apply again" on the details pane's explanation of a failed request.
    void applyRequested(const QString& projectArn);
    // For the status bar, and for the message bar.
    void statusMessage(const QString& text);
    void warning(const QString& text);

private:
    void setState(State state);
    void fitNameColumn();
    void loadDataProviders();
    void startListing(const QString& region);
    void createStatusLookup(int limit);
    void updateSelection();
    void updateProgress();

    std::unique_ptr<Ui::ProjectsPane> m_ui;
    ProjectsModel* m_model;
    ProjectsFilterProxyModel* m_proxy;
    EngineColumnFitter* m_engineFitter;
    std::optional<int> m_pageSize;
    int m_statusLookupLimit = 200;
    DmsClient* m_client = nullptr;
    QPointer<QObject> m_session;
    QPointer<ProjectLister> m_lister;             // a child of m_session
    QPointer<ProjectStatusLookup> m_statusLookup; // a child of m_session
    State m_state = State::Connecting;
    std::optional<Fault> m_lastFault;
    QString m_pendingSelection;     // remembered ARN, selected when its row arrives
    bool m_detailsComplete = false; // the details pane shows both data providers
    bool m_restoring = false;
};

} // namespace dmsx::ui
