#include "screenshots/HistoryScreenshotViews.h"

#include "apply/ApplyWorkflow.h"
#include "dms/DmsConnection.h"
#include "history/HistoryModel.h"
#include "history/HistoryView.h"
#include "screenshots/ScreenshotViews.h"
#include "window/MainWindow.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

namespace dmsx::screenshots {

using namespace ui;

namespace {

// A demo project whose installation ends FAILED (sim/scenarios/demo.json).
const QString kFailingProject = QStringLiteral("payroll-migration");
// The simulator's clock is moved on by this much once the Start is accepted, so the installation
// has ended by the next poll: within SigV4's five minutes, so every signature still passes.
constexpr int kClockJumpSeconds = 120;
// The picture is taken even if the apply has not ended by then.
constexpr int kApplyTimeoutMs = 20000;

void showHistory(MainWindow* window, HistoryView* view, ScreenshotViews::Done done)
{
    for (QWidget* w = view->parentWidget(); w; w = w->parentWidget()) {
        if (auto* dock = qobject_cast<QDockWidget*>(w)) {
            dock->show();
            dock->raise();
            // Taller than the main screenshots: the projects above keep their minimum
            // height and the history below gets enough for table and details to read.
            window->resize(window->width(), qMax(window->height(), 1040));
            window->resizeDocks({dock}, {560}, Qt::Vertical);
        }
    }
    view->show();
    // The window's own requests reach the store through the recorder: look once more.
    view->model()->checkForChanges();
    // The failed installation when there is one, else the newest entry.
    qint64 shown = view->model()->rowCount() > 0 ? view->model()->record(0).id : 0;
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const HistoryRecord& r = view->model()->record(row);
        if (r.operation == QLatin1String("StartExtensionPackAssociation") &&
            r.outcome == HistoryRecord::Outcome::Failed) {
            shown = r.id;
            break;
        }
    }
    if (shown > 0)
        view->selectRecord(shown);
    QTimer::singleShot(0, window, [window, done] { done(ScreenshotViews::grab(window), QString()); });
}

// Applies the extension pack to kFailingProject for real (the history records it as the window
// would) and calls `then` when the installation has ended, or after kApplyTimeoutMs.
void applyFailingProject(MainWindow* window, std::function<void()> then)
{
    DmsConnection* connection = window->connection();
    if (!connection || !connection->client()) {
        then();
        return;
    }
    auto* workflow = new ApplyWorkflow(connection->client(), kFailingProject, window);
    workflow->setConfirmationRequired(false);
    workflow->setPollSchedule({200});
    auto* network = new QNetworkAccessManager(workflow);
    auto* timeout = new QTimer(workflow);
    timeout->setSingleShot(true);
    auto called = std::make_shared<bool>(false);
    auto finish = [workflow, then, called] {
        if (*called)
            return;
        *called = true;
        workflow->cancel();
        workflow->deleteLater();
        then();
    };
    const QUrl clockUrl = connection->config().endpoint.url.resolved(QUrl(QStringLiteral("/__sim/clock")));
    QObject::connect(workflow, &ApplyWorkflow::requestIdentified, network, [network, clockUrl] {
        QNetworkRequest request(clockUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = network->post(
            request, QJsonDocument(QJsonObject{{QStringLiteral("offsetSeconds"), kClockJumpSeconds}})
                         .toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    });
    QObject::connect(workflow, &ApplyWorkflow::finished, window, finish, Qt::QueuedConnection);
    QObject::connect(timeout, &QTimer::timeout, window, finish);
    timeout->start(kApplyTimeoutMs);
    workflow->start();
}

} // namespace

void HistoryScreenshotViews::registerViews()
{
    ScreenshotViews::add(
        QStringLiteral("history"),
        QStringLiteral("the request history, an installation that failed selected"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            auto* view = window->findChild<HistoryView*>();
            if (!view) {
                done(QImage(),
                     QStringLiteral("the window has no history view (is the history file usable?)"));
                return;
            }
            applyFailingProject(window, [window, view, done] { showHistory(window, view, done); });
        });
}

} // namespace dmsx::screenshots
