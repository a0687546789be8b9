#include "window/MainWindow.h"
#include "ui_MainWindow.h"

#include "apply/ApplyController.h"
#include "apply/HistoryRunningRequestsStore.h"
#include "apply/SettingsRunningRequestsStore.h"
#include "base/FaultCatalogue.h"
#include "base/Redactor.h"
#include "config/AwsConfigFile.h"
#include "config/Partition.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainStore.h"
#include "credentials/SessionCredentials.h"
#include "credentials/StsClient.h"
#include "diagnostics/DiagnosticsDialog.h"
#include "dms/DmsClient.h"
#include "dms/DmsConnection.h"
#include "dms/ProjectLister.h"
#include "history/HistoryRecorder.h"
#include "history/HistoryStore.h"
#include "history/HistoryView.h"
#include "net/AwsTransport.h"
#include "notifications/DesktopNotificationSink.h"
#include "notifications/NotificationPolicySink.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectStatusLookup.h"
#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"
#include "projects/RequestsModel.h"
#include "settings/SettingsDialog.h"
#include "welcome/WelcomeWidget.h"
#include "widgets/MessageBar.h"
#include "widgets/Prompts.h"
// Profiles (issue 6)
#include "profiles/ProfileEditorDialog.h"
#include "profiles/ProfilesDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QSettings>
#include <QStandardItemModel>
#include <QStyle>
#include <QTemporaryDir>

namespace dmsx::ui {

Q_LOGGING_CATEGORY(lcWindow, "dmsx.ui.window")

namespace {

// The demo and session-only profiles: these keys and nothing else — no AWS files, no keychain, and
// neither the environment's keys nor AWS_PROFILE.
void useOnlyInMemoryKeys(DmsConnection::Options& options, SessionCredentials* credentials,
                         const QString& endpointUrl)
{
    options.ignoreSharedFiles = true;
    options.useKeychain = false;
    options.client.endpointUrl = endpointUrl;
    options.sessionCredentials = credentials;
    for (const char* name :
         {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
        options.environment.remove(QString::fromLatin1(name));
}

QIcon themeIcon(const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), QApplication::style()->standardIcon(fallback));
}

} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget* parent)
    : QMainWindow(parent), m_options(std::move(options)), m_ui(std::make_unique<Ui::MainWindow>()),
      m_model(new ProjectsModel(this)), m_proxy(new ProjectsFilterProxyModel(this))
{
    m_ui->setupUi(this);
    m_proxy->setSourceModel(m_model);
    QTableView* view = m_ui->projectsTableView;
    view->setModel(m_proxy);
    view->sortByColumn(ProjectsModel::NameColumn, Qt::AscendingOrder);
    QHeaderView* header = view->horizontalHeader();
    header->setSectionsMovable(false);
    // The name takes what is left; the short columns fit their text. Measuring only the first
    // rows keeps a 10,000-project load from re-measuring every row on each page.
    header->setResizeContentsPrecision(200);
    header->setMinimumSectionSize(view->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 4);
    for (int column = 0; column < ProjectsModel::ColumnCount; ++column)
        header->setSectionResizeMode(column, column == ProjectsModel::NameColumn
                                                 ? QHeaderView::Stretch
                                                 : QHeaderView::ResizeToContents);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->addAction(m_ui->applyAction);
    view->addAction(m_ui->copyArnAction);

    m_ui->applyAction->setIcon(themeIcon("system-software-install", QStyle::SP_DialogApplyButton));
    m_ui->refreshAction->setIcon(themeIcon("view-refresh", QStyle::SP_BrowserReload));
    m_ui->copyArnAction->setIcon(themeIcon("edit-copy", QStyle::SP_FileDialogDetailedView));
    m_ui->findAction->setIcon(themeIcon("edit-find", QStyle::SP_FileDialogContentsView));
    m_ui->quitAction->setIcon(themeIcon("application-exit", QStyle::SP_DialogCloseButton));
    m_ui->cancelPushButton->setIcon(themeIcon("process-stop", QStyle::SP_BrowserStop));
    m_ui->emptyRetryPushButton->setIcon(themeIcon("view-refresh", QStyle::SP_BrowserReload));
    m_ui->refreshToolButton->setDefaultAction(m_ui->refreshAction);
    m_ui->applyAction->setEnabled(false);
    m_ui->copyArnAction->setEnabled(false);
    // The message bars and the toolbar row keep their height; the projects get the rest.
    m_ui->centralLayout->setStretchFactor(m_ui->mainSplitter, 1);
    // The projects table is what the user scans: it gets the larger share and any extra width.
    m_ui->mainSplitter->setStretchFactor(0, 1);
    m_ui->mainSplitter->setStretchFactor(1, 0);
    QFont title = m_ui->emptyTitleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.4);
    m_ui->emptyTitleLabel->setFont(title);
    m_ui->loadProgressBar->hide();
    m_ui->cancelPushButton->hide();

    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->refreshAction, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->emptyRetryPushButton, &QPushButton::clicked, this, &MainWindow::refresh);
    connect(m_ui->applyAction, &QAction::triggered, this, &MainWindow::applySelectedProject);
    connect(m_ui->findAction, &QAction::triggered, this, [this] {
        m_ui->filterLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterLineEdit->selectAll();
    });
    connect(m_ui->copyArnAction, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedProjectArn()); });
    connect(m_ui->filterLineEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterText(text);
        updateProgress();
    });
    connect(m_ui->cancelPushButton, &QPushButton::clicked, this, [this] {
        if (m_lister)
            m_lister->cancel();
    });
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::updateSelection);
    // A screen reader selects a row through the accessibility API (AT-SPI Table.AddRowSelection),
    // which in Qt 6.4 selects without moving the current index; follow it so the pick counts.
    // Mouse and keyboard set the current index before the selection signal, so this is a no-op there.
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [view] {
        QItemSelectionModel* selection = view->selectionModel();
        const QModelIndexList rows = selection->selectedRows();
        if (rows.size() == 1 && rows.first().row() != selection->currentIndex().row())
            selection->setCurrentIndex(rows.first(), QItemSelectionModel::NoUpdate);
    });
    connect(view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this] {
        if (!m_restoring)
            saveSettings();
    });
    connect(m_ui->profileComboBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_restoring && m_started)
            reconnect();
    });
    connect(m_ui->regionComboBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_restoring && m_started)
            reconnect();
    });
    connect(m_ui->detailsWidget, &ProjectDetailsWidget::requestsLoaded, this,
            [this](const QString& arn, const QList<SchemaConversionRequest>& requests) {
                m_model->setLastStatus(arn, requests.isEmpty() ? QString() : requests.last().status);
                if (m_statusLookup)
                    m_statusLookup->markKnown(arn);
            });

    m_messageBar = new MessageBar(this);
    m_messageBar->setObjectName(QStringLiteral("messageBar"));
    addMessageBar(m_messageBar);
    connect(m_messageBar, &MessageBar::actionTriggered, this, [this] {
        if (m_apply && !m_backgroundFaultProject.isEmpty())
            m_apply->showFault(m_backgroundFaultProject);
    });
    if (!m_options.notifications)
        m_ownNotifications =
            std::make_unique<DesktopNotificationSink>(QApplication::applicationDisplayName(), windowIcon());
    loadAppSettings();
    openHistory();
    // Help > Diagnostics…: the current connection's effective settings, each with its source.
    QMenu* helpMenu = m_ui->menuBar->addMenu(tr("&Help"));
    QAction* diagnosticsAction = helpMenu->addAction(tr("&Diagnostics…"));
    diagnosticsAction->setObjectName(QStringLiteral("diagnosticsAction"));
    diagnosticsAction->setIcon(themeIcon("help-about", QStyle::SP_MessageBoxInformation));
    connect(diagnosticsAction, &QAction::triggered, this, [this] {
        auto* dialog = new DiagnosticsDialog(DiagnosticsReport::forConnection(m_connection), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        // Test and screenshot windows use no keychain: a locked one would prompt on the desktop.
        if (!m_options.ignoreSharedFiles)
            dialog->probeKeychain();
        dialog->open();
    });
    // Help > Welcome (issue 6): the first-start choices again, in place of the projects.
    m_welcome = new WelcomeWidget(m_ui->centralWidget);
    m_welcome->setObjectName(QStringLiteral("welcomeWidget"));
    m_welcome->hide();
    m_ui->centralLayout->addWidget(m_welcome, 1);
    connect(m_welcome, &WelcomeWidget::addKeysRequested, this, &MainWindow::addProfile);
    connect(m_welcome, &WelcomeWidget::demoRequested, this, &MainWindow::tryDemo);
    connect(m_welcome, &WelcomeWidget::awsProfileChosen, this, &MainWindow::useAwsProfile);
    m_welcomeAction = helpMenu->addAction(tr("&Welcome"));
    m_welcomeAction->setObjectName(QStringLiteral("welcomeAction"));
    m_welcomeAction->setCheckable(true);
    m_welcomeAction->setToolTip(
        tr("Choose how to connect: add keys, use an AWS CLI profile, or try the demo"));
    connect(m_welcomeAction, &QAction::triggered, this, [this](bool checked) {
        // Before any connection there are no projects to go back to: it stays until a choice.
        if (checked || !m_session)
            showWelcome();
        else
            hideWelcome();
    });
    if (!m_options.runningRequests) {
        m_runningSettings = settings();
        m_ownRunningRequests = std::make_unique<SettingsRunningRequestsStore>(m_runningSettings.get());
    }

    if (m_options.demo) {
        m_demoCredentials = std::make_unique<SessionCredentials>(m_options.demo->name);
        m_demoCredentials->set(m_options.demo->credentials);
    }
    setUpProfiles();
    populateProfiles();
    populateRegions();
    // Before the first show(), so the window and splitter open at their saved sizes.
    restoreSettings();
}

