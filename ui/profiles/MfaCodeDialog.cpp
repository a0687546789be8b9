#include "profiles/MfaCodeDialog.h"
#include "ui_MfaCodeDialog.h"

#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>

namespace dmsx::ui {

MfaCodeDialog::MfaCodeDialog(const QString& mfaSerial, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::MfaCodeDialog>())
{
    m_ui->setupUi(this);
    m_ui->promptLabel->setText(
        tr("Type the code your MFA device %1 shows now. The role of this profile can only be assumed "
           "with it.")
            .arg(mfaSerial));
    m_ui->codeLineEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,6}")), m_ui->codeLineEdit));
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setAccessibleName(tr("OK"));
    ok->setEnabled(false);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_ui->codeLineEdit, &QLineEdit::textChanged, this,
            [this, ok] { ok->setEnabled(isCodeAcceptable()); });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (isCodeAcceptable())
            accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

MfaCodeDialog::~MfaCodeDialog() = default;

QString MfaCodeDialog::code() const
{
    return m_ui->codeLineEdit->text();
}

bool MfaCodeDialog::isCodeAcceptable() const
{
    static const QRegularExpression sixDigits(QStringLiteral("^\\d{6}$"));
    return sixDigits.match(code()).hasMatch();
}

} // namespace dmsx::ui
