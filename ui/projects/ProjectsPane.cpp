#include "projects/ProjectsPane.h"
#include "ui_ProjectsPane.h"

#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/DmsClient.h"
#include "dms/Pager.h"
#include "dms/ProjectLister.h"
#include "projects/EngineColumnFitter.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectStatusLookup.h"
#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"
#include "projects/RequestsModel.h"
#include "widgets/ScrollToFocus.h"

#include <QHeaderView>
#include <QLoggingCategory>
#include <QSettings>
#include <QShortcut>
#include <QStyle>
#include <QUuid>

#include <utility>

Q_LOGGING_CATEGORY(lcProjects, "dmsx.ui.projects")

namespace dmsx::ui {

namespace {

const QString kSplitterKey = QStringLiteral("window/splitter");
const QString kSortColumnKey = QStringLiteral("projects/sortColumn");
const QString kSortOrderKey = QStringLiteral("projects/sortOrder");
const QString kSelectedKey = QStringLiteral("projects/selected");

QIcon themeIcon(const QWidget* widget, const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QString::fromLatin1(name), widget->style()->standardIcon(fallback));
}

} // namespace

ProjectsPane::ProjectsPane(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ProjectsPane>()), m_model(new ProjectsModel(this)),
      m_proxy(new ProjectsFilterProxyModel(this))
{
    m_ui->setupUi(this);
    m_proxy->setSourceModel(m_model);
    QTableView* view = m_ui->projectsTableView;
    view->setModel(m_proxy);
    m_engineFitter = new EngineColumnFitter(view, m_model, m_proxy, this);
    view->sortByColumn(ProjectsModel::NameColumn, Qt::AscendingOrder);
    QHeaderView* header = view->horizontalHeader();
    header->setSectionsMovable(false);
    // The name fits its text up to a limit (fitNameColumn); the short columns fit their text when
    // the first page and the engines arrive (EngineColumnFitter), and the last takes what is
    // left. The user may resize any. Not ResizeToContents: that measures rows again on every
    // change of any cell, which with 10,000 projects loading is most of the window's work.
    // Measuring only the first rows keeps each of Qt's fits cheap.
    header->setResizeContentsPrecision(200);
    header->setMinimumSectionSize(view->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 4);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    fitNameColumn();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);

    m_ui->cancelPushButton->setIcon(themeIcon(this, "process-stop", QStyle::SP_BrowserStop));
    m_ui->emptyRetryPushButton->setIcon(themeIcon(this, "view-refresh", QStyle::SP_BrowserReload));
    // The message bars and the toolbar row keep their height; the projects get the rest.
    m_ui->paneLayout->setStretchFactor(m_ui->mainSplitter, 1);
    // The projects table is what the user scans: it gets the larger share and any extra width.
    m_ui->mainSplitter->setStretchFactor(0, 1);
    m_ui->mainSplitter->setStretchFactor(1, 0);
    m_ui->mainSplitter->setSizes({800, 480});
    // The details wrap and scroll: the splitter can narrow them to what their captions need, and
    // nothing in them is cut off there.
    m_ui->detailsScrollArea->setMinimumWidth(
        m_ui->detailsWidget->minimumSizeHint().width() +
        style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_ui->detailsScrollArea));
    QFont title = m_ui->emptyTitleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.4);
    m_ui->emptyTitleLabel->setFont(title);
    m_ui->loadProgressBar->hide();
    m_ui->cancelPushButton->hide();
    m_ui->emptySignInPushButton->hide();
    ScrollToFocus::install(m_ui->emptyScrollArea);

    connect(m_ui->emptyRetryPushButton, &QPushButton::clicked, this, &ProjectsPane::retryRequested);
    connect(m_ui->emptySignInPushButton, &QPushButton::clicked, this, &ProjectsPane::signInRequested);
    connect(m_ui->filterLineEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterText(text);
        updateProgress();
    });
    // Enter or Down in the filter goes to the matches: a keyboard user types a name and lands on
    // it selected, even when it is the only match (Down in the table would not move then).
    connect(m_ui->filterLineEdit, &QLineEdit::returnPressed, this, &ProjectsPane::focusMatches);
    auto* down = new QShortcut(QKeySequence(Qt::Key_Down), m_ui->filterLineEdit);
    down->setContext(Qt::WidgetShortcut);
    connect(down, &QShortcut::activated, this, &ProjectsPane::focusMatches);
    connect(m_ui->cancelPushButton, &QPushButton::clicked, this, [this] {
        if (m_lister)
            m_lister->cancel();
    });
    connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ProjectsPane::updateSelection);
    // A screen reader selects a row through the accessibility API (AT-SPI Table.AddRowSelection),
    // which in Qt 6.4 selects without moving the current index; follow it so the pick counts.
    // The selection can also change while the current row stays: Tab into the table makes its
    // first row current without selecting it, and Space then selects that row.
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this, view] {
        QItemSelectionModel* selection = view->selectionModel();
        const QModelIndexList rows = selection->selectedRows();
        if (rows.size() == 1 && rows.first().row() != selection->currentIndex().row())
            selection->setCurrentIndex(rows.first(), QItemSelectionModel::NoUpdate);
        updateSelection();
    });
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this] {
        if (!m_restoring)
            emit sortChanged();
    });
    connect(m_ui->detailsWidget, &ProjectDetailsWidget::requestsLoaded, this,
            [this](const QString& arn, const QList<SchemaConversionRequest>& requests) {
                m_model->setLastStatus(arn, requests.isEmpty() ? QString() : requests.last().status);
                if (m_statusLookup)
                    m_statusLookup->markKnown(arn);
            });
    connect(m_ui->detailsWidget, &ProjectDetailsWidget::applyRequested, this, &ProjectsPane::applyRequested);
}

