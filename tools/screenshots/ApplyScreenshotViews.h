#pragma once

namespace dmsx::screenshots {

// The apply flow's views for `dms-extpack-screenshots --screenshot FILE --view NAME`:
// "apply-confirm", "fault" (details expanded) and "message-bar" (a background poll error over the
// window). Call once before rendering, next to ScreenshotViews::registerBuiltIns().
class ApplyScreenshotViews
{
public:
    static void registerViews();
};

} // namespace dmsx::screenshots
