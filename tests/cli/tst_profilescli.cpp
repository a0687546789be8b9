// `profiles list|add|remove|import` through the real dms-extpack-cli against the real gnome-keyring
// of scripts/with-session.sh: keys land in the Secret Service (checked with secret-tool), never in
// a file or in the output, the AWS files are never modified, and with no Secret Service the
// command fails clearly and writes nothing.
#include "KeyringTestSupport.h"
#include "SanitizerOptions.h"
#include "base/Version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using keyringtest::filesContaining;
using keyringtest::secretToolLookup;

namespace {

const QString kService = QStringLiteral(DMSX_APP_ID);
const QString kAccessKey = QStringLiteral("AKIAPROFILESCLI00001");
const QString kSecret1 = QStringLiteral("ProfilesCliSecret/One+cccccccccccccccccccccccc1");
const QString kSecret2 = QStringLiteral("ProfilesCliSecret/Two+dddddddddddddddddddddddd2");
const QString kImportKey = QStringLiteral("AKIAPROFILESIMPORT01");
const QString kImportSecret = QStringLiteral("ProfilesCliImported/eeeeeeeeeeeeeeeeeeeeeeeeeee3");
const QString kTempSecret = QStringLiteral("ProfilesCliTemporary/ffffffffffffffffffffffffff4");
const QString kTempToken = QStringLiteral("ProfilesCliSessionToken/gggggggggggggggggggggggg5");

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestProfilesCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_home, m_config, m_awsDir;
    // Profile names unique to this run: other tests share the session's keyring.
    QString m_suffix;
    QList<CliRun> m_runs;

