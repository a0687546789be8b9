#pragma once

#include "credentials/CredentialSource.h"

namespace dmsx {

// Credentials typed in for this run only, when the keychain is unavailable or the user does not
// want them stored: kept in memory, never written anywhere, gone when the process ends or
// clear() is called. First in the provider chain when set.
class SessionCredentials : public CredentialSource
{
public:
    explicit SessionCredentials(const QString& profileName = QString());
    ~SessionCredentials() override;

    // Registers the secret (and session token) with the Redactor; `source` becomes describe().
    void set(const AwsCredentials& credentials);
    // Overwrites the secret and session token before releasing them. They are never shared with
    // the caller's strings or with what fetch() delivers, so it is the only copy this object made.
    void clear();
    bool isSet() const { return m_credentials.isValid(); }

    QString profileName() const { return m_profileName; }
    // "session-only credentials (in memory)" or "session-only credentials (in memory, profile dev)".
    QString describe() const override;
    // A MissingCredentials fault when nothing is set.
    void fetch(QObject* context, Handler done) override;

private:
    QString m_profileName;
    AwsCredentials m_credentials;
};

} // namespace dmsx
