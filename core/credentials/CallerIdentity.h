#pragma once

#include <QString>

namespace dmsx {

// The answer of STS GetCallerIdentity, plus which credential source was used to ask: "who am I,
// and why am I that?" is one question for the person reading `whoami`.
struct CallerIdentity
{
    QString account;
    QString arn;
    QString userId;
    QString credentialsSource; // AwsCredentials::source of the credentials that signed the call
};

} // namespace dmsx