void MainWindow::openHistory()
{
    const QString path = m_options.historyFile.isEmpty() ? HistoryStore::defaultPath(m_options.environment)
                                                         : m_options.historyFile;
    auto store = std::make_unique<HistoryStore>(path);
    const AppSettings::Retention retention = m_appSettings.effectiveRetention(m_options.environment);
    store->setRetention(retention.days, retention.rows);
    const Result<void> opened = store->open();
    if (!opened.ok()) {
        // Recording must never stop the real work: the window goes on without a history.
        qCWarning(lcWindow) << "request history not opened:" << opened.fault().message;
        m_messageBar->showMessage(tr("The request history is not recorded: %1").arg(opened.fault().message),
                                  MessageBar::Type::Warning);
        return;
    }
    if (!store->recoveryNotice().isEmpty())
        m_messageBar->showMessage(store->recoveryNotice(), MessageBar::Type::Warning);
    m_history = std::move(store);
    m_recorder = std::make_unique<HistoryRecorder>(m_history.get());

    // The history review (issue 6) as a dock, View > History (Ctrl+H); hidden until asked for.
    auto* historyDock = new QDockWidget(tr("History"), this);
    historyDock->setObjectName(QStringLiteral("historyDockWidget"));
    auto* historyView = new HistoryView(m_history.get(), historyDock);
    historyDock->setWidget(historyView);
    addDockWidget(Qt::BottomDockWidgetArea, historyDock);
    historyDock->hide();
    historyDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_ui->menuBar->addMenu(tr("&View"))->addAction(historyDock->toggleViewAction());
    // Re-check: the recorder resolves the unknown row from the DescribeExtensionPackAssociations answer.
    connect(historyView, &HistoryView::recheckRequested, this,
            [this, historyView](qint64 rowId, const QString& project, const QString& requestId) {
                if (!m_connection || !m_connection->client())
                    return;
                QList<Filter> filters;
                if (!requestId.isEmpty())
                    filters.append(Filter{QStringLiteral("request-id"), {requestId}});
                m_connection->client()->describeExtensionPackAssociations(
                    project, filters, QString(), m_session,
                    [historyView, rowId](const Result<Page<SchemaConversionRequest>>&) {
                        historyView->recordUpdated(rowId);
                    });
            });
}

MainWindow::~MainWindow()
{
    // The session's calls, its status lookup and the apply controller hold pointers into the
    // models, the table and the stores; end them before those go (the table's scroll bar and the
    // proxy still signal while QWidget tears the children down).
    delete m_session;
}

QTableView* MainWindow::projectsView() const
{
    return m_ui->projectsTableView;
}

ProjectDetailsWidget* MainWindow::detailsWidget() const
{
    return m_ui->detailsWidget;
}

QAction* MainWindow::applyAction() const
{
    return m_ui->applyAction;
}

ApplyController* MainWindow::applyController() const
{
    return m_apply;
}

QAction* MainWindow::refreshAction() const
{
    return m_ui->refreshAction;
}

QWidget* MainWindow::messageBarArea() const
{
    return m_ui->messageBarContainer;
}

void MainWindow::addMessageBar(QWidget* bar)
{
    m_ui->messageBarLayout->addWidget(bar);
}

bool MainWindow::isLoading() const
{
    return m_state == State::Connecting || m_state == State::Loading;
}

