#include "projects/ProjectDetailsWidget.h"

#include "ui_ProjectDetailsWidget.h"
#include "widgets/AccessibleValueLabel.h"

#include "base/FaultCatalogue.h"
#include "dms/DmsClient.h"
#include "net/PendingCall.h"
#include "projects/RequestsModel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLocale>
#include <QStyle>

namespace dmsx::ui {

ProjectDetailsWidget::ProjectDetailsWidget(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ProjectDetailsWidget>()), m_requests(new RequestsModel(this))
{
    m_ui->setupUi(this);
    m_ui->requestsTableView->setModel(m_requests);
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
    QString where = p->serverName();
    if (p->port())
        where += QLatin1Char(':') + QString::number(*p->port());
    if (!where.isEmpty())
        parts << where;
    if (!p->databaseName().isEmpty())
        parts << tr("database %1").arg(p->databaseName());
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
    m_ui->fieldsWidget->setEnabled(project != nullptr);
    m_ui->copyArnToolButton->setEnabled(project != nullptr);
    if (!project) {
        m_ui->titleLabel->setText(tr("No project selected"));
        for (QLabel* l : {m_ui->arnLabel, m_ui->descriptionLabel, m_ui->createdLabel, m_ui->sourceLabel,
                          m_ui->targetLabel, m_ui->instanceProfileLabel, m_ui->s3PathLabel})
            AccessibleValueLabel::clear(l);
        m_ui->requestsStatusLabel->setText(
            tr("Select a project to see its details and extension-pack requests."));
        return;
    }
    m_ui->titleLabel->setText(project->migrationProjectName);
    AccessibleValueLabel::setValue(m_ui->arnLabel, project->migrationProjectArn);
    m_ui->arnLabel->setToolTip(project->migrationProjectArn);
    AccessibleValueLabel::setValue(m_ui->descriptionLabel,
                                   project->description.isEmpty() ? tr("none") : project->description);
    AccessibleValueLabel::setValue(
        m_ui->createdLabel,
        QLocale().toString(project->migrationProjectCreationTime.toLocalTime(), QLocale::LongFormat));
    AccessibleValueLabel::setValue(m_ui->sourceLabel,
                                   describeProvider(source, project->sourceDataProviderDescriptors));
    AccessibleValueLabel::setValue(m_ui->targetLabel,
                                   describeProvider(target, project->targetDataProviderDescriptors));
    AccessibleValueLabel::setValue(m_ui->instanceProfileLabel, project->instanceProfileName.isEmpty()
                                                                   ? project->instanceProfileArn
                                                                   : project->instanceProfileName);
    AccessibleValueLabel::setValue(m_ui->s3PathLabel,
                                   project->schemaConversionApplicationAttributes
                                       ? project->schemaConversionApplicationAttributes->s3BucketPath
                                       : tr("none"));
    refreshRequests();
}

void ProjectDetailsWidget::refreshRequests()
{
    if (!m_client || m_project.migrationProjectArn.isEmpty())
        return;
    m_ui->requestsStatusLabel->setText(tr("Loading extension-pack requests…"));
    const quint64 generation = m_generation;
    const QString arn = m_project.migrationProjectArn;
    m_call = m_client->describeExtensionPackAssociations(
        arn, {}, QString(), this, [this, generation, arn](const Result<Page<SchemaConversionRequest>>& r) {
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
            m_requests->setRequests(r.value().items);
            m_ui->requestsStatusLabel->setText(r.value().items.isEmpty() ? noRequestsText() : QString());
            emit requestsLoaded(arn, r.value().items);
        });
}

QString ProjectDetailsWidget::noRequestsText()
{
    return tr("No extension pack has been applied to this project yet.");
}

void ProjectDetailsWidget::showRequest(const SchemaConversionRequest& request)
{
    m_requests->upsert(request);
    if (m_ui->requestsStatusLabel->text() == noRequestsText())
        m_ui->requestsStatusLabel->clear();
}

QString ProjectDetailsWidget::fieldText(const QString& field) const
{
    const QLabel* label = findChild<QLabel*>(field + QStringLiteral("Label"));
    return label ? label->text() : QString();
}

} // namespace dmsx::ui
