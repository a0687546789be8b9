#pragma once

#include "prereq/PrerequisitesController.h"

#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>

namespace Ui {
class PrerequisitesPanel;
}

namespace dmsx::ui {

class PrerequisitesModel;

// The prerequisite checklist of the shown project: a summary line, a row per check with its
// outcome, and for the selected row the finding in plain words, what to do about it, the console
// page and the AWS CLI command. Shows what its PrerequisitesController knows of the project and
// follows it as rows come in; "Check again" runs the checks anew.
class PrerequisitesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PrerequisitesPanel(QWidget* parent = nullptr);
    ~PrerequisitesPanel() override;

    // Not owned; null: nothing can be checked (not connected).
    void setController(PrerequisitesController* controller);
    // Empty `projectArn`: no project selected.
    void showProject(const QString& projectArn);
    QString projectArn() const { return m_projectArn; }
    // Runs the checks of the shown project.
    void checkNow();

    PrerequisitesModel* model() const { return m_model; }
    // The summary line above the rows.
    QString summaryText() const;
    // The finding, the fix and the command of the selected row, one per line (tests, screenshots).
    QString detailsText() const;
    bool selectCheck(int row);
    int currentRow() const;
    // How "Open in AWS Console" opens a page; the default is the desktop's browser.
    void setUrlOpener(std::function<void(const QUrl&)> open) { m_openUrl = std::move(open); }

private:
    void refresh();
    void updateDetails();
    static QString summaryOf(const PrerequisitesController::Entry& entry);

    std::unique_ptr<Ui::PrerequisitesPanel> m_ui;
    PrerequisitesModel* m_model;
    QPointer<PrerequisitesController> m_controller;
    QString m_projectArn;
    std::function<void(const QUrl&)> m_openUrl;
    bool m_pickedFirstProblem = false; // for the checklist shown: selected its first problem
};

} // namespace dmsx::ui
