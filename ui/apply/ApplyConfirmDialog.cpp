#include "apply/ApplyConfirmDialog.h"
#include "apply/ExtensionPackSchema.h"
#include "prereq/CheckStatusIcon.h"

#include "ui_ApplyConfirmDialog.h"
#include "widgets/AccessibleValueLabel.h"
#include "widgets/LongText.h"
#include "widgets/ScreenFit.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QIcon>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QStyle>

#include <algorithm>

namespace dmsx::ui {

namespace {

// A host name or an ARN broken across lines is easy to misread: a fact up to this long keeps one
// line (the dialog is wide enough for it); only a longer one, such as a 255-character project
// name, wraps.
constexpr int kFactChunk = 60;

} // namespace

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

    // The icon keeps its own width and sits at the top left; the question and the facts share
    // one column beside it, so nothing floats away from the icon.
    m_ui->iconLabel->setFixedSize(iconSize, iconSize);
    m_ui->headerHorizontalLayout->setSpacing(iconSize / 3);
    m_ui->headerHorizontalLayout->setAlignment(m_ui->iconLabel, Qt::AlignTop);
    m_ui->headerHorizontalLayout->setStretch(1, 1);
    QFont questionFont = m_ui->questionLabel->font();
    questionFont.setBold(true);
    m_ui->questionLabel->setFont(questionFont);
    // The replacement warning stands out through the palette's own roles (light or dark alike).
    QFont warningFont = m_ui->replaceLabel->font();
    warningFont.setBold(true);
    m_ui->replaceLabel->setFont(warningFont);
    m_ui->replaceLabel->setFrameShape(QFrame::StyledPanel);
    m_ui->replaceLabel->setAutoFillBackground(true);
    m_ui->replaceLabel->setBackgroundRole(QPalette::AlternateBase);
    m_ui->replaceLabel->setForegroundRole(QPalette::Text);
    m_ui->replaceLabel->setMargin(iconSize / 4);
    // A fact keeps one line while the dialog is wide enough; a long one (a 255-character project
    // name) wraps rather than widen the dialog past the screen.
    // Wrapped labels take no more height than their text needs, so no gaps open between them.
    const auto labels = findChildren<QLabel*>();
    for (QLabel* label : labels) {
        QSizePolicy policy = label->sizePolicy();
        policy.setVerticalPolicy(QSizePolicy::Maximum);
        label->setSizePolicy(policy);
    }
    const QString projectName = orDash(plan.project.migrationProjectName);
    AccessibleValueLabel::setValue(
        m_ui->questionLabel,
        LongText::breakable(
            tr("Install the AWS DMS extension pack into the target database of migration project \"%1\"?")
                .arg(projectName)));
    AccessibleValueLabel::setValue(m_ui->accountValueLabel, orDash(plan.accountId));
    AccessibleValueLabel::setValue(m_ui->regionValueLabel, orDash(plan.region));
    AccessibleValueLabel::setValue(m_ui->projectValueLabel, LongText::breakable(projectName, kFactChunk));
    m_ui->projectValueLabel->setToolTip(
        LongText::toolTip(projectName + QLatin1Char('\n') + plan.project.migrationProjectArn));
    AccessibleValueLabel::setValue(m_ui->targetProviderValueLabel,
                                   LongText::breakable(orDash(plan.target.dataProviderName), kFactChunk));
    m_ui->targetProviderValueLabel->setToolTip(plan.target.dataProviderArn);
    AccessibleValueLabel::setValue(m_ui->targetEngineValueLabel, orDash(plan.target.engine));
    // Each of these reads the provider's settings from their text: once each.
    QString server = plan.target.serverName();
    const std::optional<int> port = plan.target.port();
    const QString database = plan.target.databaseName();
    if (!server.isEmpty() && port)
        server += QLatin1Char(':') + QString::number(*port);
    if (!server.isEmpty() && !database.isEmpty())
        server += QLatin1Char('/') + database;
    AccessibleValueLabel::setValue(m_ui->targetServerValueLabel,
                                   LongText::breakable(orDash(server), kFactChunk));
    AccessibleValueLabel::setValue(m_ui->sourceEngineValueLabel,
                                   orDash(plan.source ? plan.source->engine : QString()));
    AccessibleValueLabel::setValue(m_ui->schemaValueLabel,
                                   LongText::breakable(orDash(plan.schemaDescription), kFactChunk));