QString MainWindow::identityText() const
{
    return m_ui->identityLabel->text();
}

QString MainWindow::emptyStateTitle() const
{
    return m_ui->emptyTitleLabel->text();
}

QString MainWindow::emptyStateText() const
{
    return m_ui->emptyTextLabel->text();
}

void MainWindow::populateProfiles()
{
    QComboBox* box = m_ui->profileComboBox;
    box->clear();
    if (m_options.demo)
        box->addItem(tr("%1 (simulator, in memory)").arg(m_options.demo->name),
                     QVariant::fromValue(ProfileKey::demo(m_options.demo->name)));
    const AppProfileStore store(m_options.appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath()
                                                                    : m_options.appProfilesFile);
    const QStringList appNames = m_options.ignoreSharedFiles ? QStringList() : store.names();
    for (const QString& name : appNames)
        box->addItem(tr("%1 (app profile)").arg(name), QVariant::fromValue(ProfileKey::app(name)));
    if (!m_options.ignoreSharedFiles) {
        const AwsConfigFile files = AwsConfigFile::load(m_options.environment);
        for (const QString& name : files.profileNames())
            if (!appNames.contains(name))
                box->addItem(tr("%1 (~/.aws)").arg(name), QVariant::fromValue(ProfileKey::aws(name)));
    }
    for (const auto& [name, entry] : m_sessionProfiles)
        box->addItem(tr("%1 (session only)").arg(name), QVariant::fromValue(ProfileKey::session(name)));
    // Always offered: the environment's keys or AWS_PROFILE, as the CLI uses them by default.
    box->addItem(tr("Environment (default chain)"), QVariant::fromValue(ProfileKey::environment()));
}

void MainWindow::populateRegions()
{
    QComboBox* box = m_ui->regionComboBox;
    box->clear();
    auto* model = qobject_cast<QStandardItemModel*>(box->model());
    for (const Partition& partition : Partition::all()) {
        if (partition.regions.isEmpty())
            continue;
        // A heading row that cannot be chosen: the partition decides the endpoints and which
        // credentials work, so it helps to see it while picking.
        box->addItem(tr("— %1 —").arg(partition.id));
        if (model)
            model->item(box->count() - 1)->setFlags(Qt::NoItemFlags);
        for (const QString& region : partition.regions)
            box->addItem(QStringLiteral("   ") + region, region);
    }
}

ProfileKey MainWindow::currentProfileKey() const
{
    return m_ui->profileComboBox->currentData().value<ProfileKey>();
}

QString MainWindow::currentRegion() const
{
    return m_ui->regionComboBox->currentData().toString();
}

void MainWindow::setCurrentProfileKey(const ProfileKey& key)
{
    const int index = m_ui->profileComboBox->findData(QVariant::fromValue(key));
    if (index >= 0)
        m_ui->profileComboBox->setCurrentIndex(index);
}

void MainWindow::setCurrentRegion(const QString& region)
{
    const int index = m_ui->regionComboBox->findData(region);
    if (index >= 0)
        m_ui->regionComboBox->setCurrentIndex(index);
}

std::unique_ptr<QSettings> MainWindow::settings() const
{
    if (m_options.settingsFile.isEmpty())
        return std::make_unique<QSettings>();
    return std::make_unique<QSettings>(m_options.settingsFile, QSettings::IniFormat);
}

void MainWindow::restoreSettings()
{
    const auto s = settings();
    m_restoring = true;
    restoreGeometry(s->value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s->value(QStringLiteral("window/state")).toByteArray());
    const QByteArray splitter = s->value(QStringLiteral("window/splitter")).toByteArray();
    if (splitter.isEmpty())
        m_ui->mainSplitter->setSizes({920, 360});
    else
        m_ui->mainSplitter->restoreState(splitter);
    setCurrentProfileKey(ProfileKey::fromString(s->value(QStringLiteral("connection/profile")).toString()));
    QString region = s->value(QStringLiteral("connection/region")).toString();
    if (region.isEmpty())
        region = m_options.demo && currentProfileKey().kind() == ProfileKey::Kind::Demo
                     ? m_options.demo->region
                     : m_options.environment.value(QStringLiteral("AWS_REGION"), QStringLiteral("us-east-1"));
    setCurrentRegion(region);
    const int column =
        s->value(QStringLiteral("projects/sortColumn"), int(ProjectsModel::NameColumn)).toInt();
    const auto order =
        Qt::SortOrder(s->value(QStringLiteral("projects/sortOrder"), int(Qt::AscendingOrder)).toInt());
    m_ui->projectsTableView->sortByColumn(column, order);
    m_pendingSelection = s->value(QStringLiteral("projects/selected")).toString();
    m_restoring = false;
}

