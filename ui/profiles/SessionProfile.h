#pragma once

#include "credentials/AppProfileStore.h"
#include "credentials/AwsCredentials.h"

namespace dmsx::ui {

// A profile typed in for this run only (the keychain was missing or locked): its settings and keys
// stay in the window's memory, in a SessionCredentials, and are never written anywhere.
struct SessionProfile
{
    AppProfileStore::Profile profile;
    AwsCredentials credentials;
};

} // namespace dmsx::ui
