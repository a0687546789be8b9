#pragma once

namespace dmsx::screenshots {

// The welcome view for `dms-extpack-screenshots --screenshot FILE --view welcome` and
// `welcome-aws-profiles` (the AWS CLI profiles page, listing synthetic profiles of every kind from
// temporary AWS files: screenshot windows read no shared files). Call once before rendering, next
// to ScreenshotViews::registerBuiltIns().
class WelcomeScreenshotViews
{
public:
    static void registerViews();
};

} // namespace dmsx::screenshots
