#include "screenshots/ScreenshotViews.h"

#include "diagnostics/DiagnosticsDialog.h"
#include "projects/ProjectDetailsWidget.h"
#include "projects/ProjectsModel.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QStyle>
#include <QStyleFactory>
#include <QTableView>
#include <QTimer>

namespace dmsx::screenshots {

using namespace ui;

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

QStringList ScreenshotViews::paletteNames()
{
    return {QStringLiteral("light"), QStringLiteral("dark")};
}

std::optional<QPalette> ScreenshotViews::palette(const QString& name)
{
    QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    const QPalette standard = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    if (name == QLatin1String("light"))
        return standard;
    if (name != QLatin1String("dark"))
        return std::nullopt;
    // A common dark scheme: every role set, the disabled group dimmed, so nothing falls back to
    // a light default.
    const QColor window(53, 53, 53), base(35, 35, 35), alternate(45, 45, 45), text(220, 220, 220),
        disabled(127, 127, 127), highlight(42, 130, 218), link(90, 160, 240);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    // Tooltips and the message bar use this: it must stand apart from Window.
    p.setColor(QPalette::ToolTipBase, QColor(78, 70, 40));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, link);
    p.setColor(QPalette::LinkVisited, link.darker(120));
    for (const auto role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, alternate.lighter(150));
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
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

    add(QStringLiteral("diagnostics"),
        QApplication::translate("ScreenshotViews", "Help > Diagnostics: the settings and their sources"),
        [](MainWindow* window, Done done) {
            auto* dialog =
                new DiagnosticsDialog(DiagnosticsReport::forConnection(window->connection()), window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            // Screenshot windows probe no keychain (a locked one would prompt on the desktop):
            // the row shows what an unlocked keyring reports, as the demo data stands in for AWS.
            KeychainStore::ProbeResult unlocked;
            unlocked.availability = KeychainStore::Availability::Available;
            dialog->setKeychainState(unlocked);
            dialog->show();
            // The offscreen screen is 800 px wide and the dialog keeps within it; a desktop has room
            // for every source in full, which is what the picture should show.
            dialog->resize(qMax(dialog->width(), 1180), dialog->height());
            QTimer::singleShot(0, dialog, [dialog, done] {
                done(grab(dialog), QString());
                dialog->close();
            });
        });
}

} // namespace dmsx::screenshots
