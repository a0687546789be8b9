// The SSO side: a token file in ~/.aws/sso/cache as `aws sso login` wrote it (read through
// SsoTokenCache from a scratch HOME), its expiresAt forms, the portal's GetRoleCredentials
// answer and ListAccounts / ListAccountRoles pages, and SSO OIDC's answers and error bodies
// (sign-in and refresh).
#include "FuzzInput.h"
#include "credentials/SsoCredentialSource.h"
#include "credentials/SsoTokenCache.h"
#include "sso/SsoOidcClient.h"
#include "sso/SsoPortalClient.h"
#include "sso/SsoTokenCacheWriter.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>

namespace {

dmsx::SsoProfileConfig profile()
{
    dmsx::SsoProfileConfig c;
    c.profileName = QStringLiteral("fuzz");
    c.sessionName = QStringLiteral("fuzz-session");
    c.startUrl = QStringLiteral("https://d-1234567890.awsapps.com/start");
    c.ssoRegion = QStringLiteral("eu-west-1");
    c.accountId = QStringLiteral("123456789012");
    c.roleName = QStringLiteral("Admin");
    return c;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    static QTemporaryDir home;
    static const QProcessEnvironment env = [] {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), home.path());
        return e;
    }();
    static const SsoTokenCache cache(env);
    static const SsoProfileConfig config = profile();

    const fuzz::FuzzInput input(data, size);
    QDir().mkpath(cache.cacheDirectory());
    QFile file(cache.cacheFilePath(config));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(input.bytes()) != input.bytes().size())
        abort(); // the harness itself is broken: nothing would be fuzzed
    file.close();
    (void)cache.load(config);
    (void)SsoTokenCache::parseExpiresAt(QString::fromUtf8(input.bytes()));
    (void)SsoCredentialSource::parseRoleCredentials(input.bytes());
    QString nextToken;
    (void)SsoPortalClient::parseAccounts(input.bytes(), &nextToken);
    (void)SsoPortalClient::parseRoles(input.bytes(), &nextToken);
    // The same bytes as every file sign-out reads, and as a cached client registration.
    (void)SsoTokenCacheWriter(env).cachedTokens();
    QFile registration(
        QDir(cache.cacheDirectory()).filePath(SsoTokenCacheWriter::registrationFileName(config)));
    if (registration.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        registration.write(input.bytes());
        registration.close();
        (void)SsoTokenCacheWriter(env).loadRegistration(config, QDateTime::currentDateTimeUtc());
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    (void)SsoOidcClient::parseRegistration(input.bytes(), {});
    (void)SsoOidcClient::parseDeviceAuthorization(input.bytes(), now);
    (void)SsoOidcClient::parseToken(input.bytes(), now);
    (void)SsoOidcClient::parseError(400, {{"x-amzn-ErrorType", input.bytes().left(64)}}, input.bytes(), now);
    return 0;
}
