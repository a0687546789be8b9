#include "projects/ProjectDetailsWidget.h"

#include "ui_ProjectDetailsWidget.h"
#include "widgets/AccessibleValueLabel.h"
#include "widgets/LongText.h"

#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/AssociationProgress.h"
#include "dms/DmsClient.h"
#include "net/PendingCall.h"
#include "prereq/PrerequisitesPanel.h"
#include "projects/RequestExplanationWidget.h"
#include "projects/RequestsModel.h"
#include "widgets/Prompts.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLocale>
#include <QScrollArea>
#include <QStyle>
#include <QTimer>

namespace dmsx::ui {

ProjectDetailsWidget::ProjectDetailsWidget(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ProjectDetailsWidget>()), m_requests(new RequestsModel(this))
{
    m_ui->setupUi(this);
    m_ui->requestsTableView->setModel(m_requests);
    m_ui->requestsTableView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_copyIdAction = new QAction(tr("&Copy request identifier"), m_ui->requestsTableView);
    m_copyIdAction->setShortcut(QKeySequence::Copy);
    m_copyIdAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_copyIdAction, &QAction::triggered, this, [this] {
        if (!currentRequestId().isEmpty())
            QApplication::clipboard()->setText(currentRequestId());
    });
    m_explainAction = new QAction(tr("&Why did it end?"), m_ui->requestsTableView);
    connect(m_explainAction, &QAction::triggered, this, &ProjectDetailsWidget::explainCurrentRequest);
    m_ui->requestsTableView->addActions({m_explainAction, m_copyIdAction});
    // Enter and a double-click both activate a row.
    connect(m_ui->requestsTableView, &QAbstractItemView::activated, this,
            &ProjectDetailsWidget::explainCurrentRequest);
    connect(m_ui->requestsTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ProjectDetailsWidget::updateExplanation);
    connect(m_ui->explanationWidget, &RequestExplanationWidget::applyAgainRequested, this,
            [this] { emit applyRequested(m_project.migrationProjectArn); });
    m_ui->requestsTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->requestsTableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->copyArnToolButton->setIcon(QIcon::fromTheme(
        QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_FileDialogDetailedView)));
    m_ui->copyArnToolButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_ui->copyArnToolButton, &QToolButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_project.migrationProjectArn); });
    // A long ARN must not set the pane's minimum width; the whole value stays selectable, in the
    // tooltip and behind the copy button.
    m_ui->arnLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_ui->arnLabel->setMinimumWidth(120);
    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.2);
    m_ui->titleLabel->setFont(title);
    showProject(nullptr, nullptr, nullptr);
}

ProjectDetailsWidget::~ProjectDetailsWidget() = default;

void ProjectDetailsWidget::setClient(DmsClient* client)
{
    m_client = client;
    m_applyStates.clear();
    updateProgress();
}

QString ProjectDetailsWidget::describeProvider(const DataProvider* p,
                                               const QList<DataProviderDescriptor>& descriptors)
{
    if (!p) {
        if (descriptors.isEmpty())
            return tr("none");
        return tr("%1 (details loading or unavailable)").arg(descriptors.first().dataProviderName);
    }
    QStringList parts;
    parts << p->dataProviderName << p->engine;
    // Each of these reads the provider's settings from their text: once each.
    QString where = p->serverName();
    if (const std::optional<int> port = p->port())
        where += QLatin1Char(':') + QString::number(*port);
    if (!where.isEmpty())
        parts << where;
    if (const QString database = p->databaseName(); !database.isEmpty())
        parts << tr("database %1").arg(database);
    if (p->isVirtual.value_or(false))
        parts << tr("virtual (no extension pack can be applied)");
    return parts.join(QStringLiteral(" · "));
}

