#pragma once

#include <QDateTime>
#include <QString>

namespace dmsx {

// A key pair with an optional session token. Never printed: use Redactor for anything shown.
struct AwsCredentials
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; // empty for long-term keys
    QDateTime expiration; // invalid for long-term keys
    QString source;       // where they came from, e.g. "environment", "shared credentials file (default)"

    bool isValid() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
};

} // namespace dmsx
