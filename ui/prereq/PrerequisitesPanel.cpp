#include "prereq/PrerequisitesPanel.h"

#include "ui_PrerequisitesPanel.h"

#include "base/FaultCatalogue.h"
#include "prereq/PrerequisitesModel.h"
#include "widgets/LongText.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLocale>
#include <QStyle>

namespace dmsx::ui {

PrerequisitesPanel::PrerequisitesPanel(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::PrerequisitesPanel>()),
      m_model(new PrerequisitesModel(this)),
      m_openUrl([](const QUrl& url) { QDesktopServices::openUrl(url); })
{
    m_ui->setupUi(this);
    m_ui->checksTreeView->setModel(m_model);
    QHeaderView* header = m_ui->checksTreeView->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(PrerequisitesModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(PrerequisitesModel::CheckColumn, QHeaderView::ResizeToContents);
    // Room for a finding and its first steps; more scrolls.
    m_ui->detailsBrowser->setMinimumHeight(m_ui->detailsBrowser->fontMetrics().lineSpacing() * 6);
    m_ui->checkPushButton->setIcon(
        QIcon::fromTheme(QStringLiteral("view-refresh"), style()->standardIcon(QStyle::SP_BrowserReload)));
    m_ui->consolePushButton->setIcon(QIcon::fromTheme(QStringLiteral("internet-web-browser"),
                                                      style()->standardIcon(QStyle::SP_DirLinkIcon)));
    m_ui->copyCommandPushButton->setIcon(QIcon::fromTheme(
        QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_FileDialogDetailedView)));
    connect(m_ui->checkPushButton, &QPushButton::clicked, this, &PrerequisitesPanel::checkNow);
    connect(m_ui->checksTreeView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PrerequisitesPanel::updateDetails);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &PrerequisitesPanel::updateDetails);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PrerequisitesPanel::updateDetails);
    connect(m_ui->consolePushButton, &QPushButton::clicked, this, [this] {
        const PrerequisiteCheck* c = m_model->checkAt(currentRow());
        if (c && !c->consoleUrl.isEmpty())
            m_openUrl(QUrl(c->consoleUrl));
    });
    connect(m_ui->copyCommandPushButton, &QPushButton::clicked, this, [this] {
        const PrerequisiteCheck* c = m_model->checkAt(currentRow());
        if (c && !c->cliCommand.isEmpty())
            QApplication::clipboard()->setText(c->cliCommand);
    });
    refresh();
}

PrerequisitesPanel::~PrerequisitesPanel() = default;

void PrerequisitesPanel::setController(PrerequisitesController* controller)
{
    if (m_controller)
        m_controller->disconnect(this);
    m_controller = controller;
    if (controller) {
        connect(controller, &PrerequisitesController::changed, this, [this](const QString& project) {
            if (project == m_projectArn)
                refresh();
        });
    }
    m_pickedFirstProblem = false;
    refresh();
}

void PrerequisitesPanel::showProject(const QString& projectArn)
{
    if (projectArn == m_projectArn)
        return;
    m_projectArn = projectArn;
    m_pickedFirstProblem = false;
    m_model->clear();
    refresh();
}

void PrerequisitesPanel::checkNow()
{
    if (m_controller && !m_projectArn.isEmpty() && m_controller->check(m_projectArn))
        m_pickedFirstProblem = false;
}

QString PrerequisitesPanel::summaryOf(const PrerequisitesController::Entry& e)
{
    using Status = PrerequisiteCheck::Status;
    const PrerequisiteReport& r = e.report;
    const int total = int(r.checks.size());
    if (e.fault) {
        const FaultExplanation x = FaultCatalogue::explain(*e.fault);
        return tr("The project could not be checked. %1: %2").arg(x.title, x.cause);
    }
    if (e.running) {
        if (total == 0)
            return tr("Reading the project…");
        return tr("Checking… %1 of %2 checks done.").arg(total - r.count(Status::Pending)).arg(total);
    }
    if (total == 0)
        return tr("Not checked yet. The checks look for what would make an installation fail (the S3 "
                  "bucket, the IAM roles, the secret and its key, the queue) before anything is started.");
    QStringList parts;
    if (const int n = r.count(Status::Problem))
        parts << (n == 1 ? tr("1 problem found") : tr("%1 problems found").arg(n));
    if (const int n = r.count(Status::CouldNotCheck))
        parts << tr("%1 could not be checked").arg(n);
    if (const int n = r.count(Status::Notice))
        parts << (n == 1 ? tr("1 notice") : tr("%1 notices").arg(n));
    if (const int n = r.count(Status::Passed))
        parts << tr("%1 passed").arg(n);
    const int pending = r.count(Status::Pending);
    QString when;
    if (pending > 0)
        when = tr("Stopped before every check finished");
    else if (e.finishedAt.isValid())
        when = (e.fromApply ? tr("Checked before applying, at %1") : tr("Checked at %1"))
                   .arg(QLocale().toString(e.finishedAt.toLocalTime().time(), QLocale::ShortFormat));
    else
        when = e.fromApply ? tr("Checked before applying") : tr("Checked");
    if (r.count(Status::Problem) == 0 && r.count(Status::CouldNotCheck) == 0 && pending == 0)
        return tr("%1: nothing found that would make the installation fail (%2).")
            .arg(when, parts.join(QStringLiteral(", ")));
    return tr("%1: %2.").arg(when, parts.join(QStringLiteral(", ")));
}

