#include "ApplyConfirmDialog.h"
#include "ui_ApplyConfirmDialog.h"

#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace dmsx::ui {

ApplyConfirmDialog::ApplyConfirmDialog(const ApplyPlan& plan, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ApplyConfirmDialog>())
{
    m_ui->setupUi(this);
    const QString dash = tr("(unknown)");
    const auto orDash = [&](const QString& s) { return s.isEmpty() ? dash : s; };

    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_ui->iconLabel->setPixmap(
        QIcon::fromTheme(QStringLiteral("dialog-warning"),
                         style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this))
            .pixmap(iconSize, iconSize));

    m_ui->iconLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_ui->headerHorizontalLayout->setStretch(1, 1);
    const QString projectName = orDash(plan.project.migrationProjectName);
    m_ui->questionLabel->setText(
        tr("Install the AWS DMS extension pack into the target database of migration project \"%1\"?")
            .arg(projectName));
    m_ui->accountValueLabel->setText(orDash(plan.accountId));
    m_ui->regionValueLabel->setText(orDash(plan.region));
    m_ui->projectValueLabel->setText(projectName);
    m_ui->projectValueLabel->setToolTip(plan.project.migrationProjectArn);
    m_ui->targetProviderValueLabel->setText(orDash(plan.target.dataProviderName));
    m_ui->targetProviderValueLabel->setToolTip(plan.target.dataProviderArn);
    m_ui->targetEngineValueLabel->setText(orDash(plan.target.engine));
    QString server = plan.target.serverName();
    if (!server.isEmpty() && plan.target.port())
        server += QLatin1Char(':') + QString::number(*plan.target.port());
    if (!server.isEmpty() && !plan.target.databaseName().isEmpty())
        server += QLatin1Char('/') + plan.target.databaseName();
    m_ui->targetServerValueLabel->setText(orDash(server));
    m_ui->sourceEngineValueLabel->setText(orDash(plan.source ? plan.source->engine : QString()));
    m_ui->schemaValueLabel->setText(orDash(plan.schemaDescription));

    m_ui->replaceLabel->setText(
        plan.reinstall
            ? tr("An extension pack is already installed in this target: it will be replaced (schema %1 is "
                 "reinstalled).")
                  .arg(orDash(plan.schemaDescription))
            : tr("The schema %1 will be created in the target database. If an extension pack is already "
                 "installed there, it is replaced.")
                  .arg(orDash(plan.schemaDescription)));

    m_ui->applyPushButton->setIcon(QIcon::fromTheme(QStringLiteral("system-software-install"),
                                                    style()->standardIcon(QStyle::SP_DialogApplyButton)));
    m_ui->cancelPushButton->setIcon(QIcon::fromTheme(QStringLiteral("dialog-cancel"),
                                                     style()->standardIcon(QStyle::SP_DialogCancelButton)));
    connect(m_ui->applyPushButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_ui->cancelPushButton, &QPushButton::clicked, this, &QDialog::reject);
    m_ui->cancelPushButton->setDefault(true);
    m_ui->cancelPushButton->setFocus();
}

ApplyConfirmDialog::~ApplyConfirmDialog() = default;

QPushButton* ApplyConfirmDialog::applyButton() const
{
    return m_ui->applyPushButton;
}

QPushButton* ApplyConfirmDialog::cancelButton() const
{
    return m_ui->cancelPushButton;
}

QString ApplyConfirmDialog::summaryText() const
{
    QStringList lines;
    lines << m_ui->questionLabel->text();
    for (int row = 0; row < m_ui->factsFormLayout->rowCount(); ++row) {
        auto* caption = m_ui->factsFormLayout->itemAt(row, QFormLayout::LabelRole);
        auto* value = m_ui->factsFormLayout->itemAt(row, QFormLayout::FieldRole);
        if (caption && value)
            lines << qobject_cast<QLabel*>(caption->widget())->text() + QLatin1Char(' ') +
                         qobject_cast<QLabel*>(value->widget())->text();
    }
    lines << m_ui->replaceLabel->text();
    return lines.join(QLatin1Char('\n'));
}

} // namespace dmsx::ui