ProjectsPane::~ProjectsPane() = default;

void ProjectsPane::fitNameColumn()
{
    // Wide enough to tell "erp-migration" from "erp-migration-wave2" and most names whole; a
    // longer one is elided in the middle, with all of it in the tooltip.
    QTableView* view = m_ui->projectsTableView;
    const int least = view->fontMetrics().averageCharWidth() * kNameColumnMinChars;
    const int most = view->fontMetrics().averageCharWidth() * kNameColumnMaxChars;
    view->resizeColumnToContents(ProjectsModel::NameColumn);
    view->setColumnWidth(ProjectsModel::NameColumn,
                         qBound(least, view->columnWidth(ProjectsModel::NameColumn), most));
}

QTableView* ProjectsPane::projectsView() const
{
    return m_ui->projectsTableView;
}

ProjectDetailsWidget* ProjectsPane::detailsWidget() const
{
    return m_ui->detailsWidget;
}

bool ProjectsPane::isLoading() const
{
    return m_state == State::Connecting || m_state == State::Loading;
}

QString ProjectsPane::emptyStateTitle() const
{
    return m_ui->emptyTitleLabel->text();
}

QString ProjectsPane::emptyStateText() const
{
    return m_ui->emptyTextLabel->text();
}

bool ProjectsPane::isSignInOffered() const
{
    return m_state == State::Failed && !m_ui->emptySignInPushButton->isHidden();
}

QPushButton* ProjectsPane::signInButton() const
{
    return m_ui->emptySignInPushButton;
}

void ProjectsPane::focusFilter()
{
    m_ui->filterLineEdit->setFocus(Qt::ShortcutFocusReason);
    m_ui->filterLineEdit->selectAll();
}

void ProjectsPane::focusMatches()
{
    QTableView* view = m_ui->projectsTableView;
    if (m_proxy->rowCount() == 0)
        return;
    view->setFocus(Qt::TabFocusReason);
    QItemSelectionModel* selection = view->selectionModel();
    if (selection->selectedRows().isEmpty()) {
        const QModelIndex first = m_proxy->index(0, 0);
        selection->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        view->scrollTo(first);
    }
}