void ProjectDetailsWidget::showProject(const MigrationProject* project, const DataProvider* source,
                                       const DataProvider* target)
{
    ++m_generation;
    if (m_call)
        m_call->cancel();
    m_requests->clear();
    m_project = project ? *project : MigrationProject();
    m_ui->prerequisitesPanel->showProject(m_project.migrationProjectArn);
    mergeLiveRequest();
    updateProgress();
    updateExplanation();
    m_ui->fieldsWidget->setEnabled(project != nullptr);
    m_ui->copyArnToolButton->setEnabled(project != nullptr);
    if (!project) {
        LongText::show(m_ui->titleLabel, tr("No project selected"));
        m_ui->titleLabel->setAccessibleName(QString());
        for (QLabel* l : {m_ui->arnLabel, m_ui->descriptionLabel, m_ui->createdLabel, m_ui->sourceLabel,
                          m_ui->targetLabel, m_ui->instanceProfileLabel, m_ui->s3PathLabel})
            AccessibleValueLabel::clear(l);
        m_ui->requestsStatusLabel->setText(
            tr("Select a project to see its details and extension-pack requests."));
        return;
    }
    LongText::show(m_ui->titleLabel, project->migrationProjectName);
    m_ui->titleLabel->setAccessibleName(project->migrationProjectName);
    AccessibleValueLabel::setValue(m_ui->arnLabel, project->migrationProjectArn);
    m_ui->arnLabel->setToolTip(project->migrationProjectArn);
    AccessibleValueLabel::setValue(
        m_ui->descriptionLabel,
        LongText::breakable(project->description.isEmpty() ? tr("none") : project->description));
    AccessibleValueLabel::setValue(
        m_ui->createdLabel,
        QLocale().toString(project->migrationProjectCreationTime.toLocalTime(), QLocale::LongFormat));
    AccessibleValueLabel::setValue(m_ui->sourceLabel, LongText::breakable(describeProvider(
                                                          source, project->sourceDataProviderDescriptors)));
    AccessibleValueLabel::setValue(m_ui->targetLabel, LongText::breakable(describeProvider(
                                                          target, project->targetDataProviderDescriptors)));
    AccessibleValueLabel::setValue(m_ui->instanceProfileLabel,
                                   LongText::breakable(project->instanceProfileName.isEmpty()
                                                           ? project->instanceProfileArn
                                                           : project->instanceProfileName));
    AccessibleValueLabel::setValue(
        m_ui->s3PathLabel,
        LongText::breakable(project->schemaConversionApplicationAttributes
                                ? project->schemaConversionApplicationAttributes->s3BucketPath
                                : tr("none")));
    refreshRequests();
}

void ProjectDetailsWidget::refreshRequests()
{
    if (!m_client || m_project.migrationProjectArn.isEmpty())
        return;
    m_loaded = false;
    if (m_requests->rowCount() == 0)
        m_ui->requestsStatusLabel->setText(tr("Loading extension-pack requests…"));
    const quint64 generation = m_generation;
    const QString arn = m_project.migrationProjectArn;
    CallOptions options = CallOptions::backgroundRead();
    options.subjectName = m_project.migrationProjectName;
    m_call = m_client->describeExtensionPackAssociations(
        arn, {}, QString(), this,
        [this, generation, arn](const Result<Page<SchemaConversionRequest>>& r) {
            if (generation != m_generation)
                return;
            if (!r.ok()) {
                if (r.fault().kind == FaultKind::Cancelled)
                    return;
                m_ui->requestsStatusLabel->setText(
                    tr("Could not load the requests: %1").arg(FaultCatalogue::explain(r.fault()).title));
                emit requestsFailed(arn, r.fault());
                return;
            }
            const QString current = currentRequestId();
            m_requests->setRequests(r.value().items);
            // A live update may be newer than the listing, or the listing may not have it yet.
            mergeLiveRequest();
            m_loaded = true;
            updateRequestsNote();
            if (!current.isEmpty())
                selectRequest(current);
            else if (m_requests->failure(0))
                selectRequest(m_requests->request(0)->requestIdentifier);
            updateExplanation();
            emit requestsLoaded(arn, r.value().items);
        },
        std::nullopt, options);
}

QString ProjectDetailsWidget::noRequestsText()
{
    return tr("No extension pack has been applied to this project yet.");
}

SchemaConversionRequest ProjectDetailsWidget::liveRequest(const ApplyController::State& state)
{
    SchemaConversionRequest live;
    live.requestIdentifier = state.requestId;
    live.migrationProjectArn = state.projectArn;
    live.status = state.status;
    if (!state.step.isEmpty()) {
        Progress progress;
        progress.progressStep = state.step;
        if (state.percent >= 0)
            progress.progressPercent = state.percent;
        live.progress = progress;
    }
    // DMS's own message: the row's explanation is then the catalogue entry the fault had.
    if (state.fault && state.fault->kind == FaultKind::AssociationFailed) {
        ErrorDetails error;
        error.variant = ErrorDetails::Variant::Default;
        error.message = state.fault->message;
        live.error = error;
        if (live.status.isEmpty())
            live.status = state.fault->code == FaultCode::AssociationCanceled ? QStringLiteral("CANCELED")
                                                                              : QStringLiteral("FAILED");
    }
    return live;
}

