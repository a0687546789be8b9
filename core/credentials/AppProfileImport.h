#pragma once

#include "base/Result.h"
#include "config/AwsConfigFile.h"
#include "credentials/AppProfileStore.h"

#include <QString>

namespace dmsx {

// What copying a profile of the AWS files into the app (`profiles import`, the profiles dialog's
// Import…) stores: the profile's static key pair for the keychain and its non-secret settings for
// AppProfileStore. Shared by the CLI and the GUI so both accept and refuse the same profiles.
struct AppProfileImport
{
    AppProfileStore::Profile profile;
    QString accessKeyId;
    QString secretAccessKey; // registered with the Redactor

    // The long-term keys of `source` in `files`, to be stored as the app profile `name` (empty: the
    // same name). Faults: UnknownProfile (Configuration); NoStaticKeys (Credentials) for a profile
    // without a complete key pair or with temporary keys (aws_session_token).
    static Result<AppProfileImport> fromAwsFiles(const AwsConfigFile& files, const QString& source,
                                                 const QString& name = QString());

    // Loose checks of typed keys, before they go to the keychain: an access key id is 16 to 128
    // letters and digits; a secret is not empty and has no whitespace.
    static bool isPlausibleAccessKeyId(const QString& id);
    static bool isPlausibleSecretAccessKey(const QString& secret);
};

} // namespace dmsx