void ProjectsPane::saveSettings(QSettings& settings) const
{
    settings.setValue(kSplitterKey, m_ui->mainSplitter->saveState());
    const QHeaderView* header = m_ui->projectsTableView->horizontalHeader();
    settings.setValue(kSortColumnKey, header->sortIndicatorSection());
    settings.setValue(kSortOrderKey, int(header->sortIndicatorOrder()));
    // While the remembered project has not arrived yet, keep remembering it.
    const QString selected = selectedProjectArn();
    settings.setValue(kSelectedKey, selected.isEmpty() ? m_pendingSelection : selected);
}

void ProjectsPane::restoreSettings(const QSettings& settings)
{
    m_restoring = true;
    const QByteArray splitter = settings.value(kSplitterKey).toByteArray();
    if (!splitter.isEmpty())
        m_ui->mainSplitter->restoreState(splitter);
    const int column = settings.value(kSortColumnKey, int(ProjectsModel::NameColumn)).toInt();
    const auto order = Qt::SortOrder(settings.value(kSortOrderKey, int(Qt::AscendingOrder)).toInt());
    m_ui->projectsTableView->sortByColumn(column, order);
    m_pendingSelection = settings.value(kSelectedKey).toString();
    m_restoring = false;
}

void ProjectsPane::keepSelection()
{
    if (!selectedProjectArn().isEmpty())
        m_pendingSelection = selectedProjectArn();
}

void ProjectsPane::setState(State state)
{
    m_state = state;
    const bool table = state == State::Loading || state == State::Ready || state == State::Connecting;
    m_ui->projectsStackedWidget->setCurrentWidget(table ? m_ui->tablePage : m_ui->emptyPage);
    m_ui->loadProgressBar->setVisible(isLoading());
    m_ui->cancelPushButton->setVisible(state == State::Loading);
    updateProgress();
    emit stateChanged(state);
}

void ProjectsPane::reset()
{
    m_client = nullptr;
    m_session = nullptr;
    m_lastFault.reset();
    m_ui->emptySignInPushButton->hide();
    m_engineFitter->cancel();
    m_model->clear();
    m_ui->detailsWidget->setClient(nullptr);
    m_ui->detailsWidget->showProject(nullptr, nullptr, nullptr);
    // Clearing the model left no selection, and said nothing of it: the actions on it follow.
    emit selectionUpdated();
    setState(State::Connecting);
}

void ProjectsPane::showEmptyState(State state, const QString& title, const QString& text)
{
    const bool signIn = state == State::Failed && m_lastFault && FaultCatalogue::signInHelps(*m_lastFault);
    // Signing in is the next step of a normal day, not a failure: no error icon for it.
    const QStyle::StandardPixmap icon = state == State::EmptyAccount || signIn
                                            ? QStyle::SP_MessageBoxInformation
                                        : state == State::NoService ? QStyle::SP_MessageBoxWarning
                                                                    : QStyle::SP_MessageBoxCritical;
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 2;
    m_ui->emptyIconLabel->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    m_ui->emptyTitleLabel->setText(title);
    m_ui->emptyTextLabel->setText(text);
    m_ui->emptySignInPushButton->setVisible(signIn);
    setState(state);
    emit statusMessage(title);
    emit projectsLoaded();
}

