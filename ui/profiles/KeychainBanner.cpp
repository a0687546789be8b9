#include "profiles/KeychainBanner.h"
#include "ui_KeychainBanner.h"

#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "credentials/SecretServiceUnlock.h"

#include <QGuiApplication>
#include <QIcon>
#include <QStyle>

namespace dmsx::ui {

KeychainBanner::KeychainBanner(QWidget* parent) : QFrame(parent), m_ui(std::make_unique<Ui::KeychainBanner>())
{
    m_ui->setupUi(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_ui->iconLabel->setPixmap(QIcon::fromTheme(QStringLiteral("dialog-warning"),
                                                style()->standardIcon(QStyle::SP_MessageBoxWarning))
                                   .pixmap(size, size));
    // Palette roles only, as MessageBar does: stands out in light and dark themes alike.
    QPalette p = palette();
    p.setBrush(QPalette::Window, p.brush(QPalette::ToolTipBase));
    p.setBrush(QPalette::WindowText, p.brush(QPalette::ToolTipText));
    setPalette(p);
    setAutoFillBackground(true);
    connect(m_ui->sessionOnlyPushButton, &QPushButton::clicked, this, &KeychainBanner::sessionOnlyRequested);
    connect(m_ui->unlockPushButton, &QPushButton::clicked, this, &KeychainBanner::unlock);
    m_ui->sessionOnlyPushButton->hide();
    m_ui->unlockPushButton->hide();
    hide();
}

KeychainBanner::~KeychainBanner() = default;

KeychainStore::ProbeResult KeychainBanner::assumedProbe(KeychainStore::Availability availability)
{
    KeychainStore::ProbeResult r;
    r.availability = availability;
    const QLatin1StringView code =
        availability == KeychainStore::Availability::Locked            ? FaultCode::KeychainLocked
        : availability == KeychainStore::Availability::NoSecretService ? FaultCode::KeychainUnavailable
                                                                       : FaultCode::KeychainError;
    if (availability != KeychainStore::Availability::Available) {
        r.fault = Fault::make(FaultKind::Credentials, code);
        r.fault.detail = KeychainStore::backendDescription();
    }
    return r;
}

void KeychainBanner::showProbe(const KeychainStore::ProbeResult& probe)
{
    if (probe.availability == KeychainStore::Availability::Available) {
        hide();
        return;
    }
    Fault fault = probe.fault;
    if (fault.code.isEmpty())
        fault = assumedProbe(probe.availability).fault;
    if (fault.detail.isEmpty())
        fault.detail = KeychainStore::backendDescription();
    const FaultExplanation why = FaultCatalogue::explain(fault);
    QString html =
        QStringLiteral("<p><b>%1</b></p><p>%2</p>").arg(why.title.toHtmlEscaped(), why.cause.toHtmlEscaped());
    m_plainText = why.title + QLatin1Char('\n') + why.cause;
    if (!why.steps.isEmpty()) {
        html += QStringLiteral("<ul>");
        for (const QString& step : why.steps) {
            html += QStringLiteral("<li>") + step.toHtmlEscaped() + QStringLiteral("</li>");
            m_plainText += QLatin1Char('\n') + step;
        }
        html += QStringLiteral("</ul>");
    }
    m_ui->textLabel->setText(html);
    m_ui->unlockPushButton->setVisible(probe.availability == KeychainStore::Availability::Locked);
    setAccessibleName(why.title);
    setAccessibleDescription(m_plainText);
    show();
}

void KeychainBanner::setSessionOnlyOffered(bool offered)
{
    m_ui->sessionOnlyPushButton->setVisible(offered);
}

bool KeychainBanner::sessionOnlyOffered() const
{
    return !m_ui->sessionOnlyPushButton->isHidden();
}

bool KeychainBanner::unlockOffered() const
{
    return !m_ui->unlockPushButton->isHidden();
}

void KeychainBanner::unlock()
{
    if (m_unlocking)
        return;
    m_unlocking = true;
    m_ui->unlockPushButton->setEnabled(false);
    // The prompt belongs to this window (on X11 the window manager keeps it above the dialog).
    const QString windowId = QGuiApplication::platformName() == QLatin1String("xcb")
                                 ? QString::number(window()->winId())
                                 : QString();
    auto* request = new SecretServiceUnlock(
        windowId,
        [this](const Result<void>& result) {
            m_unlocking = false;
            m_ui->unlockPushButton->setEnabled(true);
            if (result.ok()) {
                emit unlocked();
                return;
            }
            KeychainStore::ProbeResult stillLocked;
            stillLocked.availability = result.fault().code == FaultCode::KeychainUnavailable
                                           ? KeychainStore::Availability::NoSecretService
                                           : KeychainStore::Availability::Locked;
            stillLocked.fault = result.fault();
            showProbe(stillLocked);
        },
        this);
    request->start();
}

QString KeychainBanner::text() const
{
    return m_plainText;
}

} // namespace dmsx::ui
