#include "widgets/MessageBar.h"
#include "ui_MessageBar.h"

#include "widgets/LongText.h"

#include <QIcon>
#include <QStyle>

namespace dmsx::ui {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent), m_ui(std::make_unique<Ui::MessageBar>())
{
    m_ui->setupUi(this);
    setAccessibleName(tr("Message"));
    m_ui->closeToolButton->setIcon(QIcon::fromTheme(QStringLiteral("window-close"),
                                                    style()->standardIcon(QStyle::SP_TitleBarCloseButton)));
    connect(m_ui->closeToolButton, &QToolButton::clicked, this, &MessageBar::dismiss);
    connect(m_ui->actionPushButton, &QPushButton::clicked, this, &MessageBar::actionTriggered);
    setAutoFillBackground(true);
    hide();
}

MessageBar::~MessageBar() = default;

void MessageBar::showMessage(const QString& text, Type type, const QString& actionText)
{
    m_type = type;
    QStyle::StandardPixmap standard = QStyle::SP_MessageBoxInformation;
    QString themeName = QStringLiteral("dialog-information");
    QString kind = tr("Information");
    if (type == Type::Warning) {
        standard = QStyle::SP_MessageBoxWarning;
        themeName = QStringLiteral("dialog-warning");
        kind = tr("Warning");
    } else if (type == Type::Error) {
        standard = QStyle::SP_MessageBoxCritical;
        themeName = QStringLiteral("dialog-error");
        kind = tr("Error");
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_ui->iconLabel->setPixmap(
        QIcon::fromTheme(themeName, style()->standardIcon(standard)).pixmap(size, size));
    m_ui->iconLabel->setAccessibleName(kind);
    // A long project name wraps instead of widening the window; the label's text is its tooltip.
    LongText::show(m_ui->textLabel, text);
    // Screen readers announce the bar by its name: give them the message itself.
    setAccessibleName(kind + QStringLiteral(": ") + text);
    m_ui->actionPushButton->setText(actionText);
    m_ui->actionPushButton->setAccessibleName(actionText);
    m_ui->actionPushButton->setVisible(!actionText.isEmpty());
    applyPalette();
    show();
}

QString MessageBar::text() const
{
    return LongText::shown(m_ui->textLabel);
}

QString MessageBar::actionText() const
{
    return m_ui->actionPushButton->text();
}

void MessageBar::dismiss()
{
    if (isHidden())
        return;
    hide();
    emit dismissed();
}

void MessageBar::applyPalette()
{
    // Palette roles only, so it reads in light and dark themes: a tooltip-like background stands
    // out from the window without a hard-coded colour.
    QPalette p = palette();
    p.setBrush(QPalette::Window, p.brush(QPalette::ToolTipBase));
    p.setBrush(QPalette::WindowText, p.brush(QPalette::ToolTipText));
    setPalette(p);
}

} // namespace dmsx::ui