void ProjectsPane::showFault(const Fault& fault, const QString& what, const QString& region)
{
    m_lastFault = fault;
    const FaultExplanation why = FaultCatalogue::explain(fault);
    QString text = QStringLiteral("<p>%1</p>").arg(why.cause.toHtmlEscaped());
    const bool signIn = FaultCatalogue::signInHelps(fault);
    if (signIn) {
        // The window signs in itself: the terminal commands of the catalogue's steps are not needed.
        // A missing token needs no more words than the cause; any other says what ended the sign-in.
        if (fault.code != FaultCode::SsoTokenMissing)
            text += QStringLiteral("<p>%1</p>").arg(fault.message.toHtmlEscaped());
        text += QStringLiteral("<p>") +
                tr("Choose <b>Sign in…</b> to sign in to IAM Identity Center in your web browser.") +
                QStringLiteral("</p>");
    } else if (!why.steps.isEmpty()) {
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
    // The endpoint's name did not resolve. Far more often the computer is offline or its DNS is
    // down than the region lacks DMS: say the likely cause first and the region last.
    const bool noService = fault.kind == FaultKind::Transport && fault.code == FaultCode::HostNotFound;
    if (noService)
        showEmptyState(State::NoService, tr("AWS DMS could not be reached in %1").arg(region),
                       tr("<p>The name of the DMS endpoint could not be resolved. Most often this computer "
                          "has no network connection, or its DNS or VPN is not working: check that first.</p>"
                          "<p>If the network works, AWS DMS Schema Conversion may not be offered in %1: "
                          "choose another region above.</p>")
                               .arg(region.toHtmlEscaped()) +
                           text);
    else
        showEmptyState(State::Failed, signIn ? why.title : tr("%1: %2").arg(what, why.title), text);
}

void ProjectsPane::load(DmsClient* client, QObject* session, const QString& region)
{
    m_client = client;
    m_session = session;
    // Before the details pane and the apply flow, which tell it the statuses they show.
    createStatusLookup(m_statusLookupLimit);
    m_ui->detailsWidget->setClient(client);
    // The engines are listed once the projects are: the rows are what the user waits for, and
    // the two listings would share the connection, the endpoint and this thread's time (with
    // 10,000 projects, as many pages of data providers as of projects).
    startListing(region);
}

void ProjectsPane::loadDataProviders()
{
    if (!m_client || !m_session)
        return; // the connection was closed meanwhile
    // Each page shows its engines at once; the Pager ends a listing that repeats a marker or
    // never ends, with what was read so far kept.
    QPointer<QObject> session = m_session;
    // One history entry for the listing's pages, as the projects' listing has.
    CallOptions options;
    options.groupKey = QStringLiteral("listing:") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Pager::readEach<DataProvider>(
        QStringLiteral("DescribeDataProviders"),
        [this, session, options](const QString& marker, Pager::Done<DataProvider> done) {
            if (session)
                m_client->describeDataProviders({}, std::nullopt, marker, session, done, options);
        },
        [this, first = true](const QList<DataProvider>& page) mutable {
            m_model->setDataProviders(page);
            // Fitted to the first page and again at the end: measuring on each of a large
            // account's hundreds of pages would stall the window each time.
            if (std::exchange(first, false))
                m_engineFitter->fit();
            updateSelection(); // the details pane may be waiting for its providers
        },
        [this](const Result<qsizetype>& read) {
            m_engineFitter->fit();
            if (!read.ok()) {
                qCWarning(lcProjects) << "data providers:" << read.fault().code;
                emit statusMessage(
                    tr("Engines unavailable: %1").arg(FaultCatalogue::explain(read.fault()).title));
            }
            emit dataProvidersLoaded();
        });
}

void ProjectsPane::startListing(const QString& region)
{
    m_lister = new ProjectLister(m_client, m_session);
    m_lister->setKeepProjects(false); // the model holds its own copy of each page
    if (m_pageSize)
        m_lister->setPageSize(m_pageSize);
    connect(m_lister, &ProjectLister::pageReceived, this,
            [this](const QList<MigrationProject>& projects, int) {
                const bool first = m_model->rowCount() == 0;
                m_model->appendProjects(projects);
                // Sized once, from the first page: resizing on every page of a long listing
                // would measure every row again and again.
                if (first) {
                    m_ui->projectsTableView->resizeColumnsToContents();
                    fitNameColumn();
                }
                if (!m_pendingSelection.isEmpty() && selectedProjectArn().isEmpty())
                    selectProject(m_pendingSelection);
                updateProgress();
            });
    connect(
        m_lister, &ProjectLister::finished, this,
        [this, region](ProjectLister::StopReason, int total, const QString&) {
            if (total == 0) {
                showEmptyState(
                    State::EmptyAccount, tr("No migration projects in %1").arg(region),
                    tr("<p>This account has no DMS Schema Conversion migration projects in this region.</p>"
                       "<p>Create one in the AWS DMS console (Migrate data → Migration projects), or "
                       "choose another region or profile above.</p>"));
                return;
            }
            setState(State::Ready);
            loadDataProviders();
            emit statusMessage(tr("%n project(s) loaded", nullptr, total));
            if (!m_pendingSelection.isEmpty() && selectedProjectArn().isEmpty())
                selectProject(m_pendingSelection);
            m_statusLookup->start(); // made when this listing's connection opened
            emit projectsLoaded();
        });
    connect(m_lister, &ProjectLister::failed, this, [this, region](const Fault& fault, int pages) {
        if (fault.kind == FaultKind::Cancelled) {
            setState(State::Ready);
            if (m_model->rowCount() > 0)
                loadDataProviders(); // for the rows that arrived
            emit statusMessage(tr("Loading cancelled after %n project(s)", nullptr, m_model->rowCount()));
            emit projectsLoaded();
            return;
        }
        if (pages > 0) {
            // Keep what arrived; say what is missing without hiding the table.
            m_lastFault = fault;
            setState(State::Ready);
            loadDataProviders();
            emit statusMessage(tr("Listing stopped after %n project(s): %1", nullptr, m_model->rowCount())
                                   .arg(FaultCatalogue::explain(fault).title));
            emit projectsLoaded();
            return;
        }
        showFault(fault, tr("Could not list the migration projects"), region);
    });
    setState(State::Loading);
    emit statusMessage(tr("Loading migration projects…"));
    m_lister->start();
}

void ProjectsPane::updateProgress()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    if (isLoading())
        m_ui->loadProgressBar->setFormat(
            m_state == State::Connecting ? tr("Connecting…") : tr("Loading… %n project(s)", nullptr, total));
    if (m_state == State::Ready && !m_ui->filterLineEdit->text().isEmpty())
        emit statusMessage(tr("%1 of %n project(s) match the filter", nullptr, total).arg(shown));
}

