// The habits of an AWS CLI user, typed as such a user would, through the real dms-extpack-cli
// against the real dms-sim over loopback: options anywhere, help everywhere, the output formats,
// filters, paging, the confirmation, and each exit code of the README's table.
#include "DmsSimProcess.h"
#include "SanitizerOptions.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kAccessKey = QStringLiteral("AKIADEMOEXTPACK00001");
const QString kSecret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString S(const char* text)
{
    return QString::fromUtf8(text);
}

QStringList words(const char* line)
{
    return S(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestCliHabits : public QObject
{
    Q_OBJECT

private:
    DmsSimProcess m_sim;
    QTemporaryDir m_home;
    QList<CliRun> m_allRuns; // every output, scanned for the secret at the end

    QProcessEnvironment environment(bool withKeys = true) const
    {
        // Built from nothing, so the developer's own AWS settings never leak in.
        QProcessEnvironment env;
        env.insert(S("PATH"), qEnvironmentVariable("PATH"));
        env.insert(S("HOME"), m_home.path());
        env.insert(S("LANG"), S("C.UTF-8"));
        if (withKeys) {
            env.insert(S("AWS_ACCESS_KEY_ID"), kAccessKey);
            env.insert(S("AWS_SECRET_ACCESS_KEY"), kSecret);
        }
        return env;
    }

    CliRun run(const QStringList& args, const QProcessEnvironment& env, const QByteArray& stdinData = {})
    {
        QProcess p;
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
        p.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
        p.setArguments(args);
        p.start();
        if (!p.waitForStarted(10000))
            return {};
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        CliRun r{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                 QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
        m_allRuns.append(r);
        return r;
    }

    CliRun run(const QStringList& args) { return run(args, environment()); }

    QString endpoint() const { return m_sim.url().toString(); }

    // The simulator's endpoint and region, given AFTER everything else, as the habit goes.
    QStringList atTheEnd() const { return {S("--endpoint-url"), endpoint(), S("--region"), S("us-east-1")}; }

    // Every command path the program's help lists ("projects list", "apply", ...).
    QList<QStringList> commandPaths()
    {
        const CliRun help = run({S("help")});
        QList<QStringList> paths;
        bool inCommands = false;
        for (const QString& line : help.out.split(QLatin1Char('\n'))) {
            if (line == QLatin1String("Commands:")) {
                inCommands = true;
                continue;
            }
            if (inCommands && line.isEmpty())
                break;
            if (!inCommands)
                continue;
            QStringList path;
            for (const QString& word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (word.startsWith(QLatin1Char('[')) || word.at(0).isUpper())
                    break;
                path.append(word);
            }
            paths.append(path);
        }
        return paths;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariableIsEmpty("DMSX_CLI_BIN"));
        QVERIFY(m_home.isValid());
        const QString scenario = qEnvironmentVariable("DMSX_SOURCE_DIR") + S("/sim/scenarios/demo.json");
        QString error;
        QVERIFY2(m_sim.start({S("--scenario"), scenario, S("--time-scale"), S("30")}, &error),
                 qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_sim.stop();
        for (const CliRun& r : std::as_const(m_allRuns))
            QVERIFY2(!r.out.contains(kSecret) && !r.err.contains(kSecret),
                     "a secret reached the CLI's output");
    }

    // `aws dms describe-migration-projects --output json`: the global options after the command.
    void globalOptionsAfterTheCommand()
    {
        const CliRun list = run(words("projects list --output json") + atTheEnd());
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        const QJsonArray projects =
            QJsonDocument::fromJson(list.out.toUtf8()).object().value(S("MigrationProjects")).toArray();
        QVERIFY(!projects.isEmpty());

        const CliRun show = run(words("projects show erp-migration --output json") + atTheEnd());
        QVERIFY2(show.exitCode == 0, qPrintable(show.err));
        QCOMPARE(QJsonDocument::fromJson(show.out.toUtf8())
                     .object()
                     .value(S("MigrationProject"))
                     .toObject()
                     .value(S("MigrationProjectName"))
                     .toString(),
                 S("erp-migration"));

        // Between the command and its argument, and in the --name=value form.
        const CliRun status = run({S("status"), S("--region=us-east-1"), S("erp-migration"),
                                   S("--endpoint-url"), endpoint(), S("--output"), S("json")});
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
        QVERIFY(QJsonDocument::fromJson(status.out.toUtf8()).object().contains(S("Requests")));
    }

    // `--profile p` after the command selects that profile's keys.
    void profileAfterTheCommand()
    {
        QDir(m_home.path()).mkpath(S(".aws"));
        QFile creds(m_home.path() + S("/.aws/credentials"));
        QVERIFY(creds.open(QIODevice::WriteOnly));
        creds.write("[dba]\naws_access_key_id = " + kAccessKey.toUtf8() +
                    "\naws_secret_access_key = " + kSecret.toUtf8() + "\n");
        creds.close();
        const CliRun r = run(words("status erp-migration --profile dba") + atTheEnd(), environment(false));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const CliRun other =
            run(words("status erp-migration --profile nobody") + atTheEnd(), environment(false));
        QCOMPARE(other.exitCode, 3);
        QFile::remove(creds.fileName());
    }

    void anUnknownOptionNamesItAndTheCommandsOptions()
    {
        const CliRun r = run(words("projects list --frob 3") + atTheEnd());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(S("'--frob'")) && r.err.contains(S("--filter")), qPrintable(r.err));
        QVERIFY2(r.err.contains(S("dms-extpack-cli projects list --help")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());

        const CliRun before = run(words("--wait status erp-migration"));
        QCOMPARE(before.exitCode, 2);
        QVERIFY2(before.err.contains(S("'--wait'")), qPrintable(before.err));
    }

    // `--` ends the options: what follows is an argument even if it looks like one.
    void doubleDashEndsTheOptions()
    {
        const CliRun r = run(words("projects show") + atTheEnd() + words("-- --no-such-project"));
        QCOMPARE(r.exitCode, 1); // asked AWS, which knows no such project
        QVERIFY2(r.err.contains(S("--no-such-project")), qPrintable(r.err));
    }

    // `help`, `help COMMAND [SUB]`, `COMMAND --help`, `COMMAND SUB --help`, `COMMAND help`, for
    // every command the program lists, and for the groups of subcommands.
    void helpEverywhere()
    {
        const CliRun program = run({S("help")});
        QCOMPARE(program.exitCode, 0);
        QVERIFY(program.out.startsWith(S("Usage: dms-extpack-cli")));
        QVERIFY(program.out.contains(S("Exit codes:")));

        const QList<QStringList> paths = commandPaths();
        QVERIFY2(paths.size() >= 13, qPrintable(QString::number(paths.size())));
        QList<QStringList> all = paths;
        all += QList<QStringList>{{S("projects")}, {S("profiles")}, {S("sigv4")}};
        for (const QStringList& path : std::as_const(all)) {
            const QString usage = S("Usage: dms-extpack-cli ") + path.join(QLatin1Char(' '));
            for (const QStringList& line : {QStringList{S("help")} + path, path + QStringList{S("--help")},
                                            path + QStringList{S("-h")}, path + QStringList{S("help")}}) {
                // No keys, no endpoint: had anything been sent, it would have failed.
                const CliRun r = run(line, environment(false));
                QVERIFY2(r.exitCode == 0, qPrintable(line.join(QLatin1Char(' ')) + S(": ") + r.err));
                QVERIFY2(r.out.startsWith(usage),
                         qPrintable(line.join(QLatin1Char(' ')) + S(": ") + r.out.left(80)));
                QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
            }
        }
        // A command's help names its options.
        const CliRun apply = run(words("apply --help"));
        for (const char* option : {"--yes", "--wait", "--poll-interval S", "--max-poll-errors N"})
            QVERIFY2(apply.out.contains(S(option)), option);
        QVERIFY(apply.out.contains(S("-- help")));
    }

    // `apply help` is the help; a project literally named "help" is reached after `--`.
    void aProjectNamedHelpIsReachedAfterDoubleDash()
    {
        const CliRun r = run(words("apply --yes") + atTheEnd() + words("-- help"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(S("'help'")), qPrintable(r.err));
    }

    // history's --region and --profile are the global ones: given on the line, they filter.
    void historyRegionOnTheLineFilters()
    {
        QVERIFY(run(words("projects list") + atTheEnd()).exitCode == 0);
        const CliRun here = run(words("history --output json --region us-east-1"));
        QVERIFY2(here.exitCode == 0, qPrintable(here.err));
        QVERIFY(!QJsonDocument::fromJson(here.out.toUtf8()).array().isEmpty());
        const CliRun elsewhere = run(words("history --region eu-west-1 --output json"));
        QCOMPARE(elsewhere.exitCode, 0);
        QVERIFY2(QJsonDocument::fromJson(elsewhere.out.toUtf8()).array().isEmpty(),
                 qPrintable(elsewhere.out));
    }
};

QTEST_GUILESS_MAIN(TestCliHabits)
#include "tst_clihabits.moc"
