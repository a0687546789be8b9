#include "diagnostics/AboutDialog.h"
#include "ui_AboutDialog.h"

#include "widgets/AccessibleValueLabel.h"
#include "widgets/LongText.h"
#include "widgets/ScreenFit.h"

#include <QApplication>
#include <QClipboard>
#include <QStringList>

namespace dmsx::ui {

AboutDialog::AboutDialog(AboutFacts facts, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::AboutDialog>()), m_facts(std::move(facts))
{
    m_ui->setupUi(this);
    QFont title = m_ui->titleLabel->font();
    title.setBold(true);
    title.setPointSizeF(title.pointSizeF() * 1.2);
    m_ui->titleLabel->setFont(title);
    m_ui->titleLabel->setText(tr("DMS Extension Pack Manager %1").arg(m_facts.version));
    m_ui->titleLabel->setAccessibleName(m_ui->titleLabel->text());
    for (QLabel* heading : {m_ui->componentsHeadingLabel, m_ui->locationsHeadingLabel}) {
        QFont bold = heading->font();
        bold.setBold(true);
        heading->setFont(bold);
    }

    QStringList components;
    for (const AboutFacts::Component& c : m_facts.components)
        components << (c.version.isEmpty() ? tr("%1, licence %2").arg(c.name, c.licence)
                                           : tr("%1 %2, licence %3").arg(c.name, c.version, c.licence));
    AccessibleValueLabel::setValue(m_ui->componentsLabel, components.join(QLatin1Char('\n')));
    QStringList locations;
    for (const AboutFacts::Location& l : m_facts.locations)
        locations << tr("%1: %2").arg(l.what, l.path);
    // A path under a long home folder has few spaces: it wraps rather than widen the dialog.
    AccessibleValueLabel::setValue(m_ui->locationsLabel,
                                   LongText::breakable(locations.join(QLatin1Char('\n'))));

    connect(m_ui->copyPushButton, &QPushButton::clicked, this, &AboutDialog::copy);
    m_ui->buttonBox->button(QDialogButtonBox::Close)->setDefault(true);
    setMinimumWidth(qMin(520, ScreenFit::maximumClientSize(this).width()));
    ScreenFit::fitDialog(this, 600);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::shownText() const
{
    return LongText::plain(
        QStringList{m_ui->titleLabel->text(), m_ui->componentsLabel->text(), m_ui->locationsLabel->text()}
            .join(QLatin1Char('\n')));
}

void AboutDialog::copy()
{
    QApplication::clipboard()->setText(m_facts.toText());
}

} // namespace dmsx::ui
