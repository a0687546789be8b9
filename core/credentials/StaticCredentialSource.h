#pragma once

#include "credentials/CredentialSource.h"

namespace dmsx {

// Credentials already in hand: environment variables, keys in the AWS files, session-only keys
// typed in this run. Delivers them (with `source` set) on the next event-loop turn.
class StaticCredentialSource final : public CredentialSource
{
public:
    StaticCredentialSource(AwsCredentials credentials, QString description);

    QString describe() const override { return m_description; }
    void fetch(QObject* context, Handler done) override;

private:
    AwsCredentials m_credentials;
    QString m_description;
};

} // namespace dmsx