void ProjectsPane::createStatusLookup(int limit)
{
    m_statusLookup = new ProjectStatusLookup(m_client, m_model, m_ui->projectsTableView, limit, m_session);
    connect(m_statusLookup, &ProjectStatusLookup::statusesLoaded, this, &ProjectsPane::statusesLoaded);
    connect(m_statusLookup, &ProjectStatusLookup::visibleStatusesLoaded, this,
            &ProjectsPane::visibleStatusesLoaded);
    connect(m_statusLookup, &ProjectStatusLookup::firstLookupFailed, this, [this](const Fault& fault) {
        emit warning(
            tr("Some extension-pack statuses could not be read (%1). They are asked for again shortly.")
                .arg(FaultCatalogue::explain(fault).title));
    });
}

QString ProjectsPane::selectedProjectArn() const
{
    const QModelIndex current = m_ui->projectsTableView->selectionModel()->currentIndex();
    if (!current.isValid() ||
        !m_ui->projectsTableView->selectionModel()->isRowSelected(current.row(), QModelIndex()))
        return QString();
    return current.data(ProjectsModel::ArnRole).toString();
}

bool ProjectsPane::selectProject(const QString& arn)
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

QString ProjectsPane::projectName(const QString& arn) const
{
    const MigrationProject* project = m_model->project(m_model->rowForArn(arn));
    return project ? project->migrationProjectName : arn;
}

bool ProjectsPane::isTargetVirtual(const QString& arn) const
{
    const int row = m_model->rowForArn(arn);
    return row >= 0 && m_model->index(row, 0).data(ProjectsModel::VirtualTargetRole).toBool();
}

void ProjectsPane::updateSelection()
{
    emit selectionUpdated();
    const QString arn = selectedProjectArn();
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
        emit selectedProjectChanged(arn);
    }
}

void ProjectsPane::showApplyState(const QString& projectArn, const ApplyController::State& state)
{
    if (!state.status.isEmpty()) {
        m_model->setLastStatus(projectArn, state.status);
        if (m_statusLookup) // gone first when the session ends
            m_statusLookup->markKnown(projectArn);
    }
    m_ui->detailsWidget->showApplyState(projectArn, state);
}

} // namespace dmsx::ui
