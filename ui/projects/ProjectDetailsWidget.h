#pragma once

#include "base/Fault.h"
#include "dms/model/DataProvider.h"
#include "dms/model/MigrationProject.h"
#include "dms/model/SchemaConversionRequest.h"

#include <QPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class ProjectDetailsWidget;
}

namespace dmsx {
class DmsClient;
class PendingCall;
} // namespace dmsx

namespace dmsx::ui {

class RequestsModel;

// The selected project: what it is, where it converts from and to, and its extension-pack
// requests (loaded on selection; the apply flow feeds live updates through requestsModel()).
class ProjectDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ProjectDetailsWidget(QWidget* parent = nullptr);
    ~ProjectDetailsWidget() override;

    void setClient(DmsClient* client);
    // Null project: nothing selected. Providers may be null while data providers are loading.
    void showProject(const MigrationProject* project, const DataProvider* source, const DataProvider* target);
    QString projectArn() const { return m_project.migrationProjectArn; }
    RequestsModel* requestsModel() const { return m_requests; }
    // A request of the shown project as the apply flow last saw it: updated in place, or added.
    void showRequest(const SchemaConversionRequest& request);
    void refreshRequests();
    // For tests and screenshots: the text of a field ("arn", "description", "source", ...).
    QString fieldText(const QString& field) const;

signals:
    void requestsLoaded(const QString& projectArn, const QList<dmsx::SchemaConversionRequest>& requests);
    void requestsFailed(const QString& projectArn, const dmsx::Fault& fault);

private:
    static QString describeProvider(const DataProvider* provider,
                                    const QList<DataProviderDescriptor>& descriptors);
    static QString noRequestsText();

    std::unique_ptr<Ui::ProjectDetailsWidget> m_ui;
    RequestsModel* m_requests;
    DmsClient* m_client = nullptr;
    MigrationProject m_project;
    QPointer<PendingCall> m_call;
    quint64 m_generation = 0; // answers for a previously selected project are dropped
};

} // namespace dmsx::ui
