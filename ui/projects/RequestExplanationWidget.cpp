#include "projects/RequestExplanationWidget.h"
#include "ui_RequestExplanationWidget.h"

#include "base/Redactor.h"
#include "widgets/AccessibleValueLabel.h"
#include "widgets/FaultDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QStyle>

namespace dmsx::ui {

RequestExplanationWidget::RequestExplanationWidget(QWidget* parent)
    : QFrame(parent), m_ui(std::make_unique<Ui::RequestExplanationWidget>())
{
    m_ui->setupUi(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_ui->iconLabel->setPixmap(
        QIcon::fromTheme(QStringLiteral("dialog-error"), style()->standardIcon(QStyle::SP_MessageBoxCritical))
            .pixmap(iconSize, iconSize));
    // The icon keeps its size; the title takes the rest of the line.
    m_ui->iconLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_ui->headerHorizontalLayout->setStretchFactor(m_ui->titleLabel, 1);
    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    m_ui->titleLabel->setFont(title);
    // Wrapped labels take the height their text needs at the panel's width, no more.
    for (QLabel* label : {m_ui->titleLabel, m_ui->causeLabel, m_ui->stepsHeadingLabel, m_ui->stepsLabel}) {
        QSizePolicy policy = label->sizePolicy();
        policy.setHorizontalPolicy(QSizePolicy::Ignored);
        policy.setVerticalPolicy(QSizePolicy::Maximum);
        label->setSizePolicy(policy);
    }
    m_ui->detailsPlainTextEdit->setMinimumHeight(m_ui->detailsPlainTextEdit->fontMetrics().lineSpacing() * 5);
    m_ui->copyDetailsPushButton->setIcon(QIcon::fromTheme(
        QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_FileDialogDetailedView)));
    connect(m_ui->detailsToolButton, &QToolButton::toggled, this, &RequestExplanationWidget::setDetailsShown);
    connect(m_ui->copyDetailsPushButton, &QPushButton::clicked, this, &RequestExplanationWidget::copyDetails);
    connect(m_ui->applyAgainPushButton, &QPushButton::clicked, this,
            &RequestExplanationWidget::applyAgainRequested);
    setDetailsShown(false);
}

RequestExplanationWidget::~RequestExplanationWidget() = default;

void RequestExplanationWidget::setFault(const Fault& fault)
{
    m_fault = fault;
    m_explanation = FaultCatalogue::explain(fault);
    m_ui->titleLabel->setText(m_explanation.title);
    // Screen readers hear a label's name only: "Likely cause" alone would hide the cause itself.
    AccessibleValueLabel::setValue(m_ui->causeLabel, m_explanation.cause);
    m_ui->causeLabel->setVisible(!m_explanation.cause.isEmpty());
    QStringList numbered;
    for (int i = 0; i < m_explanation.steps.size(); ++i)
        numbered << tr("%1. %2").arg(i + 1).arg(m_explanation.steps.at(i));
    AccessibleValueLabel::setValue(m_ui->stepsLabel, numbered.join(QLatin1Char('\n')));
    m_ui->stepsHeadingLabel->setVisible(!numbered.isEmpty());
    m_ui->stepsLabel->setVisible(!numbered.isEmpty());
    m_ui->detailsPlainTextEdit->setPlainText(FaultDialog::detailsText(fault));
    m_ui->applyAgainPushButton->setVisible(m_explanation.retryCanHelp);
    setAccessibleName(tr("Why the request ended: %1").arg(m_explanation.title));
}

void RequestExplanationWidget::setDetailsShown(bool shown)
{
    m_ui->detailsPlainTextEdit->setVisible(shown);
    m_ui->detailsToolButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_ui->detailsToolButton->setAccessibleName(shown ? tr("Hide details") : tr("Show details"));
    if (m_ui->detailsToolButton->isChecked() != shown)
        m_ui->detailsToolButton->setChecked(shown);
}

bool RequestExplanationWidget::detailsShown() const
{
    return m_ui->detailsToolButton->isChecked();
}

QString RequestExplanationWidget::copyText() const
{
    QStringList parts{m_explanation.title};
    if (!m_explanation.cause.isEmpty())
        parts << m_explanation.cause;
    if (!m_ui->stepsLabel->text().isEmpty())
        parts << m_ui->stepsLabel->text();
    parts << FaultDialog::detailsText(m_fault);
    return Redactor::redact(parts.join(QStringLiteral("\n\n")));
}

void RequestExplanationWidget::copyDetails()
{
    QApplication::clipboard()->setText(copyText());
}

} // namespace dmsx::ui
