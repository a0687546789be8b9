#include "SimCertificateAuthority.h"
#include "config/AppSettings.h"
#include "config/AwsConfigFile.h"
#include "config/ClientConfigResolver.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace dmsx;

// AppSettings on a real QSettings file, and the precedence of its values through
// ClientConfigResolver: app setting > environment > ~/.aws file > default.
class TestAppSettings : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString settingsPath() const { return m_dir.filePath(QStringLiteral("settings.ini")); }

    // A config file with one profile "dev"; returns the environment that points at it.
    QProcessEnvironment awsFiles(const QByteArray& config) const
    {
        const QString path = m_dir.filePath(QStringLiteral("config"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(config);
        f.close();
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), path);
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_dir.filePath(QStringLiteral("none")));
        return env;
    }

    // A real certificate (a throw-away CA): the bundle only has to parse.
    static QString writeCaBundle(const QString& path)
    {
        static const Result<SimTlsMaterial> material = SimCertificateAuthority::generate();
        QFile out(path);
        if (material.ok() && out.open(QIODevice::WriteOnly))
            out.write(material->caCertificatePem);
        return path;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void unsetByDefault()
    {
        QSettings empty(m_dir.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        QStringList warnings;
        const AppSettings s = AppSettings::load(empty, &warnings);
        QVERIFY(warnings.isEmpty());
        QVERIFY(s == AppSettings());
        QVERIFY(s.endpointUrl.isEmpty());
        QVERIFY(!s.useFips && !s.useDualStack && !s.proxyMode && !s.maxAttempts && !s.pollIntervalSeconds);
        QVERIFY(!s.allowInsecureHttp);   // plain http:// beyond this computer only when asked for
        QVERIFY(!s.proxy().has_value()); // system behaviour
        QVERIFY(s.pollScheduleMs().isEmpty());
        QCOMPARE(s.effectiveNotifications(), AppSettings::kDefaultNotifications);
    }

    void roundTripThroughARealFile()
    {
        AppSettings s;
        s.endpointUrl = QStringLiteral("https://dms.internal.example:8443/");
        s.allowInsecureHttp = true;
        s.useFips = false;
        s.useDualStack = true;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("proxy.corp.example");
        s.proxyPort = 8080;
        s.proxyUser = QStringLiteral("alice");
        s.caBundlePath = QStringLiteral("/etc/ssl/corp.pem");
        s.maxAttempts = 7;
        s.pollIntervalSeconds = 45;
        s.notifications = AppSettings::NotificationMode::WhenInactive;
        s.retention = AppSettings::RetentionMode::Rows;
        s.retentionRows = 5000;
        {
            QSettings file(settingsPath(), QSettings::IniFormat);
            file.setValue(QStringLiteral("window/geometry"), QByteArray("keep me"));
            s.save(file);
        }
        QSettings reread(settingsPath(), QSettings::IniFormat);
        QStringList warnings;
        const AppSettings loaded = AppSettings::load(reread, &warnings);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
        QVERIFY(loaded == s);
        QCOMPARE(loaded.proxyUser, QStringLiteral("alice"));
        QVERIFY(loaded.allowInsecureHttp);
        QVERIFY(loaded.clientSettings().allowInsecureHttp);
        QCOMPARE(loaded.pollScheduleMs(), QList<int>{45000});
        QCOMPARE(reread.value(QStringLiteral("window/geometry")).toByteArray(), QByteArray("keep me"));
        // The password is never part of the settings.
        QFile raw(settingsPath());
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(!raw.readAll().contains("password"));

        // Back to "not set": the keys go away.
        {
            QSettings file(settingsPath(), QSettings::IniFormat);
            AppSettings().save(file);
        }
        QSettings cleared(settingsPath(), QSettings::IniFormat);
        QVERIFY(AppSettings::load(cleared) == AppSettings());
        cleared.beginGroup(QStringLiteral("settings"));
        QVERIFY(cleared.allKeys().isEmpty());
    }

    void corruptAndOutOfRangeValuesAreIgnoredWithAWarning()
    {
        const QString path = m_dir.filePath(QStringLiteral("corrupt.ini"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[settings]\n"
                "endpointUrl=ftp://nope\n"
                "useFips=maybe\n"
                "useDualStack=TRUE\n"
                "maxAttempts=99\n"
                "pollIntervalSeconds=abc\n"
                "notifications=loud\n"
                "caBundle=/somewhere/ca.pem\n"
                "proxy\\mode=manual\n"
                "proxy\\host=\n"
                "proxy\\port=70000\n"
                "history\\retention=days\n"
                "history\\retentionDays=-3\n");
        f.close();
        QSettings settings(path, QSettings::IniFormat);
        QStringList warnings;
        const AppSettings s = AppSettings::load(settings, &warnings);
        QVERIFY(s.endpointUrl.isEmpty());
        QVERIFY(!s.useFips);
        QCOMPARE(s.useDualStack, std::optional<bool>(true)); // case does not matter
        QVERIFY(!s.maxAttempts);
        QVERIFY(!s.pollIntervalSeconds);
        QVERIFY(!s.notifications);
        QVERIFY(!s.proxyMode); // half a manual proxy falls back to the system's
        QVERIFY(!s.retention);
        QCOMPARE(s.caBundlePath, QStringLiteral("/somewhere/ca.pem"));
        QCOMPARE(warnings.size(), 8);
        const QString all = warnings.join(u'\n');
        for (const char* key : {"endpointUrl", "useFips", "maxAttempts", "pollIntervalSeconds",
                                "notifications", "proxy/mode", "retentionDays"})
            QVERIFY2(all.contains(QLatin1String(key)), key);
        QVERIFY(all.contains(QStringLiteral("from 1 to 10")));

        // Not a settings file at all.
        QFile garbage(m_dir.filePath(QStringLiteral("garbage.ini")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        static const char bytes[] = "\x00\xff\xfe[[[settings\n=\n";
        garbage.write(bytes, sizeof bytes - 1);
        garbage.close();
        QSettings broken(garbage.fileName(), QSettings::IniFormat);
        QVERIFY(AppSettings::load(broken) == AppSettings());
    }

    void validationSaysWhatIsWrong()
    {
        QVERIFY(AppSettings::endpointUrlProblem(QStringLiteral("https://dms.example.com")).isEmpty());
        QVERIFY(AppSettings::endpointUrlProblem(QStringLiteral("http://127.0.0.1:4566")).isEmpty());
        QVERIFY(AppSettings::endpointUrlProblem(QStringLiteral("dms.example.com")).contains(u"https://"));
        QVERIFY(AppSettings::endpointUrlProblem(QStringLiteral("https://u:p@dms.example.com"))
                    .contains(QStringLiteral("user name")));
        QVERIFY(AppSettings::caBundleProblem(m_dir.filePath(QStringLiteral("missing.pem")))
                    .contains(QStringLiteral("does not exist")));
        QFile notPem(m_dir.filePath(QStringLiteral("not.pem")));
        QVERIFY(notPem.open(QIODevice::WriteOnly));
        notPem.write("hello\n");
        notPem.close();
        QVERIFY(AppSettings::caBundleProblem(notPem.fileName()).contains(QStringLiteral("no certificate")));
        QVERIFY(
            AppSettings::caBundleProblem(writeCaBundle(m_dir.filePath(QStringLiteral("ok.pem")))).isEmpty());
        QVERIFY(AppSettings::proxyPortProblem(70000).contains(QStringLiteral("between 1 and 65535")));
        QVERIFY(AppSettings::proxyHostProblem(QString()).contains(QStringLiteral("host name")));
        QVERIFY(AppSettings::proxyHostProblem(QStringLiteral("http://proxy:3128"))
                    .contains(QStringLiteral("URL")));

        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("proxy");
        s.proxyPort = 0;
        s.maxAttempts = 11;
        QCOMPARE(s.problems().size(), 2);
    }

    void appSettingBeatsEnvironmentBeatsFileBeatsDefault_data()
    {
        QTest::addColumn<bool>("setting");
        QTest::addColumn<bool>("environment");
        QTest::addColumn<bool>("file");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<int>("kind");
        QTest::newRow("default") << false << false << false << 3 << int(ValueSource::Kind::Default);
        QTest::newRow("file") << false << false << true << 5 << int(ValueSource::Kind::File);
        QTest::newRow("environment") << false << true << true << 6 << int(ValueSource::Kind::Environment);
        QTest::newRow("setting") << true << true << true << 1 << int(ValueSource::Kind::Setting);
    }
    void appSettingBeatsEnvironmentBeatsFileBeatsDefault()
    {
        QFETCH(bool, setting);
        QFETCH(bool, environment);
        QFETCH(bool, file);
        QFETCH(int, attempts);
        QFETCH(int, kind);
        const QString ca = writeCaBundle(m_dir.filePath(QStringLiteral("file-ca.pem")));
        QProcessEnvironment env =
            awsFiles(file ? QByteArray("[profile dev]\nregion = eu-west-1\nmax_attempts = 5\n"
                                       "use_dualstack_endpoint = true\nca_bundle = ") +
                                ca.toUtf8() + "\n"
                          : QByteArray("[profile dev]\nregion = eu-west-1\n"));
        if (environment) {
            env.insert(QStringLiteral("AWS_MAX_ATTEMPTS"), QStringLiteral("6"));
            env.insert(QStringLiteral("AWS_USE_DUALSTACK_ENDPOINT"), QStringLiteral("true"));
            env.insert(QStringLiteral("AWS_CA_BUNDLE"), ca);
        }
        ClientOptions options;
        options.profile = QStringLiteral("dev");
        if (setting) {
            AppSettings app;
            app.maxAttempts = 1;
            app.useDualStack = false;
            app.caBundlePath = ca;
            options.settings = app.clientSettings();
        }
        const Result<EffectiveClientConfig> cfg = ClientConfigResolver::resolve(options, env);
        QVERIFY2(cfg.ok(), qPrintable(cfg.ok() ? QString() : cfg.fault().message));
        QCOMPARE(cfg->maxAttempts.value, attempts);
        QCOMPARE(int(cfg->maxAttempts.source.kind), kind);
        QCOMPARE(int(cfg->useDualStack.source.kind), kind);
        QCOMPARE(cfg->useDualStack.value, kind != int(ValueSource::Kind::Default) && !setting);
        if (kind != int(ValueSource::Kind::Default))
            QCOMPARE(int(cfg->caBundle.source.kind), kind);
        if (setting) {
            QCOMPARE(cfg->maxAttempts.source.describe(), QStringLiteral("app setting (Settings dialog)"));
            QCOMPARE(cfg->endpoint.url.host(), QStringLiteral("dms.eu-west-1.amazonaws.com"));
        }
    }

    void endpointAndFipsFromTheAppAreCheckedByTheEndpointRules()
    {
        QProcessEnvironment env =
            awsFiles("[profile dev]\nregion = us-east-1\nendpoint_url = http://localhost:1\n");
        env.insert(QStringLiteral("AWS_USE_FIPS_ENDPOINT"), QStringLiteral("true"));
        ClientOptions options;
        options.profile = QStringLiteral("dev");
        // The environment's FIPS plus the file's custom endpoint: refused, as by the SDKs.
        QVERIFY(!ClientConfigResolver::resolve(options, env).ok());
        // The app turns FIPS off: the file's endpoint is used.
        options.settings.useFips = false;
        Result<EffectiveClientConfig> cfg = ClientConfigResolver::resolve(options, env);
        QVERIFY(cfg.ok());
        QCOMPARE(cfg->endpoint.url, QUrl(QStringLiteral("http://localhost:1")));
        QCOMPARE(cfg->useFips.source.kind, ValueSource::Kind::Setting);
        // The app's endpoint wins over the file's, even with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.
        options.settings.endpointUrl = QStringLiteral("https://dms.corp.example");
        env.insert(QStringLiteral("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), QStringLiteral("true"));
        cfg = ClientConfigResolver::resolve(options, env);
        QVERIFY(cfg.ok());
        QCOMPARE(cfg->endpoint.url, QUrl(QStringLiteral("https://dms.corp.example")));
        QCOMPARE(cfg->endpointUrl.source.kind, ValueSource::Kind::Setting);
        // FIPS on in the app with a custom endpoint: the rule set's own error.
        options.settings.useFips = true;
        const Result<EffectiveClientConfig> refused = ClientConfigResolver::resolve(options, env);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.fault().message.contains(QStringLiteral("FIPS and custom endpoint")),
                 qPrintable(refused.fault().message));
        QVERIFY(refused.fault().detail.contains(QStringLiteral("app setting")));
        // An explicit option still beats the app setting.
        options.useFips = false;
        QVERIFY(ClientConfigResolver::resolve(options, env).ok());
    }

    void proxyModes()
    {
        AppSettings s;
        s.proxyMode = AppSettings::ProxyMode::None;
        QCOMPARE(s.proxy()->type(), QNetworkProxy::NoProxy);
        s.proxyMode = AppSettings::ProxyMode::Manual;
        s.proxyHost = QStringLiteral("proxy.corp");
        s.proxyPort = 3128;
        QCOMPARE(s.proxy(QStringLiteral("ignored without a user"))->password(), QString());
        QVERIFY(!s.needsProxyPassword());
        s.proxyUser = QStringLiteral("bob");
        QVERIFY(s.needsProxyPassword());
        const QNetworkProxy p = *s.proxy(QStringLiteral("pw"));
        QCOMPARE(p.type(), QNetworkProxy::HttpProxy);
        QCOMPARE(p.hostName(), QStringLiteral("proxy.corp"));
        QCOMPARE(p.port(), quint16(3128));
        QCOMPARE(p.user(), QStringLiteral("bob"));
        QCOMPARE(p.password(), QStringLiteral("pw"));
        s.proxyMode = AppSettings::ProxyMode::System;
        QVERIFY(!s.proxy().has_value());
    }

    void retentionFallsBackToTheEnvironment()
    {
        QProcessEnvironment env;
        AppSettings s;
        QCOMPARE(s.effectiveRetention(env).source.kind, ValueSource::Kind::Default);
        env.insert(QStringLiteral("DMSX_HISTORY_RETENTION_DAYS"), QStringLiteral("30"));
        QCOMPARE(s.effectiveRetention(env).days, 30);
        QCOMPARE(s.effectiveRetention(env).source.name, QStringLiteral("DMSX_HISTORY_RETENTION_DAYS"));
        s.retention = AppSettings::RetentionMode::KeepAll;
        QCOMPARE(s.effectiveRetention(env).days, 0);
        QCOMPARE(s.effectiveRetention(env).rows, 0);
        QCOMPARE(s.effectiveRetention(env).source.kind, ValueSource::Kind::Setting);
        s.retention = AppSettings::RetentionMode::Rows;
        s.retentionRows = 12;
        QCOMPARE(s.effectiveRetention(env).rows, 12);
    }

    void connectionRelevantChanges()
    {
        AppSettings a;
        AppSettings b = a;
        b.pollIntervalSeconds = 5;
        b.notifications = AppSettings::NotificationMode::Off;
        b.retention = AppSettings::RetentionMode::KeepAll;
        QVERIFY(!b.connectionDiffers(a));
        QVERIFY(b != a);
        b.maxAttempts = 1;
        QVERIFY(b.connectionDiffers(a));
        b = a;
        b.proxyMode = AppSettings::ProxyMode::None;
        QVERIFY(b.connectionDiffers(a));
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
