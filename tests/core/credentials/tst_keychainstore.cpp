// KeychainStore, AppProfileStore and KeychainCredentialSource against the real gnome-keyring that
// scripts/with-session.sh starts: values are proved to be in the Secret Service with secret-tool
// and in no file under the test's home, settings or data folders. A child process of this
// executable, started with a dead D-Bus address, shows what happens with no Secret Service at all;
// others, in D-Bus sessions of their own, show a real keyring that its password cannot unlock.
#include "KeyringTestSupport.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/AppProfileStore.h"
#include "credentials/KeychainCredentialSource.h"
#include "credentials/KeychainStore.h"
#include "credentials/SecretServiceUnlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <iostream>
#include <optional>
#include <string>

using namespace dmsx;
using keyringtest::filesContaining;
using keyringtest::secretToolLookup;

namespace {

const QString kAccessKeyId = QStringLiteral("AKIAKEYCHAINTEST0001");
const QString kSecret1 = QStringLiteral("KeychainTestSecret/One+aaaaaaaaaaaaaaaaaaaaaaa1");
const QString kSecret2 = QStringLiteral("KeychainTestSecret/Two+bbbbbbbbbbbbbbbbbbbbbbb2");
const QString kChildArg = QStringLiteral("--no-secret-service-child");
const QString kLockedChildArg = QStringLiteral("--locked-keyring-child");
const QString kLockedProfile = QStringLiteral("locked");

// One D-Bus session with a gnome-keyring unlocked with $DMSX_TEST_KEYRING_PASSWORD, running "$@" in it.
// As in scripts/with-session.sh: wait for the daemon to join the bus, then end it by its PID, so it
// cannot outlive the session. With a wrong password the existing login keyring stays locked.
const char* const kSessionScript = R"sh(
printf '%s' "$DMSX_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
bus() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    "org.freedesktop.DBus.$1" "string:org.freedesktop.secrets"
}
i=0
until bus NameHasOwner 2>/dev/null | grep -q true; do
  i=$((i + 1))
  [ $i -le 200 ] || { echo "gnome-keyring did not appear on the bus" >&2; exit 90; }
  sleep 0.05
done
kpid=$(bus GetConnectionUnixProcessID | awk '{print $2}')
rc=0
"$@" || rc=$?
kill "$kpid" 2>/dev/null || true
exit $rc
)sh";

