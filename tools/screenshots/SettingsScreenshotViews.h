#pragma once

namespace dmsx::screenshots {

// The Settings dialog for `dms-extpack-screenshots --screenshot FILE --view settings` (the
// Connection tab), settings-network and settings-requests. Call once before rendering, next to
// ScreenshotViews::registerBuiltIns().
class SettingsScreenshotViews
{
public:
    static void registerViews();
};

} // namespace dmsx::screenshots
