#include "window/ConnectionBar.h"
#include "ui_ConnectionBar.h"

#include "config/Partition.h"
#include "widgets/AccessibleValueLabel.h"
#include "widgets/LongText.h"

#include <QStandardItemModel>

namespace dmsx::ui {

ConnectionBar::ConnectionBar(QWidget* parent) : QWidget(parent), m_ui(std::make_unique<Ui::ConnectionBar>())
{
    m_ui->setupUi(this);
    QFont bold = m_ui->sessionOnlyLabel->font();
    bold.setBold(true);
    m_ui->sessionOnlyLabel->setFont(bold);
    m_ui->sessionOnlyLabel->hide();

    QComboBox* regions = m_ui->regionComboBox;
    auto* model = qobject_cast<QStandardItemModel*>(regions->model());
    for (const Partition& partition : Partition::all()) {
        if (partition.regions.isEmpty())
            continue;
        // A heading row that cannot be chosen: the partition decides the endpoints and which
        // credentials work, so it helps to see it while picking.
        regions->addItem(tr("— %1 —").arg(partition.id));
        if (model)
            model->item(regions->count() - 1)->setFlags(Qt::NoItemFlags);
        for (const QString& region : partition.regions)
            regions->addItem(QStringLiteral("   ") + region, region);
    }

    connect(m_ui->profileComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_ui->sessionOnlyLabel->setVisible(currentProfileKey().kind() == ProfileKey::Kind::Session);
        emit choiceChanged();
    });
    connect(m_ui->regionComboBox, &QComboBox::currentIndexChanged, this, &ConnectionBar::choiceChanged);
}

ConnectionBar::~ConnectionBar() = default;

void ConnectionBar::setActions(QAction* profiles, QAction* refresh)
{
    m_ui->profilesToolButton->setDefaultAction(profiles);
    m_ui->refreshToolButton->setDefaultAction(refresh);
}

void ConnectionBar::setProfiles(const QList<ConnectionController::ProfileChoice>& choices)
{
    m_ui->profileComboBox->clear();
    for (const ConnectionController::ProfileChoice& choice : choices)
        m_ui->profileComboBox->addItem(choice.label, QVariant::fromValue(choice.key));
}

ProfileKey ConnectionBar::currentProfileKey() const
{
    return m_ui->profileComboBox->currentData().value<ProfileKey>();
}

QString ConnectionBar::currentProfileText() const
{
    return m_ui->profileComboBox->currentText().trimmed();
}

QString ConnectionBar::currentRegion() const
{
    return m_ui->regionComboBox->currentData().toString();
}

void ConnectionBar::setCurrentProfileKey(const ProfileKey& key)
{
    const int index = m_ui->profileComboBox->findData(QVariant::fromValue(key));
    if (index >= 0)
        m_ui->profileComboBox->setCurrentIndex(index);
}

void ConnectionBar::setCurrentRegion(const QString& region)
{
    const int index = m_ui->regionComboBox->findData(region);
    if (index >= 0)
        m_ui->regionComboBox->setCurrentIndex(index);
}

QString ConnectionBar::identityText() const
{
    return LongText::plain(m_ui->identityLabel->text());
}

void ConnectionBar::setIdentity(const QString& text)
{
    setIdentity(text, QString());
}

void ConnectionBar::setIdentity(const QString& text, const QString& toolTip)
{
    // An assumed role's ARN has no spaces: it wraps rather than widen the window, and a screen
    // reader hears the identity, not only the field's name.
    AccessibleValueLabel::setValue(m_ui->identityLabel, LongText::breakable(text));
    m_ui->identityLabel->setToolTip(toolTip);
}

} // namespace dmsx::ui