void MainWindow::saveSettings()
{
    const auto s = settings();
    s->setValue(QStringLiteral("window/geometry"), saveGeometry());
    s->setValue(QStringLiteral("window/state"), saveState());
    s->setValue(QStringLiteral("window/splitter"), m_ui->mainSplitter->saveState());
    if (remembersConnection()) {
        s->setValue(QStringLiteral("connection/profile"), currentProfileKey().toString());
        s->setValue(QStringLiteral("connection/region"), currentRegion());
    }
    const QHeaderView* header = m_ui->projectsTableView->horizontalHeader();
    s->setValue(QStringLiteral("projects/sortColumn"), header->sortIndicatorSection());
    s->setValue(QStringLiteral("projects/sortOrder"), int(header->sortIndicatorOrder()));
    // While the remembered project has not arrived yet, keep remembering it.
    const QString selected = selectedProjectArn();
    s->setValue(QStringLiteral("projects/selected"), selected.isEmpty() ? m_pendingSelection : selected);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::start()
{
    m_started = true;
    if (isFirstStart()) {
        m_welcomeUnanswered = true;
        m_ui->identityLabel->setText(tr("Identity: not connected"));
        showWelcome();
        return;
    }
    reconnect();
}

void MainWindow::refresh()
{
    // Keep the user's place across the reload.
    if (!selectedProjectArn().isEmpty())
        m_pendingSelection = selectedProjectArn();
    reconnect();
}

void MainWindow::setState(State state)
{
    m_state = state;
    const bool table = state == State::Loading || state == State::Ready || state == State::Connecting;
    m_ui->projectsStackedWidget->setCurrentWidget(table ? m_ui->tablePage : m_ui->emptyPage);
    const bool loading = isLoading();
    m_ui->loadProgressBar->setVisible(loading);
    m_ui->cancelPushButton->setVisible(state == State::Loading);
    updateProgress();
    emit stateChanged(state);
}

void MainWindow::showEmptyState(State state, const QString& title, const QString& text)
{
    const QStyle::StandardPixmap icon = state == State::EmptyAccount ? QStyle::SP_MessageBoxInformation
                                        : state == State::NoService  ? QStyle::SP_MessageBoxWarning
                                                                     : QStyle::SP_MessageBoxCritical;
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 2;
    m_ui->emptyIconLabel->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    m_ui->emptyTitleLabel->setText(title);
    m_ui->emptyTextLabel->setText(text);
    setState(state);
    statusBar()->showMessage(title);
    emit projectsLoaded();
}

void MainWindow::showFault(const Fault& fault, const QString& what)
{
    m_lastFault = fault;
    const FaultExplanation why = FaultCatalogue::explain(fault);
    QString text = QStringLiteral("<p>%1</p>").arg(why.cause.toHtmlEscaped());
    if (!why.steps.isEmpty()) {
        text += QStringLiteral("<p>") + tr("What to check:") + QStringLiteral("</p><ul>");
        for (const QString& step : why.steps)
            text += QStringLiteral("<li>") + step.toHtmlEscaped() + QStringLiteral("</li>");
        text += QStringLiteral("</ul>");
    }
    text += QStringLiteral("<p><small>%1</small></p>")
                .arg(tr("Code: %1 · HTTP %2 · request %3")
                         .arg(fault.code, fault.httpStatus ? QString::number(fault.httpStatus) : tr("none"),
                              fault.requestId.isEmpty() ? tr("none") : fault.requestId)
                         .toHtmlEscaped());
    // A region where DMS does not exist fails the name lookup of its endpoint: say that, not
    // "network error".
    const bool noService = fault.kind == FaultKind::Transport && fault.code == QLatin1String("HostNotFound");
    if (noService)
        showEmptyState(State::NoService, tr("AWS DMS is not reachable in %1").arg(currentRegion()),
                       tr("<p>The DMS endpoint of this region could not be found. Schema Conversion is only "
                          "available in some regions; choose another region above.</p>") +
                           text);
    else
        showEmptyState(State::Failed, tr("%1: %2").arg(what, why.title), text);
}

void MainWindow::reconnect()
{
    // A manual proxy's password comes from the keychain first (once, asynchronously).
    if (waitForProxyPassword())
        return;
    // Connecting is a choice: the projects come back, and the profile is remembered at close.
    hideWelcome();
    m_welcomeUnanswered = false;
    delete m_session;
    m_connection = nullptr;
    m_lister = nullptr;
    m_lastFault.reset();
    m_session = new QObject(this);
    m_model->clear();
    m_ui->detailsWidget->setClient(nullptr);
    m_ui->detailsWidget->showProject(nullptr, nullptr, nullptr);
    m_ui->identityLabel->setText(tr("Identity: checking…"));
    setState(State::Connecting);
    statusBar()->showMessage(tr("Connecting…"));

    const ProfileKey key = currentProfileKey();
    const QString region = currentRegion();
    const bool demo = key.kind() == ProfileKey::Kind::Demo;
    useDemoHistory(demo);
    DmsConnection::Options options;
    options.environment = m_options.environment;
    options.appProfilesFile = m_options.appProfilesFile;
    options.ignoreSharedFiles = m_options.ignoreSharedFiles;
    options.useKeychain = !m_options.ignoreSharedFiles;
    options.keychainService = m_options.keychainService;
    options.client.region = region;
    options.client.settings = m_appSettings.clientSettings();
    options.proxy = m_appSettings.proxy(m_proxyPassword);
    // A role profile with mfa_serial asks for the code without blocking the window.
    options.mfa = [this, session = m_session](const QString& serial,
                                              std::function<void(std::optional<QString>)> reply) {
        Prompts::askMfaCode(this, serial, session, std::move(reply));
    };
    if (demo) {
        if (region != m_options.demo->region) {
            // The simulator serves one region; any other is "a region with no DMS" for the demo.
            m_ui->identityLabel->setText(tr("Identity: unknown (no service in %1)").arg(region));
            showEmptyState(State::NoService, tr("No AWS DMS in %1 for this profile").arg(region),
                           tr("<p>The demo account only has migration projects in <b>%1</b>.</p>"
                              "<p>Choose %1 in the region list above to see them.</p>")
                               .arg(m_options.demo->region));
            return;
        }
        useOnlyInMemoryKeys(options, m_demoCredentials.get(), m_options.demo->endpointUrl);
        // The simulator is the only endpoint the demo keys are good for.
        for (const char* name : {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DMS", "AWS_ENDPOINT_URL_STS"})
            options.environment.remove(QString::fromLatin1(name));
    } else if (const auto session = m_sessionProfiles.find(key.name());
               key.kind() == ProfileKey::Kind::Session && session != m_sessionProfiles.end()) {
        // Exactly what was typed: the session's keys and endpoint.
        useOnlyInMemoryKeys(options, session->second.credentials.get(), session->second.settings.endpointUrl);
    } else {
        options.client.profile = key.chainProfile();
    }
    if (m_recorder) {
        // Also told about the credential chain's AssumeRole calls while the connection opens.
        options.observers.append(m_recorder.get());
        m_recorder->setProfile(key.kind() == ProfileKey::Kind::Environment ? QString() : key.name());
        m_recorder->setCredentialsSource(QString());
        m_recorder->setAccountId(QString());
    }
    m_connection = new DmsConnection(options, m_session);
    QObject* session = m_session;
    m_connection->open(session, [this](const Result<void>& opened) {
        if (!opened.ok()) {
            m_ui->identityLabel->setText(
                tr("Identity: unknown (%1)").arg(FaultCatalogue::explain(opened.fault()).title));
            showFault(opened.fault(), tr("Could not connect"));
            return;
        }
        if (m_recorder)
            m_recorder->setCredentialsSource(m_connection->credentials().source);
        // Before the details pane and the apply flow, which tell it the statuses they show.
        createStatusLookup();
        m_ui->detailsWidget->setClient(m_connection->client());
        createApplyController();
        emit connectionChanged(m_connection);
        fetchIdentity();
        loadDataProviders(QString());
        startListing();
    });
}

void MainWindow::fetchIdentity()
{
    auto* sts = new StsClient(m_connection->stsTransportConfig(), m_connection->networkAccessManager(),
                              nullptr, {}, m_session);
    if (m_recorder)
        sts->addObserver(m_recorder.get());
    sts->getCallerIdentity(m_session, [this](const Result<CallerIdentity>& r) {
        const QString text = r.ok()
                                 ? tr("Account %1 · %2").arg(r.value().account, r.value().arn)
                                 : tr("Identity: unknown (%1)").arg(FaultCatalogue::explain(r.fault()).title);
        m_ui->identityLabel->setText(text);
        m_ui->identityLabel->setToolTip(
            r.ok() ? tr("Credentials from %1").arg(m_connection->credentials().source) : r.fault().message);
        emit identityResolved(text);
    });
}

void MainWindow::loadDataProviders(const QString& marker)
{
    m_connection->client()->describeDataProviders(
        {}, std::nullopt, marker, m_session, [this](const Result<Page<DataProvider>>& r) {
            if (!r.ok()) {
                qCWarning(lcWindow) << "data providers:" << r.fault().code;
                statusBar()->showMessage(
                    tr("Engines unavailable: %1").arg(FaultCatalogue::explain(r.fault()).title));
                return;
            }
            m_model->setDataProviders(r.value().items);
            m_ui->projectsTableView->resizeColumnToContents(ProjectsModel::SourceEngineColumn);
            m_ui->projectsTableView->resizeColumnToContents(ProjectsModel::TargetEngineColumn);
            updateSelection(); // the details pane may be waiting for its providers
            if (!r.value().marker.isEmpty())
                loadDataProviders(r.value().marker);
        });
}

void MainWindow::startListing()
{
    m_lister = new ProjectLister(m_connection->client(), m_session);
    if (m_options.pageSize)
        m_lister->setPageSize(m_options.pageSize);
    connect(m_lister, &ProjectLister::pageReceived, this,
            [this](const QList<MigrationProject>& projects, int) {
                const bool first = m_model->rowCount() == 0;
                m_model->appendProjects(projects);
                // Sized once, from the first page: resizing on every page of a long listing
                // would measure every row again and again.
                if (first)
                    m_ui->projectsTableView->resizeColumnsToContents();
                if (!m_pendingSelection.isEmpty() && selectedProjectArn().isEmpty())
                    selectProject(m_pendingSelection);
                updateProgress();
            });
    connect(
        m_lister, &ProjectLister::finished, this,
        [this](ProjectLister::StopReason, int total, const QString&) {
            if (total == 0) {
                showEmptyState(
                    State::EmptyAccount, tr("No migration projects in %1").arg(currentRegion()),
                    tr("<p>This account has no DMS Schema Conversion migration projects in this region.</p>"
                       "<p>Create one in the AWS DMS console (Migrate data → Migration projects), or "
                       "choose another region or profile above.</p>"));
                return;
            }
            setState(State::Ready);
            statusBar()->showMessage(tr("%n project(s) loaded", nullptr, total));
            if (!m_pendingSelection.isEmpty() && selectedProjectArn().isEmpty())
                selectProject(m_pendingSelection);
            m_statusLookup->start(); // made when this listing's connection opened
            emit projectsLoaded();
        });
    connect(m_lister, &ProjectLister::failed, this, [this](const Fault& fault, int pages) {
        if (fault.kind == FaultKind::Cancelled) {
            setState(State::Ready);
            statusBar()->showMessage(
                tr("Loading cancelled after %n project(s)", nullptr, m_model->rowCount()));
            emit projectsLoaded();
            return;
        }
        if (pages > 0) {
            // Keep what arrived; say what is missing without hiding the table.
            m_lastFault = fault;
            setState(State::Ready);
            statusBar()->showMessage(
                tr("Listing stopped after %n project(s): %1", nullptr, m_model->rowCount())
                    .arg(FaultCatalogue::explain(fault).title));
            emit projectsLoaded();
            return;
        }
        showFault(fault, tr("Could not list the migration projects"));
    });
    setState(State::Loading);
    statusBar()->showMessage(tr("Loading migration projects…"));
    m_lister->start();
}

void MainWindow::updateProgress()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (isLoading())
        m_ui->loadProgressBar->setFormat(
            m_state == State::Connecting ? tr("Connecting…") : tr("Loading… %n project(s)", nullptr, total));
    if (m_state == State::Ready && !m_ui->filterLineEdit->text().isEmpty())
        statusBar()->showMessage(tr("%1 of %n project(s) match the filter", nullptr, total).arg(shown));
}

void MainWindow::createStatusLookup()
{
    m_statusLookup = new ProjectStatusLookup(m_connection->client(), m_model, m_ui->projectsTableView,
                                             m_options.statusLookupLimit, m_session);
    connect(m_statusLookup, &ProjectStatusLookup::statusesLoaded, this, &MainWindow::statusesLoaded);
    connect(m_statusLookup, &ProjectStatusLookup::visibleStatusesLoaded, this,
            &MainWindow::visibleStatusesLoaded);
    connect(m_statusLookup, &ProjectStatusLookup::firstLookupFailed, this, [this](const Fault& fault) {
        m_messageBar->showMessage(
            tr("Some extension-pack statuses could not be read (%1). They are asked for again shortly.")
                .arg(FaultCatalogue::explain(fault).title),
            MessageBar::Type::Warning);
    });
}

QString MainWindow::selectedProjectArn() const
{
    const QModelIndex current = m_ui->projectsTableView->selectionModel()->currentIndex();
    if (!current.isValid() ||
        !m_ui->projectsTableView->selectionModel()->isRowSelected(current.row(), QModelIndex()))
        return QString();
    return current.data(ProjectsModel::ArnRole).toString();
}

bool MainWindow::selectProject(const QString& arn)
{
    const int row = m_model->rowForArn(arn);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_ui->projectsTableView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                          QItemSelectionModel::Rows);
    m_ui->projectsTableView->scrollTo(index);
    return true;
}

void MainWindow::updateSelection()
{
    const QString arn = selectedProjectArn();
    m_ui->applyAction->setEnabled(!arn.isEmpty() && (!m_apply || m_apply->canApply(arn)));
    m_ui->copyArnAction->setEnabled(!arn.isEmpty());
    const QString shown = m_ui->detailsWidget->projectArn();
    const MigrationProject* project = m_model->project(m_model->rowForArn(arn));
    if (!project) {
        if (!shown.isEmpty()) {
            m_ui->detailsWidget->showProject(nullptr, nullptr, nullptr);
            emit selectedProjectChanged(QString());
        }
        return;
    }
    auto provider = [this](const QList<DataProviderDescriptor>& d) {
        return d.isEmpty() ? nullptr : m_model->dataProvider(d.first().dataProviderArn);
    };
    const DataProvider* source = provider(project->sourceDataProviderDescriptors);
    const DataProvider* target = provider(project->targetDataProviderDescriptors);
    const bool complete = (source || project->sourceDataProviderDescriptors.isEmpty()) &&
                          (target || project->targetDataProviderDescriptors.isEmpty());
    // Also called whenever a page of data providers arrives: re-show only what has changed.
    if (shown == arn && (m_detailsComplete || !complete))
        return;
    m_ui->detailsWidget->showProject(project, source, target);
    m_detailsComplete = complete;
    if (shown != arn) {
        m_pendingSelection.clear();
        if (!m_restoring)
            settings()->setValue(QStringLiteral("projects/selected"), arn);
        emit selectedProjectChanged(arn);
    }
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

void MainWindow::createApplyController()
{
    // The notifications setting decides whether the real sink hears about it.
    m_notificationPolicy->setTarget(m_options.notifications ? m_options.notifications
                                                            : m_ownNotifications.get());
    NotificationSink* notifications = m_notificationPolicy.get();
    RunningRequestsStore* store = m_options.runningRequests;
    if (!store && m_history) {
        // The history records every start and every status the polls see: what was left running
        // at the last close is read from it (for this region and endpoint).
        m_historyRunningRequests = std::make_unique<HistoryRunningRequestsStore>(
            m_history.get(), m_connection->config().endpoint.signingRegion,
            QString::fromUtf8(AwsTransport::hostHeader(m_connection->config().endpoint.url)));
        store = m_historyRunningRequests.get();
    }
    if (!store)
        store = m_ownRunningRequests.get();
    m_apply = new ApplyController(m_connection->client(), notifications, store, m_session);
    m_apply->setDialogParent(this);
    if (!m_options.pollScheduleMs.isEmpty())
        m_apply->setPollSchedule(m_options.pollScheduleMs);
    else if (!m_appSettings.pollScheduleMs().isEmpty())
        m_apply->setPollSchedule(m_appSettings.pollScheduleMs());
    connect(m_apply, &ApplyController::projectChanged, this, &MainWindow::onApplyChanged);
    connect(m_apply, &ApplyController::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text); });
    connect(m_apply, &ApplyController::backgroundFault, this,
            [this](const QString& project, const Fault& fault) {
                m_backgroundFaultProject = project;
                const FaultExplanation why = FaultCatalogue::explain(fault);
                const int row = m_model->rowForArn(project);
                const QString name = row >= 0 ? m_model->project(row)->migrationProjectName : project;
                m_messageBar->showMessage(tr("Following %1: %2").arg(name, why.title),
                                          MessageBar::Type::Warning, tr("Details…"));
            });
    // Requests left running at the last close are followed again, from the stored ids.
    m_apply->resumeRunningRequests();
}

