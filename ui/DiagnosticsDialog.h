#pragma once

#include "DiagnosticsReport.h"

#include <QDialog>

#include <memory>

namespace Ui {
class DiagnosticsDialog;
}

class QTableWidget;

namespace dmsx::ui {

// Help > Diagnostics…: every effective setting of the window's connection with where it came
// from, and "Copy report" for a support ticket. Values are shown and copied redacted: people
// paste this into tickets and chats.
class DiagnosticsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DiagnosticsDialog(DiagnosticsReport report, QWidget* parent = nullptr);
    ~DiagnosticsDialog() override;

    const DiagnosticsReport& report() const { return m_report; }
    QTableWidget* entriesTable() const;
    // What "Copy report" puts on the clipboard (redacted).
    QString reportText() const { return m_report.toText(); }

public slots:
    void copyReport();

private:
    void populate();

    std::unique_ptr<Ui::DiagnosticsDialog> m_ui;
    DiagnosticsReport m_report;
};

} // namespace dmsx::ui
