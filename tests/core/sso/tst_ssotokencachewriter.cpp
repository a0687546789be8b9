// SsoTokenCacheWriter against fixtures written as AWS CLI v2 writes ~/.aws/sso/cache
// (tests/data/sso/README.md): the same file names, the same fields and values, 0600 files in a
// 0700 folder, and SsoTokenCache reads both the CLI's files and ours.
#include "base/Redactor.h"
#include "credentials/SsoTokenCache.h"
#include "sso/SsoOidcClient.h"
#include "sso/SsoTokenCacheWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace dmsx;

namespace {

const QString kStartUrl = QStringLiteral("https://my-company.awsapps.com/start");
const QString kSessionFile = QStringLiteral("6dd8851ded093279894d965ed54db59ba86097a6.json");
const QString kLegacyFile = QStringLiteral("35f228781c9024add6336344d41b32f229e7df9f.json");
const QString kRegistrationFile = QStringLiteral("9923c69b222fa5caae611178859287fb8472749b.json");

QString fixturePath(const QString& name)
{
    return QDir(qEnvironmentVariable("DMSX_SOURCE_DIR")).filePath(QStringLiteral("tests/data/sso/") + name);
}

QJsonObject readObject(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

SsoProfileConfig sessionConfig()
{
    SsoProfileConfig c;
    c.profileName = QStringLiteral("dba");
    c.sessionName = QStringLiteral("dms-sso");
    c.startUrl = kStartUrl;
    c.ssoRegion = QStringLiteral("eu-west-1");
    c.registrationScopes = {QStringLiteral("sso:account:access")};
    return c;
}

SsoProfileConfig legacyConfig()
{
    SsoProfileConfig c;
    c.profileName = QStringLiteral("legacy");
    c.startUrl = kStartUrl;
    c.ssoRegion = QStringLiteral("eu-west-1");
    return c;
}

QProcessEnvironment homeEnv(const QString& home)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), home);
    return env;
}

unsigned modeOf(const QString& path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

// The token the fixture holds, as our sign-in would have it.
SsoToken fixtureSessionToken()
{
    SsoToken t;
    t.accessToken = QStringLiteral("aoaAAAAAGd-FixtureAccessToken0123456789");
    t.expiresAt = QDateTime(QDate(2026, 12, 6), QTime(22, 40, 0, 371), Qt::UTC);
    t.clientId = QStringLiteral("FixtureClientId-_abcdefghijklmnop");
    t.clientSecret =
        QStringLiteral("eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.FixtureClientSecret");
    t.registrationExpiresAt = QDateTime(QDate(2027, 3, 6), QTime(22, 40), Qt::UTC);
    t.refreshToken = QStringLiteral("aorAAAAAGd-FixtureRefreshToken0123456789");
    return t;
}

} // namespace

