#include "screenshots/ApplyScreenshotViews.h"

#include "apply/ApplyConfirmDialog.h"
#include "apply/ApplyController.h"
#include "base/FaultCodes.h"
#include "dms/AssociationPoller.h"
#include "prereq/PrerequisitesController.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsModel.h"
#include "projects/ProjectsPane.h"
#include "screenshots/ScreenshotViews.h"
#include "widgets/FaultDialog.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QJsonObject>
#include <QLayout>
#include <QTimer>

#include <memory>

namespace dmsx::screenshots {

using namespace ui;

namespace {

// The window exposes no client, so the pictures use a plan and faults shaped like the demo's.
ApplyPlan demoPlan()
{
    ApplyPlan plan;
    plan.project.migrationProjectName = QStringLiteral("erp-migration");
    plan.project.migrationProjectArn =
        QStringLiteral("arn:aws:dms:us-east-1:111122223333:migration-project:ERPMIGRATIONDEMOPROJECTAB");
    plan.accountId = QStringLiteral("111122223333");
    plan.region = QStringLiteral("us-east-1");
    plan.target.dataProviderName = QStringLiteral("apg-erp");
    plan.target.engine = QStringLiteral("aurora-postgresql");
    plan.target.settingsVariant = QStringLiteral("PostgreSqlSettings");
    plan.target.settingsVariantKnown = true;
    plan.target.setSettings(QJsonObject{
        {QStringLiteral("ServerName"), QStringLiteral("erp.cluster-demo.us-east-1.rds.amazonaws.com")},
        {QStringLiteral("Port"), 5432},
        {QStringLiteral("DatabaseName"), QStringLiteral("erp")}});
    DataProvider source;
    source.engine = QStringLiteral("oracle");
    plan.source = source;
    plan.schemaDescription = QStringLiteral("aws_oracle_ext");
    plan.reinstall = true;
    return plan;
}

// The checklist of an apply on a project whose bucket keeps no versions, as the checks find it.
ApplyPlan demoPlanWithProblem()
{
    ApplyPlan plan = demoPlan();
    plan.reinstall = false;
    using Id = PrerequisiteCheck::Id;
    using Status = PrerequisiteCheck::Status;
    const QList<Id> passed{Id::TargetDataProvider,
                           Id::ProjectS3Settings,
                           Id::TargetSecretSettings,
                           Id::Queue,
                           Id::S3Role,
                           Id::SecretRole,
                           Id::Secret,
                           Id::SecretKey};
    for (const Id id : passed) {
        PrerequisiteCheck c;
        c.id = id;
        c.status = Status::Passed;
        plan.checks.checks << c;
    }
    PrerequisiteCheck bucket;
    bucket.id = Id::S3Bucket;
    bucket.status = Status::Problem;
    bucket.fault = Fault::make(FaultKind::Service, FaultCode::PrereqBucketVersioningOff,
                               QStringLiteral("Versioning of sc-demo-unversioned is Suspended"));
    bucket.fault->detail = QStringLiteral("sc-demo-unversioned (Suspended)");
    plan.checks.checks << bucket;
    for (const Id id : {Id::S3RoleAccess, Id::SecretRoleAccess}) {
        PrerequisiteCheck c;
        c.id = id;
        c.status = Status::CouldNotCheck;
        c.fault = Fault::make(FaultKind::Service, FaultCode::AccessDenied,
                              QStringLiteral("User: arn:aws:iam::111122223333:user/dba is not authorized to "
                                             "perform: iam:SimulatePrincipalPolicy"));
        c.fault->httpStatus = 403;
        c.fault->operation = QStringLiteral("SimulatePrincipalPolicy");
        plan.checks.checks << c;
    }
    return plan;
}

Fault demoFault()
{
    Fault f =
        Fault::make(FaultKind::Service, FaultCode::AccessDeniedFault,
                    QStringLiteral("DMS was denied access to the endpoint. Check that the role is correctly "
                                   "configured."));
    f.httpStatus = 400;
    f.requestId = QStringLiteral("8c1f0e52-4b7a-4c5e-9d3a-2f6b1e0a7c91");
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    f.endpoint = QStringLiteral("dms.us-east-1.amazonaws.com");
    f.attempts = 1;
    return f;
}

// Dialogs are shown non-modally for the picture and deleted after the grab.
template <typename D> void grabDialog(D* dialog, ScreenshotViews::Done done)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    QTimer::singleShot(0, dialog, [dialog, done = std::move(done)] {
        const QImage image = ScreenshotViews::grab(dialog);
        dialog->close();
        done(image, QString());
    });
}

// Selects the demo project `name`, waits for its requests, shows `state` as the apply flow would
// report it, and grabs the window: a picture that does not depend on the simulator's timing.
void grabApplyState(MainWindow* window, const QString& name, ApplyController::State state,
                    ScreenshotViews::Done done)
{
    QString arn;
    const ProjectsModel* model = window->projectsModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->project(row)->migrationProjectName == name)
            arn = model->project(row)->migrationProjectArn;
    }
    if (arn.isEmpty()) {
        done(QImage(),
             QApplication::translate("ScreenshotViews", "no project %1 (run with --demo)").arg(name));
        return;
    }
    state.projectArn = arn;
    state.projectName = name;
    auto finish = std::make_shared<ScreenshotViews::Done>(std::move(done));
    auto fire = [window, arn, state, finish] {
        if (!*finish)
            return;
        ScreenshotViews::Done d = std::move(*finish);
        *finish = nullptr;
        window->projectsPane()->showApplyState(arn, state);
        QTimer::singleShot(0, window,
                           [window, d = std::move(d)] { d(ScreenshotViews::grab(window), QString()); });
    };
    QObject::connect(window->detailsWidget(), &ProjectDetailsWidget::requestsLoaded, window, fire,
                     Qt::QueuedConnection);
    QObject::connect(window->detailsWidget(), &ProjectDetailsWidget::requestsFailed, window, fire,
                     Qt::QueuedConnection);
    window->selectProject(arn);
}

} // namespace

