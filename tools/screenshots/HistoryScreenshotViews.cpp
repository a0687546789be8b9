#include "screenshots/HistoryScreenshotViews.h"

#include "history/HistoryModel.h"
#include "history/HistoryView.h"
#include "screenshots/ScreenshotViews.h"
#include "window/MainWindow.h"

#include <QCoreApplication>
#include <QDockWidget>
#include <QTimer>

namespace dmsx::screenshots {

using namespace ui;

void HistoryScreenshotViews::registerViews()
{
    ScreenshotViews::add(
        QStringLiteral("history"), QStringLiteral("the request history, newest request selected"),
        [](MainWindow* window, ScreenshotViews::Done done) {
            auto* view = window->findChild<HistoryView*>();
            if (!view) {
                done(QImage(),
                     QStringLiteral("the window has no history view (is the history file usable?)"));
                return;
            }
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
            if (view->model()->rowCount() > 0)
                view->selectRecord(view->model()->record(0).id);
            QTimer::singleShot(0, window, [window, done] { done(ScreenshotViews::grab(window), QString()); });
        });
}

} // namespace dmsx::screenshots
