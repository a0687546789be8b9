#include "MainWindow.h"
#include "ui_MainWindow.h"

#include "AppProfileStore.h"
#include "ApplyController.h"
#include "AwsConfigFile.h"
#include "AwsTransport.h"
#include "DesktopNotificationSink.h"
#include "DiagnosticsDialog.h"
#include "DialogApplyConfirmer.h"
#include "DmsClient.h"
#include "DmsConnection.h"
#include "FaultCatalogue.h"
#include "HistoryRecorder.h"
#include "HistoryRunningRequestsStore.h"
#include "HistoryStore.h"
#include "HistoryView.h"
#include "MessageBar.h"
#include "Partition.h"
#include "ProjectDetailsWidget.h"
#include "ProjectLister.h"
#include "ProjectsFilterProxyModel.h"
#include "ProjectsModel.h"
#include "RequestsModel.h"
#include "SessionCredentials.h"
#include "SettingsRunningRequestsStore.h"
#include "StsClient.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QSettings>
#include <QStandardItemModel>
#include <QStyle>

namespace dmsx::ui {

Q_LOGGING_CATEGORY(lcWindow, "dmsx.ui.window")

namespace {

const QString kDemoPrefix = QStringLiteral("demo:");
const QString kAppPrefix = QStringLiteral("app:");
const QString kAwsPrefix = QStringLiteral("aws:");
const QString kEnvKey = QStringLiteral("env:");
constexpr int kStatusConcurrency = 4;

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
            });

    m_messageBar = new MessageBar(this);
    m_messageBar->setObjectName(QStringLiteral("messageBar"));
    addMessageBar(m_messageBar);
    connect(m_messageBar, &MessageBar::actionTriggered, this, [this] {
        if (m_apply && !m_backgroundFaultProject.isEmpty())
            m_apply->showFault(m_backgroundFaultProject);
    });
    if (!m_options.confirmer)
        m_ownConfirmer = std::make_unique<DialogApplyConfirmer>();
    if (!m_options.notifications)
        m_ownNotifications =
            std::make_unique<DesktopNotificationSink>(QApplication::applicationDisplayName(), windowIcon());
    openHistory();
    // Help > Diagnostics…: the current connection's effective settings, each with its source.
    QAction* diagnosticsAction = m_ui->menuBar->addMenu(tr("&Help"))->addAction(tr("&Diagnostics…"));
    diagnosticsAction->setObjectName(QStringLiteral("diagnosticsAction"));
    diagnosticsAction->setIcon(themeIcon("help-about", QStyle::SP_MessageBoxInformation));
    connect(diagnosticsAction, &QAction::triggered, this, [this] {
        auto* dialog = new DiagnosticsDialog(DiagnosticsReport::forConnection(m_connection), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    if (!m_options.runningRequests) {
        m_runningSettings = settings();
        m_ownRunningRequests = std::make_unique<SettingsRunningRequestsStore>(m_runningSettings.get());
    }

    if (m_options.demo) {
        m_demoCredentials = std::make_unique<SessionCredentials>(m_options.demo->name);
        m_demoCredentials->set(m_options.demo->credentials);
    }
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
    // The session's calls and the apply controller hold pointers into the models and the
    // stores; end them before those go.
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
                     QString(kDemoPrefix + m_options.demo->name));
    const AppProfileStore store(m_options.appProfilesFile.isEmpty() ? AppProfileStore::defaultFilePath()
                                                                    : m_options.appProfilesFile);
    const QStringList appNames = m_options.ignoreSharedFiles ? QStringList() : store.names();
    for (const QString& name : appNames)
        box->addItem(tr("%1 (app profile)").arg(name), QString(kAppPrefix + name));
    if (!m_options.ignoreSharedFiles) {
        const AwsConfigFile files = AwsConfigFile::load(m_options.environment);
        for (const QString& name : files.profileNames())
            if (!appNames.contains(name))
                box->addItem(tr("%1 (~/.aws)").arg(name), QString(kAwsPrefix + name));
    }
    // Always offered: the environment's keys or AWS_PROFILE, as the CLI uses them by default.
    box->addItem(tr("Environment (default chain)"), kEnvKey);
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

QString MainWindow::currentProfileKey() const
{
    return m_ui->profileComboBox->currentData().toString();
}

QString MainWindow::currentRegion() const
{
    return m_ui->regionComboBox->currentData().toString();
}

void MainWindow::setCurrentProfileKey(const QString& key)
{
    const int index = m_ui->profileComboBox->findData(key);
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
    setCurrentProfileKey(s->value(QStringLiteral("connection/profile")).toString());
    QString region = s->value(QStringLiteral("connection/region")).toString();
    if (region.isEmpty())
        region = m_options.demo && currentProfileKey().startsWith(kDemoPrefix)
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
    s->setValue(QStringLiteral("connection/profile"), currentProfileKey());
    s->setValue(QStringLiteral("connection/region"), currentRegion());
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
    delete m_session;
    m_connection = nullptr;
    m_lister = nullptr;
    m_statusQueue.clear();
    m_statusInFlight = 0;
    m_lastFault.reset();
    m_session = new QObject(this);
    m_model->clear();
    m_ui->detailsWidget->setClient(nullptr);
    m_ui->detailsWidget->showProject(nullptr, nullptr, nullptr);
    m_ui->identityLabel->setText(tr("Identity: checking…"));
    setState(State::Connecting);
    statusBar()->showMessage(tr("Connecting…"));

    const QString key = currentProfileKey();
    const QString region = currentRegion();
    DmsConnection::Options options;
    options.environment = m_options.environment;
    options.appProfilesFile = m_options.appProfilesFile;
    options.ignoreSharedFiles = m_options.ignoreSharedFiles;
    options.useKeychain = !m_options.ignoreSharedFiles;
    options.client.region = region;
    if (key.startsWith(kDemoPrefix)) {
        if (region != m_options.demo->region) {
            // The simulator serves one region; any other is "a region with no DMS" for the demo.
            m_ui->identityLabel->setText(tr("Identity: unknown (no service in %1)").arg(region));
            showEmptyState(State::NoService, tr("No AWS DMS in %1 for this profile").arg(region),
                           tr("<p>The demo account only has migration projects in <b>%1</b>.</p>"
                              "<p>Choose %1 in the region list above to see them.</p>")
                               .arg(m_options.demo->region));
            return;
        }
        options.ignoreSharedFiles = true;
        options.useKeychain = false;
        options.client.endpointUrl = m_options.demo->endpointUrl;
        options.sessionCredentials = m_demoCredentials.get();
        // Only the in-memory demo keys: neither the environment's keys nor AWS_PROFILE apply.
        for (const char* name :
             {"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
              "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DMS", "AWS_ENDPOINT_URL_STS"})
            options.environment.remove(QString::fromLatin1(name));
    } else if (key.startsWith(kAppPrefix)) {
        options.client.profile = key.mid(kAppPrefix.size());
    } else if (key.startsWith(kAwsPrefix)) {
        options.client.profile = key.mid(kAwsPrefix.size());
    }
    if (m_recorder) {
        // Also told about the credential chain's AssumeRole calls while the connection opens.
        options.observers.append(m_recorder.get());
        m_recorder->setProfile(key.startsWith(kDemoPrefix) ? m_options.demo->name : options.client.profile);
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
            fetchStatuses();
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

void MainWindow::fetchStatuses()
{
    // One DescribeExtensionPackAssociations per project: worth it for a normal account, not for
    // thousands of projects (the selected project's status still fills in from the details).
    if (m_model->rowCount() > m_options.statusLookupLimit) {
        emit statusesLoaded();
        return;
    }
    m_statusQueue.clear();
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_statusQueue << m_model->project(row)->migrationProjectArn;
    for (int i = 0; i < kStatusConcurrency; ++i)
        fetchNextStatus();
}

void MainWindow::fetchNextStatus()
{
    if (m_statusQueue.isEmpty() || !m_connection || !m_connection->client()) {
        if (m_statusInFlight == 0)
            emit statusesLoaded();
        return;
    }
    const QString arn = m_statusQueue.takeFirst();
    ++m_statusInFlight;
    m_connection->client()->describeExtensionPackAssociations(
        arn, {}, QString(), m_session, [this, arn](const Result<Page<SchemaConversionRequest>>& r) {
            --m_statusInFlight;
            if (r.ok() && !r.value().items.isEmpty())
                m_model->setLastStatus(arn, r.value().items.last().status);
            fetchNextStatus();
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
    ApplyConfirmer* confirmer = m_options.confirmer ? m_options.confirmer : m_ownConfirmer.get();
    NotificationSink* notifications =
        m_options.notifications ? m_options.notifications : m_ownNotifications.get();
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
    m_apply = new ApplyController(m_connection->client(), confirmer, notifications, store, m_session);
    m_apply->setDialogParent(this);
    if (!m_options.pollScheduleMs.isEmpty())
        m_apply->setPollSchedule(m_options.pollScheduleMs);
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

void MainWindow::onApplyChanged(const QString& projectArn)
{
    if (!m_apply)
        return;
    const QString selected = selectedProjectArn();
    m_ui->applyAction->setEnabled(!selected.isEmpty() && m_apply->canApply(selected));
    const ApplyController::State state = m_apply->state(projectArn);
    if (!state.status.isEmpty())
        m_model->setLastStatus(projectArn, state.status);
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
