#pragma once

namespace dmsx::screenshots {

// The history view for `dms-extpack-screenshots --screenshot FILE --view history`: the window with
// its history shown and the newest request selected. Call once before rendering, next to
// ScreenshotViews::registerBuiltIns().
class HistoryScreenshotViews
{
public:
    static void registerViews();
};

} // namespace dmsx::screenshots
