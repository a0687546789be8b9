#include "credentials/SessionCredentials.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/SecretWipe.h"

#include <QTimer>

namespace dmsx {

SessionCredentials::SessionCredentials(const QString& profileName) : m_profileName(profileName) {}

SessionCredentials::~SessionCredentials()
{
    clear();
}

void SessionCredentials::set(const AwsCredentials& credentials)
{
    clear();
    m_credentials = credentials;
    // Buffers of our own, so clear() can overwrite them without touching the caller's copies.
    m_credentials.accessKeyId = SecretWipe::privateCopy(credentials.accessKeyId);
    m_credentials.secretAccessKey = SecretWipe::privateCopy(credentials.secretAccessKey);
    m_credentials.sessionToken = SecretWipe::privateCopy(credentials.sessionToken);
    m_credentials.source = describe();
    Redactor::registerSecret(m_credentials.secretAccessKey);
    if (!m_credentials.sessionToken.isEmpty())
        Redactor::registerSecret(m_credentials.sessionToken);
}

void SessionCredentials::clear()
{
    SecretWipe::wipe(m_credentials.secretAccessKey);
    SecretWipe::wipe(m_credentials.sessionToken);
    m_credentials = AwsCredentials();
}

QString SessionCredentials::describe() const
{
    if (m_profileName.isEmpty())
        return QStringLiteral("session-only credentials (in memory)");
    return QStringLiteral("session-only credentials (in memory, profile %1)").arg(m_profileName);
}

void SessionCredentials::fetch(QObject* context, Handler done)
{
    // Handed out as copies that share nothing with ours, which therefore stay wipeable.
    AwsCredentials copy = m_credentials;
    copy.secretAccessKey = SecretWipe::privateCopy(m_credentials.secretAccessKey);
    copy.sessionToken = SecretWipe::privateCopy(m_credentials.sessionToken);
    Result<AwsCredentials> r =
        isSet() ? Result<AwsCredentials>(copy)
                : Result<AwsCredentials>(
                      Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                                  QStringLiteral("No session-only credentials were entered for this run.")));
    // Never synchronously, as CredentialSource promises; the copy taken now is what is delivered.
    QTimer::singleShot(0, context, [done, r] { done(r); });
}

} // namespace dmsx
