#include "config/AwsConfigFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(content), content.size());
}

QProcessEnvironment homeEnv(const QString& home)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), home);
    return env;
}

bool hasWarning(const AwsConfigFile& f, const QString& path, int line, const QString& fragment)
{
    for (const AwsConfigWarning& w : f.warnings()) {
        if (w.filePath == path && w.line == line && w.message.contains(fragment))
            return true;
    }
    return false;
}

QString dumpWarnings(const AwsConfigFile& f)
{
    QStringList out;
    for (const AwsConfigWarning& w : f.warnings())
        out << w.toString();
    return out.join(u'\n');
}

} // namespace

class TestAwsConfigFile : public QObject
{
    Q_OBJECT
private slots:
    void defaultPaths_data()
    {
        QTest::addColumn<QStringList>("envPairs");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("credentials");
        QTest::newRow("HOME") << QStringList{QStringLiteral("HOME"), QStringLiteral("/h/me")}
                              << "/h/me/.aws/config"
                              << "/h/me/.aws/credentials";
        QTest::newRow("USERPROFILE when no HOME")
            << QStringList{QStringLiteral("USERPROFILE"), QStringLiteral("/users/me")}
            << "/users/me/.aws/config"
            << "/users/me/.aws/credentials";
        QTest::newRow("HOMEDRIVE+HOMEPATH") << QStringList{QStringLiteral("HOMEDRIVE"), QStringLiteral("D:"),
                                                           QStringLiteral("HOMEPATH"), QStringLiteral("/me")}
                                            << "D:/me/.aws/config"
                                            << "D:/me/.aws/credentials";
        QTest::newRow("HOME beats USERPROFILE")
            << QStringList{QStringLiteral("HOME"), QStringLiteral("/h/me"), QStringLiteral("USERPROFILE"),
                           QStringLiteral("/users/me")}
            << "/h/me/.aws/config"
            << "/h/me/.aws/credentials";
        QTest::newRow("overrides") << QStringList{QStringLiteral("HOME"),
                                                  QStringLiteral("/h/me"),
                                                  QStringLiteral("AWS_CONFIG_FILE"),
                                                  QStringLiteral("/etc/aws.cfg"),
                                                  QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                                                  QStringLiteral("/run/creds")}
                                   << "/etc/aws.cfg"
                                   << "/run/creds";
        QTest::newRow("override with tilde")
            << QStringList{QStringLiteral("HOME"), QStringLiteral("/h/me"), QStringLiteral("AWS_CONFIG_FILE"),
                           QStringLiteral("~/work/config")}
            << "/h/me/work/config"
            << "/h/me/.aws/credentials";
        QTest::newRow("no home at all") << QStringList{} << QString() << QString();
    }
    void defaultPaths()
    {
        QFETCH(QStringList, envPairs);
        QFETCH(QString, config);
        QFETCH(QString, credentials);
        QProcessEnvironment env;
        for (qsizetype i = 0; i + 1 < envPairs.size(); i += 2)
            env.insert(envPairs.at(i), envPairs.at(i + 1));
        const AwsConfigFile::Paths p = AwsConfigFile::defaultPaths(env);
        QCOMPARE(p.configFile, config);
        QCOMPARE(p.credentialsFile, credentials);
    }

