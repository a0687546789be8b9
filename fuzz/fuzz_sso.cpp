// The SSO side: a token file in ~/.aws/sso/cache as `aws sso login` wrote it (read through
// SsoTokenCache from a scratch HOME), its expiresAt forms, and the portal's GetRoleCredentials
// answer.
#include "FuzzInput.h"
#include "credentials/SsoCredentialSource.h"
#include "credentials/SsoTokenCache.h"

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
    return 0;
}
