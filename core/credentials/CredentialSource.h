#pragma once

#include "base/Result.h"
#include "credentials/AwsCredentials.h"

#include <QObject>
#include <QString>

#include <functional>

namespace dmsx {

// One place credentials can come from: environment, a keychain profile, static keys in the AWS
// files, an assumed role, credential_process, SSO. Fetching may need the network or a child
// process, so it is asynchronous. CredentialChain picks and caches these; the transport only
// ever sees the resulting AwsCredentials.
class CredentialSource
{
public:
    using Handler = std::function<void(const Result<AwsCredentials>&)>;

    virtual ~CredentialSource() = default;

    // For people and diagnostics: "environment variables", "keychain (profile dev)",
    // "/home/me/.aws/config (profile ops): role arn:aws:iam::1:role/x via profile base".
    virtual QString describe() const = 0;

    // Calls `done` exactly once, in `context`'s thread, never after `context` is destroyed and
    // never synchronously from inside fetch(). Credentials carry `expiration` when temporary;
    // their `source` is set to describe().
    virtual void fetch(QObject* context, Handler done) = 0;
};

} // namespace dmsx