    void missingFilesAreNotAnError()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const AwsConfigFile f = AwsConfigFile::load(homeEnv(home.path()));
        QVERIFY(!f.configFileFound());
        QVERIFY(!f.credentialsFileFound());
        QVERIFY(f.profileNames().isEmpty());
        QVERIFY(f.warnings().isEmpty());
        QCOMPARE(f.paths().configFile, home.filePath(QStringLiteral(".aws/config")));
    }

    void readsHomeFilesAndMergesProfiles()
    {
        QTemporaryDir home;
        const QString config = home.filePath(QStringLiteral(".aws/config"));
        const QString credentials = home.filePath(QStringLiteral(".aws/credentials"));
        writeFile(config, "[default]\n"
                          "region = eu-west-1\n"
                          "output = json\n"
                          "\n"
                          "[profile dev]\n"
                          "region = us-east-2\n"
                          "aws_access_key_id = AKIDCONFIG\n"
                          "\n"
                          "[profile configonly]\n"
                          "region = ap-south-1\n");
        writeFile(credentials, "[default]\n"
                               "aws_access_key_id = AKIDDEFAULT\n"
                               "aws_secret_access_key = secret-default\n"
                               "[dev]\n"
                               "aws_access_key_id = AKIDDEV\n"
                               "aws_secret_access_key = secret-dev\n"
                               "[credsonly]\n"
                               "aws_access_key_id = AKIDCREDS\n");
        const AwsConfigFile f = AwsConfigFile::load(homeEnv(home.path()));
        QVERIFY(f.configFileFound());
        QVERIFY(f.credentialsFileFound());
        QVERIFY2(f.warnings().isEmpty(), qPrintable(dumpWarnings(f)));
        QCOMPARE(f.profileNames(), QStringList({QStringLiteral("configonly"), QStringLiteral("credsonly"),
                                                QStringLiteral("default"), QStringLiteral("dev")}));

        const AwsConfigSection* def = f.profile(QStringLiteral("default"));
        QVERIFY(def);
        QCOMPARE(def->value(QStringLiteral("region")), QStringLiteral("eu-west-1"));
        QCOMPARE(def->find(QStringLiteral("region"))->filePath, config);
        QCOMPARE(def->find(QStringLiteral("region"))->line, 2);
        QCOMPARE(def->value(QStringLiteral("aws_access_key_id")), QStringLiteral("AKIDDEFAULT"));
        QCOMPARE(def->find(QStringLiteral("aws_access_key_id"))->filePath, credentials);
        QCOMPARE(def->find(QStringLiteral("aws_access_key_id"))->line, 2);
        QCOMPARE(def->value(QStringLiteral("output")), QStringLiteral("json"));

        // The credentials file wins for a key present in both.
        const AwsConfigSection* dev = f.profile(QStringLiteral("dev"));
        QVERIFY(dev);
        QCOMPARE(dev->value(QStringLiteral("aws_access_key_id")), QStringLiteral("AKIDDEV"));
        QCOMPARE(dev->find(QStringLiteral("aws_access_key_id"))->filePath, credentials);
        QCOMPARE(dev->value(QStringLiteral("region")), QStringLiteral("us-east-2"));
        QCOMPARE(dev->find(QStringLiteral("region"))->line, 6);

        QVERIFY(f.hasProfile(QStringLiteral("credsonly")));
        QVERIFY(f.profile(QStringLiteral("nope")) == nullptr);
    }

    void credentialsWinWhateverTheLoadOrder()
    {
        AwsConfigFile f;
        f.addCredentialsText(QStringLiteral("[p]\nregion = from-creds\n"), QStringLiteral("/c"));
        f.addConfigText(QStringLiteral("[profile p]\nregion = from-config\nextra = 1\n"),
                        QStringLiteral("/f"));
        QCOMPARE(f.profile(QStringLiteral("p"))->value(QStringLiteral("region")),
                 QStringLiteral("from-creds"));
        QCOMPARE(f.profile(QStringLiteral("p"))->value(QStringLiteral("extra")), QStringLiteral("1"));
    }

    void envOverridesPaths()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("alt/cfg"));
        const QString credentials = dir.filePath(QStringLiteral("alt/creds"));
        writeFile(config, "[profile alt]\nregion = sa-east-1\n");
        writeFile(credentials, "[altcreds]\naws_access_key_id = A\n");
        // A decoy in the home directory must not be read.
        writeFile(dir.filePath(QStringLiteral("home/.aws/config")), "[profile decoy]\nregion = x\n");
        QProcessEnvironment env = homeEnv(dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), config);
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), credentials);
        const AwsConfigFile f = AwsConfigFile::load(env);
        QCOMPARE(f.profileNames(), QStringList({QStringLiteral("alt"), QStringLiteral("altcreds")}));
        QCOMPARE(f.profile(QStringLiteral("alt"))->value(QStringLiteral("region")),
                 QStringLiteral("sa-east-1"));
    }

    void sectionNamingRules()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        const QString credentials = dir.filePath(QStringLiteral("credentials"));
        writeFile(config, "[dev]\n" // not a profile in the config file
                          "region = us-east-1\n"
                          "[profile \"quoted\"]\n"
                          "region = us-west-1\n"
                          "[  profile   spaced  ]\n"
                          "region = us-west-2\n"
                          "[sso-session my-sso]\n"
                          "sso_start_url = https://example.awsapps.com/start\n"
                          "sso_region = us-east-1\n"
                          "[plugins]\n"
                          "cli_legacy_plugin_path = /x\n");
        writeFile(credentials, "[profile wrong]\n"
                               "aws_access_key_id = A\n");
        AwsConfigFile::Paths paths{config, credentials};
        const AwsConfigFile f = AwsConfigFile::load(paths);
        QVERIFY(!f.hasProfile(QStringLiteral("dev")));
        QCOMPARE(f.section(AwsConfigFile::SectionKind::Other, QStringLiteral("dev"))
                     ->value(QStringLiteral("region")),
                 QStringLiteral("us-east-1"));
        QCOMPARE(f.profile(QStringLiteral("quoted"))->value(QStringLiteral("region")),
                 QStringLiteral("us-west-1"));
        QCOMPARE(f.profile(QStringLiteral("spaced"))->value(QStringLiteral("region")),
                 QStringLiteral("us-west-2"));
        QCOMPARE(f.sectionNames(AwsConfigFile::SectionKind::SsoSession),
                 QStringList{QStringLiteral("my-sso")});
        QCOMPARE(f.ssoSession(QStringLiteral("my-sso"))->value(QStringLiteral("sso_region")),
                 QStringLiteral("us-east-1"));
        QVERIFY(f.section(AwsConfigFile::SectionKind::Other, QStringLiteral("plugins")));
        // In the credentials file the header is the profile name as written, with a hint.
        QVERIFY(f.hasProfile(QStringLiteral("profile wrong")));
        QVERIFY(!f.hasProfile(QStringLiteral("wrong")));
        QVERIFY2(hasWarning(f, credentials, 1, QStringLiteral("[wrong]")), qPrintable(dumpWarnings(f)));
    }

    void profileDefaultBeatsBareDefault()
    {
        AwsConfigFile f;
        f.addConfigText(QStringLiteral("[profile default]\nregion = from-profile-default\n"
                                       "[default]\nregion = from-bare\noutput = text\n"),
                        QStringLiteral("/cfg"));
        const AwsConfigSection* d = f.profile(QStringLiteral("default"));
        QVERIFY(d);
        QCOMPARE(d->value(QStringLiteral("region")), QStringLiteral("from-profile-default"));
        QCOMPARE(d->value(QStringLiteral("output")), QStringLiteral("text"));
    }

    void commentsAndWhitespace()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        writeFile(config, "# a comment\n"
                          "; another comment\n"
                          "   # indented comment\n"
                          "[profile c]   # comment after a header\n"
                          "region=us-east-1\n"
                          "\toutput\t=\ttext\t\n"
                          "   cli_pager   =    less -R   \n"
                          "ca_bundle = /etc/ssl/a#b.pem\n"
                          "role_session_name = x ; trailing note\n"
                          "endpoint_url = http://h:1/#frag\n"
                          "Mixed_Case_Key = Kept Value\n"
                          "custom_unknown_key = anything = with equals\n"
                          "\r\n"
                          "sso_region = eu-west-1\r\n");
        AwsConfigFile::Paths paths{config, QString()};
        const AwsConfigFile f = AwsConfigFile::load(paths);
        QVERIFY2(f.warnings().isEmpty(), qPrintable(dumpWarnings(f)));
        const AwsConfigSection* c = f.profile(QStringLiteral("c"));
        QVERIFY(c);
        QCOMPARE(c->value(QStringLiteral("region")), QStringLiteral("us-east-1"));
        QCOMPARE(c->value(QStringLiteral("output")), QStringLiteral("text"));
        QCOMPARE(c->value(QStringLiteral("cli_pager")), QStringLiteral("less -R"));
        // '#' or ';' only starts a comment at the line start or after whitespace.
        QCOMPARE(c->value(QStringLiteral("ca_bundle")), QStringLiteral("/etc/ssl/a#b.pem"));
        QCOMPARE(c->value(QStringLiteral("role_session_name")), QStringLiteral("x"));
        QCOMPARE(c->value(QStringLiteral("endpoint_url")), QStringLiteral("http://h:1/#frag"));
        // Keys are lower-cased like the AWS CLI does; values keep their case; unknown keys are kept.
        QCOMPARE(c->value(QStringLiteral("mixed_case_key")), QStringLiteral("Kept Value"));
        QCOMPARE(c->value(QStringLiteral("custom_unknown_key")), QStringLiteral("anything = with equals"));
        QCOMPARE(c->value(QStringLiteral("sso_region")), QStringLiteral("eu-west-1"));
        QCOMPARE(c->find(QStringLiteral("sso_region"))->line, 14);
        QCOMPARE(c->values.size(), 9);
    }

    void servicesSubSections()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        writeFile(config, "[profile dev]\n"
                          "services = local-dms\n"
                          "[services local-dms]\n"
                          "database_migration_service =\n"
                          "  endpoint_url = http://localhost:4566\n"
                          "  # a comment inside\n"
                          "\tregion_hint = x\n"
                          "s3 =\n"
                          "  endpoint_url = http://localhost:9000\n"
                          "  addressing_style = path\n"
                          "top_level = after\n"
                          "  indented_but_top = y\n");
        AwsConfigFile::Paths paths{config, QString()};
        const AwsConfigFile f = AwsConfigFile::load(paths);
        QVERIFY2(f.warnings().isEmpty(), qPrintable(dumpWarnings(f)));
        QCOMPARE(f.profile(QStringLiteral("dev"))->value(QStringLiteral("services")),
                 QStringLiteral("local-dms"));
        const AwsConfigSection* s = f.services(QStringLiteral("local-dms"));
        QVERIFY(s);
        const AwsConfigValue* url =
            s->findSub(QStringLiteral("database_migration_service"), QStringLiteral("endpoint_url"));
        QVERIFY(url);
        QCOMPARE(url->value, QStringLiteral("http://localhost:4566"));
        QCOMPARE(url->line, 5);
        QCOMPARE(url->filePath, config);
        QCOMPARE(
            s->findSub(QStringLiteral("database_migration_service"), QStringLiteral("region_hint"))->value,
            QStringLiteral("x"));
        QCOMPARE(s->findSub(QStringLiteral("s3"), QStringLiteral("endpoint_url"))->value,
                 QStringLiteral("http://localhost:9000"));
        QCOMPARE(s->subSections.value(QStringLiteral("s3")).size(), 2);
        // A non-indented key closes the sub-section; later indented keys stay top-level.
        QCOMPARE(s->value(QStringLiteral("top_level")), QStringLiteral("after"));
        QCOMPARE(s->value(QStringLiteral("indented_but_top")), QStringLiteral("y"));
        QVERIFY(!s->contains(QStringLiteral("endpoint_url")));
        QVERIFY(!s->contains(QStringLiteral("database_migration_service")));
        QVERIFY(s->findSub(QStringLiteral("nope"), QStringLiteral("endpoint_url")) == nullptr);
    }

    // Each row: one bad line among good ones. The warning names the file and line; the rest loads.
    void malformedLines_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("fragment");
        QTest::addColumn<bool>("keyAfterBadLineLoads");
        QTest::newRow("no equals sign")
            << QByteArray("[profile p]\nregion = r\nthis line is wrong\nlast = ok\n") << 3
            << "\"this line is wrong\" is neither a [section], a \"key = value\" line, a comment nor the "
               "indented continuation of a value"
            << true;
        // An indented line without '=' that follows no value continues nothing.
        QTest::newRow("indented after a section header")
            << QByteArray("[profile p]\n  stray words\nregion = r\nlast = ok\n") << 2 << "is neither" << true;
        QTest::newRow("no key") << QByteArray("[profile p]\nregion = r\n= value\nlast = ok\n") << 3
                                << "no key" << true;
        QTest::newRow("key before any section")
            << QByteArray("orphan = 1\n[profile p]\nregion = r\nlast = ok\n") << 1 << "outside any section"
            << true;
        QTest::newRow("unclosed header")
            << QByteArray("[profile p]\nregion = r\n[profile q\nignored = 1\n[profile p]\nlast = ok\n") << 3
            << "no closing ']'" << true;
        QTest::newRow("profile without name")
            << QByteArray("[profile p]\nregion = r\n[profile]\nignored = 1\n[profile p]\nlast = ok\n") << 3
            << "expected \"[profile NAME]\"" << true;
        QTest::newRow("profile name with space")
            << QByteArray("[profile p]\nregion = r\n[profile a b]\nignored = 1\n[profile p]\nlast = ok\n")
            << 3 << "without spaces" << true;
        QTest::newRow("empty header")
            << QByteArray("[profile p]\nregion = r\n[]\nignored = 1\n[profile p]\nlast = ok\n") << 3
            << "empty section header" << true;
        QTest::newRow("duplicate key") << QByteArray("[profile p]\nregion = first\nregion = r\nlast = ok\n")
                                       << 3 << "duplicate key \"region\"" << true;
    }
    void malformedLines()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QString, fragment);
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        writeFile(config, text);
        const AwsConfigFile f = AwsConfigFile::load(AwsConfigFile::Paths{config, QString()});
        QCOMPARE(f.warnings().size(), 1);
        QVERIFY2(hasWarning(f, config, line, fragment), qPrintable(dumpWarnings(f)));
        QVERIFY(f.warnings().first().toString().startsWith(config + u':' + QString::number(line) + u':'));
        const AwsConfigSection* p = f.profile(QStringLiteral("p"));
        QVERIFY(p);
        QCOMPARE(p->value(QStringLiteral("region")), QStringLiteral("r"));
        QCOMPARE(p->value(QStringLiteral("last")), QStringLiteral("ok"));
        // Lines inside a rejected section land nowhere.
        QVERIFY(!p->contains(QStringLiteral("ignored")));
        QVERIFY(!f.hasProfile(QStringLiteral("q")));
    }

    // As the AWS CLI reads them: an indented line without '=' continues the value above it.
    void continuationLinesExtendTheValue()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        writeFile(config,
                  "[profile p]\nregion = r\nnote = first\n  second ; a comment\n\tthird\nlast = ok\n");
        const AwsConfigFile f = AwsConfigFile::load(AwsConfigFile::Paths{config, QString()});
        QVERIFY2(f.warnings().isEmpty(), qPrintable(dumpWarnings(f)));
        const AwsConfigSection* p = f.profile(QStringLiteral("p"));
        QVERIFY(p);
        QCOMPARE(p->value(QStringLiteral("note")), QStringLiteral("first\nsecond\nthird"));
        QCOMPARE(p->value(QStringLiteral("last")), QStringLiteral("ok"));
    }

    void unreadableFileIsAWarning()
    {
        QTemporaryDir dir;
        const QString config = dir.filePath(QStringLiteral("config"));
        QVERIFY(QDir().mkpath(config)); // a directory where the file should be
        const QString credentials = dir.filePath(QStringLiteral("credentials"));
        writeFile(credentials, "[ok]\naws_access_key_id = A\n");
        const AwsConfigFile f = AwsConfigFile::load(AwsConfigFile::Paths{config, credentials});
        QVERIFY(!f.configFileFound());
        QVERIFY(f.credentialsFileFound());
        QVERIFY2(hasWarning(f, config, 0, QStringLiteral("cannot be read")), qPrintable(dumpWarnings(f)));
        QVERIFY(f.hasProfile(QStringLiteral("ok")));
    }
};

QTEST_GUILESS_MAIN(TestAwsConfigFile)
#include "tst_awsconfigfile.moc"