void PrerequisitesPanel::refresh()
{
    PrerequisitesController::Entry e;
    if (m_controller && !m_projectArn.isEmpty())
        e = m_controller->entry(m_projectArn);
    m_model->setRunning(e.running);
    const int rowsBefore = m_model->rowCount();
    m_model->setReport(e.report);
    if (m_model->rowCount() != rowsBefore && m_model->rowCount() > 0) {
        // Every row in view (there are a dozen at most), so the checklist is read without scrolling.
        QTreeView* view = m_ui->checksTreeView;
        const int rowHeight = qMax(view->sizeHintForRow(0), view->fontMetrics().height());
        view->setMinimumHeight(view->header()->sizeHint().height() + rowHeight * m_model->rowCount() +
                               2 * view->frameWidth() + 2);
    }
    QString summary;
    if (m_projectArn.isEmpty())
        summary = tr("Select a migration project to check what its installation needs.");
    else if (!m_controller)
        summary = tr("Not connected.");
    else
        summary = summaryOf(e);
    m_ui->summaryLabel->setText(summary);
    m_ui->checkPushButton->setText(e.known() ? tr("Check a&gain") : tr("Chec&k now"));
    m_ui->checkPushButton->setEnabled(m_controller && !m_projectArn.isEmpty() && !e.running);
    // Once the checks are done, the first problem (else the first row that is not a pass) is
    // where the eye should go; chosen once, so a row picked by hand is left alone.
    if (!e.running && !e.report.checks.isEmpty() && e.report.isComplete() && !m_pickedFirstProblem) {
        m_pickedFirstProblem = true;
        int pick = e.report.indexOf(PrerequisiteCheck::Id::TargetDataProvider);
        for (const PrerequisiteCheck::Status wanted :
             {PrerequisiteCheck::Status::Problem, PrerequisiteCheck::Status::CouldNotCheck,
              PrerequisiteCheck::Status::Notice}) {
            const auto it = std::find_if(e.report.checks.cbegin(), e.report.checks.cend(),
                                         [wanted](const PrerequisiteCheck& c) { return c.status == wanted; });
            if (it != e.report.checks.cend()) {
                pick = int(it - e.report.checks.cbegin());
                break;
            }
        }
        selectCheck(qMax(0, pick));
    }
    if (e.running)
        m_pickedFirstProblem = false;
    updateDetails();
}

int PrerequisitesPanel::currentRow() const
{
    const QModelIndex current = m_ui->checksTreeView->currentIndex();
    return current.isValid() ? current.row() : -1;
}

bool PrerequisitesPanel::selectCheck(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return false;
    m_ui->checksTreeView->setCurrentIndex(m_model->index(row, PrerequisitesModel::CheckColumn));
    return true;
}

void PrerequisitesPanel::updateDetails()
{
    const PrerequisiteCheck* c = m_model->checkAt(currentRow());
    const bool shown = c && c->isDone();
    m_ui->detailsFrame->setVisible(shown);
    if (!shown)
        return;
    // Everything shown is escaped: subjects and findings carry text from the service.
    const auto esc = [](const QString& text) { return text.toHtmlEscaped(); };
    QString html = QStringLiteral("<p><b>%1</b>").arg(esc(c->label()));
    if (!c->subject.isEmpty())
        html += QStringLiteral(": ") + esc(c->subject);
    html += QStringLiteral("</p><p>%1</p>").arg(esc(c->finding()));
    const QString fix = c->fix();
    if (!fix.isEmpty()) {
        html += QStringLiteral("<p>%1</p><ul>").arg(esc(tr("What to do:")));
        for (const QString& step : fix.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            html += QStringLiteral("<li>%1</li>").arg(esc(step));
        html += QStringLiteral("</ul>");
    }
    if (!c->cliCommand.isEmpty())
        html += QStringLiteral("<p><code>%1</code></p>").arg(esc(c->cliCommand));
    m_ui->detailsBrowser->setHtml(html);
    m_ui->consolePushButton->setVisible(!c->consoleUrl.isEmpty());
    m_ui->consolePushButton->setToolTip(c->consoleUrl);
    m_ui->copyCommandPushButton->setVisible(!c->cliCommand.isEmpty());
}

QString PrerequisitesPanel::summaryText() const
{
    return m_ui->summaryLabel->text();
}

QString PrerequisitesPanel::detailsText() const
{
    return m_ui->detailsFrame->isHidden() ? QString() : m_ui->detailsBrowser->toPlainText();
}

} // namespace dmsx::ui
