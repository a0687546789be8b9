#include "credentials/StaticCredentialSource.h"

#include "base/Redactor.h"

#include <QTimer>

namespace dmsx {

StaticCredentialSource::StaticCredentialSource(AwsCredentials credentials, QString description)
    : m_credentials(std::move(credentials)), m_description(std::move(description))
{
    m_credentials.source = m_description;
    Redactor::registerSecret(m_credentials.secretAccessKey);
    Redactor::registerSecret(m_credentials.sessionToken);
}

void StaticCredentialSource::fetch(QObject* context, Handler done)
{
    const AwsCredentials credentials = m_credentials;
    QTimer::singleShot(0, context, [credentials, done] { done(credentials); });
}

} // namespace dmsx