// --- Profiles (issue 6)

void MainWindow::setUpProfiles()
{
    // File > Profiles… (Ctrl+Shift+P), also a button next to the profile list.
    m_profilesAction = new QAction(themeIcon("system-users", QStyle::SP_DirHomeIcon), tr("&Profiles…"), this);
    m_profilesAction->setObjectName(QStringLiteral("profilesAction"));
    m_profilesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_profilesAction->setToolTip(tr("Add, edit, import and test profiles (Ctrl+Shift+P)"));
    m_ui->fileMenu->insertAction(m_ui->quitAction, m_profilesAction);
    m_ui->fileMenu->insertSeparator(m_ui->quitAction);
    connect(m_profilesAction, &QAction::triggered, this, &MainWindow::showProfiles);
    auto* button = new QToolButton(m_ui->centralWidget);
    button->setObjectName(QStringLiteral("profilesToolButton"));
    button->setDefaultAction(m_profilesAction);
    button->setAccessibleName(tr("Profiles"));
    m_sessionOnlyLabel = new QLabel(tr("Session only — not saved"), m_ui->centralWidget);
    m_sessionOnlyLabel->setObjectName(QStringLiteral("sessionOnlyLabel"));
    m_sessionOnlyLabel->setAccessibleName(tr("Session only, not saved"));
    m_sessionOnlyLabel->setToolTip(
        tr("This profile's keys are kept in memory only: they are gone when the "
           "app closes. Unlock the keychain and add the profile again to keep them."));
    QFont bold = m_sessionOnlyLabel->font();
    bold.setBold(true);
    m_sessionOnlyLabel->setFont(bold);
    m_sessionOnlyLabel->hide();
    const int at = m_ui->connectionLayout->indexOf(m_ui->profileComboBox);
    m_ui->connectionLayout->insertWidget(at + 1, button);
    m_ui->connectionLayout->insertWidget(at + 2, m_sessionOnlyLabel);
    QWidget::setTabOrder(m_ui->profileComboBox, button);
    connect(m_ui->profileComboBox, &QComboBox::currentIndexChanged, this, &MainWindow::updateSessionOnlyMark);
}