// Runs `start` with a handler and waits (bounded) for it.
template <typename R, typename Start> std::optional<R> wait(Start start)
{
    QEventLoop loop;
    std::optional<R> result;
    start(&loop, [&](const R& r) {
        result = r;
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

QString uniqueSuffix()
{
    return QString::number(QCoreApplication::applicationPid()) + QLatin1Char('-') +
           QString::number(QRandomGenerator::global()->generate(), 16);
}

// The child: store a profile the way the app does (keys first, index only on success) and probe,
// with whatever keychain its environment offers; the outcome goes to stdout as JSON.
int childMain()
{
    std::string secretLine;
    std::getline(std::cin, secretLine);
    const QString secret = QString::fromStdString(secretLine);
    KeychainStore store(QStringLiteral("dmsx-test-no-service"));
    store.setRetryDelayMs(200);
    QJsonObject out;
    const auto written = wait<Result<void>>([&](QObject* c, KeychainStore::Handler<void> h) {
        store.writeCredentials(QStringLiteral("nosvc"), kAccessKeyId, secret, c, h);
    });
    if (written && written->ok()) {
        out.insert(QStringLiteral("written"), true);
        AppProfileStore().save({QStringLiteral("nosvc"), QStringLiteral("eu-west-1"), {}, {}, {}});
    } else if (written) {
        out.insert(QStringLiteral("code"), written->fault().code);
        out.insert(QStringLiteral("message"), written->fault().message);
        out.insert(QStringLiteral("detail"), written->fault().detail);
        out.insert(QStringLiteral("attempts"), written->fault().attempts);
    }
    const auto probed = wait<KeychainStore::ProbeResult>(
        [&](QObject* c, std::function<void(const KeychainStore::ProbeResult&)> h) { store.probe(c, h); });
    if (probed)
        out.insert(QStringLiteral("probe"), static_cast<int>(probed->availability));
    std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << std::endl;
    return 0;
}

void putFault(QJsonObject& out, const QString& prefix, const Fault& f)
{
    out.insert(prefix + QStringLiteral("Code"), f.code);
    out.insert(prefix + QStringLiteral("Message"), f.message);
    out.insert(prefix + QStringLiteral("Kind"), static_cast<int>(f.kind));
}

// The child in a session of its own (see kSessionScript). "store": keep the profile's keys the way
// `profiles add` does; "locked": write, read, fetch and probe against a keyring that stays locked;
// "unlock": ask the Secret Service to unlock, then probe; "unlocked": say whether the stored keys
// are the ones given on stdin. Only our own texts and
// fault codes go to stdout (as JSON), never a key.
int lockedKeyringChildMain(const QString& mode, const QString& service)
{
    std::string line;
    std::getline(std::cin, line);
    const QString secret = QString::fromStdString(line);
    KeychainStore store(service);
    store.setRetryDelayMs(200);
    QJsonObject out;
    if (mode == QLatin1String("store")) {
        const auto written = wait<Result<void>>([&](QObject* c, KeychainStore::Handler<void> h) {
            store.writeCredentials(kLockedProfile, kAccessKeyId, secret, c, h);
        });
        out.insert(QStringLiteral("written"), written && written->ok());
        if (written && !written->ok())
            putFault(out, QStringLiteral("write"), written->fault());
        else if (written)
            AppProfileStore().save(
                {kLockedProfile, QStringLiteral("us-east-1"), QStringLiteral("http://127.0.0.1:9"), {}, {}});
    } else if (mode == QLatin1String("locked")) {
        const auto written = wait<Result<void>>([&](QObject* c, KeychainStore::Handler<void> h) {
            store.writeCredentials(QStringLiteral("other"), kAccessKeyId, secret, c, h);
        });
        out.insert(QStringLiteral("written"), written && written->ok());
        if (written && !written->ok())
            putFault(out, QStringLiteral("write"), written->fault());
        const auto raw = wait<Result<QString>>([&](QObject* c, KeychainStore::Handler<QString> h) {
            store.readEntry(KeychainStore::entryKey(kLockedProfile, KeychainStore::kSecretAccessKeyField), c,
                            h);
        });
        out.insert(QStringLiteral("readOk"), raw && raw->ok());
        if (raw && !raw->ok())
            putFault(out, QStringLiteral("read"), raw->fault());
        KeychainCredentialSource source(kLockedProfile, &store);
        const auto creds = wait<Result<AwsCredentials>>(
            [&](QObject* c, CredentialSource::Handler h) { source.fetch(c, h); });
        out.insert(QStringLiteral("fetchOk"), creds && creds->ok());
        if (creds && !creds->ok())
            putFault(out, QStringLiteral("fetch"), creds->fault());
        const auto probed = wait<KeychainStore::ProbeResult>(
            [&](QObject* c, std::function<void(const KeychainStore::ProbeResult&)> h) { store.probe(c, h); });
        if (probed)
            out.insert(QStringLiteral("probe"), static_cast<int>(probed->availability));
    } else if (mode == QLatin1String("unlock")) {
        // The Secret Service's own unlock; this session has no display, so its prompt cannot be
        // answered and ends dismissed.
        const auto unlocked = wait<Result<void>>([&](QObject* c, KeychainStore::Handler<void> h) {
            (new SecretServiceUnlock(QString(), h, c))->start();
        });
        out.insert(QStringLiteral("unlockOk"), unlocked && unlocked->ok());
        if (unlocked && !unlocked->ok())
            putFault(out, QStringLiteral("unlock"), unlocked->fault());
        const auto probed = wait<KeychainStore::ProbeResult>(
            [&](QObject* c, std::function<void(const KeychainStore::ProbeResult&)> h) { store.probe(c, h); });
        if (probed)
            out.insert(QStringLiteral("probe"), static_cast<int>(probed->availability));
    } else {
        const auto creds =
            wait<Result<AwsCredentials>>([&](QObject* c, KeychainStore::Handler<AwsCredentials> h) {
                store.readCredentials(kLockedProfile, c, h);
            });
        out.insert(QStringLiteral("readOk"), creds && creds->ok());
        if (creds && creds->ok())
            out.insert(QStringLiteral("matches"), creds->value().accessKeyId == kAccessKeyId &&
                                                      creds->value().secretAccessKey == secret);
    }
    std::cout << QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString() << std::endl;
    return 0;
}

// PIDs of the processes (ours excepted) whose environment mentions `marker`: a daemon left behind.
QStringList processesMentioning(const QString& marker)
{
    QStringList found;
    const QByteArray needle = QFile::encodeName(marker);
    const QString self = QString::number(QCoreApplication::applicationPid());
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isNumber = false;
        pid.toInt(&isNumber);
        if (!isNumber || pid == self)
            continue;
        QFile environ(QStringLiteral("/proc/%1/environ").arg(pid));
        if (environ.open(QIODevice::ReadOnly) && environ.readAll().contains(needle))
            found << pid;
    }
    return found;
}

} // namespace

class TestKeychainStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QString m_configHome;
    QString m_dataHome; // the session's, where gnome-keyring keeps login.keyring
    QString m_service = QStringLiteral("dmsx-test-keychainstore-") + uniqueSuffix();

    Result<void> write(KeychainStore& s, const QString& key, const QString& value)
    {
        return *wait<Result<void>>(
            [&](QObject* c, KeychainStore::Handler<void> h) { s.writeEntry(key, value, c, h); });
    }
    Result<QString> read(KeychainStore& s, const QString& key)
    {
        return *wait<Result<QString>>(
            [&](QObject* c, KeychainStore::Handler<QString> h) { s.readEntry(key, c, h); });
    }
    Result<void> remove(KeychainStore& s, const QString& key)
    {
        return *wait<Result<void>>(
            [&](QObject* c, KeychainStore::Handler<void> h) { s.deleteEntry(key, c, h); });
    }
    QStringList scannedFolders() const { return {m_home.path(), m_configHome, m_dataHome}; }

    struct SessionRun
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // `program args` inside a fresh D-Bus session (kSessionScript) whose keyring is unlocked with
    // `password`, with home, config, data and runtime below `root` and no display: with a display
    // a locked keyring opens a prompt and waits for a person instead of failing.
    static SessionRun runInSession(const QString& root, const QString& password, const QString& program,
                                   const QStringList& args, const QByteArray& input)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                                 "XDG_CURRENT_DESKTOP", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                 "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), root + QStringLiteral("/home"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), root + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), root + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), root + QStringLiteral("/runtime"));
        env.insert(QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"),
                   root + QStringLiteral("/home/no-credentials"));
        env.insert(QStringLiteral("AWS_CONFIG_FILE"), root + QStringLiteral("/home/no-config"));
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), root + QStringLiteral("/home/history.sqlite"));
        env.insert(QStringLiteral("DMSX_TEST_KEYRING_PASSWORD"), password);
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("dbus-run-session"),
                QStringList{QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                            QString::fromLatin1(kSessionScript), QStringLiteral("sh"), program} +
                    args);
        SessionRun r;
        if (!p.waitForStarted(10000))
            return r;
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished(10000);
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_dataHome = qEnvironmentVariable("XDG_DATA_HOME");
        QVERIFY2(!m_dataHome.isEmpty() && !qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
                 "run inside scripts/with-session.sh (D-Bus session with an unlocked gnome-keyring)");
        // Settings and home go to throwaway folders before anything reads them.
        m_configHome = m_home.filePath(QStringLiteral("config"));
        QVERIFY(QDir().mkpath(m_configHome));
        qputenv("HOME", QFile::encodeName(m_home.path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_configHome));
        QVERIFY(AppProfileStore::defaultFilePath().startsWith(m_configHome));
        // secret-tool must see the same Secret Service: a missing item exits 1, not an error.
        QCOMPARE(secretToolLookup(m_service, QStringLiteral("nothing/here")).exitCode, 1);
    }

    void writeReadOverwriteDelete()
    {
        KeychainStore store(m_service);
        const QString key =
            KeychainStore::entryKey(QStringLiteral("dev"), KeychainStore::kSecretAccessKeyField);
        QCOMPARE(key, QStringLiteral("dev/aws_secret_access_key"));

        QVERIFY(write(store, key, kSecret1).ok());
        auto inKeyring = secretToolLookup(m_service, key);
        QCOMPARE(inKeyring.exitCode, 0);
        QVERIFY2(inKeyring.value == kSecret1.toUtf8(), "secret-tool returned another value");
        Result<QString> back = read(store, key);
        QVERIFY(back.ok());
        QVERIFY(back.value() == kSecret1);

        QVERIFY(write(store, key, kSecret2).ok());
        inKeyring = secretToolLookup(m_service, key);
        QCOMPARE(inKeyring.exitCode, 0);
        QVERIFY2(inKeyring.value == kSecret2.toUtf8(), "the overwrite did not replace the value");
        back = read(store, key);
        QVERIFY(back.ok());
        QVERIFY(back.value() == kSecret2);

        QVERIFY(remove(store, key).ok());
        QCOMPARE(secretToolLookup(m_service, key).exitCode, 1);
        back = read(store, key);
        QVERIFY(!back.ok());
        QCOMPARE(back.fault().code, FaultCode::KeychainEntryNotFound);
        QCOMPARE(back.fault().kind, FaultKind::Credentials);
        QVERIFY(remove(store, key).ok()); // deleting what is gone is not an error
    }

    // A window or dialog closed while the keychain is still answering destroys its store with the
    // job running; libsecret then calls back into the job, which must still exist.
    void storeDestroyedMidOperation()
    {
        const QString key = QStringLiteral("midway/aws_access_key_id");
        int answers = 0;
        for (int i = 0; i < 5; ++i) {
            auto* store = new KeychainStore(m_service);
            store->writeEntry(key, QStringLiteral("AKIAMIDWAY%1").arg(i), this,
                              [&answers](const Result<void>&) { ++answers; });
            delete store;
        }
        // The abandoned writes still complete in the keyring; none of them is answered.
        QTRY_VERIFY_WITH_TIMEOUT(secretToolLookup(m_service, key).value.startsWith("AKIAMIDWAY"), 30000);
        auto* reader = new KeychainStore(m_service);
        reader->readEntry(key, this, [&answers](const Result<QString>&) { ++answers; });
        delete reader;
        KeychainStore store(m_service);
        const Result<QString> back = read(store, key); // runs the event loop past the abandoned read
        QVERIFY(back.ok());
        QCOMPARE(answers, 0);
        QVERIFY(remove(store, key).ok());
    }

    void profileKeysInKeyringAndInNoFile()
    {
        KeychainStore store(m_service);
        AppProfileStore profiles;
        const QString name = QStringLiteral("scan");
        QVERIFY(wait<Result<void>>([&](QObject* c, KeychainStore::Handler<void> h) {
                    store.writeCredentials(name, kAccessKeyId, kSecret1, c, h);
                })->ok());
        QVERIFY(profiles
                    .save({name,
                           QStringLiteral("eu-central-1"),
                           QStringLiteral("http://127.0.0.1:9"),
                           QStringLiteral("arn:aws:iam::123456789012:role/ops"),
                           {}})
                    .ok());

        // One entry per value, under our service.
        const auto id = secretToolLookup(m_service, QStringLiteral("scan/aws_access_key_id"));
        QCOMPARE(id.exitCode, 0);
        QCOMPARE(id.value, kAccessKeyId.toUtf8());
        const auto secret = secretToolLookup(m_service, QStringLiteral("scan/aws_secret_access_key"));
        QCOMPARE(secret.exitCode, 0);
        QVERIFY2(secret.value == kSecret1.toUtf8(), "secret-tool returned another value");

        // The settings file exists and holds the non-secret settings, so the scan really covers it.
        QFile settings(profiles.filePath());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray ini = settings.readAll();
        QVERIFY(ini.contains("eu-central-1"));
        QVERIFY(ini.contains("role/ops"));
        QVERIFY(!ini.contains(kAccessKeyId.toUtf8()));
        int scanned = 0;
        const QStringList leaks = filesContaining(scannedFolders(), {kSecret1, kSecret2}, &scanned);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));
        QVERIFY(scanned >= 1);

        // The credential source reads the same keys back.
        KeychainCredentialSource source(name, &store);
        QCOMPARE(source.describe(), QStringLiteral("keychain (profile scan)"));
        auto creds = wait<Result<AwsCredentials>>(
            [&](QObject* c, CredentialSource::Handler h) { source.fetch(c, h); });
        QVERIFY(creds && creds->ok());
        QCOMPARE(creds->value().accessKeyId, kAccessKeyId);
        QVERIFY(creds->value().secretAccessKey == kSecret1);
        QVERIFY(creds->value().sessionToken.isEmpty());
        QCOMPARE(creds->value().source, source.describe());

        // Removing the keys: both entries gone, the source says which command adds them back.
        QVERIFY(wait<Result<void>>([&](QObject* c, KeychainStore::Handler<void> h) {
                    store.deleteCredentials(name, c, h);
                })->ok());
        QCOMPARE(secretToolLookup(m_service, QStringLiteral("scan/aws_access_key_id")).exitCode, 1);
        QCOMPARE(secretToolLookup(m_service, QStringLiteral("scan/aws_secret_access_key")).exitCode, 1);
        creds = wait<Result<AwsCredentials>>(
            [&](QObject* c, CredentialSource::Handler h) { source.fetch(c, h); });
        QVERIFY(creds && !creds->ok());
        QCOMPARE(creds->fault().code, FaultCode::KeychainEntryNotFound);
        QVERIFY(creds->fault().message.contains(QLatin1String("profiles add scan")));
        QVERIFY(profiles.remove(name).value());
    }

    void fetchIsNeverSynchronous()
    {
        KeychainStore store(m_service);
        KeychainCredentialSource source(QStringLiteral("absent"), &store);
        bool called = false;
        QObject context;
        source.fetch(&context, [&](const Result<AwsCredentials>&) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY_WITH_TIMEOUT(called, 60000);
    }

    void probeFindsTheKeyringAndLeavesNothing()
    {
        KeychainStore store(m_service);
        const auto p = wait<KeychainStore::ProbeResult>(
            [&](QObject* c, std::function<void(const KeychainStore::ProbeResult&)> h) { store.probe(c, h); });
        QVERIFY(p);
        QCOMPARE(p->availability, KeychainStore::Availability::Available);
        QVERIFY(p->reason.contains(QLatin1String("Secret Service")));
        QCOMPARE(secretToolLookup(m_service, QStringLiteral(".dmsx-probe/availability")).exitCode, 1);
    }

    void faultsSayBackendWhatFailedAndHowToFix_data()
    {
        QTest::addColumn<int>("error"); // QKeychain::Error
        QTest::addColumn<QString>("backendMessage");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("no secrets service")
            << 7 << QStringLiteral("The name org.freedesktop.secrets was not provided by any .service files")
            << QString(FaultCode::KeychainUnavailable)
            << QStringList{QStringLiteral("No Secret Service is running"),
                           QStringLiteral("gnome-keyring-daemon"), QStringLiteral("session-only")};
        QTest::newRow("no bus") << 7 << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
                                << QString(FaultCode::KeychainUnavailable)
                                << QStringList{QStringLiteral("D-Bus session bus could not be reached"),
                                               QStringLiteral("Start or unlock")};
        QTest::newRow("no collection")
            << 7
            << QStringLiteral("Object does not exist at path “/org/freedesktop/secrets/collection/login”")
            << QString(FaultCode::KeychainUnavailable) << QStringList{QStringLiteral("no default keyring")};
        QTest::newRow("locked") << 4 << QStringLiteral("Cannot create an item in a locked collection")
                                << QString(FaultCode::KeychainLocked)
                                << QStringList{QStringLiteral("locked"), QStringLiteral("Unlock")};
        QTest::newRow("declined") << 3 << QString() << QString(FaultCode::KeychainAccessDenied)
                                  << QStringList{QStringLiteral("declined")};
        QTest::newRow("missing") << 1 << QString() << QString(FaultCode::KeychainEntryNotFound)
                                 << QStringList{QStringLiteral("no such entry")};
        QTest::newRow("cannot delete") << 2 << QStringLiteral("x") << QString(FaultCode::KeychainError)
                                       << QStringList{QStringLiteral("reported an error")};
    }
    void faultsSayBackendWhatFailedAndHowToFix()
    {
        QFETCH(int, error);
        QFETCH(QString, backendMessage);
        QFETCH(QString, code);
        QFETCH(QStringList, mentions);
        const Fault f = KeychainStore::faultFor(
            error, backendMessage, QStringLiteral("store the keychain entry dev/aws_secret_access_key"));
        QCOMPARE(f.code, code);
        QCOMPARE(f.kind, FaultKind::Credentials);
        QCOMPARE(f.detail, KeychainStore::backendDescription());
        QVERIFY(f.message.contains(QLatin1String("store the keychain entry dev/aws_secret_access_key")));
        // Nothing in our own words looks like a secret to the Redactor.
        QVERIFY2(!f.message.contains(Redactor::placeholder()), qPrintable(f.message));
        QVERIFY(f.message.contains(KeychainStore::backendDescription()));
        for (const QString& m : mentions)
            QVERIFY2(f.message.contains(m), qPrintable(m + QStringLiteral(" | ") + f.message));
    }

    void noSecretServiceAtAll()
    {
        QTemporaryDir dirs;
        QVERIFY(dirs.isValid());
        const QString home = dirs.filePath(QStringLiteral("home"));
        const QString config = dirs.filePath(QStringLiteral("config"));
        const QString data = dirs.filePath(QStringLiteral("data"));
        for (const QString& d : {home, config, data})
            QVERIFY(QDir().mkpath(d));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + dirs.filePath(QStringLiteral("no-bus-here")));
        env.remove(QStringLiteral("DISPLAY"));
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        env.insert(QStringLiteral("XDG_DATA_HOME"), data);
        QProcess child;
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {kChildArg});
        QVERIFY(child.waitForStarted(10000));
        child.write(kSecret2.toUtf8() + '\n');
        child.closeWriteChannel();
        QVERIFY(child.waitForFinished(60000));
        QCOMPARE(child.exitCode(), 0);
        const QByteArray stdoutBytes = child.readAllStandardOutput();
        const QByteArray stderrBytes = child.readAllStandardError();
        QVERIFY(!stdoutBytes.contains(kSecret2.toUtf8()) && !stderrBytes.contains(kSecret2.toUtf8()));
        const QJsonObject o = QJsonDocument::fromJson(stdoutBytes).object();
        QVERIFY2(!o.value(QStringLiteral("written")).toBool(), stdoutBytes.constData());
        QCOMPARE(o.value(QStringLiteral("code")).toString(), FaultCode::KeychainUnavailable);
        const QString message = o.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QLatin1String("Secret Service")), qPrintable(message)); // the backend
        QVERIFY2(!message.contains(Redactor::placeholder()), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("D-Bus")), qPrintable(message)); // what failed
        QVERIFY2(message.contains(QLatin1String("Start or unlock your keyring")),
                 qPrintable(message)); // the fix
        QCOMPARE(o.value(QStringLiteral("detail")).toString(), KeychainStore::backendDescription());
        QCOMPARE(o.value(QStringLiteral("attempts")).toInt(), 2); // retried once before giving up
        QCOMPARE(o.value(QStringLiteral("probe")).toInt(),
                 static_cast<int>(KeychainStore::Availability::NoSecretService));

        // Nothing written anywhere: no file at all in the child's folders, nothing in the real keyring.
        for (const QString& d : {home, config, data})
            QVERIFY2(keyringtest::allFiles(d).isEmpty(), qPrintable(keyringtest::allFiles(d).join(u", ")));
        QCOMPARE(secretToolLookup(QStringLiteral("dmsx-test-no-service"),
                                  QStringLiteral("nosvc/aws_secret_access_key"))
                     .exitCode,
                 1);
        QVERIFY(filesContaining(scannedFolders(), {kSecret2}).isEmpty());
    }

    // A real keyring, created in one session with one password, then met in fresh sessions that
    // give another password (it stays locked) and finally the right one (the keys are still there).
    // Every session is a process tree of its own: the shared session's keyring is not touched.
    void lockedKeyringInRealSessions()
    {
        QTemporaryDir dirs;
        QVERIFY(dirs.isValid());
        for (const char* d : {"home", "config", "data", "runtime"})
            QVERIFY(QDir().mkpath(dirs.filePath(QString::fromLatin1(d))));
        QVERIFY(QFile::setPermissions(dirs.filePath(QStringLiteral("runtime")),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QString service = QStringLiteral("dmsx-test-locked-") + uniqueSuffix();
        const QString self = QCoreApplication::applicationFilePath();
        const QString passwordA = QStringLiteral("keyring-password-A");
        const QString passwordB = QStringLiteral("keyring-password-B");
        const QByteArray secretLine = kSecret1.toUtf8() + '\n';
        auto noSecretIn = [&](const SessionRun& r) {
            return !r.out.contains(kSecret1.toUtf8()) && !r.err.contains(kSecret1.toUtf8());
        };

        // Session A: the keyring is created and unlocked with password A; the profile is stored.
        const SessionRun a = runInSession(dirs.path(), passwordA, self,
                                          {kLockedChildArg, QStringLiteral("store"), service}, secretLine);
        QVERIFY2(a.exitCode == 0, a.err.constData());
        QVERIFY(noSecretIn(a));
        QVERIFY2(QJsonDocument::fromJson(a.out).object().value(QStringLiteral("written")).toBool(),
                 a.out.constData());
        QVERIFY(QFile::exists(dirs.filePath(QStringLiteral("data/keyrings/login.keyring"))));

        // Session B: password B does not open it. Writing is refused as locked; reading says "no
        // such entry", which the credential source and the probe tell apart from a missing profile.
        const SessionRun b = runInSession(dirs.path(), passwordB, self,
                                          {kLockedChildArg, QStringLiteral("locked"), service}, secretLine);
        QVERIFY2(b.exitCode == 0, b.err.constData());
        QVERIFY(noSecretIn(b));
        const QJsonObject o = QJsonDocument::fromJson(b.out).object();
        QVERIFY2(!o.value(QStringLiteral("written")).toBool(), b.out.constData());
        QCOMPARE(o.value(QStringLiteral("writeCode")).toString(), FaultCode::KeychainLocked);
        QCOMPARE(o.value(QStringLiteral("writeKind")).toInt(), static_cast<int>(FaultKind::Credentials));
        QVERIFY(!o.value(QStringLiteral("readOk")).toBool());
        QCOMPARE(o.value(QStringLiteral("readCode")).toString(), FaultCode::KeychainEntryNotFound);
        QVERIFY(!o.value(QStringLiteral("fetchOk")).toBool());
        QCOMPARE(o.value(QStringLiteral("fetchCode")).toString(), FaultCode::KeychainLocked);
        QCOMPARE(o.value(QStringLiteral("probe")).toInt(),
                 static_cast<int>(KeychainStore::Availability::Locked));
        for (const char* which : {"writeMessage", "fetchMessage"}) {
            const QString message = o.value(QString::fromLatin1(which)).toString();
            QVERIFY2(message.contains(KeychainStore::backendDescription()), qPrintable(message)); // backend
            QVERIFY2(message.contains(QLatin1String("locked")), qPrintable(message));             // what
            QVERIFY2(message.contains(QLatin1String("Unlock the keyring")), qPrintable(message)); // fix
            QVERIFY2(!message.contains(QLatin1String("profiles add")), qPrintable(message));
        }

        // "Unlock…" asks the Secret Service, which prompts; with no display the prompt ends
        // dismissed and the keyring stays locked. In an unlocked session it succeeds at once.
        const SessionRun u = runInSession(dirs.path(), passwordB, self,
                                          {kLockedChildArg, QStringLiteral("unlock"), service}, secretLine);
        QVERIFY2(u.exitCode == 0, u.err.constData());
        const QJsonObject uo = QJsonDocument::fromJson(u.out).object();
        QVERIFY2(!uo.value(QStringLiteral("unlockOk")).toBool(), u.out.constData());
        QCOMPARE(uo.value(QStringLiteral("unlockCode")).toString(), FaultCode::KeychainAccessDenied);
        QVERIFY2(uo.value(QStringLiteral("unlockMessage")).toString().contains(QLatin1String("prompt")),
                 u.out.constData());
        QCOMPARE(uo.value(QStringLiteral("probe")).toInt(),
                 static_cast<int>(KeychainStore::Availability::Locked));

        // The real CLI, in a locked session of its own, exits 3 and says the keyring is locked.
        const QString cli = qEnvironmentVariable("DMSX_CLI_BIN");
        if (!cli.isEmpty() && QFile::exists(cli)) {
            const SessionRun c =
                runInSession(dirs.path(), passwordB, cli,
                             {QStringLiteral("--profile"), kLockedProfile, QStringLiteral("whoami")}, {});
            QVERIFY(noSecretIn(c));
            QVERIFY2(c.exitCode == 3, c.err.constData());
            QVERIFY2(c.err.contains("keyring is locked") && c.err.contains("Unlock the keyring"),
                     c.err.constData());
        } else {
            qWarning("DMSX_CLI_BIN not built: the CLI part of the locked-keyring check was not run");
        }

        // Session C: with password A the same keyring opens and holds the keys session A stored, so
        // B failed because it was locked, not because nothing was there.
        const SessionRun c = runInSession(dirs.path(), passwordA, self,
                                          {kLockedChildArg, QStringLiteral("unlocked"), service}, secretLine);
        QVERIFY2(c.exitCode == 0, c.err.constData());
        QVERIFY(noSecretIn(c));
        const QJsonObject back = QJsonDocument::fromJson(c.out).object();
        QVERIFY2(back.value(QStringLiteral("readOk")).toBool() &&
                     back.value(QStringLiteral("matches")).toBool(),
                 c.out.constData());

        const SessionRun ua = runInSession(dirs.path(), passwordA, self,
                                           {kLockedChildArg, QStringLiteral("unlock"), service}, secretLine);
        QVERIFY2(ua.exitCode == 0, ua.err.constData());
        const QJsonObject uao = QJsonDocument::fromJson(ua.out).object();
        QVERIFY2(uao.value(QStringLiteral("unlockOk")).toBool(), ua.out.constData());
        QCOMPARE(uao.value(QStringLiteral("probe")).toInt(),
                 static_cast<int>(KeychainStore::Availability::Available));

        // Nothing in plain text anywhere, and no daemon of these sessions is left running.
        const QStringList leaks = filesContaining({dirs.path()}, {kSecret1});
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u", ")));
        QTRY_VERIFY2_WITH_TIMEOUT(processesMentioning(dirs.path()).isEmpty(),
                                  qPrintable(processesMentioning(dirs.path()).join(u' ')), 10000);
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && QString::fromLocal8Bit(argv[1]) == kChildArg)
        return childMain();
    if (argc > 3 && QString::fromLocal8Bit(argv[1]) == kLockedChildArg)
        return lockedKeyringChildMain(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    TestKeychainStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_keychainstore.moc"
