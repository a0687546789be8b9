// AppProfileStore (the QSettings index of our profiles) and SessionCredentials (keys kept in
// memory for one run): neither may ever put a secret into a file.
#include "KeyringTestSupport.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "credentials/AppProfileStore.h"
#include "credentials/SessionCredentials.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;

class TestAppProfileStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void defaultPathIsUnderGenericConfig()
    {
        QVERIFY(AppProfileStore::defaultFilePath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)));
        QVERIFY(AppProfileStore::defaultFilePath().endsWith(QStringLiteral("/" DMSX_APP_ID "/profiles.ini")));
    }

    void saveListReplaceRemove()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/profiles.ini"));
        AppProfileStore store(path);
        QVERIFY(store.names().isEmpty());
        QVERIFY(store.save({QStringLiteral("zeta"), {}, {}, {}, {}}).ok());
        QVERIFY(store
                    .save({QStringLiteral("alpha"), QStringLiteral("eu-west-1"),
                           QStringLiteral("http://127.0.0.1:4566"), QStringLiteral("arn:aws:iam::1:role/r"),
                           QStringLiteral("/x/credentials (profile a)")})
                    .ok());
        QCOMPARE(store.names(), (QStringList{QStringLiteral("alpha"), QStringLiteral("zeta")}));
        QVERIFY(store.contains(QStringLiteral("zeta"))); // listed although every setting is empty

        // A second instance (another process, the GUI) sees the same file.
        const auto alpha = AppProfileStore(path).profile(QStringLiteral("alpha"));
        QVERIFY(alpha);
        QCOMPARE(alpha->region, QStringLiteral("eu-west-1"));
        QCOMPARE(alpha->endpointUrl, QStringLiteral("http://127.0.0.1:4566"));
        QCOMPARE(alpha->roleArn, QStringLiteral("arn:aws:iam::1:role/r"));
        QCOMPARE(alpha->importedFrom, QStringLiteral("/x/credentials (profile a)"));

        // Replacing clears settings that are no longer given.
        QVERIFY(store.save({QStringLiteral("alpha"), QStringLiteral("us-east-2"), {}, {}, {}}).ok());
        QCOMPARE(store.profile(QStringLiteral("alpha"))->region, QStringLiteral("us-east-2"));
        QVERIFY(store.profile(QStringLiteral("alpha"))->endpointUrl.isEmpty());
        QVERIFY(store.profile(QStringLiteral("alpha"))->roleArn.isEmpty());

        // Nextcloud-style layout: one group per profile, a layout version.
        QSettings raw(path, QSettings::IniFormat);
        QCOMPARE(raw.value(QStringLiteral("profiles_version")).toInt(), 1);
        QCOMPARE(raw.value(QStringLiteral("profiles/alpha/region")).toString(), QStringLiteral("us-east-2"));

        QCOMPARE(store.remove(QStringLiteral("alpha")).value(), true);
        QCOMPARE(store.remove(QStringLiteral("alpha")).value(), false);
        QCOMPARE(store.names(), QStringList{QStringLiteral("zeta")});
        QVERIFY(!store.profile(QStringLiteral("alpha")));
    }

    void ssoProfileRoundTrips()
    {
        QTemporaryDir dir;
        AppProfileStore store(dir.filePath(QStringLiteral("profiles.ini")));
        AppProfileStore::Profile p;
        p.name = QStringLiteral("dba-sso");
        p.region = QStringLiteral("eu-west-1");
        p.ssoStartUrl = QStringLiteral("https://d-9067c0ffee.awsapps.com/start");
        p.ssoRegion = QStringLiteral("us-east-1");
        p.ssoAccountId = QStringLiteral("111122223333");
        p.ssoRoleName = QStringLiteral("DmsOperator");
        QVERIFY(store.save(p).ok());
        const auto read = store.profile(QStringLiteral("dba-sso"));
        QVERIFY(read);
        QVERIFY(read->isSso());
        QCOMPARE(read->ssoStartUrl, p.ssoStartUrl);
        QCOMPARE(read->ssoRegion, p.ssoRegion);
        QCOMPARE(read->ssoAccountId, p.ssoAccountId);
        QCOMPARE(read->ssoRoleName, p.ssoRoleName);
        // An sso-session of its own (the profile's name), so the token is refreshed.
        const SsoProfileConfig c = read->ssoConfig();
        QCOMPARE(c.sessionName, QStringLiteral("dba-sso"));
        QCOMPARE(c.registrationScopes, QStringList{QStringLiteral("sso:account:access")});
        QCOMPARE(c.accountId, p.ssoAccountId);
        // Keys profiles are no SSO profiles.
        QVERIFY(store.save({QStringLiteral("keys"), {}, {}, {}, {}}).ok());
        QVERIFY(!store.profile(QStringLiteral("keys"))->isSso());
    }

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("dev") << true;
        QTest::newRow("punctuation") << QStringLiteral("team.ops_2-eu@acme") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("slash") << QStringLiteral("a/b") << false; // would nest keychain keys and groups
        QTest::newRow("space") << QStringLiteral("my profile") << false;
        QTest::newRow("dotdot") << QStringLiteral("..") << false;
        QTest::newRow("too long") << QString(65, QLatin1Char('a')) << false;
    }
    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(AppProfileStore::isValidName(name), valid);
        QTemporaryDir dir;
        AppProfileStore store(dir.filePath(QStringLiteral("p.ini")));
        const Result<void> r = store.save({name, {}, {}, {}, {}});
        QCOMPARE(r.ok(), valid);
        if (!valid) {
            QCOMPARE(r.fault().code, FaultCode::InvalidProfileName);
            QVERIFY(store.names().isEmpty());
        }
    }

    void unwritableFileIsAFault()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        AppProfileStore store(dir.filePath(QStringLiteral("file/profiles.ini"))); // parent is a file
        const Result<void> r = store.save({QStringLiteral("dev"), {}, {}, {}, {}});
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::SettingsNotWritable);
    }

    void sessionCredentialsStayInMemory()
    {
        const QString secret = QStringLiteral("SessionOnlySecret/xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        QTemporaryDir home;
        SessionCredentials session(QStringLiteral("dev"));
        QVERIFY(!session.isSet());
        bool called = false;
        Result<AwsCredentials> got = Fault();
        session.fetch(this, [&](const Result<AwsCredentials>& r) {
            called = true;
            got = r;
        });
        QVERIFY(!called); // never synchronous
        QTRY_VERIFY(called);
        QVERIFY(!got.ok());
        QCOMPARE(got.fault().code, FaultCode::MissingCredentials);

        AwsCredentials c;
        c.accessKeyId = QStringLiteral("AKIASESSIONONLY00001");
        c.secretAccessKey = secret;
        session.set(c);
        QVERIFY(session.isSet());
        QVERIFY(!Redactor::redact(QStringLiteral("x ") + secret).contains(secret)); // registered
        called = false;
        session.fetch(this, [&](const Result<AwsCredentials>& r) {
            called = true;
            got = r;
        });
        QTRY_VERIFY(called);
        QVERIFY(got.ok());
        QVERIFY(got.value().secretAccessKey == secret);
        QCOMPARE(got.value().source, QStringLiteral("session-only credentials (in memory, profile dev)"));

        session.clear();
        QVERIFY(!session.isSet());
        called = false;
        session.fetch(this, [&](const Result<AwsCredentials>& r) {
            called = true;
            got = r;
        });
        QTRY_VERIFY(called);
        QVERIFY(!got.ok());
        // Nothing of it reached the settings folder.
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QVERIFY(keyringtest::filesContaining({config, home.path()}, {secret}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAppProfileStore)
#include "tst_appprofilestore.moc"
