#pragma once

#include "base/Fault.h"
#include "base/FaultCatalogue.h"

#include <QFrame>

#include <memory>

namespace Ui {
class RequestExplanationWidget;
}

namespace dmsx::ui {

// Why an extension-pack request ended FAILED or CANCELED, in the requests panel rather than in a
// dialog, so that several failures never stack windows or take the keyboard: the catalogue's
// title, likely cause and numbered things to check (the entries the fault dialog and the CLI
// use), DMS's own message and the request identifier behind Details, Copy details, and "Apply
// again…" where the catalogue says trying again can help.
class RequestExplanationWidget : public QFrame
{
    Q_OBJECT
public:
    explicit RequestExplanationWidget(QWidget* parent = nullptr);
    ~RequestExplanationWidget() override;

    void setFault(const Fault& fault);
    const Fault& fault() const { return m_fault; }
    const FaultExplanation& explanation() const { return m_explanation; }
    void setDetailsShown(bool shown);
    bool detailsShown() const;
    // What Copy details puts on the clipboard (redacted), as the fault dialog's.
    QString copyText() const;

signals:
    void applyAgainRequested();

private:
    void copyDetails();

    std::unique_ptr<Ui::RequestExplanationWidget> m_ui;
    Fault m_fault;
    FaultExplanation m_explanation;
};

} // namespace dmsx::ui