ProfilesContext MainWindow::profilesContext() const
{
    ProfilesContext context;
    context.appProfilesFile = m_options.appProfilesFile;
    context.keychainService = m_options.keychainService;
    context.environment = m_options.environment;
    context.ignoreAwsFiles = m_options.ignoreSharedFiles;
    return context;
}

void MainWindow::updateSessionOnlyMark()
{
    m_sessionOnlyLabel->setVisible(currentProfileKey().kind() == ProfileKey::Kind::Session);
}

void MainWindow::addSessionProfile(const SessionProfile& profile)
{
    SessionOnlyProfile& entry = m_sessionProfiles[profile.profile.name];
    entry.settings = profile.profile;
    entry.credentials = std::make_unique<SessionCredentials>(profile.profile.name);
    entry.credentials->set(profile.credentials);
}

void MainWindow::switchToProfile(const ProfileKey& key, const QString& region)
{
    m_restoring = true;
    populateProfiles();
    setCurrentProfileKey(key);
    if (!region.isEmpty())
        setCurrentRegion(region);
    m_restoring = false;
    updateSessionOnlyMark();
    m_started = true;
    reconnect();
}

void MainWindow::addProfile()
{
    auto* editor = new ProfileEditorDialog(profilesContext(), this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, [this, editor] {
        const std::optional<SessionProfile> session = editor->sessionProfile();
        if (session)
            addSessionProfile(*session);
        const AppProfileStore::Profile saved = editor->savedProfile();
        switchToProfile(session ? ProfileKey::session(saved.name) : ProfileKey::app(saved.name),
                        saved.region);
    });
    editor->open();
}