    // "the schema aws_oracle_ext" where the guide names it, "the extension pack schema for db2" where not.
    const QString engine = plan.source ? plan.source->engine : QString();
    const QString named = ExtensionPackSchema::forSourceEngine(engine);
    QString schema = named.isEmpty() ? orDash(plan.schemaDescription) : tr("the schema %1").arg(named);
    const QString subject = schema.left(1).toUpper() + schema.mid(1);
    m_ui->replaceLabel->setText(LongText::breakable(
        plan.reinstall
            ? tr("An extension pack is already installed in this target: it will be replaced (%1 is "
                 "reinstalled).")
                  .arg(schema)
            : tr("%1 will be created in the target database. If an extension pack is already "
                 "installed there, it is replaced.")
                  .arg(subject)));

    showChecks(plan.checks);

    m_ui->applyPushButton->setIcon(QIcon::fromTheme(QStringLiteral("system-software-install"),
                                                    style()->standardIcon(QStyle::SP_DialogApplyButton)));
    m_ui->cancelPushButton->setIcon(QIcon::fromTheme(QStringLiteral("dialog-cancel"),
                                                     style()->standardIcon(QStyle::SP_DialogCancelButton)));
    connect(m_ui->applyPushButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_ui->cancelPushButton, &QPushButton::clicked, this, &QDialog::reject);
    m_ui->cancelPushButton->setDefault(true);
    m_ui->cancelPushButton->setFocus();

    // Wide enough for each fact on one line, and exactly as tall as the wrapped text needs;
    // never larger than the screen, where the facts scroll and the buttons stay in view.
    constexpr int kWidth = 560;
    // Measure the texts just set: the style's fonts and margins, and no size hint a nested layout
    // cached while the labels were empty (a hidden widget's change does not reach its layouts).
    ensurePolished();
    const auto layouts = findChildren<QLayout*>();
    for (QLayout* l : layouts)
        l->invalidate();
    const QSize most = ScreenFit::maximumClientSize(this);
    setMinimumWidth(qMin(kWidth, most.width()));
    setMaximumSize(most);
    const QMargins margins = layout()->contentsMargins();
    const int frame = 2 * m_ui->contentScrollArea->frameWidth();
    // Room is left for the scroll bar: QScrollArea would show it for a height taken at the full
    // width, and the narrower text would then need one line more.
    const int around = margins.left() + margins.right() + frame +
                       style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_ui->contentScrollArea);
    // Each fact up to kFactChunk characters on one line (a wrapped label's size hint does not say).
    int captionsWidth = 0;
    int valuesWidth = 0;
    for (int row = 0; row < m_ui->factsGridLayout->rowCount(); ++row) {
        auto* caption = qobject_cast<QLabel*>(m_ui->factsGridLayout->itemAtPosition(row, 0)->widget());
        auto* value = qobject_cast<QLabel*>(m_ui->factsGridLayout->itemAtPosition(row, 1)->widget());
        const QFontMetrics fm = value->fontMetrics();
        captionsWidth = qMax(captionsWidth, caption->sizeHint().width());
        valuesWidth = qMax(valuesWidth, qMin(fm.horizontalAdvance(LongText::plain(value->text())),
                                             fm.averageCharWidth() * kFactChunk));
    }
    const int spacing = qMax(0, m_ui->headerHorizontalLayout->spacing()) +
                        qMax(0, m_ui->factsGridLayout->horizontalSpacing());
    const int factsWidth =
        around + m_ui->iconLabel->sizeHint().width() + spacing + captionsWidth + valuesWidth + 4;
    const int width = qMin(std::max({kWidth, factsWidth, minimumSizeHint().width()}), most.width());
    // The facts' height at that width, plus what is not in the scroll area: margins, the spacing and
    // the buttons. (The scroll area's own size hints say nothing about its contents.)
    const int contentWidth = width - around;
    int contentHeight = m_ui->contentWidget->heightForWidth(contentWidth);
    if (contentHeight < 0)
        contentHeight = m_ui->contentWidget->sizeHint().height();
    const int chrome = margins.top() + margins.bottom() + layout()->spacing() + frame +
                       m_ui->buttonsHorizontalLayout->sizeHint().height();
    resize(width, qMin(most.height(), chrome + contentHeight));
}

ApplyConfirmDialog::~ApplyConfirmDialog() = default;

