#include "desktop/DesktopIdentity.h"

#include "base/AppIdentity.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QIcon>

// The icons are an object library archived into this library: only a reference pulls them into
// the executable. At file scope, as Q_INIT_RESOURCE requires (not even an anonymous namespace).
static void initIconResources()
{
    Q_INIT_RESOURCE(dmsx_icons);
}

namespace dmsx::desktop {

namespace {

// Every size rendered from the icon's SVG (resources/CMakeLists.txt), so each window frame and
// task switcher picks a sharp one.
QIcon appIcon()
{
    initIconResources();
    QIcon icon;
    QDirIterator it(QStringLiteral(":/icons/hicolor"), {AppIdentity::id() + QStringLiteral(".png")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        icon.addFile(it.next());
    return icon;
}

} // namespace

void DesktopIdentity::setUpApplication()
{
    AppIdentity::setUpApplication();
    QApplication::setApplicationDisplayName(
        QApplication::translate("DesktopIdentity", "DMS Extension Pack Manager"));
    // With WM_CLASS it lets the desktop match the window to the menu entry.
    QApplication::setDesktopFileName(AppIdentity::id());
    QApplication::setWindowIcon(appIcon());
}

} // namespace dmsx::desktop