void ApplyScreenshotViews::registerViews()
{
    if (ScreenshotViews::contains(QStringLiteral("apply-confirm")))
        return;
    ScreenshotViews::add(QStringLiteral("apply-confirm"),
                         QApplication::translate("ScreenshotViews", "the confirmation before applying"),
                         [](MainWindow* window, ScreenshotViews::Done done) {
                             grabDialog(new ApplyConfirmDialog(demoPlan(), window), std::move(done));
                         });
    ScreenshotViews::add(
        QStringLiteral("apply-anyway"),
        QApplication::translate("ScreenshotViews", "the confirmation when a check found a problem"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            grabDialog(new ApplyConfirmDialog(demoPlanWithProblem(), window), std::move(done));
        });
    ScreenshotViews::add(
        QStringLiteral("prerequisites"),
        QApplication::translate("ScreenshotViews", "the prerequisite checklist of a project with a problem"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            const QString name = QStringLiteral("docs-versioning-off-migration");
            QString arn;
            const ProjectsModel* model = window->projectsModel();
            for (int row = 0; row < model->rowCount(); ++row) {
                if (model->project(row)->migrationProjectName == name)
                    arn = model->project(row)->migrationProjectArn;
            }
            PrerequisitesController* checks = window->prerequisitesController();
            if (arn.isEmpty() || !checks) {
                done(QImage(),
                     QApplication::translate("ScreenshotViews", "no project %1 (run with --demo)").arg(name));
                return;
            }
            auto finish = std::make_shared<ScreenshotViews::Done>(std::move(done));
            QObject::connect(
                checks, &PrerequisitesController::changed, window,
                [window, checks, arn, finish](const QString& project) {
                    if (project != arn || checks->isRunning(arn) || !*finish)
                        return;
                    ScreenshotViews::Done d = std::move(*finish);
                    *finish = nullptr;
                    QTimer::singleShot(0, window, [window, d = std::move(d)] {
                        d(ScreenshotViews::grab(window), QString());
                    });
                },
                Qt::QueuedConnection);
            window->selectProject(arn);
            window->checkPrerequisitesAction()->trigger();
        });
    ScreenshotViews::add(QStringLiteral("fault"),
                         QApplication::translate("ScreenshotViews", "the fault dialog with its details open"),
                         [](MainWindow* window, ScreenshotViews::Done done) {
                             auto* dialog = new FaultDialog(demoFault(), window);
                             dialog->setDetailsShown(true);
                             grabDialog(dialog, std::move(done));
                         });
    ScreenshotViews::add(
        QStringLiteral("request-failed"),
        QApplication::translate("ScreenshotViews", "a failed installation explained in the requests panel"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            SchemaConversionRequest failed;
            failed.requestIdentifier = QStringLiteral("5d2b7e40-93c1-4f8a-b6d2-0c7e1a9f3b58");
            failed.status = QStringLiteral("FAILED");
            ErrorDetails error;
            error.message =
                QStringLiteral("AWS DMS can't use the AWS KMS key arn:aws:kms:us-east-1:111122223333:"
                               "key/1234abcd-12ab-34cd-56ef-1234567890ab. Check the key policy.");
            failed.error = error;
            ApplyController::State state;
            state.phase = ApplyController::Phase::Failed;
            state.requestId = failed.requestIdentifier;
            state.status = failed.status;
            state.fault = AssociationPoller::failureOf(failed);
            grabApplyState(window, QStringLiteral("marketing-migration"), state, std::move(done));
        });
    ScreenshotViews::add(
        QStringLiteral("request-progress"),
        QApplication::translate("ScreenshotViews", "an installation in progress, step in words"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            ApplyController::State state;
            state.phase = ApplyController::Phase::Running;
            state.requestId = QStringLiteral("9a4c1d7e-2b8f-4e61-a3c5-7d0f9b2e6a14");
            state.status = QStringLiteral("IN_PROGRESS");
            state.step = QStringLiteral("CONVERTING");
            state.percent = 22;
            grabApplyState(window, QStringLiteral("crm-migration"), state, std::move(done));
        });
    ScreenshotViews::add(
        QStringLiteral("message-bar"),
        QApplication::translate("ScreenshotViews", "a background failure in the message bar"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            QWidget* area = window->messageBarArea();
            auto* bar = new MessageBar(area);
            if (area->layout())
                area->layout()->addWidget(bar);
            bar->showMessage(QApplication::translate("ScreenshotViews",
                                                     "Could not check request 3f2a… of erp-migration: the "
                                                     "connection was reset. Trying again in 30 seconds."),
                             MessageBar::Type::Warning,
                             QApplication::translate("ScreenshotViews", "Details…"));
            area->show();
            QTimer::singleShot(0, window, [window, bar, done = std::move(done)] {
                const QImage image = ScreenshotViews::grab(window);
                bar->deleteLater();
                done(image, QString());
            });
        });
}

} // namespace dmsx::screenshots
