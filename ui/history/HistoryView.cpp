#include "history/HistoryView.h"

#include "base/Clock.h"
#include "history/AwsCliCommand.h"
#include "history/HistoryExporter.h"
#include "history/HistoryModel.h"
#include "history/HistoryStore.h"
#include "ui_HistoryView.h"
#include "widgets/Prompts.h"

#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QHeaderView>
#include <QIcon>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QShortcut>
#include <QStyle>
#include <QTimer>

Q_LOGGING_CATEGORY(lcHistoryView, "dmsx.ui.history.view")

namespace dmsx::ui {

namespace {

// Rows read per query while exporting: bounded memory however large the history is.
constexpr int kExportPage = 2000;

QIcon themedIcon(const QWidget* w, const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), w->style()->standardIcon(fallback));
}

} // namespace

HistoryView::HistoryView(HistoryStore* store, QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::HistoryView>()), m_store(store),
      m_model(new HistoryModel(store, this)), m_textTimer(new QTimer(this))
{
    m_ui->setupUi(this);
    setupControls();
    updateDetails();
    updateActions();
    updateCount();
}

HistoryView::~HistoryView() = default;

void HistoryView::setupControls()
{
    // Typing should not run a query per key press.
    m_textTimer->setSingleShot(true);
    m_textTimer->setInterval(250);
    connect(m_textTimer, &QTimer::timeout, this, &HistoryView::applyFilters);

    m_ui->timeRangeComboBox->addItem(tr("Any time"), int(TimeRange::Any));
    m_ui->timeRangeComboBox->addItem(tr("Last hour"), int(TimeRange::LastHour));
    m_ui->timeRangeComboBox->addItem(tr("Last 24 hours"), int(TimeRange::Last24Hours));
    m_ui->timeRangeComboBox->addItem(tr("Last 7 days"), int(TimeRange::Last7Days));
    m_ui->timeRangeComboBox->addItem(tr("Last 30 days"), int(TimeRange::Last30Days));
    m_ui->timeRangeComboBox->addItem(tr("Custom range"), int(TimeRange::Custom));
    const QDateTime local = now().toLocalTime();
    m_ui->sinceDateTimeEdit->setDateTime(local.addDays(-7));
    m_ui->untilDateTimeEdit->setDateTime(local.addSecs(3600));
    m_ui->sinceDateTimeEdit->setEnabled(false);
    m_ui->untilDateTimeEdit->setEnabled(false);

    m_ui->outcomeComboBox->addItem(tr("Any outcome"));
    for (HistoryRecord::Outcome o :
         {HistoryRecord::Outcome::Succeeded, HistoryRecord::Outcome::Failed, HistoryRecord::Outcome::Unknown,
          HistoryRecord::Outcome::InProgress, HistoryRecord::Outcome::Queued, HistoryRecord::Outcome::Pending,
          HistoryRecord::Outcome::Cancelled})
        m_ui->outcomeComboBox->addItem(HistoryModel::outcomeText(o), HistoryRecord::outcomeName(o));

    const QList<QPair<QComboBox*, QString>> editable = {{m_ui->projectComboBox, tr("Any project")},
                                                        {m_ui->operationComboBox, tr("Any operation")},
                                                        {m_ui->profileComboBox, tr("Any profile")},
                                                        {m_ui->regionComboBox, tr("Any region")}};
    for (const auto& [combo, placeholder] : editable) {
        combo->addItem(QString());
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->lineEdit()->setPlaceholderText(placeholder);
        combo->lineEdit()->setClearButtonEnabled(true);
        combo->setMinimumContentsLength(12);
        connect(combo, &QComboBox::currentTextChanged, m_textTimer, qOverload<>(&QTimer::start));
    }
    for (const char* op :
         {"DescribeMigrationProjects", "StartExtensionPackAssociation", "DescribeExtensionPackAssociations",
          "DescribeDataProviders", "DescribeInstanceProfiles", "GetCallerIdentity"})
        m_ui->operationComboBox->addItem(QLatin1String(op));

    connect(m_ui->searchLineEdit, &QLineEdit::textChanged, m_textTimer, qOverload<>(&QTimer::start));
    connect(m_ui->outcomeComboBox, &QComboBox::currentIndexChanged, this, &HistoryView::applyFilters);
    connect(m_ui->backgroundCheckBox, &QCheckBox::toggled, this, &HistoryView::applyFilters);
    connect(m_ui->timeRangeComboBox, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = TimeRange(m_ui->timeRangeComboBox->currentData().toInt()) == TimeRange::Custom;
        m_ui->sinceDateTimeEdit->setEnabled(custom);
        m_ui->untilDateTimeEdit->setEnabled(custom);
        applyFilters();
    });
    connect(m_ui->sinceDateTimeEdit, &QDateTimeEdit::dateTimeChanged, m_textTimer,
            qOverload<>(&QTimer::start));
    connect(m_ui->untilDateTimeEdit, &QDateTimeEdit::dateTimeChanged, m_textTimer,
            qOverload<>(&QTimer::start));

    QTableView* table = m_ui->historyTableView;
    table->setModel(m_model);
    QHeaderView* header = table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    header->resizeSection(HistoryModel::TimeColumn, 150);
    header->resizeSection(HistoryModel::OperationColumn, 230);
    header->resizeSection(HistoryModel::ProjectColumn, 150);
    header->resizeSection(HistoryModel::OutcomeColumn, 110);
    // The store orders by only some columns: a click on another puts the indicator back.
    connect(header, &QHeaderView::sortIndicatorChanged, this, &HistoryView::syncSortIndicator,
            Qt::QueuedConnection);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_shownId = current.isValid() ? current.data(HistoryModel::IdRole).toLongLong() : 0;
                updateDetails();
                updateActions();
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        rememberValues(0, m_model->rowCount() - 1);
        // A reload (filter, sort, live update) keeps the request the user was looking at.
        if (m_shownId == 0 || !selectRecord(m_shownId)) {
            m_shownId = 0;
            updateDetails();
        }
        updateActions();
        updateCount();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) {
                rememberValues(first, last);
                updateCount();
            });
    connect(m_model, &HistoryModel::totalCountChanged, this, &HistoryView::updateCount);
    connect(m_model, &HistoryModel::recordChanged, this, [this](qint64 id) {
        if (id == m_shownId) {
            updateDetails();
            updateActions();
        }
    });
    rememberValues(0, m_model->rowCount() - 1);

    m_ui->refreshPushButton->setIcon(themedIcon(this, "view-refresh", QStyle::SP_BrowserReload));
    m_ui->copyCliPushButton->setIcon(themedIcon(this, "edit-copy", QStyle::SP_FileDialogDetailedView));
    m_ui->recheckPushButton->setIcon(themedIcon(this, "dialog-question", QStyle::SP_MessageBoxQuestion));
    m_ui->exportPushButton->setIcon(themedIcon(this, "document-save-as", QStyle::SP_DialogSaveButton));
    connect(m_ui->refreshPushButton, &QPushButton::clicked, m_model, &HistoryModel::reload);
    connect(m_ui->copyCliPushButton, &QPushButton::clicked, this, &HistoryView::copyCliCommand);
    connect(m_ui->recheckPushButton, &QPushButton::clicked, this, &HistoryView::requestRecheck);
    connect(m_ui->exportPushButton, &QPushButton::clicked, this, &HistoryView::exportFiltered);

    // Scoped to the view so they do not clash with the window's own shortcuts on other tabs.
    auto shortcut = [this](const QKeySequence& keys, auto slot) {
        auto* s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::Find, [this] {
        m_ui->searchLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchLineEdit->selectAll();
    });
    shortcut(QKeySequence::Refresh, [this] { m_model->reload(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] { copyCliCommand(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportFiltered(); });

    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->detailsTableWidget->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->technicalTableWidget->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_ui->foldedTableWidget->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->foldedTableWidget->horizontalHeader()->setStretchLastSection(true);
    m_ui->technicalTableWidget->setVisible(false);
    connect(m_ui->technicalToolButton, &QToolButton::toggled, this, [this](bool shown) {
        m_ui->technicalToolButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
        m_ui->technicalTableWidget->setVisible(shown);
    });
    // What the user did, with the reads of each action folded under it.
    m_model->setFilter(filter());
}

void HistoryView::setPollInterval(int ms)
{
    m_model->setPollInterval(ms);
}

QDateTime HistoryView::now() const
{
    return m_clock ? m_clock->nowUtc() : QDateTime::currentDateTimeUtc();
}

void HistoryView::setTimeRange(TimeRange range)
{
    const int i = m_ui->timeRangeComboBox->findData(int(range));
    if (i >= 0)
        m_ui->timeRangeComboBox->setCurrentIndex(i);
}

HistoryQuery HistoryView::filter() const
{
    HistoryQuery q;
    q.text = m_ui->searchLineEdit->text().trimmed();
    q.project = m_ui->projectComboBox->currentText().trimmed();
    q.operation = m_ui->operationComboBox->currentText().trimmed();
    q.profile = m_ui->profileComboBox->currentText().trimmed();
    q.region = m_ui->regionComboBox->currentText().trimmed();
    q.entriesOnly = true;
    q.includeBackground = m_ui->backgroundCheckBox->isChecked();
    const QString outcome = m_ui->outcomeComboBox->currentData().toString();
    if (!outcome.isEmpty())
        q.outcome = HistoryRecord::outcomeFromName(outcome);
    const QDateTime t = now();
    switch (TimeRange(m_ui->timeRangeComboBox->currentData().toInt())) {
    case TimeRange::Any:
        break;
    case TimeRange::LastHour:
        q.since = t.addSecs(-3600);
        break;
    case TimeRange::Last24Hours:
        q.since = t.addDays(-1);
        break;
    case TimeRange::Last7Days:
        q.since = t.addDays(-7);
        break;
    case TimeRange::Last30Days:
        q.since = t.addDays(-30);
        break;
    case TimeRange::Custom:
        q.since = m_ui->sinceDateTimeEdit->dateTime().toUTC();
        q.until = m_ui->untilDateTimeEdit->dateTime().toUTC();
        break;
    }
    return q;
}

void HistoryView::applyFilters()
{
    m_textTimer->stop();
    m_model->setFilter(filter());
}

void HistoryView::syncSortIndicator()
{
    QHeaderView* header = m_ui->historyTableView->horizontalHeader();
    if (header->sortIndicatorSection() != m_model->sortColumn() ||
        header->sortIndicatorOrder() != m_model->sortOrder())
        header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
}

void HistoryView::rememberValues(int first, int last)
{
    // The filter lists offer what has been seen so far: the store has no cheap "distinct" query
    // and reading all 100,000 rows for it would defeat the paging.
    for (int row = first; row <= last && row < m_model->rowCount(); ++row) {
        const HistoryRecord& r = m_model->record(row);
        const QList<QPair<QComboBox*, QString>> values = {
            {m_ui->projectComboBox, r.projectName.isEmpty() ? r.projectArn : r.projectName},
            {m_ui->operationComboBox, r.operation},
            {m_ui->profileComboBox, r.profile},
            {m_ui->regionComboBox, r.region}};
        for (const auto& [combo, value] : values) {
            if (!value.isEmpty() && combo->findText(value, Qt::MatchFixedString | Qt::MatchCaseSensitive) < 0)
                combo->addItem(value);
        }
    }
}

std::optional<HistoryRecord> HistoryView::selectedRecord() const
{
    if (m_shownId == 0)
        return std::nullopt;
    const int row = m_model->rowOfId(m_shownId);
    if (row < 0)
        return std::nullopt;
    return m_model->record(row);
}

bool HistoryView::selectRecord(qint64 id)
{
    const int row = m_model->rowOfId(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    m_ui->historyTableView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                         QItemSelectionModel::Rows);
    m_ui->historyTableView->scrollTo(index);
    m_shownId = id;
    updateDetails();
    updateActions();
    return true;
}

QList<QPair<QString, QString>> HistoryView::detailFields(const HistoryRecord& r)
{
    auto number = [](qint64 n) { return QString::number(n); };
    auto utc = [](const QDateTime& t) {
        return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
    };
    return {
        {tr("Entry"), number(r.id)},
        {tr("Started"), utc(r.startedAt)},
        {tr("Finished"), utc(r.finishedAt)},
        {tr("Duration (ms)"), r.durationMs < 0 ? QString() : number(r.durationMs)},
        {r.followsInstallation() ? tr("Installation") : tr("Outcome"), HistoryModel::outcomeText(r.outcome)},
        {tr("HTTP result"), HistoryModel::outcomeText(r.httpResult())},
        {tr("Operation"), r.operation},
        {tr("Project name"), r.projectName},
        {tr("Project ARN"), r.projectArn},
        {tr("DMS request identifier"), r.dmsRequestIdentifier},
        {tr("AWS request ID"), r.awsRequestId},
        {tr("HTTP status"), r.httpStatus > 0 ? number(r.httpStatus) : QString()},
        {tr("Attempts"), number(r.attempts)},
        {tr("Calls in this entry"), number(r.callCount)},
        {tr("Fault code"), r.faultCode},
        {tr("Fault message"), r.faultMessage},
        {tr("Association status"), r.associationStatus},
        {tr("Status changes"), r.associationTransitions.join(u'\n')},
        {tr("Association step"), r.associationStep},
        {tr("Association error"), r.associationError},
        {tr("Profile"), r.profile},
        {tr("Credentials source"), r.credentialsSource},
        {tr("Account"), r.accountId},
        {tr("Region"), r.region},
        {tr("Endpoint"), r.endpointHost},
        {tr("Background read"), r.background ? tr("Yes: the program read it on its own") : tr("No")},
        {tr("Folded under entry"), r.parentId > 0 ? number(r.parentId) : QString()},
    };
}

QList<QPair<QString, QString>> HistoryView::technicalFields(const HistoryRecord& r)
{
    return {
        {tr("Group"), r.groupKey},
        {tr("Action"), r.actionKey},
        {tr("Invocation"), r.invocationId},
        {tr("Process ID"), r.processId > 0 ? QString::number(r.processId) : QString()},
        {tr("Process token"), r.processToken},
        {tr("Change"), QString::number(r.changeSeq)},
    };
}

void HistoryView::updateDetails()
{
    QTableWidget* details = m_ui->detailsTableWidget;
    const std::optional<HistoryRecord> record = selectedRecord();
    details->setRowCount(0);
    m_ui->technicalTableWidget->setRowCount(0);
    if (!record) {
        m_ui->adviceLabel->setText(tr("Select a request to see everything that was recorded about it."));
        updateFolded(HistoryRecord());
        return;
    }
    auto fill = [](QTableWidget* table, const QList<QPair<QString, QString>>& fields) {
        table->setRowCount(int(fields.size()));
        for (int i = 0; i < fields.size(); ++i) {
            auto* label = new QTableWidgetItem(fields.at(i).first);
            auto* value = new QTableWidgetItem(fields.at(i).second);
            value->setToolTip(fields.at(i).second);
            table->setItem(i, 0, label);
            table->setItem(i, 1, value);
        }
        table->resizeRowsToContents();
    };
    fill(details, detailFields(*record));
    fill(m_ui->technicalTableWidget, technicalFields(*record));
    updateFolded(*record);
    const QString advice = record->advice();
    QString heading;
    if (!advice.isEmpty())
        heading = advice;
    else if (record->followsInstallation())
        heading = tr("%1 — installation %2 (the HTTP call: %3)")
                      .arg(record->operation, HistoryModel::outcomeText(record->outcome).toLower(),
                           HistoryModel::outcomeText(record->httpResult()).toLower());
    else
        heading = tr("%1 — %2").arg(record->operation, HistoryModel::outcomeText(record->outcome));
    m_ui->adviceLabel->setText(heading);
}

void HistoryView::updateFolded(const HistoryRecord& record)
{
    QTableWidget* folded = m_ui->foldedTableWidget;
    folded->setRowCount(0);
    const bool any = record.id > 0 && record.childCount > 0 && m_store && m_store->isOpen();
    m_ui->foldedLabel->setVisible(any);
    folded->setVisible(any);
    if (!any)
        return;
    HistoryQuery q;
    q.parentId = record.id;
    q.descending = false;
    q.limit = 500;
    const Result<QList<HistoryRecord>> rows = m_store->query(q);
    if (!rows.ok()) {
        m_ui->foldedLabel->setText(
            tr("The calls folded under this entry could not be read: %1").arg(rows.fault().message));
        return;
    }
    m_ui->foldedLabel->setText(
        tr("%n call(s) made for this action, folded under it:", nullptr, record.childCalls));
    folded->setRowCount(int(rows->size()));
    for (int i = 0; i < rows->size(); ++i) {
        const HistoryRecord& r = rows->at(i);
        const QString status = r.associationStatus.isEmpty()
                                   ? (r.httpStatus > 0 ? QString::number(r.httpStatus) : QString())
                                   : r.associationStatus;
        const QStringList values{HistoryModel::timeText(r.startedAt),
                                 r.callCount > 1 ? tr("%1 (%2 calls)").arg(r.operation).arg(r.callCount)
                                                 : r.operation,
                                 HistoryModel::outcomeText(r.outcome), status};
        for (int c = 0; c < values.size(); ++c)
            folded->setItem(i, c, new QTableWidgetItem(values.at(c)));
    }
}

void HistoryView::updateActions()
{
    const std::optional<HistoryRecord> record = selectedRecord();
    m_ui->copyCliPushButton->setEnabled(record && !AwsCliCommand::forRecord(*record).isEmpty());
    m_ui->recheckPushButton->setEnabled(record && record->outcome == HistoryRecord::Outcome::Unknown &&
                                        !(record->projectArn.isEmpty() && record->projectName.isEmpty()));
    m_ui->exportPushButton->setEnabled(m_model->totalCount() > 0);
}

void HistoryView::updateCount()
{
    const QLocale locale;
    const qint64 total = m_model->totalCount();
    QString text;
    if (total == 1)
        text = tr("1 request");
    else if (total == m_model->rowCount())
        text = tr("%1 requests").arg(locale.toString(total));
    else
        text =
            tr("%1 of %2 requests loaded").arg(locale.toString(m_model->rowCount()), locale.toString(total));
    m_ui->countLabel->setText(
        m_model->lastError().isEmpty()
            ? text
            : tr("%1 (the history could not be read: %2)").arg(text, m_model->lastError()));
    m_ui->exportPushButton->setEnabled(total > 0);
}

QString HistoryView::cliCommandForSelection() const
{
    const std::optional<HistoryRecord> record = selectedRecord();
    return record ? AwsCliCommand::forRecord(*record) : QString();
}

void HistoryView::copyCliCommand()
{
    const QString command = cliCommandForSelection();
    if (command.isEmpty())
        return;
    if (QClipboard* clipboard = QGuiApplication::clipboard())
        clipboard->setText(command);
}

void HistoryView::requestRecheck()
{
    const std::optional<HistoryRecord> record = selectedRecord();
    if (!record || record->outcome != HistoryRecord::Outcome::Unknown)
        return;
    const QString project = record->projectArn.isEmpty() ? record->projectName : record->projectArn;
    if (project.isEmpty())
        return;
    emit recheckRequested(record->id, project, record->dmsRequestIdentifier);
}

void HistoryView::recordUpdated(qint64 id)
{
    m_model->reloadRecord(id);
    if (id == m_shownId) {
        updateDetails();
        updateActions();
    }
}

void HistoryView::exportFiltered()
{
    if (m_model->totalCount() == 0)
        return;
    const QString suggested = QStringLiteral("dms-history-%1.csv")
                                  .arg(now().toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString caption = tr("Export history");
    const QString filters = tr("CSV files (*.csv);;JSON files (*.json)");
    const QString path = Prompts::saveFileName(this, caption, suggested, filters);
    if (path.isEmpty())
        return;
    exportTo(path);
}

bool HistoryView::exportTo(const QString& path)
{
    if (!m_store || !m_store->isOpen())
        return false;
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        Prompts::warning(this, tr("Export history"),
                         tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    // The filters and order of the table, read page by page so memory stays bounded for CSV.
    HistoryQuery q = m_model->currentQuery();
    q.limit = kExportPage;
    QList<HistoryRecord> all;
    qint64 written = 0;
    if (!json)
        HistoryExporter::writeCsvHeader(&file);
    for (;;) {
        const Result<QList<HistoryRecord>> page = m_store->query(q);
        if (!page.ok()) {
            file.cancelWriting();
            Prompts::warning(this, tr("Export history"),
                             tr("The history could not be read: %1").arg(page.fault().message));
            return false;
        }
        const QList<HistoryRecord>& rows = page.value();
        for (const HistoryRecord& r : rows) {
            if (json)
                all.append(r);
            else
                HistoryExporter::writeCsvRow(&file, r);
        }
        written += rows.size();
        if (rows.size() < q.limit)
            break;
        if (q.sortBy == HistoryQuery::SortField::StartedAt)
            q = q.continuedAfter(rows.constLast());
        else
            q.offset += int(rows.size());
    }
    if (json)
        file.write(HistoryExporter::toJson(all));
    if (!file.commit()) {
        Prompts::warning(this, tr("Export history"),
                         tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    qCInfo(lcHistoryView) << "exported" << written << "history rows";
    emit exported(path, written);
    return true;
}

} // namespace dmsx::ui
