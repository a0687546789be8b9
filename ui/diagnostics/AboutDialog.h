#pragma once

#include "diagnostics/AboutFacts.h"

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace dmsx::ui {

// Help > About: the version, the libraries and their licences, and the files and keychain the
// app keeps its data in, with "Copy" for a support ticket.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(AboutFacts facts, QWidget* parent = nullptr);
    ~AboutDialog() override;

    const AboutFacts& facts() const { return m_facts; }
    // Everything the dialog shows, as plain text.
    QString shownText() const;

public slots:
    void copy();

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
    AboutFacts m_facts;
};

} // namespace dmsx::ui