void ProjectDetailsWidget::showApplyState(const QString& projectArn, const ApplyController::State& state)
{
    const ApplyController::State before = m_applyStates.value(projectArn);
    m_applyStates.insert(projectArn, state);
    if (projectArn != m_project.migrationProjectArn || projectArn.isEmpty())
        return;
    mergeLiveRequest();
    updateRequestsNote();
    updateProgress();
    // The checks are read before the question; once the pack is being installed, its progress is.
    if (state.phase == ApplyController::Phase::Starting && before.phase != ApplyController::Phase::Starting)
        showRequests();
    // A failure that happens while the project is shown is explained at once, without a dialog.
    const bool justFailed = state.phase == ApplyController::Phase::Failed &&
                            before.phase != ApplyController::Phase::Failed && !state.requestId.isEmpty() &&
                            state.fault && state.fault->kind == FaultKind::AssociationFailed;
    if (justFailed)
        selectRequest(state.requestId);
    updateExplanation();
}

void ProjectDetailsWidget::setPrerequisites(PrerequisitesController* controller)
{
    m_ui->prerequisitesPanel->setController(controller);
}

PrerequisitesPanel* ProjectDetailsWidget::prerequisitesPanel() const
{
    return m_ui->prerequisitesPanel;
}

void ProjectDetailsWidget::showPrerequisites()
{
    m_ui->detailsTabWidget->setCurrentWidget(m_ui->prerequisitesTab);
    bringTabsIntoView();
}

void ProjectDetailsWidget::bringTabsIntoView()
{
    // A long name or a large font pushes the tabs below the pane's fold; what was just brought to
    // the front must be seen without scrolling by hand. Once the layout has settled.
    QTimer::singleShot(0, this, [this] {
        for (QWidget* w = parentWidget(); w; w = w->parentWidget()) {
            if (auto* area = qobject_cast<QScrollArea*>(w)) {
                area->ensureWidgetVisible(m_ui->detailsTabWidget, 0, 0);
                return;
            }
        }
    });
}

void ProjectDetailsWidget::showRequests()
{
    m_ui->detailsTabWidget->setCurrentWidget(m_ui->requestsTab);
    bringTabsIntoView();
}

bool ProjectDetailsWidget::isPrerequisitesShown() const
{
    return m_ui->detailsTabWidget->currentWidget() == m_ui->prerequisitesTab;
}

void ProjectDetailsWidget::mergeLiveRequest()
{
    const ApplyController::State state = m_applyStates.value(m_project.migrationProjectArn);
    if (m_project.migrationProjectArn.isEmpty() || state.requestId.isEmpty())
        return;
    const SchemaConversionRequest live = liveRequest(state);
    const int row = m_requests->rowOf(live.requestIdentifier);
    // A listing's row keeps what only a listing has (its error variant, times) once it has ended.
    if (row >= 0 && live.status.isEmpty())
        return;
    if (row >= 0 && m_requests->request(row)->isTerminal() && !live.isTerminal())
        return;
    m_requests->upsert(live);
}

void ProjectDetailsWidget::updateRequestsNote()
{
    if (m_project.migrationProjectArn.isEmpty())
        return;
    if (m_requests->rowCount() > 0)
        m_ui->requestsStatusLabel->clear();
    else if (m_loaded)
        m_ui->requestsStatusLabel->setText(noRequestsText());
}

