#include "credentials/SessionCredentials.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"

#include <QTimer>

namespace dmsx {

namespace {

void wipe(QString& s)
{
    s.fill(QLatin1Char('\0'));
    s.clear();
}

} // namespace

SessionCredentials::SessionCredentials(const QString& profileName) : m_profileName(profileName) {}

SessionCredentials::~SessionCredentials()
{
    clear();
}

void SessionCredentials::set(const AwsCredentials& credentials)
{
    clear();
    m_credentials = credentials;
    m_credentials.source = describe();
    Redactor::registerSecret(m_credentials.secretAccessKey);
    if (!m_credentials.sessionToken.isEmpty())
        Redactor::registerSecret(m_credentials.sessionToken);
}

void SessionCredentials::clear()
{
    wipe(m_credentials.secretAccessKey);
    wipe(m_credentials.sessionToken);
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
    Result<AwsCredentials> r =
        isSet() ? Result<AwsCredentials>(m_credentials)
                : Result<AwsCredentials>(
                      Fault::make(FaultKind::Credentials, FaultCode::MissingCredentials,
                                  QStringLiteral("No session-only credentials were entered for this run.")));
    // Never synchronously, as CredentialSource promises; the copy taken now is what is delivered.
    QTimer::singleShot(0, context, [done, r] { done(r); });
}

} // namespace dmsx
