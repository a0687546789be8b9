#include "profiles/SsoSignInDialog.h"
#include "ui_SsoSignInDialog.h"

#include "base/Clock.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "sso/SsoLogin.h"
#include "widgets/AccessibleValueLabel.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QNetworkAccessManager>
#include <QPushButton>

namespace dmsx::ui {

SsoSignInDialog::SsoSignInDialog(Options options, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::SsoSignInDialog>()), m_options(std::move(options))
{
    m_ui->setupUi(this);
    if (!m_options.nam) {
        m_ownNam = std::make_unique<QNetworkAccessManager>();
        m_options.nam = m_ownNam.get();
    }
    if (!m_options.clock)
        m_options.clock = SystemClock::instance();
    // Each label's accessible name carries its value: a screen reader reads names only.
    AccessibleValueLabel::setValue(
        m_ui->introLabel,
        tr("Confirm the code below on the sign-in page of your AWS access portal (%1). The page opens "
           "in your web browser; sign in there if it asks you to, then choose Allow.")
            .arg(m_options.config.startUrl));
    // Read aloud or typed on another device: large, fixed-width, so 0 and O are told apart.
    QFont code = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    code.setPointSizeF(QFontInfo(font()).pointSizeF() * 2.2);
    code.setBold(true);
    m_ui->codeLabel->setFont(code);
    m_ui->faultLabel->hide();
    m_ui->pageLabel->hide();
    m_ui->startAgainPushButton->hide();
    connect(m_ui->pageLabel, &QLabel::linkActivated, this, [this] { openPage(); });
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &SsoSignInDialog::updateCountdown);
    connect(m_ui->copyPushButton, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_userCode); });
    connect(m_ui->openPagePushButton, &QPushButton::clicked, this, &SsoSignInDialog::openPage);
    connect(m_ui->startAgainPushButton, &QPushButton::clicked, this, &SsoSignInDialog::start);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Cancel, Escape and closing the dialog all stop polling: nothing more is sent.
    connect(this, &QDialog::rejected, this, [this] {
        m_countdown.stop();
        m_login.reset();
    });
}

SsoSignInDialog::~SsoSignInDialog() = default;

void SsoSignInDialog::start()
{
    m_fault.reset();
    m_token.reset();
    m_userCode.clear();
    m_verificationUrlComplete.clear();
    m_deadline = QDateTime();
    AccessibleValueLabel::setValue(m_ui->codeLabel, QStringLiteral("…"));
    AccessibleValueLabel::setValue(m_ui->statusLabel, tr("Asking IAM Identity Center for a sign-in code…"));
    m_ui->faultLabel->hide();
    m_ui->pageLabel->hide();
    m_ui->startAgainPushButton->hide();
    m_ui->copyPushButton->setEnabled(false);
    m_ui->openPagePushButton->setEnabled(false);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    SsoLogin::Options login;
    login.config = m_options.config;
    login.nam = m_options.nam;
    login.clock = m_options.clock;
    login.environment = m_options.environment;
    m_login = std::make_unique<SsoLogin>(login);
    connect(m_login.get(), &SsoLogin::authorizationStarted, this, &SsoSignInDialog::authorizationStarted);
    connect(m_login.get(), &SsoLogin::finished, this, &SsoSignInDialog::finished);
    m_login->start();
}

bool SsoSignInDialog::isWaiting() const
{
    return m_login && m_login->isRunning();
}

QString SsoSignInDialog::statusText() const
{
    return m_ui->statusLabel->text();
}

QString SsoSignInDialog::faultText() const
{
    return m_fault ? m_ui->faultLabel->text() : QString();
}

void SsoSignInDialog::authorizationStarted(const QString& userCode, const QUrl& verificationUri,
                                           const QUrl& verificationUriComplete, const QDateTime& deadline)
{
    m_userCode = userCode;
    m_verificationUrlComplete = verificationUriComplete;
    m_deadline = deadline;
    AccessibleValueLabel::setValue(m_ui->codeLabel, userCode);
    // A screen reader announces the focused label's new name: the code, as it arrives.
    m_ui->codeLabel->setFocus(Qt::OtherFocusReason);
    // As the AWS CLI prints it: where to go when no browser came up (the server's URL, escaped).
    const QString page = verificationUri.toString();
    if (verificationUri.scheme() == QLatin1String("https") ||
        verificationUri.scheme() == QLatin1String("http")) {
        AccessibleValueLabel::setRichValue(
            m_ui->pageLabel, tr("If no page opened, go to <a href=\"%1\">%2</a> and enter the code.")
                                 .arg(page.toHtmlEscaped(), page.toHtmlEscaped()));
        m_ui->pageLabel->show();
    }
    m_ui->copyPushButton->setEnabled(true);
    m_ui->openPagePushButton->setEnabled(true);
    updateCountdown();
    m_countdown.start();
    emit codeShown(userCode);
    openPage();
}

void SsoSignInDialog::openPage()
{
    // Only an http(s) page is handed to the desktop: the server chose this URL.
    const QString scheme = m_verificationUrlComplete.scheme();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return;
    const bool opened = m_options.openUrl ? m_options.openUrl(m_verificationUrlComplete)
                                          : QDesktopServices::openUrl(m_verificationUrlComplete);
    if (opened)
        return;
    m_ui->pageLabel->hide(); // the text above names the page, code included
    AccessibleValueLabel::setValue(m_ui->introLabel,
                                   tr("No web browser could be opened here. On any device, open %1 and "
                                      "confirm the code below.")
                                       .arg(m_verificationUrlComplete.toString()));
}

void SsoSignInDialog::updateCountdown()
{
    if (!m_deadline.isValid())
        return;
    const qint64 left = qMax<qint64>(0, m_options.clock->nowUtc().secsTo(m_deadline));
    AccessibleValueLabel::setValue(
        m_ui->statusLabel,
        tr("Waiting for approval… %1:%2 left").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0')));
}

void SsoSignInDialog::finished(const Result<SsoToken>& result)
{
    m_countdown.stop();
    if (result.ok()) {
        m_token = result.value();
        AccessibleValueLabel::setValue(m_ui->statusLabel, tr("Signed in."));
        emit signedIn();
        accept();
        return;
    }
    const Fault& fault = result.fault();
    if (fault.code == FaultCode::Cancelled)
        return;
    m_fault = fault;
    const FaultExplanation why = FaultCatalogue::explain(fault);
    AccessibleValueLabel::setValue(m_ui->statusLabel, why.title);
    QString text = QStringLiteral("<p>%1</p>").arg(why.cause.toHtmlEscaped());
    if (!fault.message.isEmpty())
        text += QStringLiteral("<p><small>%1</small></p>").arg(fault.message.toHtmlEscaped());
    if (!why.steps.isEmpty()) {
        text += QStringLiteral("<ul>");
        for (const QString& step : why.steps)
            text += QStringLiteral("<li>") + step.toHtmlEscaped() + QStringLiteral("</li>");
        text += QStringLiteral("</ul>");
    }
    AccessibleValueLabel::setRichValue(m_ui->faultLabel, text);
    m_ui->faultLabel->show();
    m_ui->pageLabel->hide();
    m_ui->copyPushButton->setEnabled(false);
    m_ui->openPagePushButton->setEnabled(false);
    m_ui->startAgainPushButton->show();
    m_ui->startAgainPushButton->setDefault(true);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    emit signInFailed(fault);
}

} // namespace dmsx::ui
