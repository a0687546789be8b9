#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "credentials/ProcessCredentialSource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace dmsx;

namespace {

const QString kSecret = QStringLiteral("ProcSecretKey/ForTheCredentialProcessTest1");
const QString kToken = QStringLiteral("ProcSessionTokenForTheCredentialProcessTest");

struct Outcome
{
    std::optional<Result<AwsCredentials>> result;
    int calls = 0;
};

} // namespace

class TestProcessCredentialSource : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // A real executable helper, as a user's credential_process would be.
    QString writeScript(const QString& name, const QByteArray& body)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write("#!/bin/sh\n" + body);
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
        return path;
    }

    QProcessEnvironment env() const
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        e.insert(QStringLiteral("HOME"), m_dir.path());
        e.insert(QStringLiteral("HELPER_SECRET"), kSecret);
        return e;
    }

    std::shared_ptr<Outcome> run(ProcessCredentialSource& source, QObject* context)
    {
        auto outcome = std::make_shared<Outcome>();
        source.fetch(context, [outcome](const Result<AwsCredentials>& r) {
            outcome->result = r;
            ++outcome->calls;
        });
        // The handler is never called from inside fetch().
        if (outcome->calls != 0)
            qFatal("handler called synchronously");
        return outcome;
    }

    Result<AwsCredentials> runToEnd(const QString& command, int timeoutMs = 20000)
    {
        ProcessCredentialSource source(command, QStringLiteral("helper"), env(), timeoutMs);
        QObject context;
        auto outcome = run(source, &context);
        if (!QTest::qWaitFor([&] { return outcome->calls > 0; }, 30000))
            return Fault::make(FaultKind::Usage, QStringLiteral("TestNeverFinished"));
        QTest::qWait(20); // a second call would arrive here
        if (outcome->calls != 1)
            return Fault::make(FaultKind::Usage, QStringLiteral("TestCalledTwice"));
        return *outcome->result;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void splitsLikeTheAwsCli_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << QStringLiteral("  /usr/bin/helper  --profile  dev ")
                               << QStringList{QStringLiteral("/usr/bin/helper"), QStringLiteral("--profile"),
                                              QStringLiteral("dev")};
        QTest::newRow("double quotes")
            << QStringLiteral("helper \"two words\" x")
            << QStringList{QStringLiteral("helper"), QStringLiteral("two words"), QStringLiteral("x")};
        QTest::newRow("single quotes keep backslashes")
            << QStringLiteral("helper 'a\\b \"c\"'")
            << QStringList{QStringLiteral("helper"), QStringLiteral("a\\b \"c\"")};
        QTest::newRow("escapes in double quotes")
            << QStringLiteral("helper \"say \\\"hi\\\" \\\\ \\n\"")
            << QStringList{QStringLiteral("helper"), QStringLiteral("say \"hi\" \\ \\n")};
        QTest::newRow("backslash outside quotes")
            << QStringLiteral("helper a\\ b") << QStringList{QStringLiteral("helper"), QStringLiteral("a b")};
        QTest::newRow("adjacent parts join")
            << QStringLiteral("helper --x=\"a b\"'c'")
            << QStringList{QStringLiteral("helper"), QStringLiteral("--x=a bc")};
        QTest::newRow("empty quoted word")
            << QStringLiteral("helper \"\" x")
            << QStringList{QStringLiteral("helper"), QString(), QStringLiteral("x")};
        QTest::newRow("no shell operators")
            << QStringLiteral("helper a|b $HOME;c")
            << QStringList{QStringLiteral("helper"), QStringLiteral("a|b"), QStringLiteral("$HOME;c")};
    }
    void splitsLikeTheAwsCli()
    {
        QFETCH(QString, command);
        QFETCH(QStringList, words);
        const Result<QStringList> r = ProcessCredentialSource::splitCommand(command);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r.value(), words);
    }

    void rejectsBrokenCommands_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("empty") << QStringLiteral("   ");
        QTest::newRow("open double") << QStringLiteral("helper \"abc");
        QTest::newRow("open single") << QStringLiteral("helper 'abc");
        QTest::newRow("lone backslash") << QStringLiteral("helper \\");
    }
    void rejectsBrokenCommands()
    {
        QFETCH(QString, command);
        const Result<QStringList> r = ProcessCredentialSource::splitCommand(command);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessInvalidCommand);
    }

    void readsVersion1WithArgumentsAndEnvironment()
    {
        // The helper echoes its second argument as the key id and takes the secret from the
        // environment it was given: proves splitting, direct exec and the injected environment.
        const QString script =
            writeScript(QStringLiteral("ok.sh"),
                        "\n"
                        "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\", "
                        "\"SessionToken\": \"ProcSessionTokenForTheCredentialProcessTest\", \"Expiration\": "
                        "\"2030-01-02T03:04:05Z\"}' \"$2\" \"$HELPER_SECRET\"\n"
                        "");
        QVERIFY(!script.isEmpty());
        const Result<AwsCredentials> r =
            runToEnd(QStringLiteral("'%1' \"first arg\" ASIAPROCESSTEST00001").arg(script));
        QVERIFY2(r.ok(), qPrintable(r.fault().code + QLatin1Char(' ') + r.fault().message));
        QCOMPARE(r->accessKeyId, QStringLiteral("ASIAPROCESSTEST00001"));
        QVERIFY2(r->secretAccessKey == kSecret, "wrong secret access key"); // QCOMPARE would print it
        QCOMPARE(r->sessionToken, kToken);
        QCOMPARE(r->expiration, QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC));
        QVERIFY(r->source.contains(QLatin1String("credential_process")));
        QVERIFY(r->source.contains(QLatin1String("helper")));
        // Secrets it handed out are known to the Redactor from now on.
        QVERIFY(!Redactor::redact(QStringLiteral("x %1 y").arg(kToken)).contains(kToken));
    }

    void findsBareProgramOnTheInjectedPath()
    {
        writeScript(
            QStringLiteral("my-cred-helper"),
            "echo "
            "'{\"Version\":1,\"AccessKeyId\":\"AKIAPROCESSTEST00002\",\"SecretAccessKey\":\"x12345678\"}'");
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("PATH"), m_dir.path() + QStringLiteral(":/usr/bin:/bin"));
        ProcessCredentialSource source(QStringLiteral("my-cred-helper"), QStringLiteral("p"), e);
        QObject context;
        auto outcome = run(source, &context);
        QTRY_VERIFY_WITH_TIMEOUT(outcome->calls == 1, 30000);
        QVERIFY2(outcome->result->ok(), qPrintable(outcome->result->fault().message));
        QCOMPARE(outcome->result->value().accessKeyId, QStringLiteral("AKIAPROCESSTEST00002"));
        QVERIFY(!outcome->result->value().expiration.isValid()); // long-term keys
    }

    void nonZeroExitShowsStderrRedacted()
    {
        Redactor::registerSecret(kSecret);
        const QString script = writeScript(
            QStringLiteral("fail.sh"), "\n"
                                       "echo "
                                       "'{\"Version\":1,\"AccessKeyId\":\"AKIASTDOUTNEVERSHOWN\","
                                       "\"SecretAccessKey\":\"StdoutSecretThatMustNeverAppear0000000000\"}'\n"
                                       "echo \"helper: your session has ended, leaked $HELPER_SECRET\" >&2\n"
                                       "exit 3\n"
                                       "");
        const Result<AwsCredentials> r = runToEnd(script);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessFailed);
        QCOMPARE(r.fault().kind, FaultKind::Credentials);
        QVERIFY2(r.fault().message.contains(QLatin1String("helper: your session has ended")),
                 qPrintable(r.fault().message));
        QVERIFY(r.fault().message.contains(QLatin1String("code 3")));
        QVERIFY(!r.fault().message.contains(kSecret));
        QVERIFY(!r.fault().message.contains(QLatin1String("StdoutSecret")));
        QVERIFY(!r.fault().message.contains(QLatin1String("AKIASTDOUTNEVERSHOWN")));
    }

    void timeoutStopsTheHelper()
    {
        const QString pidFile = m_dir.filePath(QStringLiteral("slow.pid"));
        const QString script =
            writeScript(QStringLiteral("slow.sh"), "echo $$ > '" + pidFile.toUtf8() + "'\nexec sleep 60\n");
        const Result<AwsCredentials> r = runToEnd(script, 300);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessTimeout);
        QVERIFY(r.fault().message.contains(QLatin1String("helper")));
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pid = f.readAll().trimmed();
        QVERIFY(!pid.isEmpty());
        QVERIFY2(!QFileInfo::exists(QStringLiteral("/proc/") + QString::fromLatin1(pid)),
                 "the helper was left running");
    }

    void aFloodingHelperIsStopped()
    {
        // Endless output: stopped at the cap, never buffered to the end.
        const QString pidFile = m_dir.filePath(QStringLiteral("flood.pid"));
        const QString script =
            writeScript(QStringLiteral("flood.sh"),
                        "echo $$ > '" + pidFile.toUtf8() + "'\nexec yes AKIAFLOODFLOODFLOOD00\n");
        const Result<AwsCredentials> r = runToEnd(script, 20000);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessInvalidOutput);
        QVERIFY2(r.fault().message.contains(QLatin1String("more than 1024 KiB")),
                 qPrintable(r.fault().message));
        QVERIFY(!r.fault().message.contains(QLatin1String("AKIAFLOOD")));
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pid = f.readAll().trimmed();
        QVERIFY(!pid.isEmpty());
        QVERIFY2(!QFileInfo::exists(QStringLiteral("/proc/") + QString::fromLatin1(pid)),
                 "the helper was left running");
    }

    void malformedOutputIsAClearFault_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("mention");
        QTest::newRow("not json") << QByteArray("AccessKeyId=AKIA SecretAccessKey=NotJsonSecretValue123456")
                                  << QStringLiteral("not JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
        QTest::newRow("no version")
            << QByteArray("{\"AccessKeyId\":\"AKIAX\",\"SecretAccessKey\":\"NoVersionSecretValue1234\"}")
            << QStringLiteral("Version");
        QTest::newRow("version 2") << QByteArray("{\"Version\":2,\"AccessKeyId\":\"AKIAX\","
                                                 "\"SecretAccessKey\":\"VersionTwoSecretValue123\"}")
                                   << QStringLiteral("Version\" 2");
        QTest::newRow("no secret") << QByteArray("{\"Version\":1,\"AccessKeyId\":\"AKIAX\"}")
                                   << QStringLiteral("SecretAccessKey");
        QTest::newRow("bad expiration")
            << QByteArray("{\"Version\":1,\"AccessKeyId\":\"AKIAX\",\"SecretAccessKey\":"
                          "\"BadExpirySecretValue1234\",\"Expiration\":\"soon\"}")
            << QStringLiteral("Expiration");
    }
    void malformedOutputIsAClearFault()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, mention);
        const QString file = m_dir.filePath(QStringLiteral("out.txt"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(output);
        f.close();
        const QString script = writeScript(QStringLiteral("bad.sh"), "cat '" + file.toUtf8() + "'\n");
        const Result<AwsCredentials> r = runToEnd(script);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessInvalidOutput);
        QVERIFY2(r.fault().message.contains(mention), qPrintable(r.fault().message));
        // The output itself is never quoted.
        QVERIFY(!r.fault().message.contains(QLatin1String("SecretValue")));
    }

    void missingProgramIsReported()
    {
        const Result<AwsCredentials> r = runToEnd(m_dir.filePath(QStringLiteral("does-not-exist")));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessFailed);
        QVERIFY(r.fault().message.contains(QLatin1String("could not start")));
    }

    void brokenCommandIsReportedAsynchronously()
    {
        const Result<AwsCredentials> r = runToEnd(QStringLiteral("helper 'unterminated"));
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::CredentialProcessInvalidCommand);
    }

    void destroyedContextStopsHelperAndNeverCallsBack()
    {
        const QString pidFile = m_dir.filePath(QStringLiteral("orphan.pid"));
        const QString script =
            writeScript(QStringLiteral("orphan.sh"), "echo $$ > '" + pidFile.toUtf8() + "'\nexec sleep 60\n");
        QFile::remove(pidFile);
        ProcessCredentialSource source(script, QStringLiteral("helper"), env(), 60000);
        auto context = std::make_unique<QObject>();
        auto outcome = run(source, context.get());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(pidFile) && QFileInfo(pidFile).size() > 0, 20000);
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString proc = QStringLiteral("/proc/") + QString::fromLatin1(f.readAll().trimmed());
        QVERIFY(QFileInfo::exists(proc));
        context.reset();
        QTest::qWait(50);
        QCOMPARE(outcome->calls, 0);
        QVERIFY2(!QFileInfo::exists(proc), "the helper was left running");
    }
};

QTEST_GUILESS_MAIN(TestProcessCredentialSource)
#include "tst_processcredentialsource.moc"
