#pragma once

namespace dmsx::screenshots {

// The profiles screens for `dms-extpack-screenshots --screenshot FILE --view NAME`: profiles (the
// dialog with app profiles and AWS CLI profiles of each kind), profile-edit (the editor adding a
// profile), profile-locked (the editor's banner for a locked keychain with the session-only
// offer) and sign-in (the IAM Identity Center sign-in of the demo's demo-sso profile, with --demo).
// All from scratch files and an assumed keychain state: rendering never touches the real keyring.
class ProfilesScreenshotViews
{
public:
    static void registerViews();
};

} // namespace dmsx::screenshots