class TestSsoTokenCacheWriter : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void fileNamesAreTheCliOnes()
    {
        QCOMPARE(SsoTokenCache::cacheFileName(sessionConfig()), kSessionFile);
        QCOMPARE(SsoTokenCache::cacheFileName(legacyConfig()), kLegacyFile);
        QCOMPARE(SsoTokenCacheWriter::registrationFileName(sessionConfig()), kRegistrationFile);
        QCOMPARE(
            SsoTokenCacheWriter::registrationKeyJson(legacyConfig()),
            QByteArray("{\"region\": \"eu-west-1\", \"scopes\": null, \"session_name\": null, "
                       "\"startUrl\": \"https://my-company.awsapps.com/start\", \"tool\": \"botocore\"}"));
        // Python's ensure_ascii escapes: the hash of a non-ASCII session name must match too.
        SsoProfileConfig odd = sessionConfig();
        odd.sessionName = QString::fromUtf8("équipe \"dba\"");
        odd.registrationScopes << QStringLiteral("codewhisperer:completions");
        QCOMPARE(SsoTokenCacheWriter::registrationFileName(odd),
                 QStringLiteral("8da48fbfc5b85b3eaa805d25991f87fc5b755475.json"));
    }

    void sessionTokenHasTheCliFields()
    {
        QTemporaryDir home;
        const SsoTokenCacheWriter writer(homeEnv(home.path()));
        const Result<void> written = writer.writeToken(sessionConfig(), fixtureSessionToken());
        QVERIFY2(written, qPrintable(written.fault().message));
        const QString path = QDir(writer.cacheDirectory()).filePath(kSessionFile);
        QCOMPARE(readObject(path), readObject(fixturePath(kSessionFile)));
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(modeOf(writer.cacheDirectory()), 0700u);
    }

    void legacyTokenHasOnlyTheTokenFields()
    {
        QTemporaryDir home;
        const SsoTokenCacheWriter writer(homeEnv(home.path()));
        SsoToken t;
        t.accessToken = QStringLiteral("aoaAAAAAGd-FixtureLegacyAccessToken0123");
        t.expiresAt = QDateTime(QDate(2026, 12, 6), QTime(22, 40), Qt::UTC);
        QVERIFY(writer.writeToken(legacyConfig(), t));
        const QString path = QDir(writer.cacheDirectory()).filePath(kLegacyFile);
        QCOMPARE(readObject(path), readObject(fixturePath(kLegacyFile)));
        QCOMPARE(modeOf(path), 0600u);
    }

    void rewritingKeepsThePrivateMode()
    {
        QTemporaryDir home;
        const SsoTokenCacheWriter writer(homeEnv(home.path()));
        QVERIFY(writer.writeToken(sessionConfig(), fixtureSessionToken()));
        const QString path = QDir(writer.cacheDirectory()).filePath(kSessionFile);
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup | QFileDevice::ReadOther));
        SsoToken t = fixtureSessionToken();
        t.accessToken = QStringLiteral("aoaAAAAAGd-SecondAccessToken0123456789");
        QVERIFY(writer.writeToken(sessionConfig(), t));
        QCOMPARE(modeOf(path), 0600u);
        QCOMPARE(readObject(path).value(QLatin1String("accessToken")).toString(), t.accessToken);
    }

    void registrationIsTheCliOne()
    {
        QTemporaryDir home;
        const SsoTokenCacheWriter writer(homeEnv(home.path()));
        SsoClientRegistration r;
        r.clientId = QStringLiteral("FixtureClientId-_abcdefghijklmnop");
        r.clientSecret =
            QStringLiteral("eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.FixtureClientSecret");
        r.expiresAt = QDateTime(QDate(2027, 3, 6), QTime(22, 40), Qt::UTC);
        r.scopes = {QStringLiteral("sso:account:access")};
        QVERIFY(writer.writeRegistration(sessionConfig(), r));
        const QString path = QDir(writer.cacheDirectory()).filePath(kRegistrationFile);
        QCOMPARE(readObject(path), readObject(fixturePath(kRegistrationFile)));
        QCOMPARE(modeOf(path), 0600u);
    }

    // The CLI's registration is reused while it has 15 minutes left, as the CLI does.
    void cliRegistrationIsReused()
    {
        QTemporaryDir home;
        const SsoTokenCacheWriter writer(homeEnv(home.path()));
        QVERIFY(QDir().mkpath(writer.cacheDirectory()));
        QVERIFY(QFile::copy(fixturePath(kRegistrationFile),
                            QDir(writer.cacheDirectory()).filePath(kRegistrationFile)));
        const QDateTime expiry(QDate(2027, 3, 6), QTime(22, 40), Qt::UTC);
        const auto reused = writer.loadRegistration(sessionConfig(), expiry.addSecs(-16 * 60));
        QVERIFY(reused);
        QCOMPARE(reused->clientId, QStringLiteral("FixtureClientId-_abcdefghijklmnop"));
        QCOMPARE(reused->expiresAt, expiry);
        QCOMPARE(reused->scopes, QStringList{QStringLiteral("sso:account:access")});
        QVERIFY(!writer.loadRegistration(sessionConfig(), expiry.addSecs(-14 * 60)));
        // Another session, region or scope set registers anew.
        SsoProfileConfig other = sessionConfig();
        other.registrationScopes.clear();
        QVERIFY(!writer.loadRegistration(other, expiry.addSecs(-3600)));
    }

    // What the AWS CLI wrote is read back whole, refresh fields included, and its secrets are
    // known to the Redactor from then on.
    void readerReadsTheCliFiles()
    {
        QTemporaryDir home;
        const SsoTokenCache cache(homeEnv(home.path()));
        QVERIFY(QDir().mkpath(cache.cacheDirectory()));
        QVERIFY(QFile::copy(fixturePath(kSessionFile), QDir(cache.cacheDirectory()).filePath(kSessionFile)));
        const Result<SsoToken> t = cache.load(sessionConfig());
        QVERIFY2(t, qPrintable(t.fault().message));
        const SsoToken expected = fixtureSessionToken();
        QCOMPARE(t->accessToken, expected.accessToken);
        QCOMPARE(t->expiresAt, QDateTime(QDate(2026, 12, 6), QTime(22, 40), Qt::UTC));
        QCOMPARE(t->refreshToken, expected.refreshToken);
        QCOMPARE(t->clientId, expected.clientId);
        QCOMPARE(t->clientSecret, expected.clientSecret);
        QCOMPARE(t->registrationExpiresAt, expected.registrationExpiresAt);
        const QString leaked =
            Redactor::redact(QStringLiteral("%1 %2 %3")
                                 .arg(expected.accessToken, expected.refreshToken, expected.clientSecret));
        QVERIFY2(!leaked.contains(QLatin1String("Fixture")), qPrintable(leaked));
    }

    void cachedTokensAreTheFilesWithAnAccessToken()
    {
        QTemporaryDir home;
        const SsoTokenCacheWriter writer(homeEnv(home.path()));
        QVERIFY(QDir().mkpath(writer.cacheDirectory()));
        for (const QString& name : {kSessionFile, kLegacyFile, kRegistrationFile})
            QVERIFY(QFile::copy(fixturePath(name), QDir(writer.cacheDirectory()).filePath(name)));
        const QList<SsoToken> tokens = writer.cachedTokens();
        QCOMPARE(tokens.size(), 2);
        QCOMPARE(QFileInfo(tokens.at(0).filePath).fileName(), kLegacyFile);
        QCOMPARE(tokens.at(0).region, QStringLiteral("eu-west-1"));
        QCOMPARE(QFileInfo(tokens.at(1).filePath).fileName(), kSessionFile);
    }

    void oidcEndpointFollowsThePartition()
    {
        QCOMPARE(SsoOidcClient::endpointFor(QStringLiteral("eu-west-1")).value(),
                 QUrl(QStringLiteral("https://oidc.eu-west-1.amazonaws.com")));
        QCOMPARE(SsoOidcClient::endpointFor(QStringLiteral("cn-north-1")).value(),
                 QUrl(QStringLiteral("https://oidc.cn-north-1.amazonaws.com.cn")));
        QCOMPARE(
            SsoOidcClient::endpointFor(QStringLiteral("eu-west-1"), QStringLiteral("http://127.0.0.1:4566"))
                .value(),
            QUrl(QStringLiteral("http://127.0.0.1:4566")));
        QVERIFY(!SsoOidcClient::endpointFor(QStringLiteral("eu-west-1.evil.example/x")));
    }

    void oauthErrorsAreNamedLikeTheApi()
    {
        const Fault pending = SsoOidcClient::parseError(
            400, {}, "{\"error\":\"authorization_pending\",\"error_description\":\"not yet\"}",
            QDateTime::currentDateTimeUtc());
        QCOMPARE(pending.code, QStringLiteral("AuthorizationPendingException"));
        const Fault slow =
            SsoOidcClient::parseError(400, {{"x-amzn-ErrorType", "SlowDownException"}},
                                      "{\"error\":\"slow_down\"}", QDateTime::currentDateTimeUtc());
        QCOMPARE(slow.code, QStringLiteral("SlowDownException"));
        const Fault denied = SsoOidcClient::parseError(400, {}, "{\"error\":\"access_denied\"}",
                                                       QDateTime::currentDateTimeUtc());
        QCOMPARE(denied.code, QStringLiteral("AccessDeniedException"));
    }

    void tokenAnswerIsParsed()
    {
        const QDateTime now(QDate(2026, 12, 6), QTime(22, 0), Qt::UTC);
        const Result<SsoToken> t =
            SsoOidcClient::parseToken("{\"accessToken\":\"aoaParsedAccessToken012345\",\"expiresIn\":3600,"
                                      "\"refreshToken\":\"aorParsedRefresh012345\",\"tokenType\":\"Bearer\"}",
                                      now);
        QVERIFY(t);
        QCOMPARE(t->expiresAt, now.addSecs(3600));
        QCOMPARE(t->refreshToken, QStringLiteral("aorParsedRefresh012345"));
        QVERIFY(!Redactor::redact(QStringLiteral("aoaParsedAccessToken012345"))
                     .contains(QLatin1String("Parsed")));
        QVERIFY(!SsoOidcClient::parseToken("{\"accessToken\":\"x\",\"expiresIn\":1e300}", now));
    }
};

QTEST_GUILESS_MAIN(TestSsoTokenCacheWriter)
#include "tst_ssotokencachewriter.moc"