    QString name(const char* base) const { return QString::fromLatin1(base) + m_suffix; }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env;
        for (const char* v : {"PATH", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_DATA_HOME"})
            env.insert(QString::fromLatin1(v), qEnvironmentVariable(v));
        env.insert(QStringLiteral("HOME"), m_home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config);
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        // Outside HOME, because the user's own files hold the imported secret by design.
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), m_awsDir + QStringLiteral("/config"));
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), m_awsDir + QStringLiteral("/credentials"));
        return env;
    }

    CliRun run(const QStringList& args, const QByteArray& input = {},
               const QProcessEnvironment* env = nullptr)
    {
        QProcess p;
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env ? *env : environment()));
        p.start(qEnvironmentVariable("DMSX_CLI_BIN"), args);
        CliRun r;
        if (!p.waitForStarted(10000))
            return r;
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        m_runs << r;
        return r;
    }

    QJsonArray listJson()
    {
        const CliRun r = run({QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("profiles"),
                              QStringLiteral("list")});
        if (r.exitCode != 0)
            return {};
        return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("profiles")).toArray();
    }

    QJsonObject listed(const QString& profile)
    {
        for (const auto& v : listJson()) {
            if (v.toObject().value(QStringLiteral("name")).toString() == profile)
                return v.toObject();
        }
        return {};
    }

    static QString keyOf(const QString& profile, const char* field)
    {
        return profile + QLatin1Char('/') + QString::fromLatin1(field);
    }

    bool keyringHas(const QString& profile, const QString& secret)
    {
        const auto s = secretToolLookup(kService, keyOf(profile, "aws_secret_access_key"));
        return s.exitCode == 0 && s.value == secret.toUtf8();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QVERIFY2(!qEnvironmentVariable("DMSX_CLI_BIN").isEmpty(), "DMSX_CLI_BIN not set");
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty() &&
                     !qEnvironmentVariable("XDG_DATA_HOME").isEmpty(),
                 "run inside scripts/with-session.sh (D-Bus session with an unlocked gnome-keyring)");
        m_home = m_root.filePath(QStringLiteral("home"));
        m_config = m_root.filePath(QStringLiteral("config"));
        m_awsDir = m_root.filePath(QStringLiteral("aws"));
        for (const QString& d : {m_home, m_config, m_awsDir})
            QVERIFY(QDir().mkpath(d));
        m_suffix = QStringLiteral("-%1-%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(QRandomGenerator::global()->generate() % 100000);
    }

    void addListReplaceRemove()
    {
        const QString dev = name("dev");
        CliRun r = run({QStringLiteral("profiles"), QStringLiteral("add"), dev,
                        QStringLiteral("--access-key-id"), kAccessKey, QStringLiteral("--secret-stdin"),
                        QStringLiteral("--region"), QStringLiteral("eu-west-3")},
                       kSecret1.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("AKIA…0001")), qPrintable(r.out)); // masked, not the whole id
        QVERIFY(!r.out.contains(kAccessKey));
        QVERIFY(keyringHas(dev, kSecret1));
        const auto id = secretToolLookup(kService, keyOf(dev, "aws_access_key_id"));
        QCOMPARE(id.exitCode, 0);
        QCOMPARE(id.value, kAccessKey.toUtf8());

        const QJsonObject entry = listed(dev);
        QCOMPARE(entry.value(QStringLiteral("region")).toString(), QStringLiteral("eu-west-3"));
        r = run({QStringLiteral("profiles"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(dev));
        QVERIFY(r.out.contains(QLatin1String("eu-west-3")));

        // Existing name: refused without --replace, keyring unchanged; replaced with it.
        r = run({QStringLiteral("profiles"), QStringLiteral("add"), dev, QStringLiteral("--access-key-id"),
                 kAccessKey, QStringLiteral("--secret-stdin")},
                kSecret2.toUtf8() + '\n');
        QCOMPARE(r.exitCode, 2);
        QVERIFY(keyringHas(dev, kSecret1));
        r = run({QStringLiteral("profiles"), QStringLiteral("add"), dev, QStringLiteral("--access-key-id"),
                 kAccessKey, QStringLiteral("--secret-stdin"), QStringLiteral("--replace")},
                kSecret2.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(keyringHas(dev, kSecret2));
        QVERIFY(listed(dev).value(QStringLiteral("region")).toString().isEmpty());

        const QStringList leaks =
            filesContaining({m_home, m_config, qEnvironmentVariable("XDG_DATA_HOME")}, {kSecret1, kSecret2});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));
        QVERIFY(!keyringtest::allFiles(m_config).isEmpty()); // the index was written, and scanned

        r = run({QStringLiteral("profiles"), QStringLiteral("remove"), dev});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(secretToolLookup(kService, keyOf(dev, "aws_secret_access_key")).exitCode, 1);
        QCOMPARE(secretToolLookup(kService, keyOf(dev, "aws_access_key_id")).exitCode, 1);
        QVERIFY(listed(dev).isEmpty());
        r = run({QStringLiteral("profiles"), QStringLiteral("remove"), dev});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QLatin1String("There is no profile named")));
    }

    void secretNeverFromAnArgumentOrAPipeWithoutTheFlag()
    {
        const QString p = name("noflag");
        // Not a terminal and no --secret-stdin: refused before anything is stored.
        CliRun r = run({QStringLiteral("profiles"), QStringLiteral("add"), p,
                        QStringLiteral("--access-key-id"), kAccessKey},
                       kSecret1.toUtf8() + '\n');
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QLatin1String("--secret-stdin")));
        QCOMPARE(secretToolLookup(kService, keyOf(p, "aws_secret_access_key")).exitCode, 1);
        QVERIFY(listed(p).isEmpty());
        // There is no option that takes the secret.
        r = run({QStringLiteral("profiles"), QStringLiteral("add"), p, QStringLiteral("--access-key-id"),
                 kAccessKey, QStringLiteral("--secret-access-key"), kSecret1});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(secretToolLookup(kService, keyOf(p, "aws_secret_access_key")).exitCode, 1);
        // --secret-stdin needs the id as an option.
        r = run({QStringLiteral("profiles"), QStringLiteral("add"), p, QStringLiteral("--secret-stdin")},
                kSecret1.toUtf8() + '\n');
        QCOMPARE(r.exitCode, 2);
        QVERIFY(listed(p).isEmpty());
    }

    void importCopiesStaticKeysAndNeverTouchesTheAwsFiles()
    {
        const QString source = name("src");
        const QString temp = name("temp");
        const QString credentialsPath = m_awsDir + QStringLiteral("/credentials");
        const QString configPath = m_awsDir + QStringLiteral("/config");
        {
            QFile c(credentialsPath);
            QVERIFY(c.open(QIODevice::WriteOnly));
            c.write(
                QStringLiteral("# mine\n[%1]\naws_access_key_id = %2\naws_secret_access_key = %3\n\n"
                               "[%4]\naws_access_key_id = ASIAPROFILESTEMP0001\naws_secret_access_key = %5\n"
                               "aws_session_token = %6\n")
                    .arg(source, kImportKey, kImportSecret, temp, kTempSecret, kTempToken)
                    .toUtf8());
            QFile g(configPath);
            QVERIFY(g.open(QIODevice::WriteOnly));
            g.write(QStringLiteral("[profile %1]\nregion = ap-south-2\n").arg(source).toUtf8());
        }
        const auto snapshot = [](const QString& path) {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            return std::make_pair(f.readAll(), QFileInfo(path).lastModified());
        };
        const auto credentialsBefore = snapshot(credentialsPath);
        const auto configBefore = snapshot(configPath);

        const QString target = name("imported");
        CliRun r = run(
            {QStringLiteral("profiles"), QStringLiteral("import"), source, QStringLiteral("--as"), target});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(keyringHas(target, kImportSecret));
        QCOMPARE(secretToolLookup(kService, keyOf(target, "aws_access_key_id")).value, kImportKey.toUtf8());
        const QJsonObject entry = listed(target);
        QCOMPARE(entry.value(QStringLiteral("region")).toString(), QStringLiteral("ap-south-2"));
        QVERIFY(entry.value(QStringLiteral("importedFrom")).toString().contains(credentialsPath));

        // Temporary credentials and unknown profiles are refused (exit 3), nothing stored.
        r = run({QStringLiteral("profiles"), QStringLiteral("import"), temp});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QLatin1String("aws_session_token")));
        QCOMPARE(secretToolLookup(kService, keyOf(temp, "aws_secret_access_key")).exitCode, 1);
        r = run({QStringLiteral("profiles"), QStringLiteral("import"), name("missing")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(source)); // lists what it found

        QVERIFY(snapshot(credentialsPath) == credentialsBefore);
        QVERIFY(snapshot(configPath) == configBefore);
        QCOMPARE(QDir(m_awsDir).entryList(QDir::Files | QDir::Hidden).size(), 2); // no backup, no lock file
        const QStringList leaks = filesContaining({m_home, m_config, qEnvironmentVariable("XDG_DATA_HOME")},
                                                  {kImportSecret, kTempSecret, kTempToken});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));

        r = run({QStringLiteral("profiles"), QStringLiteral("remove"), target});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(secretToolLookup(kService, keyOf(target, "aws_secret_access_key")).exitCode, 1);
    }

    void noSecretServiceFailsClearlyAndWritesNothing()
    {
        QTemporaryDir dirs;
        const QString home = dirs.filePath(QStringLiteral("home"));
        const QString config = dirs.filePath(QStringLiteral("config"));
        const QString data = dirs.filePath(QStringLiteral("data"));
        for (const QString& d : {home, config, data})
            QVERIFY(QDir().mkpath(d));
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + dirs.filePath(QStringLiteral("dead-socket")));
        env.remove(QStringLiteral("DISPLAY"));
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        env.insert(QStringLiteral("XDG_DATA_HOME"), data);
        const QString p = name("nosvc");
        const CliRun r =
            run({QStringLiteral("profiles"), QStringLiteral("add"), p, QStringLiteral("--access-key-id"),
                 kAccessKey, QStringLiteral("--secret-stdin")},
                kSecret1.toUtf8() + '\n', &env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("The keychain is not available")), qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("Secret Service")));                         // which backend
        QVERIFY(r.err.contains(QLatin1String("D-Bus session bus could not be reached"))); // what failed
        QVERIFY(r.err.contains(QLatin1String("gnome-keyring-daemon --unlock")));          // how to fix
        QVERIFY(r.err.contains(QLatin1String("KeychainUnavailable")));
        QVERIFY2(!r.err.contains(QLatin1String("REDACTED")), qPrintable(r.err)); // our words are not mangled
        for (const QString& d : {home, config, data})
            QVERIFY2(keyringtest::allFiles(d).isEmpty(), qPrintable(keyringtest::allFiles(d).join(u", ")));
        QCOMPARE(secretToolLookup(kService, keyOf(p, "aws_secret_access_key")).exitCode, 1);
    }

    void cleanupTestCase()
    {
        // Every output of every run: no secret, no unmasked key id of ours.
        for (const CliRun& r : m_runs) {
            for (const QString& s : {kSecret1, kSecret2, kImportSecret, kTempSecret, kTempToken}) {
                QVERIFY(!r.out.contains(s));
                QVERIFY(!r.err.contains(s));
            }
        }
        QVERIFY(m_runs.size() >= 15);
    }
};

QTEST_GUILESS_MAIN(TestProfilesCli)
#include "tst_profilescli.moc"
