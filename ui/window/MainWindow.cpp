#include "window/MainWindow.h"
#include "ui_MainWindow.h"

#include "apply/ApplyController.h"
#include "apply/HistoryRunningRequestsStore.h"
#include "apply/SettingsRunningRequestsStore.h"
#include "base/FaultCatalogue.h"
#include "base/PrivateFiles.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainStore.h"
#include "diagnostics/AboutDialog.h"
#include "diagnostics/DiagnosticsDialog.h"
#include "dms/DmsClient.h"
#include "dms/DmsConnection.h"
#include "history/HistoryStore.h"
#include "history/HistoryView.h"
#include "notifications/DesktopNotificationSink.h"
#include "notifications/NotificationPolicySink.h"
#include "prereq/PrerequisitesController.h"
#include "profiles/ProfileEditorDialog.h"
#include "profiles/ProfilesDialog.h"
#include "profiles/SsoSignInDialog.h"
#include "projects/ProjectDetailsWidget.h"
#include "settings/SettingsDialog.h"
#include "sso/SsoLogout.h"
#include "welcome/WelcomeWidget.h"
#include "widgets/LongText.h"
#include "widgets/MessageBar.h"
#include "widgets/Prompts.h"
#include "widgets/ScreenFit.h"
#include "window/ConnectionBar.h"
#include "window/ConnectionController.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QSettings>
#include <QShowEvent>
#include <QStyle>
#include <QTableView>

#include <memory>
#include <optional>
#include <utility>

namespace dmsx::ui {

Q_LOGGING_CATEGORY(lcWindow, "dmsx.ui.window")

namespace {

QIcon themeIcon(const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
}

ConnectionController::Options connectionOptions(const MainWindowOptions& o)
{
    ConnectionController::Options c;
    c.environment = o.environment;
    c.appProfilesFile = o.appProfilesFile;
    c.ignoreSharedFiles = o.ignoreSharedFiles;
    c.keychainService = o.keychainService;
    c.historyFile = o.historyFile;
    c.demo = o.demo;
    c.startDemo = o.startDemo;
    c.clock = o.clock;
    return c;
}

} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent), m_options(std::move(options)), m_ui(std::make_unique<Ui::MainWindow>()),
      m_connections(std::make_unique<ConnectionController>(connectionOptions(m_options)))
{
    m_ui->setupUi(this);
    // Small enough for a 1366x768 laptop at 200 % and a 1600x1000 screen at 2x, large enough that
    // the table and the details are both usable.
    setMinimumSize(kMinimumSize);
    m_ui->welcomeWidget->hide();
    m_ui->centralLayout->setStretchFactor(m_ui->projectsPane, 1);
    m_ui->centralLayout->setStretchFactor(m_ui->welcomeWidget, 1);
    m_ui->projectsPane->setPageSize(m_options.pageSize);
    m_ui->projectsPane->setStatusLookupLimit(m_options.statusLookupLimit);
    m_connections->setDialogParent(this);

    m_messageBar = new MessageBar(this);
    m_messageBar->setObjectName(QStringLiteral("messageBar"));
    addMessageBar(m_messageBar);
    connect(m_messageBar, &MessageBar::actionTriggered, this, [this] {
        if (!m_apply || m_backgroundFaultProject.isEmpty())
            return;
        if (m_backgroundFaultSignIn) {
            dismissApplyMessage();
            signIn();
            return;
        }
        if (!m_backgroundFaultFollowAgain) {
            m_apply->showFault(m_backgroundFaultProject);
            return;
        }
        const QString project = m_backgroundFaultProject;
        dismissApplyMessage();
        m_apply->followAgain(project);
    });

    setUpActions();
    connectController();
    QStringList warnings;
    m_connections->setAppSettings(AppSettings::load(*settings(), &warnings));
    for (const QString& warning : std::as_const(warnings))
        showWarning(tr("A setting was ignored: %1").arg(warning));
    m_notificationPolicy = std::make_unique<NotificationPolicySink>(nullptr, this);
    m_notificationPolicy->setMode(appSettings().effectiveNotifications());
    if (!m_options.notifications)
        m_ownNotifications =
            std::make_unique<DesktopNotificationSink>(QApplication::applicationDisplayName(), windowIcon());
    if (m_connections->openHistory())
        setUpHistoryDock();
    else
        m_ui->viewMenu->menuAction()->setVisible(false);
    if (!m_options.runningRequests) {
        m_runningSettings = settings();
        m_ownRunningRequests = std::make_unique<SettingsRunningRequestsStore>(m_runningSettings.get());
    }
    populateProfiles();
    // Before the first show(), so the window and splitter open at their saved sizes.
    restoreSettings();
}

