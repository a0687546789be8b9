#pragma once

#include <QString>

namespace dmsx {

// The reverse-DNS application id (DMSX_APP_ID, set once in the top-level CMakeLists.txt) and
// everything named after it. The desktop file, the AppStream id, the keychain service, the
// QSettings names, X11's WM_CLASS, Wayland's app_id and the config and data folders must all agree,
// or the desktop cannot match a window to its menu entry and the GUI and the CLI stop sharing
// their profiles and history.
class AppIdentity
{
public:
    // "io.github.dmsextpack.DmsExtPack"
    static QString id();
    static QString version();

    // Organisation and application name = id(), and the version. Both names are the id because
    // Qt's xcb plugin takes the WM_CLASS class from the application name (what StartupWMClass
    // matches), and QSettings() then writes into configDirectory() next to profiles.ini. The GUI
    // and the CLI call this, so a QSettings() of either reads the same file.
    static void setUpApplication();

    // <XDG config home>/<id>: profiles.ini and the window's settings.
    static QString configDirectory();
    // <XDG data home>/<id>: history.sqlite.
    static QString dataDirectory();
};

} // namespace dmsx