void MainWindow::showProfiles()
{
    auto* dialog = new ProfilesDialog(profilesContext(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProfilesDialog::sessionProfileAdded, this, [this](const SessionProfile& profile) {
        addSessionProfile(profile);
        switchToProfile(ProfileKey::session(profile.profile.name), profile.profile.region);
    });
    connect(dialog, &QDialog::finished, this, [this] {
        // Profiles may have been added or removed: list them again, keeping the one in use.
        const ProfileKey key = currentProfileKey();
        m_restoring = true;
        populateProfiles();
        setCurrentProfileKey(key);
        m_restoring = false;
        updateSessionOnlyMark();
        if (m_started && currentProfileKey() != key)
            reconnect();
    });
    dialog->open();
}

void MainWindow::onApplyChanged(const QString& projectArn)
{
    if (!m_apply)
        return;
    const QString selected = selectedProjectArn();
    m_ui->applyAction->setEnabled(!selected.isEmpty() && m_apply->canApply(selected));
    const ApplyController::State state = m_apply->state(projectArn);
    if (!state.status.isEmpty()) {
        m_model->setLastStatus(projectArn, state.status);
        if (m_statusLookup) // gone first when the session ends
            m_statusLookup->markKnown(projectArn);
    }
    if (projectArn != m_ui->detailsWidget->projectArn() || state.requestId.isEmpty())
        return;
    // The live request in the details pane, updated in place as polling reports.
    SchemaConversionRequest live;
    live.requestIdentifier = state.requestId;
    live.migrationProjectArn = state.projectArn;
    live.status = state.status;
    Progress progress;
    progress.progressStep = state.step;
    if (state.percent >= 0)
        progress.progressPercent = state.percent;
    live.progress = progress;
    if (state.fault && state.phase == ApplyController::Phase::Failed) {
        ErrorDetails error;
        error.variant = ErrorDetails::Variant::Default;
        error.message =
            FaultCatalogue::explain(*state.fault).title + QStringLiteral(": ") + state.fault->message;
        live.error = error;
    }
    m_ui->detailsWidget->requestsModel()->upsert(live);
}

} // namespace dmsx::ui

// --- Welcome view (issue 6)

namespace dmsx::ui {

bool MainWindow::isFirstStart() const
{
    if (m_options.demo)
        return false;
    if (!settings()->value(QStringLiteral("connection/profile")).toString().isEmpty())
        return false;
    const AppProfileStore store(m_options.appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath()
                                                                    : m_options.appProfilesFile);
    if (!m_options.ignoreSharedFiles && !store.names().isEmpty())
        return false;
    // Keys or a profile chosen in the environment: the user already said what to use.
    return m_options.environment.value(QStringLiteral("AWS_ACCESS_KEY_ID")).isEmpty() &&
           m_options.environment.value(QStringLiteral("AWS_PROFILE")).isEmpty();
}

bool MainWindow::isWelcomeShown() const
{
    return m_welcome && !m_welcome->isHidden();
}

void MainWindow::showWelcome()
{
    m_welcome->setEnvironment(m_options.environment, !m_options.ignoreSharedFiles);
    m_welcome->setDemoAvailable(m_options.demo.has_value() || bool(m_options.startDemo));
    // The connection row stays: choosing a profile there is a choice too. The rest makes way.
    m_ui->mainSplitter->hide();
    m_ui->filterLineEdit->hide();
    m_ui->loadProgressBar->hide();
    m_ui->cancelPushButton->hide();
    m_welcome->show();
    m_welcome->showChoices(); // after show(): it puts the focus on the first choice
    m_welcomeAction->setChecked(true);
    statusBar()->showMessage(tr("Choose how to connect to AWS"));
    emit welcomeShown();
}

void MainWindow::hideWelcome()
{
    if (!isWelcomeShown())
        return;
    m_welcome->hide();
    m_welcomeAction->setChecked(false);
    m_ui->mainSplitter->show();
    m_ui->filterLineEdit->show();
    m_ui->loadProgressBar->setVisible(isLoading());
    m_ui->cancelPushButton->setVisible(m_state == State::Loading);
}

void MainWindow::useAwsProfile(const QString& name, const QString& region)
{
    m_restoring = true;
    populateProfiles(); // the files may have changed since the window opened (aws configure)
    // A profile of the app with the same name hides the AWS one in the list (and in the chain).
    if (m_ui->profileComboBox->findData(QVariant::fromValue(ProfileKey::aws(name))) >= 0)
        setCurrentProfileKey(ProfileKey::aws(name));
    else
        setCurrentProfileKey(ProfileKey::app(name));
    if (!region.isEmpty())
        setCurrentRegion(region);
    m_restoring = false;
    reconnect();
}

void MainWindow::tryDemo()
{
    if (!m_options.demo) {
        if (!m_options.startDemo)
            return;
        const Result<DemoProfile> started = m_options.startDemo();
        if (!started.ok()) {
            m_messageBar->showMessage(tr("The demo could not start: %1").arg(started.fault().message),
                                      MessageBar::Type::Warning);
            return;
        }
        m_options.demo = started.value();
        m_demoCredentials = std::make_unique<SessionCredentials>(m_options.demo->name);
        m_demoCredentials->set(m_options.demo->credentials);
        // As with --demo: the simulator lives and dies with this process, so its calls do not
        // belong in the user's request history. They go to a scratch one while the demo is used.
        m_demoScratch = std::make_unique<QTemporaryDir>();
        auto scratch =
            std::make_unique<HistoryStore>(m_demoScratch->filePath(QStringLiteral("history.sqlite")));
        if (m_demoScratch->isValid() && scratch->open().ok()) {
            m_otherHistory = std::move(scratch);
            m_otherRecorder = std::make_unique<HistoryRecorder>(m_otherHistory.get());
        } // else the demo is not recorded at all: the swap leaves no recorder in use
    }
    m_restoring = true;
    populateProfiles();
    setCurrentProfileKey(ProfileKey::demo(m_options.demo->name));
    setCurrentRegion(m_options.demo->region);
    m_restoring = false;
    reconnect();
}

void MainWindow::useDemoHistory(bool demo)
{
    // Only a demo started from the welcome view has a history of its own (see tryDemo()).
    if (!m_demoScratch || demo == m_demoHistoryActive)
        return;
    std::swap(m_history, m_otherHistory);
    std::swap(m_recorder, m_otherRecorder);
    m_demoHistoryActive = demo;
}

bool MainWindow::remembersConnection() const
{
    // Nothing chosen yet: the next start shows the welcome again rather than guessing. A demo
    // tried from the welcome view is gone with this process: it does not replace the last profile.
    return !m_welcomeUnanswered && !(m_demoScratch && currentProfileKey().kind() == ProfileKey::Kind::Demo);
}

} // namespace dmsx::ui

// --- Settings (issue 6, settings engineer): Edit > Settings… and the app settings in effect.

