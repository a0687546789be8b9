#include "credentials/SsoTokenCache.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace dmsx {

SsoTokenCache::SsoTokenCache(const QProcessEnvironment& env)
    : m_home(env.contains(QStringLiteral("HOME")) ? env.value(QStringLiteral("HOME")) : QDir::homePath())
{}

QString SsoTokenCache::cacheKey(const SsoProfileConfig& config)
{
    return config.sessionName.isEmpty() ? config.startUrl : config.sessionName;
}

QString SsoTokenCache::cacheFileName(const SsoProfileConfig& config)
{
    const QByteArray hash = QCryptographicHash::hash(cacheKey(config).toUtf8(), QCryptographicHash::Sha1);
    return QString::fromLatin1(hash.toHex()) + QStringLiteral(".json");
}

QString SsoTokenCache::cacheDirectory() const
{
    return QDir(m_home).filePath(QStringLiteral(".aws/sso/cache"));
}

QString SsoTokenCache::cacheFilePath(const SsoProfileConfig& config) const
{
    return QDir(cacheDirectory()).filePath(cacheFileName(config));
}

QDateTime SsoTokenCache::parseExpiresAt(const QString& text)
{
    QString t = text.trimmed();
    // Old AWS CLI v2 releases wrote "2024-01-01T00:00:00UTC".
    if (t.endsWith(QLatin1String("UTC")))
        t = t.left(t.size() - 3) + QLatin1Char('Z');
    return AwsTime::parseIso8601(t);
}

Result<SsoToken> SsoTokenCache::load(const SsoProfileConfig& config) const
{
    SsoToken token;
    token.filePath = cacheFilePath(config);
    QFile file(token.filePath);
    if (!QFileInfo::exists(token.filePath))
        return Fault::make(FaultKind::Credentials, FaultCode::SsoTokenMissing,
                           QStringLiteral("no cached SSO token in %1").arg(token.filePath));
    if (!file.open(QIODevice::ReadOnly))
        return Fault::make(
            FaultKind::Credentials, FaultCode::SsoTokenInvalid,
            QStringLiteral("cannot read the SSO token cache %1: %2").arg(token.filePath, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return Fault::make(FaultKind::Credentials, FaultCode::SsoTokenInvalid,
                           QStringLiteral("the SSO token cache %1 is not a JSON object").arg(token.filePath));
    const QJsonObject o = doc.object();
    token.accessToken = o.value(QLatin1String("accessToken")).toString();
    token.refreshToken = o.value(QLatin1String("refreshToken")).toString();
    token.clientId = o.value(QLatin1String("clientId")).toString();
    token.clientSecret = o.value(QLatin1String("clientSecret")).toString();
    token.registrationExpiresAt = parseExpiresAt(o.value(QLatin1String("registrationExpiresAt")).toString());
    Redactor::registerSecrets(QStringLiteral("sso:token"),
                              {token.accessToken, token.refreshToken, token.clientSecret});
    token.region = o.value(QLatin1String("region")).toString();
    token.startUrl = o.value(QLatin1String("startUrl")).toString();
    token.expiresAt = parseExpiresAt(o.value(QLatin1String("expiresAt")).toString());
    if (token.accessToken.isEmpty() || !token.expiresAt.isValid())
        return Fault::make(FaultKind::Credentials, FaultCode::SsoTokenInvalid,
                           QStringLiteral("the SSO token cache %1 has no %2")
                               .arg(token.filePath, token.accessToken.isEmpty()
                                                        ? QStringLiteral("accessToken")
                                                        : QStringLiteral("valid expiresAt")));
    return token;
}

} // namespace dmsx
