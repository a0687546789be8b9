#include "diagnostics/DiagnosticsDialog.h"
#include "ui_DiagnosticsDialog.h"

#include "credentials/KeychainStore.h"

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
    for (int row = 0; row < entries.size(); ++row)
        setRow(row, entries.at(row));
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

void DiagnosticsDialog::setRow(int row, const DiagnosticsEntry& e)
{
    QTableWidget* table = m_ui->entriesTableWidget;
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

void DiagnosticsDialog::setKeychainState(const std::optional<KeychainStore::ProbeResult>& probe)
{
    const DiagnosticsEntry entry = DiagnosticsReport::keychainState(probe);
    const bool isNew = !m_report.entry(entry.key).has_value();
    m_report.setEntry(entry, QStringLiteral("keychain_backend"));
    int row = 0;
    while (row < m_report.entries().size() && m_report.entries().at(row).key != entry.key)
        ++row;
    if (isNew)
        m_ui->entriesTableWidget->insertRow(row);
    setRow(row, entry);
    m_ui->entriesTableWidget->resizeColumnToContents(1);
}

void DiagnosticsDialog::probeKeychain(const QString& service)
{
    delete m_keychain; // abandons a probe still running: its answer is not wanted any more
    m_keychain = service.isEmpty() ? new KeychainStore(this) : new KeychainStore(service, this);
    setKeychainState(std::nullopt);
    KeychainStore* store = m_keychain;
    // `store` is the context: deleting it (a newer probe, or the dialog closing) drops the answer.
    store->probe(store, [this, store](const KeychainStore::ProbeResult& result) {
        setKeychainState(result);
        store->deleteLater();
        if (m_keychain == store)
            m_keychain = nullptr;
        emit keychainProbed();
    });
}

void DiagnosticsDialog::copyReport()
{
    QApplication::clipboard()->setText(reportText());
}

} // namespace dmsx::ui
