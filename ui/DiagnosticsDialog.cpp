#include "DiagnosticsDialog.h"
#include "ui_DiagnosticsDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QIcon>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QStyle>

namespace dmsx::ui {

DiagnosticsDialog::DiagnosticsDialog(DiagnosticsReport report, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::DiagnosticsDialog>()), m_report(std::move(report))
{
    m_ui->setupUi(this);
    m_ui->copyReportPushButton->setIcon(
        QIcon::fromTheme(QStringLiteral("edit-copy"), style()->standardIcon(QStyle::SP_DialogSaveButton)));
    m_ui->copyReportPushButton->setShortcut(QKeySequence::Copy);
    if (QPushButton* close = m_ui->buttonBox->button(QDialogButtonBox::Close)) {
        close->setAccessibleName(tr("Close"));
        close->setDefault(true);
    }
    connect(m_ui->copyReportPushButton, &QPushButton::clicked, this, &DiagnosticsDialog::copyReport);
    populate();
}

DiagnosticsDialog::~DiagnosticsDialog() = default;

QTableWidget* DiagnosticsDialog::entriesTable() const
{
    return m_ui->entriesTableWidget;
}

void DiagnosticsDialog::populate()
{
    QTableWidget* table = m_ui->entriesTableWidget;
    const QList<DiagnosticsEntry>& entries = m_report.entries();
    table->setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const DiagnosticsEntry& e = entries.at(row);
        auto* label = new QTableWidgetItem(e.label);
        label->setData(Qt::UserRole, e.key);
        auto* value = new QTableWidgetItem(DiagnosticsReport::displayValue(e));
        value->setToolTip(value->text());
        auto* source = new QTableWidgetItem(e.source);
        source->setToolTip(e.source);
        table->setItem(row, 0, label);
        table->setItem(row, 1, value);
        table->setItem(row, 2, source);
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    // Open large enough to read every row and the whole source column without scrolling, up to
    // most of the screen: the point of the dialog is to see everything at once.
    const int frame = 2 * table->frameWidth();
    table->setMinimumHeight(
        qMin(table->verticalHeader()->length() + table->horizontalHeader()->height() + frame, 600));
    const QRect screen = this->screen() ? this->screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    const int wanted = table->horizontalHeader()->length() + frame + layout()->contentsMargins().left() +
                       layout()->contentsMargins().right() + table->verticalScrollBar()->sizeHint().width();
    resize(qMax(width(), qMin(wanted, screen.width() * 9 / 10)), sizeHint().height());
}

void DiagnosticsDialog::copyReport()
{
    QApplication::clipboard()->setText(reportText());
}

} // namespace dmsx::ui
