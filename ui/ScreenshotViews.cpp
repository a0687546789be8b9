#include "ScreenshotViews.h"

#include "MainWindow.h"
#include "ProjectDetailsWidget.h"
#include "ProjectsModel.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTimer>

namespace dmsx::ui {

QMap<QString, ScreenshotViews::Entry>& ScreenshotViews::registry()
{
    static QMap<QString, Entry> views;
    return views;
}

void ScreenshotViews::add(const QString& name, const QString& description, View view)
{
    registry().insert(name, Entry{description, std::move(view)});
}

bool ScreenshotViews::contains(const QString& name)
{
    return registry().contains(name);
}

QStringList ScreenshotViews::names()
{
    return registry().keys();
}

QString ScreenshotViews::description(const QString& name)
{
    return registry().value(name).description;
}

QImage ScreenshotViews::grab(QWidget* widget)
{
    QApplication::processEvents();
    return widget->grab().toImage();
}

void ScreenshotViews::render(const QString& name, MainWindow* window, Done done)
{
    const auto it = registry().constFind(name);
    if (it == registry().constEnd()) {
        done(QImage(), QApplication::translate("ScreenshotViews", "unknown view \"%1\"; known: %2")
                           .arg(name, names().join(QStringLiteral(", "))));
        return;
    }
    it->view(window, std::move(done));
}

void ScreenshotViews::registerBuiltIns()
{
    add(QStringLiteral("main"), QApplication::translate("ScreenshotViews", "the window after loading"),
        [](MainWindow* window, Done done) { done(grab(window), QString()); });

    add(QStringLiteral("details"),
        QApplication::translate("ScreenshotViews", "a project selected, with its details and requests"),
        [](MainWindow* window, Done done) {
            QTableView* view = window->projectsView();
            if (view->model()->rowCount() == 0) {
                done(QImage(), QApplication::translate("ScreenshotViews", "no project to select"));
                return;
            }
            // The first project whose target takes an extension pack: the more telling picture.
            int row = 0;
            for (int r = 0; r < view->model()->rowCount(); ++r) {
                if (!view->model()->index(r, 0).data(ProjectsModel::VirtualTargetRole).toBool()) {
                    row = r;
                    break;
                }
            }
            auto finish = std::make_shared<Done>(std::move(done));
            auto fire = [window, finish] {
                if (!*finish)
                    return;
                Done d = std::move(*finish);
                *finish = nullptr;
                d(grab(window), QString());
            };
            QObject::connect(window->detailsWidget(), &ProjectDetailsWidget::requestsLoaded, window, fire,
                             Qt::QueuedConnection);
            QObject::connect(window->detailsWidget(), &ProjectDetailsWidget::requestsFailed, window, fire,
                             Qt::QueuedConnection);
            view->selectionModel()->setCurrentIndex(view->model()->index(row, 0),
                                                    QItemSelectionModel::ClearAndSelect |
                                                        QItemSelectionModel::Rows);
        });

    add(QStringLiteral("empty"),
        QApplication::translate("ScreenshotViews", "the empty state of a region with no projects"),
        [](MainWindow* window, Done done) {
            auto finish = std::make_shared<Done>(std::move(done));
            auto connection = std::make_shared<QMetaObject::Connection>();
            *connection =
                QObject::connect(window, &MainWindow::projectsLoaded, window, [window, finish, connection] {
                    QObject::disconnect(*connection);
                    (*finish)(grab(window), QString());
                });
            // A region the account does not use: the demo answers with its "no DMS here" page.
            window->setCurrentRegion(window->currentRegion() == QLatin1String("eu-west-3")
                                         ? QStringLiteral("eu-west-1")
                                         : QStringLiteral("eu-west-3"));
        });
}

} // namespace dmsx::ui
