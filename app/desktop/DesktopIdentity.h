#pragma once

namespace dmsx::desktop {

// The names and icon the desktop matches a window of ours by. Call after QApplication exists and
// before the first window: xcb reads WM_CLASS from the application name at the first one.
class DesktopIdentity
{
public:
    // AppIdentity's names, the display name, the desktop file name (Wayland's app_id) and the
    // window icon in every size rendered from the SVG.
    static void setUpApplication();
};

} // namespace dmsx::desktop
