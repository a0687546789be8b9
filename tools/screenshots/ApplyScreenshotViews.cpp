#include "screenshots/ApplyScreenshotViews.h"

#include "apply/ApplyConfirmDialog.h"
#include "base/FaultCodes.h"
#include "screenshots/ScreenshotViews.h"
#include "widgets/FaultDialog.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QJsonObject>
#include <QLayout>
#include <QTimer>

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
    plan.target.settings = QJsonObject{
        {QStringLiteral("ServerName"), QStringLiteral("erp.cluster-demo.us-east-1.rds.amazonaws.com")},
        {QStringLiteral("Port"), 5432},
        {QStringLiteral("DatabaseName"), QStringLiteral("erp")}};
    DataProvider source;
    source.engine = QStringLiteral("oracle");
    plan.source = source;
    plan.schemaDescription = QStringLiteral("aws_oracle_ext");
    plan.reinstall = true;
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
    ScreenshotViews::add(QStringLiteral("fault"),
                         QApplication::translate("ScreenshotViews", "the fault dialog with its details open"),
                         [](MainWindow* window, ScreenshotViews::Done done) {
                             auto* dialog = new FaultDialog(demoFault(), window);
                             dialog->setDetailsShown(true);
                             grabDialog(dialog, std::move(done));
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
