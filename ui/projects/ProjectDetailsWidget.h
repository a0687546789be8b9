#pragma once

#include "apply/ApplyController.h"
#include "base/Fault.h"
#include "dms/model/DataProvider.h"
#include "dms/model/MigrationProject.h"
#include "dms/model/SchemaConversionRequest.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class ProjectDetailsWidget;
}

class QAction;

namespace dmsx {
class DmsClient;
class PendingCall;
} // namespace dmsx

namespace dmsx::ui {

class PrerequisitesController;
class PrerequisitesPanel;
class RequestExplanationWidget;
class RequestsModel;

// The selected project: what it is, where it converts from and to, and its extension-pack
// requests (loaded on selection). The apply flow's state of every project comes in through
// showApplyState(): the shown project's live request is kept in the table across listings, its
// progress (or "Sending…") is shown above it, and a request that ended FAILED or CANCELED is
// explained below it, without a dialog; Enter or a double-click on its row opens the fault
// dialog. Beside the requests, a tab holds the project's prerequisite checklist
// (PrerequisitesPanel); an apply brings the checklist to the front while it checks and the
// requests once it starts.
class ProjectDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ProjectDetailsWidget(QWidget* parent = nullptr);
    ~ProjectDetailsWidget() override;

    // Also forgets the apply states of the previous connection.
    void setClient(DmsClient* client);
    // Null project: nothing selected. Providers may be null while data providers are loading.
    void showProject(const MigrationProject* project, const DataProvider* source, const DataProvider* target);
    QString projectArn() const { return m_project.migrationProjectArn; }
    RequestsModel* requestsModel() const { return m_requests; }
    // Not owned; null while not connected. The prerequisites tab shows its checklists.
    void setPrerequisites(PrerequisitesController* controller);
    PrerequisitesPanel* prerequisitesPanel() const;
    // Brings the prerequisite checklist, or the requests, to the front.
    void showPrerequisites();
    void showRequests();
    bool isPrerequisitesShown() const;
    // The apply flow's state of a project (shown or not), as ApplyController reports it.
    void showApplyState(const QString& projectArn, const ApplyController::State& state);
    void refreshRequests();

    // The request the explanation and the row actions are about; empty: no row selected.
    QString currentRequestId() const;
    bool selectRequest(const QString& requestId);
    // The fault dialog for the selected request, if it ended FAILED or CANCELED (Enter,
    // double-click, "Why did it end?").
    void explainCurrentRequest();
    RequestExplanationWidget* explanationWidget() const;
    bool isExplanationShown() const;
    // The installation's state in words above the requests (the progress bar's text while it
    // shows a step); empty when nothing runs.
    QString applyStateText() const;
    // For tests and screenshots: the text of a field ("arn", "description", "source",
    // "requestsStatus", ...).
    QString fieldText(const QString& field) const;

signals:
    void requestsLoaded(const QString& projectArn, const QList<dmsx::SchemaConversionRequest>& requests);
    void requestsFailed(const QString& projectArn, const dmsx::Fault& fault);
    // "Apply again…" or the fault dialog's Retry on the shown project's explanation.
    void applyRequested(const QString& projectArn);

private:
    static QString describeProvider(const DataProvider* provider,
                                    const QList<DataProviderDescriptor>& descriptors);
    static QString noRequestsText();
    static SchemaConversionRequest liveRequest(const ApplyController::State& state);
    void mergeLiveRequest();
    void updateRequestsNote();
    void updateProgress();
    void updateExplanation();
    int currentRow() const;
    void bringTabsIntoView();

    std::unique_ptr<Ui::ProjectDetailsWidget> m_ui;
    RequestsModel* m_requests;
    QAction* m_copyIdAction;
    QAction* m_explainAction;
    DmsClient* m_client = nullptr;
    MigrationProject m_project;
    QHash<QString, ApplyController::State> m_applyStates; // by project ARN
    QPointer<PendingCall> m_call;
    bool m_loaded = false;    // the listing of the shown project has arrived
    quint64 m_generation = 0; // answers for a previously selected project are dropped
};

} // namespace dmsx::ui
