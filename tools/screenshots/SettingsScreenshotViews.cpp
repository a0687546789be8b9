#include "screenshots/SettingsScreenshotViews.h"

#include "screenshots/ScreenshotViews.h"
#include "settings/SettingsDialog.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QTabWidget>
#include <QTimer>

namespace dmsx::screenshots {

using namespace ui;

namespace {

ScreenshotViews::View showTab(int tab)
{
    return [tab](MainWindow* window, ScreenshotViews::Done done) {
        window->openSettings();
        auto* dialog = window->findChild<SettingsDialog*>();
        if (!dialog) {
            done(QImage(),
                 QApplication::translate("SettingsScreenshotViews", "the Settings dialog did not open"));
            return;
        }
        dialog->tabWidget()->setCurrentIndex(tab);
        QTimer::singleShot(0, dialog, [dialog, done] {
            const QImage image = ScreenshotViews::grab(dialog);
            dialog->reject();
            done(image, QString());
        });
    };
}

} // namespace

void SettingsScreenshotViews::registerViews()
{
    ScreenshotViews::add(
        QStringLiteral("settings"),
        QApplication::translate("SettingsScreenshotViews",
                                "Edit > Settings…: the Connection page with each value's source"),
        showTab(0));
    ScreenshotViews::add(QStringLiteral("settings-network"),
                         QApplication::translate("SettingsScreenshotViews", "Settings: proxy and CA bundle"),
                         showTab(1));
    ScreenshotViews::add(QStringLiteral("settings-requests"),
                         QApplication::translate("SettingsScreenshotViews",
                                                 "Settings: retries, polling and history retention"),
                         showTab(2));
}

} // namespace dmsx::screenshots