void ProjectDetailsWidget::updateProgress()
{
    const ApplyController::State state = m_applyStates.value(m_project.migrationProjectArn);
    QString text;
    int percent = -2; // -2: no bar; -1: busy
    QString barText;
    switch (m_project.migrationProjectArn.isEmpty() ? ApplyController::Phase::Idle : state.phase) {
    case ApplyController::Phase::Idle:
    case ApplyController::Phase::Confirming:
    case ApplyController::Phase::Succeeded:
    case ApplyController::Phase::Failed:
        break;
    case ApplyController::Phase::Preflight:
        text = tr("Checking the project before applying…");
        percent = -1;
        break;
    case ApplyController::Phase::Starting:
        text = tr("Sending the request to AWS DMS…");
        percent = -1;
        break;
    case ApplyController::Phase::Recovering:
        text = tr("No answer to the request yet; checking whether AWS DMS received it…");
        percent = -1;
        break;
    case ApplyController::Phase::Running: {
        const SchemaConversionRequest live = liveRequest(state);
        const AssociationProgress progress(live);
        const QString id = RequestsModel::shortId(state.requestId);
        if (live.status.isEmpty()) {
            text = tr("Request %1 sent; waiting for AWS DMS to list it…").arg(id);
            percent = -1;
        } else if (live.state() == SchemaConversionRequest::State::Received) {
            text = tr("Request %1: %2").arg(id, progress.summary());
            percent = -1;
        } else {
            text = tr("Request %1: %2").arg(id, progress.statusText());
            percent = progress.overallPercent();
            barText = progress.summary();
        }
        if (state.fault)
            text += QLatin1Char('\n') + tr("Could not check on it: %1. Trying again.")
                                            .arg(FaultCatalogue::explain(*state.fault).title);
        break;
    }
    case ApplyController::Phase::NotFollowed:
        // Not failed: only the checking stopped. The message bar offers Follow again.
        text = tr("Request %1: %2. The installation itself was not stopped and may still be running; "
                  "Follow again on the message bar checks on it.")
                   .arg(RequestsModel::shortId(state.requestId),
                        FaultCatalogue::explain(state.fault.value_or(Fault())).title);
        break;
    }
    m_ui->applyStateLabel->setText(text);
    m_ui->applyStateLabel->setVisible(!text.isEmpty());
    m_ui->applyProgressBar->setVisible(percent >= -1);
    if (percent == -1) {
        m_ui->applyProgressBar->setRange(0, 0); // busy: no percent to show yet
    } else if (percent >= 0) {
        m_ui->applyProgressBar->setRange(0, 100);
        m_ui->applyProgressBar->setValue(percent);
        // The step's own percent is in the words; the bar is the whole request.
        m_ui->applyProgressBar->setFormat(barText.isEmpty() ? QStringLiteral("%p %") : barText);
    }
    m_ui->applyProgressBar->setAccessibleDescription(barText.isEmpty() ? text : barText);
}

int ProjectDetailsWidget::currentRow() const
{
    const QModelIndex current = m_ui->requestsTableView->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

QString ProjectDetailsWidget::currentRequestId() const
{
    const SchemaConversionRequest* r = m_requests->request(currentRow());
    return r ? r->requestIdentifier : QString();
}

bool ProjectDetailsWidget::selectRequest(const QString& requestId)
{
    const int row = m_requests->rowOf(requestId);
    if (row < 0)
        return false;
    // Selecting moves no focus: the person may be typing elsewhere.
    m_ui->requestsTableView->selectionModel()->setCurrentIndex(
        m_requests->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void ProjectDetailsWidget::updateExplanation()
{
    const std::optional<Fault> failure = m_requests->failure(currentRow());
    m_explainAction->setEnabled(failure.has_value());
    m_copyIdAction->setEnabled(currentRow() >= 0);
    if (failure && (!m_ui->explanationWidget->isVisibleTo(this) ||
                    m_ui->explanationWidget->fault().detail != failure->detail ||
                    m_ui->explanationWidget->fault().message != failure->message))
        m_ui->explanationWidget->setFault(*failure);
    m_ui->explanationWidget->setVisible(failure.has_value());
}

void ProjectDetailsWidget::explainCurrentRequest()
{
    const std::optional<Fault> failure = m_requests->failure(currentRow());
    if (!failure)
        return;
    const QString arn = m_project.migrationProjectArn;
    Prompts::showFault(window(), *failure, this, [this, arn](Prompts::FaultAnswer answer) {
        if (answer == Prompts::FaultAnswer::Retry)
            emit applyRequested(arn);
    });
}

RequestExplanationWidget* ProjectDetailsWidget::explanationWidget() const
{
    return m_ui->explanationWidget;
}

bool ProjectDetailsWidget::isExplanationShown() const
{
    return m_ui->explanationWidget->isVisibleTo(this);
}

QString ProjectDetailsWidget::applyStateText() const
{
    if (m_ui->applyProgressBar->isVisibleTo(this) && m_ui->applyProgressBar->maximum() > 0)
        return m_ui->applyStateLabel->text() + QLatin1Char('\n') + m_ui->applyProgressBar->text();
    return m_ui->applyStateLabel->text();
}

QString ProjectDetailsWidget::fieldText(const QString& field) const
{
    const QLabel* label = findChild<QLabel*>(field + QStringLiteral("Label"));
    return label ? LongText::plain(label->text()) : QString();
}

} // namespace dmsx::ui