MainWindow::~MainWindow()
{
    // The session's calls, its status lookup and the apply controller hold pointers into the
    // models, the table and the stores; end them before those go (the table's scroll bar and the
    // proxy still signal while QWidget tears the children down).
    m_connections->endSession();
}

void MainWindow::setUpActions()
{
    m_ui->applyAction->setIcon(themeIcon("system-software-install", QStyle::SP_DialogApplyButton));
    m_applyToolTip = m_ui->applyAction->toolTip();
    m_ui->checkPrerequisitesAction->setIcon(themeIcon("checkbox", QStyle::SP_DialogYesButton));
    m_checkToolTip = m_ui->checkPrerequisitesAction->toolTip();
    m_ui->projectMenu->setToolTipsVisible(true); // why Apply is disabled
    m_ui->refreshAction->setIcon(themeIcon("view-refresh", QStyle::SP_BrowserReload));
    m_ui->copyArnAction->setIcon(themeIcon("edit-copy", QStyle::SP_FileDialogDetailedView));
    m_ui->findAction->setIcon(themeIcon("edit-find", QStyle::SP_FileDialogContentsView));
    m_ui->quitAction->setIcon(themeIcon("application-exit", QStyle::SP_DialogCloseButton));
    m_ui->profilesAction->setIcon(themeIcon("system-users", QStyle::SP_DirHomeIcon));
    m_ui->settingsAction->setIcon(themeIcon("preferences-system", QStyle::SP_FileDialogDetailedView));
    m_ui->diagnosticsAction->setIcon(themeIcon("help-about", QStyle::SP_MessageBoxInformation));
    m_ui->connectionBar->setActions(m_ui->profilesAction, m_ui->refreshAction);
    m_ui->copyNameAction->setIcon(themeIcon("edit-copy", QStyle::SP_FileDialogDetailedView));
    // Disabled until a project is selected, and their tooltips say so from the start: the first
    // selection may come long after the listing (the engines are listed after the projects).
    updateActions();
    projectsView()->addAction(m_ui->applyAction);
    projectsView()->addAction(m_ui->checkPrerequisitesAction);
    projectsView()->addAction(m_ui->copyNameAction);
    projectsView()->addAction(m_ui->copyArnAction);

    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->applyAction, &QAction::triggered, this, &MainWindow::applySelectedProject);
    connect(m_ui->checkPrerequisitesAction, &QAction::triggered, this, &MainWindow::checkSelectedProject);
    connect(m_ui->findAction, &QAction::triggered, projectsPane(), &ProjectsPane::focusFilter);
    connect(projectsPane(), &ProjectsPane::applyRequested, this, [this](const QString& arn) {
        if (arn == selectedProjectArn())
            applySelectedProject();
    });
    connect(m_ui->copyArnAction, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedProjectArn()); });
    connect(m_ui->copyNameAction, &QAction::triggered, this, [this] {
        if (!selectedProjectArn().isEmpty())
            QApplication::clipboard()->setText(projectsPane()->projectName(selectedProjectArn()));
    });
    connect(m_ui->aboutAction, &QAction::triggered, this, [this] {
        auto* dialog = new AboutDialog(m_connections->aboutFacts(m_options.settingsFile), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    connect(m_ui->profilesAction, &QAction::triggered, this, &MainWindow::showProfiles);
    connect(m_ui->signOutAction, &QAction::triggered, this, &MainWindow::signOut);
    connect(m_ui->settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    connect(m_ui->diagnosticsAction, &QAction::triggered, this, [this] {
        auto* dialog = new DiagnosticsDialog(
            m_connections->diagnosticsReport(currentProfileKey(), m_ui->connectionBar->currentProfileText()),
            this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        // Test and screenshot windows use no keychain: a locked one would prompt on the desktop.
        if (!m_options.ignoreSharedFiles)
            dialog->probeKeychain();
        dialog->open();
    });
    connect(m_ui->welcomeAction, &QAction::triggered, this, [this](bool checked) {
        // Before any connection there are no projects to go back to: it stays until a choice.
        if (checked || !m_connections->session())
            showWelcome();
        else
            hideWelcome();
    });
    connect(m_ui->connectionBar, &ConnectionBar::choiceChanged, this, [this] {
        if (!m_restoring && m_started)
            reconnect();
    });

    ProjectsPane* pane = projectsPane();
    connect(pane, &ProjectsPane::stateChanged, this, &MainWindow::stateChanged);
    connect(pane, &ProjectsPane::projectsLoaded, this, &MainWindow::projectsLoaded);
    connect(pane, &ProjectsPane::dataProvidersLoaded, this, &MainWindow::dataProvidersLoaded);
    connect(pane, &ProjectsPane::statusesLoaded, this, &MainWindow::statusesLoaded);
    connect(pane, &ProjectsPane::visibleStatusesLoaded, this, &MainWindow::visibleStatusesLoaded);
    connect(pane, &ProjectsPane::selectionUpdated, this, &MainWindow::updateActions);
    connect(pane, &ProjectsPane::selectedProjectChanged, this, [this](const QString& arn) {
        if (!arn.isEmpty() && !m_restoring)
            settings()->setValue(QStringLiteral("projects/selected"), arn);
        emit selectedProjectChanged(arn);
    });
    connect(pane, &ProjectsPane::sortChanged, this, [this] {
        if (!m_restoring)
            saveSettings();
    });
    connect(pane, &ProjectsPane::retryRequested, this, &MainWindow::refresh);
    connect(pane, &ProjectsPane::signInRequested, this, &MainWindow::signIn);
    connect(pane, &ProjectsPane::statusMessage, this, &MainWindow::showStatus);
    connect(pane, &ProjectsPane::warning, this, &MainWindow::showWarning);

    WelcomeWidget* welcome = m_ui->welcomeWidget;
    connect(welcome, &WelcomeWidget::addKeysRequested, this, &MainWindow::addProfile);
    connect(welcome, &WelcomeWidget::demoRequested, this, &MainWindow::tryDemo);
    connect(welcome, &WelcomeWidget::awsProfileChosen, this, &MainWindow::useAwsProfile);
}

void MainWindow::connectController()
{
    ConnectionController* c = m_connections.get();
    connect(c, &ConnectionController::connected, this, &MainWindow::onConnected);
    connect(c, &ConnectionController::connectionFailed, this, [this](const Fault& fault) {
        m_ui->connectionBar->setIdentity(
            tr("Identity: unknown (%1)").arg(FaultCatalogue::explain(fault).title));
        projectsPane()->showFault(fault, tr("Could not connect"), currentRegion());
    });
    connect(c, &ConnectionController::identityChanged, this, [this](const QString& text, const QString& tip) {
        m_ui->connectionBar->setIdentity(text, tip);
        emit identityResolved(text);
    });
    connect(c, &ConnectionController::proxyPasswordRead, this, &MainWindow::reconnect);
    connect(c, &ConnectionController::proxyPasswordStored, this, &MainWindow::proxyPasswordStored);
    connect(c, &ConnectionController::proxyPasswordRemoved, this, &MainWindow::proxyPasswordRemoved);
    connect(c, &ConnectionController::warning, this, &MainWindow::showWarning);
    connect(c, &ConnectionController::statusMessage, this, &MainWindow::showStatus);
}

void MainWindow::setUpHistoryDock()
{
    // View > History (Ctrl+H); hidden until asked for.
    auto* historyDock = new QDockWidget(tr("History"), this);
    historyDock->setObjectName(QStringLiteral("historyDockWidget"));
    auto* historyView = new HistoryView(m_connections->historyStore(), historyDock);
    historyDock->setWidget(historyView);
    addDockWidget(Qt::BottomDockWidgetArea, historyDock);
    historyDock->hide();
    historyDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_ui->viewMenu->addAction(historyDock->toggleViewAction());
    // Re-check: the recorder resolves the unknown row from the DescribeExtensionPackAssociations answer.
    connect(historyView, &HistoryView::recheckRequested, this,
            [this, historyView](qint64 rowId, const QString& project, const QString& requestId) {
                DmsConnection* open = connection();
                if (!open || !open->client())
                    return;
                QList<Filter> filters;
                if (!requestId.isEmpty())
                    filters.append(Filter{QStringLiteral("request-id"), {requestId}});
                open->client()->describeExtensionPackAssociations(
                    project, filters, QString(), m_connections->session(),
                    [historyView, rowId](const Result<Page<SchemaConversionRequest>>&) {
                        historyView->recordUpdated(rowId);
                    });
            });
}

ProjectsPane* MainWindow::projectsPane() const
{
    return m_ui->projectsPane;
}

WelcomeWidget* MainWindow::welcomeWidget() const
{
    return m_ui->welcomeWidget;
}

DmsConnection* MainWindow::connection() const
{
    return m_connections->connection();
}

HistoryStore* MainWindow::historyStore() const
{
    return m_connections->historyStore();
}

const AppSettings& MainWindow::appSettings() const
{
    return m_connections->appSettings();
}

QAction* MainWindow::checkPrerequisitesAction() const
{
    return m_ui->checkPrerequisitesAction;
}

QAction* MainWindow::applyAction() const
{
    return m_ui->applyAction;
}

QAction* MainWindow::refreshAction() const
{
    return m_ui->refreshAction;
}

QAction* MainWindow::settingsAction() const
{
    return m_ui->settingsAction;
}

QAction* MainWindow::signOutAction() const
{
    return m_ui->signOutAction;
}

SsoSignInDialog* MainWindow::signInDialog() const
{
    return m_signInDialog;
}

QWidget* MainWindow::messageBarArea() const
{
    return m_ui->messageBarContainer;
}

void MainWindow::addMessageBar(QWidget* bar)
{
    m_ui->messageBarLayout->addWidget(bar);
}

QString MainWindow::identityText() const
{
    return m_ui->connectionBar->identityText();
}

void MainWindow::populateProfiles()
{
    m_ui->connectionBar->setProfiles(m_connections->profiles());
}

ProfileKey MainWindow::currentProfileKey() const
{
    return m_ui->connectionBar->currentProfileKey();
}

QString MainWindow::currentRegion() const
{
    return m_ui->connectionBar->currentRegion();
}

void MainWindow::setCurrentProfileKey(const ProfileKey& key)
{
    m_ui->connectionBar->setCurrentProfileKey(key);
}

void MainWindow::setCurrentRegion(const QString& region)
{
    m_ui->connectionBar->setCurrentRegion(region);
}

std::unique_ptr<QSettings> MainWindow::settings() const
{
    auto s = m_options.settingsFile.isEmpty()
                 ? std::make_unique<QSettings>()
                 : std::make_unique<QSettings>(m_options.settingsFile, QSettings::IniFormat);
    // Whichever part of the window writes first, the file is created as the user's alone.
    PrivateFiles::createFile(s->fileName());
    return s;
}

void MainWindow::restoreSettings()
{
    const auto s = settings();
    m_restoring = true;
    // A geometry saved on a larger screen (or by a version whose window a long name could widen)
    // is made to fit this one; a first start takes the designed size where the screen allows.
    if (!restoreGeometry(s->value(QStringLiteral("window/geometry")).toByteArray()))
        resize(kDefaultSize.boundedTo(ScreenFit::maximumClientSize(this)));
    ScreenFit::clamp(this);
    restoreState(s->value(QStringLiteral("window/state")).toByteArray());
    setCurrentProfileKey(ProfileKey::fromString(s->value(QStringLiteral("connection/profile")).toString()));
    QString region = s->value(QStringLiteral("connection/region")).toString();
    if (region.isEmpty())
        region = m_connections->demo() && currentProfileKey().kind() == ProfileKey::Kind::Demo
                     ? m_connections->demo()->region
                     : m_options.environment.value(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    setCurrentRegion(region);
    projectsPane()->restoreSettings(*s);
    m_restoring = false;
}

void MainWindow::saveSettings()
{
    const auto s = settings();
    s->setValue(QStringLiteral("window/geometry"), saveGeometry());
    s->setValue(QStringLiteral("window/state"), saveState());
    if (remembersConnection()) {
        s->setValue(QStringLiteral("connection/profile"), currentProfileKey().toString());
        s->setValue(QStringLiteral("connection/region"), currentRegion());
    }
    projectsPane()->saveSettings(*s);
}

bool MainWindow::remembersConnection() const
{
    // Nothing chosen yet: the next start shows the welcome again rather than guessing. A demo
    // tried from the welcome view is gone with this process: it does not replace the last profile.
    return !m_welcomeUnanswered && !m_connections->isTransient(currentProfileKey());
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    // Before the first show the title bar and frame are guesses: fit the framed window once more.
    if (!m_clampedOnShow && !isMaximized() && !isFullScreen()) {
        m_clampedOnShow = true;
        ScreenFit::clamp(this);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmQuitWhileApplying()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::start()
{
    m_started = true;
    if (isFirstStart()) {
        m_welcomeUnanswered = true;
        m_ui->connectionBar->setIdentity(tr("Identity: not connected"));
        showWelcome();
        return;
    }
    reconnect();
}

void MainWindow::refresh()
{
    if (isWelcomeShown()) {
        // Nothing is connected yet: read the environment and the AWS files again, keep the choices.
        showWelcome();
        return;
    }
    projectsPane()->keepSelection(); // the user's place across the reload
    reconnect();
}

void MainWindow::reconnect()
{
    if (m_connections->readProxyPasswordFirst()) {
        m_ui->connectionBar->setIdentity(tr("Identity: checking…"));
        return; // proxyPasswordRead() comes back here
    }
    // Connecting is a choice: the projects come back, and the profile is remembered at close.
    hideWelcome();
    m_welcomeUnanswered = false;
    const ProfileKey key = currentProfileKey();
    const QString region = currentRegion();
    m_connections->endSession(); // its calls must not reach the emptied pane
    projectsPane()->reset();
    m_ui->signOutAction->setEnabled(m_connections->isSsoProfile(key, region));
    m_ui->connectionBar->setIdentity(tr("Identity: checking…"));
    showStatus(tr("Connecting…"));
    if (!m_connections->connectTo(key, region)) {
        m_ui->connectionBar->setIdentity(tr("Identity: unknown (no service in %1)").arg(region));
        projectsPane()->showEmptyState(
            State::NoService, tr("No AWS DMS in %1 for this profile").arg(region),
            tr("<p>The demo account only has migration projects in <b>%1</b>.</p>"
               "<p>Choose %1 in the region list above to see them.</p>")
                .arg(m_connections->demo() ? m_connections->demo()->region : QString()));
    }
}

void MainWindow::signIn()
{
    if (m_signInDialog) {
        m_signInDialog->raise();
        return;
    }
    Result<ConnectionController::SsoSignIn> setup =
        m_connections->ssoSignIn(currentProfileKey(), currentRegion());
    if (!setup.ok()) {
        Prompts::showFault(this, setup.fault(), this, [](Prompts::FaultAnswer) {});
        return;
    }
    SsoSignInDialog::Options options;
    options.config = setup->config;
    DmsConnection* network = setup.value().network.release();
    options.nam = network->networkAccessManager();
    // The connection's: the demo's sign-in has a HOME, and so a token cache, of its own.
    options.environment = network->options().environment;
    options.openUrl = m_options.openUrl;
    auto* dialog = new SsoSignInDialog(std::move(options), this);
    network->setParent(dialog); // its network access manager outlives the sign-in
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_signInDialog = dialog;
    connect(dialog, &SsoSignInDialog::signedIn, this, [this] {
        showStatus(tr("Signed in to IAM Identity Center"));
        refresh();
    });
    // Cancel, Escape or Close: nothing failed that the pane does not already say; the profile simply
    // stays signed out, with "Sign in…" still offered.
    connect(dialog, &QDialog::rejected, this, [this, dialog] {
        const std::optional<Fault> why = dialog->fault();
        showStatus(
            why ? tr("Not signed in to IAM Identity Center: %1").arg(FaultCatalogue::explain(*why).title)
                : tr("Sign-in cancelled: nothing was changed"));
    });
    dialog->open();
    dialog->start();
    emit signInDialogOpened(dialog);
}

void MainWindow::signOut()
{
    const ProfileKey key = currentProfileKey();
    const QString region = currentRegion();
    // The demo's sign-in is cached apart from the user's: only it goes.
    const QString what =
        m_connections->isDemoSso(key)
            ? tr("Sign out of the demo's IAM Identity Center sign-in? Only the demo's token is removed; "
                 "your own sign-ins, the AWS CLI's included, stay.")
            : tr("Sign out of IAM Identity Center on this computer? Every cached sign-in is signed out "
                 "and removed, the AWS CLI's included, as 'aws sso logout' does. Profiles that use IAM "
                 "Identity Center then need a new sign-in.");
    Prompts::ask(this, tr("Sign Out of IAM Identity Center"), what, QMessageBox::Yes | QMessageBox::No,
                 QMessageBox::No, this, [this, key, region](QMessageBox::StandardButton answer) {
                     if (answer == QMessageBox::Yes)
                         signOutOf(key, region);
                 });
}

void MainWindow::signOutOf(const ProfileKey& key, const QString& region)
{
    SsoLogout::Options options;
    Result<ConnectionController::SsoSignIn> setup = m_connections->ssoSignOut(key, region, &options);
    if (!setup.ok()) {
        Prompts::showFault(this, setup.fault(), this, [](Prompts::FaultAnswer) {});
        return;
    }
    auto* logout = new SsoLogout(options, this);
    setup.value().network.release()->setParent(logout); // its network access manager, for the calls
    m_ui->signOutAction->setEnabled(false);
    showStatus(tr("Signing out of IAM Identity Center…"));
    connect(logout, &SsoLogout::finished, this,
            [this, logout](const QStringList& removed, const QStringList& problems) {
                logout->deleteLater();
                for (const QString& problem : problems)
                    showWarning(problem);
                showStatus(tr("Signed out of IAM Identity Center"));
                emit signedOut(removed, problems);
                refresh();
            });
    logout->start();
}

void MainWindow::onConnected()
{
    DmsConnection* open = connection();
    projectsPane()->load(open->client(), m_connections->session(), currentRegion());
    createApplyController();
    emit connectionChanged(open);
    m_connections->fetchIdentity();
}

void MainWindow::createApplyController()
{
    // The notifications setting decides whether the real sink hears about it.
    NotificationSink* sink = m_options.notifications ? m_options.notifications : m_ownNotifications.get();
    m_notificationPolicy->setTarget(sink);
    if (sink)
        sink->setActivationHandler([this](const QString& arn) { showProjectFromNotification(arn); });
    RunningRequestsStore* store = m_options.runningRequests;
    if (!store)
        store = m_connections->runningRequests();
    if (!store)
        store = m_ownRunningRequests.get();
    PrerequisiteServices* services = m_connections->prerequisiteServices();
    m_prerequisites = new PrerequisitesController(connection()->client(), services, m_connections->session());
    connect(m_prerequisites, &PrerequisitesController::changed, this, &MainWindow::updateActions);
    detailsWidget()->setPrerequisites(m_prerequisites);
    m_apply = new ApplyController(connection()->client(), m_notificationPolicy.get(), store,
                                  m_connections->session());
    m_apply->setDialogParent(this);
    m_apply->setServices(services);
    connect(m_apply, &ApplyController::checksChanged, this,
            [this](const QString& project, const PrerequisiteReport& report, bool running) {
                if (!m_prerequisites)
                    return;
                const PrerequisitesController::Entry before = m_prerequisites->entry(project);
                const bool first = !(before.running && before.fromApply);
                m_prerequisites->setApplyChecks(project, report, running);
                // The findings are read before the question comes: bring them to the front.
                if (first && running && project == selectedProjectArn())
                    detailsWidget()->showPrerequisites();
            });
    if (!m_options.pollScheduleMs.isEmpty())
        m_apply->setPollSchedule(m_options.pollScheduleMs);
    else if (!appSettings().pollScheduleMs().isEmpty())
        m_apply->setPollSchedule(appSettings().pollScheduleMs());
    m_apply->setMaxPollErrors(m_options.maxPollErrors);
    m_apply->setProjectNameLookup([this](const QString& arn) { return projectsPane()->projectName(arn); });
    connect(m_apply, &ApplyController::projectChanged, this, [this](const QString& projectArn) {
        updateActions();
        const ApplyController::State state = m_apply->state(projectArn);
        projectsPane()->showApplyState(projectArn, state);
        // A poll that got through again: the connection's warning has had its day.
        if (projectArn == m_backgroundFaultProject && m_backgroundFaultIsPoll &&
            state.phase == ApplyController::Phase::Running && !state.fault)
            dismissApplyMessage();
    });
    connect(m_apply, &ApplyController::requestEnded, this, [this](const QString& project, bool succeeded) {
        if (succeeded) {
            if (project == m_backgroundFaultProject)
                dismissApplyMessage();
            return;
        }
        // One line, replaced by the next: several failures never stack dialogs or take the focus.
        // The explanation is in the project's requests panel; "Why?" opens the fault dialog.
        const ApplyController::State state = m_apply->state(project);
        const Fault fault = state.fault.value_or(Fault());
        m_backgroundFaultIsPoll = false;
        m_backgroundFaultFollowAgain = false;
        showApplyMessage(
            project, tr("%1: %2").arg(m_apply->displayName(project), FaultCatalogue::explain(fault).title),
            MessageBar::Type::Error, tr("Why?…"), fault);
    });
    connect(m_apply, &ApplyController::statusMessage, this, &MainWindow::showStatus);
    connect(m_apply, &ApplyController::signInRequested, this, &MainWindow::signIn);
    connect(m_apply, &ApplyController::backgroundFault, this,
            [this](const QString& project, const Fault& fault) {
                m_backgroundFaultIsPoll = true;
                m_backgroundFaultFollowAgain = false;
                showApplyMessage(
                    project,
                    tr("Following %1: %2")
                        .arg(projectsPane()->projectName(project), FaultCatalogue::explain(fault).title),
                    MessageBar::Type::Warning, tr("Details…"), fault);
            });
    // Not an error: the request may still be running. The bar says so and follows it again.
    connect(
        m_apply, &ApplyController::followingGaveUp, this, [this](const QString& project, const Fault& fault) {
            m_backgroundFaultIsPoll = false;
            m_backgroundFaultFollowAgain = true;
            showApplyMessage(project,
                             tr("%1: %2. The installation was not stopped and may still be running.")
                                 .arg(m_apply->displayName(project), FaultCatalogue::explain(fault).title),
                             MessageBar::Type::Warning, tr("Follow again"), fault);
        });
    // Requests left running at the last close are followed again, from the stored ids.
    m_apply->resumeRunningRequests();
}

void MainWindow::showApplyMessage(const QString& project, const QString& text, MessageBar::Type type,
                                  const QString& actionText, const Fault& fault)
{
    m_backgroundFaultProject = project;
    // Only signing in again helps, whatever the call was: say why and offer it, not "Why?".
    m_backgroundFaultSignIn = FaultCatalogue::signInHelps(fault) &&
                              m_connections->isSsoProfile(currentProfileKey(), currentRegion());
    if (m_backgroundFaultSignIn) {
        const FaultExplanation why = FaultCatalogue::explain(fault);
        m_messageBar->showMessage(tr("%1 %2").arg(text, why.cause), MessageBar::Type::Warning,
                                  tr("Sign in…"));
        return;
    }
    m_messageBar->showMessage(text, type, actionText);
}

void MainWindow::dismissApplyMessage()
{
    m_backgroundFaultProject.clear();
    m_backgroundFaultIsPoll = false;
    m_backgroundFaultFollowAgain = false;
    m_backgroundFaultSignIn = false;
    m_messageBar->dismiss();
}

void MainWindow::showProjectFromNotification(const QString& projectArn)
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
    if (!projectArn.isEmpty())
        projectsPane()->selectProject(projectArn);
}

bool MainWindow::confirmQuitWhileApplying()
{
    if (!m_apply || m_quitWithoutAsking)
        return true;
    QStringList sending;
    QStringList followed;
    for (const QString& project : m_apply->busyProjects()) {
        const ApplyController::Phase phase = m_apply->state(project).phase;
        if (phase == ApplyController::Phase::Starting || phase == ApplyController::Phase::Recovering)
            sending << m_apply->displayName(project);
        else if (phase == ApplyController::Phase::Running)
            followed << m_apply->displayName(project);
    }
    if (sending.isEmpty() && followed.isEmpty())
        return true;
    QStringList text;
    if (!followed.isEmpty())
        text << tr("The extension pack installation of %1 goes on in AWS DMS; it will be followed again the "
                   "next time the application starts.")
                    .arg(followed.join(QStringLiteral(", ")));
    if (!sending.isEmpty())
        text << tr("The request to install the extension pack on %1 is being sent. If AWS DMS receives it, "
                   "the "
                   "installation goes on; look at the project's requests at the next start.")
                    .arg(sending.join(QStringLiteral(", ")));
    text << tr("Quit anyway?");
    return Prompts::question(this, tr("Quit while installing?"), text.join(QStringLiteral("\n\n")),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
}

void MainWindow::showStatus(const QString& text)
{
    // A message naming a 255-character project is elided in the middle to the bar's width (the
    // bar draws it on one line); the whole of it is the bar's tooltip.
    QStatusBar* bar = statusBar();
    const int room = bar->width() - 2 * bar->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing) - 16;
    const QString shown = room > 0 ? bar->fontMetrics().elidedText(text, Qt::ElideMiddle, room) : text;
    bar->setToolTip(shown == text ? QString() : LongText::toolTip(text));
    bar->showMessage(shown);
    m_statusText = text;
}

QString MainWindow::statusText() const
{
    return m_statusText;
}

void MainWindow::showWarning(const QString& text)
{
    m_messageBar->showMessage(text, MessageBar::Type::Warning);
}

void MainWindow::updateActions()
{
    const QString arn = selectedProjectArn();
    QString reason; // why Apply cannot be chosen, said where the action is
    if (arn.isEmpty())
        reason = tr("Select a migration project to apply its extension pack");
    else if (projectsPane()->isTargetVirtual(arn))
        reason = tr("The project's target is a virtual data provider: an extension pack cannot be applied "
                    "to it");
    else if (m_apply && !m_apply->canApply(arn))
        reason = tr("An extension pack is being applied to this project");
    m_ui->applyAction->setEnabled(reason.isEmpty());
    m_ui->applyAction->setToolTip(reason.isEmpty() ? m_applyToolTip : reason);
    QString checkReason;
    if (arn.isEmpty())
        checkReason = tr("Select a migration project to check its prerequisites");
    else if (!m_prerequisites)
        checkReason = tr("Not connected");
    else if (m_prerequisites->isRunning(arn))
        checkReason = tr("The prerequisites of this project are being checked");
    m_ui->checkPrerequisitesAction->setEnabled(checkReason.isEmpty());
    m_ui->checkPrerequisitesAction->setToolTip(checkReason.isEmpty() ? m_checkToolTip : checkReason);
    m_ui->copyArnAction->setEnabled(!arn.isEmpty());
    m_ui->copyNameAction->setEnabled(!arn.isEmpty());
}

void MainWindow::applySelectedProject()
{
    const QString arn = selectedProjectArn();
    if (arn.isEmpty())
        return;
    emit applyRequested(arn);
    if (m_applyHandler)
        m_applyHandler(arn);
    else if (m_apply)
        m_apply->apply(arn);
}

void MainWindow::checkSelectedProject()
{
    const QString arn = selectedProjectArn();
    if (arn.isEmpty() || !m_prerequisites)
        return;
    detailsWidget()->showPrerequisites();
    m_prerequisites->check(arn);
}

void MainWindow::listProfiles(const ProfileKey& selected, const QString& region)
{
    m_restoring = true;
    populateProfiles(); // the files may have changed since (aws configure, the profiles dialog)
    setCurrentProfileKey(selected);
    if (!region.isEmpty())
        setCurrentRegion(region);
    m_restoring = false;
}

void MainWindow::switchToProfile(const ProfileKey& key, const QString& region)
{
    listProfiles(key, region);
    m_started = true;
    reconnect();
}

void MainWindow::addProfile()
{
    auto* editor = new ProfileEditorDialog(m_connections->profilesContext(), this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this, editor] {
        const std::optional<SessionProfile> session = editor->sessionProfile();
        if (session)
            m_connections->addSessionProfile(*session);
        const AppProfileStore::Profile saved = editor->savedProfile();
        switchToProfile(session ? ProfileKey::session(saved.name) : ProfileKey::app(saved.name),
                        saved.region);
    });
    editor->open();
}

void MainWindow::showProfiles()
{
    ProfilesContext context = m_connections->profilesContext();
    context.openUrl = m_options.openUrl;
    auto* dialog = new ProfilesDialog(std::move(context), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProfilesDialog::sessionProfileAdded, this, [this](const SessionProfile& profile) {
        m_connections->addSessionProfile(profile);
        switchToProfile(ProfileKey::session(profile.profile.name), profile.profile.region);
    });
    // A profile the person has just added is the one they mean to use next.
    auto added = std::make_shared<std::optional<std::pair<ProfileKey, QString>>>();
    connect(dialog, &ProfilesDialog::profileAdded, this,
            [added](const ProfileKey& key, const QString& region) { *added = std::make_pair(key, region); });
    connect(dialog, &QDialog::finished, this, [this, added] {
        // Profiles may have been added or removed: list them again, keeping the one in use.
        const ProfileKey key = currentProfileKey();
        if (*added) {
            switchToProfile((*added)->first, (*added)->second);
            return;
        }
        listProfiles(key, QString());
        if (m_started && currentProfileKey() != key)
            reconnect();
    });
    dialog->open();
}

bool MainWindow::isFirstStart() const
{
    return settings()->value(QStringLiteral("connection/profile")).toString().isEmpty() &&
           !m_connections->hasChosenCredentials();
}

bool MainWindow::isWelcomeShown() const
{
    return !m_ui->welcomeWidget->isHidden();
}

void MainWindow::showWelcome()
{
    WelcomeWidget* welcome = m_ui->welcomeWidget;
    welcome->setEnvironment(m_options.environment, !m_options.ignoreSharedFiles);
    welcome->setDemoAvailable(m_connections->demoAvailable());
    // The connection row stays: choosing a profile there is a choice too. The projects make way.
    projectsPane()->hide();
    welcome->show();
    welcome->showChoices(); // after show(): it puts the focus on the first choice
    m_ui->welcomeAction->setChecked(true);
    showStatus(tr("Choose how to connect to AWS"));
    emit welcomeShown();
}

void MainWindow::hideWelcome()
{
    if (!isWelcomeShown())
        return;
    m_ui->welcomeWidget->hide();
    m_ui->welcomeAction->setChecked(false);
    projectsPane()->show();
}

void MainWindow::useAwsProfile(const QString& name, const QString& region)
{
    // A profile of the app with the same name hides the AWS one in the list (and in the chain).
    const QList<ConnectionController::ProfileChoice> listed = m_connections->profiles();
    const bool shadowed = std::none_of(listed.begin(), listed.end(), [&name](const auto& choice) {
        return choice.key == ProfileKey::aws(name);
    });
    switchToProfile(shadowed ? ProfileKey::app(name) : ProfileKey::aws(name), region);
}

void MainWindow::tryDemo()
{
    if (!m_connections->demoAvailable())
        return;
    if (const Result<void> started = m_connections->startDemo(); !started.ok()) {
        showWarning(tr("The demo could not start: %1").arg(started.fault().message));
        return;
    }
    switchToProfile(ProfileKey::demo(m_connections->demo()->name), m_connections->demo()->region);
}

void MainWindow::openSettings()
{
    SettingsDialog::Context context;
    context.environment = m_options.environment;
    context.resolve = m_connections->settingsResolver(currentProfileKey(), currentRegion());
    context.profileText = tr("%1 in %2").arg(m_ui->connectionBar->currentProfileText(), currentRegion());
    context.keychainText = tr("The password is kept in the keychain (%1), never in the settings file. "
                              "Without a keychain it is kept in memory until the app closes.")
                               .arg(KeychainStore::backendDescription());
    auto* dialog = new SettingsDialog(appSettings(), m_connections->proxyPassword(), context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        applySettings(dialog->settings(), dialog->proxyPassword(), dialog->proxyPasswordChanged());
    });
    dialog->open();
}

void MainWindow::applySettings(const AppSettings& changed, const QString& proxyPassword, bool passwordChanged)
{
    changed.save(*settings());
    const bool reconnectNeeded = m_connections->applySettings(changed, proxyPassword, passwordChanged);
    m_notificationPolicy->setMode(changed.effectiveNotifications());
    if (m_apply)
        m_apply->setPollSchedule(m_options.pollScheduleMs.isEmpty() ? changed.pollScheduleMs()
                                                                    : m_options.pollScheduleMs);
    if (m_started && reconnectNeeded)
        reconnect();
    emit settingsApplied();
}

} // namespace dmsx::ui