namespace dmsx::ui {

void MainWindow::loadAppSettings()
{
    QStringList warnings;
    m_appSettings = AppSettings::load(*settings(), &warnings);
    for (const QString& warning : std::as_const(warnings))
        m_messageBar->showMessage(tr("A setting was ignored: %1").arg(warning), MessageBar::Type::Warning);
    m_notificationPolicy = std::make_unique<NotificationPolicySink>(nullptr, this);
    m_notificationPolicy->setMode(m_appSettings.effectiveNotifications());
    m_keychain = m_options.keychainService.isEmpty()
                     ? std::make_unique<KeychainStore>()
                     : std::make_unique<KeychainStore>(m_options.keychainService);

    // Edit comes right after File, as on every desktop.
    auto* editMenu = new QMenu(tr("&Edit"), m_ui->menuBar);
    editMenu->setObjectName(QStringLiteral("editMenu"));
    m_ui->menuBar->insertMenu(m_ui->projectMenu->menuAction(), editMenu);
    m_settingsAction = editMenu->addAction(tr("&Settings…"));
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setIcon(themeIcon("preferences-system", QStyle::SP_FileDialogDetailedView));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
}

bool MainWindow::waitForProxyPassword()
{
    if (!m_appSettings.needsProxyPassword() || m_proxyPasswordLoaded)
        return false;
    m_proxyPasswordLoaded = true; // one read: a missing entry is not asked for again
    m_ui->identityLabel->setText(tr("Identity: checking…"));
    statusBar()->showMessage(tr("Reading the proxy password from the keychain…"));
    m_keychain->readEntry(AppSettings::proxyPasswordKey(), this, [this](const Result<QString>& read) {
        if (read.ok()) {
            m_proxyPassword = read.value();
            Redactor::registerSecret(m_proxyPassword);
        } else {
            m_messageBar->showMessage(tr("The proxy password could not be read from the keychain (%1). "
                                         "Enter it in Edit > Settings… > Network.")
                                          .arg(FaultCatalogue::explain(read.fault()).title),
                                      MessageBar::Type::Warning);
        }
        reconnect();
    });
    return true;
}

// Proxy (issue 6 follow-up, proxy engineer): a secret the settings no longer use (the proxy is
// not manual any more, or needs no user) must not stay behind in the keychain.
void MainWindow::forgetProxyPassword()
{
    m_proxyPassword.clear();
    m_proxyPasswordLoaded = false; // back to a manual proxy with a user: the keychain is asked again
    m_keychain->deleteEntry(AppSettings::proxyPasswordKey(), this, [this](const Result<void>& done) {
        emit proxyPasswordRemoved(done.ok());
        if (!done.ok())
            m_messageBar->showMessage(tr("The proxy password is no longer used but could not be removed from "
                                         "the keychain (%1). Remove the entry \"%2\" of \"%3\" with your "
                                         "keyring manager.")
                                          .arg(FaultCatalogue::explain(done.fault()).title,
                                               AppSettings::proxyPasswordKey(), m_keychain->service()),
                                      MessageBar::Type::Warning);
    });
}

void MainWindow::openSettings()
{
    SettingsDialog::Context context;
    context.environment = m_options.environment;
    // Sources for the profile and region in use, computed as the connection would.
    DmsConnection::Options base;
    if (m_connection) {
        base = m_connection->options();
    } else {
        base.environment = m_options.environment;
        base.ignoreSharedFiles = m_options.ignoreSharedFiles;
        base.appProfilesFile = m_options.appProfilesFile;
        base.client.region = currentRegion();
        base.client.profile = currentProfileKey().chainProfile();
    }
    base.sessionCredentials = nullptr;
    base.observers.clear();
    base.useKeychain = false;
    context.resolve = [base](const ClientSettings& settings) -> Result<EffectiveClientConfig> {
        DmsConnection::Options options = base;
        options.client.settings = settings;
        DmsConnection connection(options);
        const Result<void> resolved = connection.resolve();
        if (!resolved.ok())
            return resolved.fault();
        return connection.config();
    };
    context.profileText = tr("%1 in %2").arg(m_ui->profileComboBox->currentText().trimmed(), currentRegion());
    context.keychainText = tr("The password is kept in the keychain (%1), never in the settings file. "
                              "Without a keychain it is kept in memory until the app closes.")
                               .arg(KeychainStore::backendDescription());
    auto* dialog = new SettingsDialog(m_appSettings, m_proxyPassword, context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        applySettings(dialog->settings(), dialog->proxyPassword(), dialog->proxyPasswordChanged());
    });
    dialog->open();
}

void MainWindow::applySettings(const AppSettings& changed, const QString& proxyPassword, bool passwordChanged)
{
    const AppSettings previous = m_appSettings;
    m_appSettings = changed;
    m_appSettings.save(*settings());
    m_notificationPolicy->setMode(m_appSettings.effectiveNotifications());
    if (m_apply)
        m_apply->setPollSchedule(m_options.pollScheduleMs.isEmpty() ? m_appSettings.pollScheduleMs()
                                                                    : m_options.pollScheduleMs);
    if (m_history) {
        const AppSettings::Retention retention = m_appSettings.effectiveRetention(m_options.environment);
        m_history->setRetention(retention.days, retention.rows);
        if (const Result<int> pruned = m_history->applyRetention(); !pruned.ok())
            m_messageBar->showMessage(pruned.fault().message, MessageBar::Type::Warning);
        else if (pruned.value() > 0)
            statusBar()->showMessage(
                tr("%n old request(s) removed from the history", nullptr, pruned.value()));
    }

    const bool passwordMatters = m_appSettings.needsProxyPassword();
    if (passwordChanged && passwordMatters) {
        m_proxyPassword = proxyPassword;
        m_proxyPasswordLoaded = true;
        Redactor::registerSecret(m_proxyPassword);
        auto stored = [this](const Result<void>& done) {
            emit proxyPasswordStored(done.ok());
            if (!done.ok())
                m_messageBar->showMessage(
                    tr("The proxy password could not be stored in the keychain (%1): it is kept in memory "
                       "for this session only.")
                        .arg(FaultCatalogue::explain(done.fault()).title),
                    MessageBar::Type::Warning);
        };
        if (m_proxyPassword.isEmpty())
            m_keychain->deleteEntry(AppSettings::proxyPasswordKey(), this, stored);
        else
            m_keychain->writeEntry(AppSettings::proxyPasswordKey(), m_proxyPassword, this, stored);
    } else if (!passwordMatters && previous.needsProxyPassword()) {
        forgetProxyPassword();
    }
    if (m_started && (m_appSettings.connectionDiffers(previous) || (passwordChanged && passwordMatters)))
        reconnect();
    emit settingsApplied();
}

} // namespace dmsx::ui
