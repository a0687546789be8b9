#include "sso/SsoTokenCacheWriter.h"

#include "base/FaultCodes.h"
#include "base/PrivateFiles.h"
#include "base/Redactor.h"
#include "credentials/SsoTokenCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace dmsx {

namespace {

// A string as Python's json.dumps writes it (ensure_ascii): the key must hash to the same bytes.
QByteArray pythonJsonString(const QString& s)
{
    QByteArray out("\"");
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        default:
            if (u < 0x20 || u > 0x7e)
                out += "\\u" + QByteArray::number(u, 16).rightJustified(4, '0');
            else
                out += char(u);
        }
    }
    return out + '"';
}

QByteArray pythonJsonStringOrNull(const QString& s)
{
    return s.isEmpty() ? QByteArray("null") : pythonJsonString(s);
}

} // namespace

SsoTokenCacheWriter::SsoTokenCacheWriter(const QProcessEnvironment& env)
    : m_home(env.contains(QStringLiteral("HOME")) ? env.value(QStringLiteral("HOME")) : QDir::homePath())
{}

QString SsoTokenCacheWriter::cacheDirectory() const
{
    return QDir(m_home).filePath(QStringLiteral(".aws/sso/cache"));
}

QString SsoTokenCacheWriter::formatTime(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char('Z');
}

QByteArray SsoTokenCacheWriter::registrationKeyJson(const SsoProfileConfig& config)
{
    QByteArray scopes = "null";
    if (!config.registrationScopes.isEmpty()) {
        QByteArrayList items;
        for (const QString& s : config.registrationScopes)
            items << pythonJsonString(s);
        scopes = "[" + items.join(", ") + "]";
    }
    return "{\"region\": " + pythonJsonString(config.ssoRegion) + ", \"scopes\": " + scopes +
           ", \"session_name\": " + pythonJsonStringOrNull(config.sessionName) +
           ", \"startUrl\": " + pythonJsonString(config.startUrl) + ", \"tool\": \"botocore\"}";
}

QString SsoTokenCacheWriter::registrationFileName(const SsoProfileConfig& config)
{
    const QByteArray hash = QCryptographicHash::hash(registrationKeyJson(config), QCryptographicHash::Sha1);
    return QString::fromLatin1(hash.toHex()) + QStringLiteral(".json");
}

std::optional<SsoClientRegistration> SsoTokenCacheWriter::loadRegistration(const SsoProfileConfig& config,
                                                                           const QDateTime& now) const
{
    QFile file(QDir(cacheDirectory()).filePath(registrationFileName(config)));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(file.read(1024 * 1024)).object();
    SsoClientRegistration r;
    r.clientId = o.value(QLatin1String("clientId")).toString();
    r.clientSecret = o.value(QLatin1String("clientSecret")).toString();
    Redactor::registerSecret(r.clientSecret);
    r.expiresAt = SsoTokenCache::parseExpiresAt(o.value(QLatin1String("expiresAt")).toString());
    for (const QJsonValue& v : o.value(QLatin1String("scopes")).toArray())
        r.scopes << v.toString();
    if (r.clientId.isEmpty() || r.clientSecret.isEmpty() || !r.expiresAt.isValid() ||
        now.secsTo(r.expiresAt) < kRegistrationMarginSeconds)
        return std::nullopt;
    return r;
}

Result<void> SsoTokenCacheWriter::writeRegistration(const SsoProfileConfig& config,
                                                    const SsoClientRegistration& registration) const
{
    QJsonObject o{{QStringLiteral("clientId"), registration.clientId},
                  {QStringLiteral("clientSecret"), registration.clientSecret},
                  {QStringLiteral("expiresAt"), formatTime(registration.expiresAt)}};
    if (!registration.scopes.isEmpty())
        o.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(registration.scopes));
    return writeFile(QDir(cacheDirectory()).filePath(registrationFileName(config)),
                     QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QByteArray SsoTokenCacheWriter::tokenJson(const SsoProfileConfig& config, const SsoToken& token)
{
    QJsonObject o{{QStringLiteral("startUrl"), config.startUrl},
                  {QStringLiteral("region"), config.ssoRegion},
                  {QStringLiteral("accessToken"), token.accessToken},
                  {QStringLiteral("expiresAt"), formatTime(token.expiresAt)}};
    // Legacy profiles have no refresh: the CLI keeps only the token for them.
    if (!config.sessionName.isEmpty()) {
        o.insert(QStringLiteral("clientId"), token.clientId);
        o.insert(QStringLiteral("clientSecret"), token.clientSecret);
        o.insert(QStringLiteral("registrationExpiresAt"), formatTime(token.registrationExpiresAt));
        if (!token.refreshToken.isEmpty())
            o.insert(QStringLiteral("refreshToken"), token.refreshToken);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<void> SsoTokenCacheWriter::writeToken(const SsoProfileConfig& config, const SsoToken& token) const
{
    return writeFile(QDir(cacheDirectory()).filePath(SsoTokenCache::cacheFileName(config)),
                     tokenJson(config, token));
}

Result<void> SsoTokenCacheWriter::writeFile(const QString& path, const QByteArray& contents) const
{
    auto fault = [&path](const QString& why) {
        Fault f = Fault::make(FaultKind::Configuration, FaultCode::SsoCacheNotWritable,
                              QStringLiteral("cannot write the SSO token cache %1: %2").arg(path, why));
        f.detail = path;
        return f;
    };
    if (!PrivateFiles::makeFolder(QFileInfo(path).absolutePath()))
        return fault(QStringLiteral("its folder cannot be created"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fault(file.errorString());
    // The temporary file is renamed over the old one: its mode is the one the token ends with.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(contents) != contents.size() || !file.commit())
        return fault(file.errorString());
    return {};
}

QList<SsoToken> SsoTokenCacheWriter::cachedTokens() const
{
    QList<SsoToken> out;
    const QDir dir(cacheDirectory());
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(file.read(1024 * 1024)).object();
        SsoToken t;
        t.accessToken = o.value(QLatin1String("accessToken")).toString();
        if (t.accessToken.isEmpty())
            continue;
        Redactor::registerSecret(t.accessToken);
        t.region = o.value(QLatin1String("region")).toString();
        t.startUrl = o.value(QLatin1String("startUrl")).toString();
        t.expiresAt = SsoTokenCache::parseExpiresAt(o.value(QLatin1String("expiresAt")).toString());
        t.filePath = file.fileName();
        out.append(t);
    }
    return out;
}

bool SsoTokenCacheWriter::removeTokenFile(const QString& path)
{
    return QFile::remove(path);
}

} // namespace dmsx
