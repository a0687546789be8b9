#include "widgets/FaultDialog.h"
#include "ui_FaultDialog.h"

#include "base/Redactor.h"
#include "widgets/AccessibleValueLabel.h"
#include "widgets/LongText.h"
#include "widgets/ScreenFit.h"

#include <QApplication>
#include <QClipboard>
#include <QIcon>
#include <QKeySequence>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace dmsx::ui {

FaultDialog::FaultDialog(const Fault& fault, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::FaultDialog>()), m_fault(fault),
      m_explanation(FaultCatalogue::explain(fault)), m_signIn(FaultCatalogue::signInHelps(fault))
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Problem: %1").arg(m_explanation.title));
    setAccessibleName(m_explanation.title);

    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    const QIcon icon = QIcon::fromTheme(QStringLiteral("dialog-error"),
                                        style()->standardIcon(QStyle::SP_MessageBoxCritical, nullptr, this));
    m_ui->iconLabel->setPixmap(icon.pixmap(iconSize, iconSize));
    m_ui->iconLabel->setFixedSize(iconSize, iconSize);
    m_ui->headerHorizontalLayout->setSpacing(iconSize / 3);
    // Wrapped labels take no more height than their text needs, so no gaps open between them.
    for (QLabel* label : {m_ui->titleLabel, m_ui->causeLabel, m_ui->stepsHeadingLabel, m_ui->stepsLabel}) {
        QSizePolicy policy = label->sizePolicy();
        policy.setVerticalPolicy(QSizePolicy::Maximum);
        label->setSizePolicy(policy);
    }
    m_ui->headerHorizontalLayout->setAlignment(m_ui->iconLabel, Qt::AlignTop);
    m_ui->headerHorizontalLayout->setStretch(1, 1);
    // Wide enough that the cause and steps read as paragraphs and a request id or endpoint in the
    // details fits on one line; longer lines wrap rather than hide behind a scroll bar.
    setMinimumWidth(qMin(kMinimumWidth, ScreenFit::maximumClientSize(this).width()));
    m_ui->detailsPlainTextEdit->setMinimumHeight(m_ui->detailsPlainTextEdit->fontMetrics().lineSpacing() * 8);

    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_ui->titleLabel->setFont(titleFont);
    // "Problem: <title>" and so on: a screen reader hears the explanation, not only the field.
    // Names, endpoints and ARNs in it wrap rather than widen the dialog past the screen.
    AccessibleValueLabel::setValue(m_ui->titleLabel, LongText::breakable(m_explanation.title));
    AccessibleValueLabel::setValue(m_ui->causeLabel, LongText::breakable(m_explanation.cause));
    m_ui->causeLabel->setVisible(!m_explanation.cause.isEmpty());

    QStringList numbered;
    for (int i = 0; i < m_explanation.steps.size(); ++i)
        numbered << tr("%1. %2").arg(i + 1).arg(m_explanation.steps.at(i));
    AccessibleValueLabel::setValue(m_ui->stepsLabel, LongText::breakable(numbered.join(QLatin1Char('\n'))));
    m_ui->stepsHeadingLabel->setVisible(!numbered.isEmpty());
    m_ui->stepsLabel->setVisible(!numbered.isEmpty());

    m_ui->detailsPlainTextEdit->setPlainText(detailsText(fault));
    m_ui->detailsPlainTextEdit->setVisible(false);
    connect(m_ui->detailsToolButton, &QToolButton::toggled, this, &FaultDialog::setDetailsShown);

    m_ui->retryPushButton->setVisible(m_explanation.retryCanHelp);
    m_ui->signInPushButton->setVisible(m_signIn);
    connect(m_ui->signInPushButton, &QPushButton::clicked, this, [this] { done(kSignInResult); });
    m_ui->copyDetailsPushButton->setIcon(QIcon::fromTheme(
        QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_FileDialogDetailedView)));
    connect(m_ui->copyDetailsPushButton, &QPushButton::clicked, this, &FaultDialog::copyDetails);
    connect(m_ui->retryPushButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_ui->closePushButton, &QPushButton::clicked, this, &QDialog::reject);
    // Signing in is the fix and only opens the sign-in dialog: Enter may choose it.
    QPushButton* preferred = m_signIn ? m_ui->signInPushButton : m_ui->closePushButton;
    m_ui->closePushButton->setDefault(!m_signIn);
    preferred->setDefault(true);
    preferred->setFocus();
    fitHeight();
}

FaultDialog::~FaultDialog() = default;

void FaultDialog::setDetailsShown(bool shown)
{
    m_ui->detailsPlainTextEdit->setVisible(shown);
    m_ui->detailsToolButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_ui->detailsToolButton->setAccessibleName(shown ? tr("Hide details") : tr("Show details"));
    if (m_ui->detailsToolButton->isChecked() != shown)
        m_ui->detailsToolButton->setChecked(shown);
    fitHeight();
}

void FaultDialog::fitHeight()
{
    // adjustSize() would shrink the width to the word-wrapped labels' narrowest layout; keep the
    // width and take the height the wrapped text needs at it.
    // Never taller or wider than the screen: the buttons stay reachable.
    ScreenFit::fitDialog(this, qMax(width(), kMinimumWidth));
}

QString FaultDialog::detailsText(const Fault& fault)
{
    QStringList lines;
    const auto add = [&](const QString& label, const QString& value) {
        if (!value.isEmpty())
            lines << label + QStringLiteral(": ") + value;
    };
    add(tr("Code"), fault.code);
    add(tr("Message"), fault.message);
    add(tr("HTTP status"), fault.httpStatus > 0 ? QString::number(fault.httpStatus) : QString());
    add(tr("AWS request id"), fault.requestId);
    add(tr("Operation"), fault.operation);
    add(tr("Endpoint"), fault.endpoint);
    add(tr("Time"), fault.time.isValid() ? fault.time.toUTC().toString(Qt::ISODateWithMs) : QString());
    add(tr("Attempts"), fault.attempts > 0 ? QString::number(fault.attempts) : QString());
    add(tr("Detail"), fault.detail);
    if (fault.requestMayHaveBeenProcessed)
        lines << tr("The request may have been processed although no answer arrived.");
    return Redactor::redact(lines.join(QLatin1Char('\n')));
}

QString FaultDialog::copyText() const
{
    QStringList parts;
    parts << m_explanation.title;
    if (!m_explanation.cause.isEmpty())
        parts << m_explanation.cause;
    parts << LongText::plain(m_ui->stepsLabel->text());
    parts << detailsText(m_fault);
    return Redactor::redact(parts.join(QStringLiteral("\n\n")));
}

void FaultDialog::copyDetails()
{
    QApplication::clipboard()->setText(copyText());
}

} // namespace dmsx::ui
