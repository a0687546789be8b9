#pragma once

#include "credentials/AwsCredentials.h"

#include <QString>

namespace dmsx::ui {

// The demo account: the in-process simulator's endpoint and key pair, held in memory only.
struct DemoProfile
{
    QString name = QStringLiteral("demo");
    QString endpointUrl;
    QString region;
    AwsCredentials credentials;
};

} // namespace dmsx::ui