void ApplyConfirmDialog::showChecks(const PrerequisiteReport& report)
{
    using Status = PrerequisiteCheck::Status;
    const int total = int(report.checks.size());
    m_ui->checksSummaryLabel->setVisible(total > 0);
    if (total == 0)
        return;
    const int problems = report.count(Status::Problem);
    const int unchecked = report.count(Status::CouldNotCheck);
    QString summary;
    if (problems > 0)
        summary = problems == 1
                      ? tr("The prerequisite checks found a problem that would make the installation "
                           "fail. Fix it first (the Prerequisite checks tab says how), or apply anyway "
                           "if you know better:")
                      : tr("The prerequisite checks found %1 problems that would make the installation "
                           "fail. Fix them first (the Prerequisite checks tab says how), or apply "
                           "anyway if you know better:")
                            .arg(problems);
    else if (unchecked > 0)
        summary = unchecked == 1
                      ? tr("The prerequisite checks found no problem; one could not be made (that "
                           "does not stop the installation):")
                      : tr("The prerequisite checks found no problem; %1 could not be made (that does "
                           "not stop the installation):")
                            .arg(unchecked);
    else
        summary = tr("The prerequisite checks found nothing that would make the installation fail.");
    m_ui->checksSummaryLabel->setText(LongText::breakable(summary));
    if (problems > 0) {
        QFont bold = m_ui->checksSummaryLabel->font();
        bold.setBold(true);
        m_ui->checksSummaryLabel->setFont(bold);
        // Going on is a choice made against a finding: the button says so, and Cancel stays the
        // default.
        m_ui->applyPushButton->setText(tr("Apply &anyway"));
        m_ui->applyPushButton->setAccessibleName(tr("Apply anyway"));
    }
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    int row = 0;
    // Problems first, then what could not be checked, then notices: the order they matter in.
    for (const Status wanted : {Status::Problem, Status::CouldNotCheck, Status::Notice}) {
        for (const PrerequisiteCheck& c : report.checks) {
            if (c.status != wanted)
                continue;
            auto* icon = new QLabel(m_ui->contentWidget);
            icon->setPixmap(CheckStatusIcon::icon(c.status, style()).pixmap(iconSize, iconSize));
            icon->setAccessibleName(CheckStatusIcon::word(c.status));
            auto* text = new QLabel(m_ui->contentWidget);
            text->setTextFormat(Qt::PlainText);
            text->setWordWrap(true);
            text->setText(LongText::breakable(tr("%1: %2").arg(c.label(), c.summary()), kFactChunk));
            // What a screen reader says: the outcome, the check and the finding.
            text->setAccessibleName(
                tr("%1: %2: %3").arg(CheckStatusIcon::word(c.status), c.label(), c.summary()));
            QString tip = c.finding();
            if (const QString fix = c.fix(); !fix.isEmpty())
                tip += QStringLiteral("\n\n") + fix;
            text->setToolTip(LongText::toolTip(tip));
            QSizePolicy policy = text->sizePolicy();
            policy.setVerticalPolicy(QSizePolicy::Maximum);
            text->setSizePolicy(policy);
            m_ui->checksGridLayout->addWidget(icon, row, 0, Qt::AlignTop);
            m_ui->checksGridLayout->addWidget(text, row, 1);
            ++row;
        }
    }
}

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
    lines << LongText::plain(m_ui->questionLabel->text());
    for (int row = 0; row < m_ui->factsGridLayout->rowCount(); ++row) {
        auto* caption = m_ui->factsGridLayout->itemAtPosition(row, 0);
        auto* value = m_ui->factsGridLayout->itemAtPosition(row, 1);
        if (caption && value)
            lines << qobject_cast<QLabel*>(caption->widget())->text() + QLatin1Char(' ') +
                         LongText::plain(qobject_cast<QLabel*>(value->widget())->text());
    }
    lines << LongText::plain(m_ui->replaceLabel->text());
    if (!m_ui->checksSummaryLabel->isHidden())
        lines << LongText::plain(m_ui->checksSummaryLabel->text());
    for (int row = 0; row < m_ui->checksGridLayout->rowCount(); ++row) {
        QLayoutItem* icon = m_ui->checksGridLayout->itemAtPosition(row, 0);
        QLayoutItem* text = m_ui->checksGridLayout->itemAtPosition(row, 1);
        if (icon && text)
            lines << qobject_cast<QLabel*>(icon->widget())->accessibleName() + QStringLiteral(": ") +
                         LongText::plain(qobject_cast<QLabel*>(text->widget())->text());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace dmsx::ui
