// The habits of an AWS CLI user, typed as such a user would, through the real dms-extpack-cli
// against the real dms-sim over loopback: options anywhere, help everywhere, the output formats,
// filters, paging, the confirmation, and each exit code of the README's table.
#include "CliRun.h"
#include "DmsSimProcess.h"
#include "SanitizerOptions.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

namespace {

const QString kAccessKey = QStringLiteral("AKIADEMOEXTPACK00001");
const QString kSecret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");

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
        QProcessEnvironment env = CliRun::cleanEnvironment(m_home.path());
        if (withKeys) {
            env.insert(S("AWS_ACCESS_KEY_ID"), kAccessKey);
            env.insert(S("AWS_SECRET_ACCESS_KEY"), kSecret);
        }
        return env;
    }

    CliRun run(const QStringList& args, const QProcessEnvironment& env, const QByteArray& stdinData = {})
    {
        const CliRun r = CliRun::run(args, env, stdinData);
        m_allRuns.append(r);
        return r;
    }

    CliRun run(const QStringList& args) { return run(args, environment()); }

    // As typed on a terminal: standard input is a pseudo-terminal, and `answer` is what the
    // person types (the terminal keeps it until the program reads its line).
    CliRun runOnTerminal(const QStringList& args, const QByteArray& answer)
    {
        const int master = posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
            return {};
        QProcess p;
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(environment()));
        p.setStandardInputFile(QString::fromLatin1(ptsname(master)));
        p.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
        p.setArguments(args);
        p.start();
        CliRun r;
        if (p.waitForStarted(10000) &&
            ::write(master, answer.constData(), size_t(answer.size())) == answer.size()) {
            if (!p.waitForFinished(120000)) {
                p.kill();
                p.waitForFinished();
            }
            r = CliRun{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                       QString::fromUtf8(p.readAllStandardOutput()),
                       QString::fromUtf8(p.readAllStandardError())};
        }
        ::close(master);
        m_allRuns.append(r);
        return r;
    }

    // How many extension pack requests the project has in the simulator.
    int requestCount(const QString& project)
    {
        const CliRun r = run(QStringList{S("status"), project, S("--output"), S("json")} + atTheEnd());
        return r.exitCode == 0 ? int(QJsonDocument::fromJson(r.out.toUtf8())
                                         .object()
                                         .value(S("Requests"))
                                         .toArray()
                                         .size())
                               : -1;
    }

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

    // `--output text`: the AWS CLI's layout, tab-separated, one line per item, no header.
    void textOutputIsTabSeparatedWithoutHeader()
    {
        const CliRun r = run(words("projects list --output text") + atTheEnd());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 10);
        for (const QString& line : lines)
            QVERIFY2(line.count(QLatin1Char('\t')) == 5, qPrintable(line));
        const QString erp = lines.filter(QRegularExpression(S("^erp-migration\t"))).value(0);
        const QStringList fields = erp.split(QLatin1Char('\t'));
        QVERIFY2(fields.value(1).startsWith(S("arn:aws:dms:us-east-1:")), qPrintable(erp));
        QCOMPARE(fields.value(2), S("oracle"));
        QCOMPARE(fields.value(3), S("aurora-postgresql"));
        QVERIFY(!r.out.contains(S("NAME")));

        const CliRun show = run(words("projects show erp-migration --output text") + atTheEnd());
        QVERIFY2(show.exitCode == 0, qPrintable(show.err));
        QVERIFY2(show.out.startsWith(S("PROJECT\terp-migration\tarn:aws:dms:")), qPrintable(show.out));
        QVERIFY(show.out.contains(S("\nTARGET\tapg-erp\t")));

        const CliRun diagnose = run(words("diagnose --output text") + atTheEnd());
        QCOMPARE(diagnose.exitCode, 0);
        QVERIFY2(diagnose.out.contains(S("region\tus-east-1\toption --region\n")), qPrintable(diagnose.out));

        const CliRun history = run(words("history --output text --limit 1"));
        QCOMPARE(history.exitCode, 0);
        QCOMPARE(history.out.count(QLatin1Char('\n')), 1);
        QCOMPARE(history.out.count(QLatin1Char('\t')), 9);
    }

    // The default output comes from AWS_DEFAULT_OUTPUT, else the profile's `output`, as the AWS
    // CLI reads them; --output overrides both.
    void defaultOutputFromTheEnvironmentAndTheProfile()
    {
        QProcessEnvironment env = environment();
        env.insert(S("AWS_DEFAULT_OUTPUT"), S("json"));
        const CliRun fromEnv = run(words("status erp-migration") + atTheEnd(), env);
        QVERIFY2(fromEnv.exitCode == 0, qPrintable(fromEnv.err));
        QVERIFY2(QJsonDocument::fromJson(fromEnv.out.toUtf8()).object().contains(S("Requests")),
                 qPrintable(fromEnv.out));
        const CliRun overridden = run(words("projects list --output text") + atTheEnd(), env);
        QVERIFY2(QRegularExpression(S("^erp-migration\tarn:"), QRegularExpression::MultilineOption)
                     .match(overridden.out)
                     .hasMatch(),
                 qPrintable(overridden.out.left(200)));

        QDir(m_home.path()).mkpath(S(".aws"));
        QFile config(m_home.path() + S("/.aws/config"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("[default]\noutput = text\n\n[profile broken]\noutput = xml\n");
        config.close();
        const CliRun fromProfile = run(words("projects list") + atTheEnd());
        QVERIFY2(fromProfile.exitCode == 0, qPrintable(fromProfile.err));
        QVERIFY2(QRegularExpression(S("^erp-migration\tarn:"), QRegularExpression::MultilineOption)
                     .match(fromProfile.out)
                     .hasMatch(),
                 qPrintable(fromProfile.out.left(200)));
        // A command that writes no text writes its table.
        const CliRun signing =
            run(words("sigv4 sign --service dms --region us-east-1 --time 20150830T123600Z"), environment(),
                "GET / HTTP/1.1\nHost: example.amazonaws.com\n\n");
        QVERIFY2(signing.exitCode == 0, qPrintable(signing.err));
        QVERIFY2(signing.out.startsWith(S("Canonical request:")), qPrintable(signing.out));

        // A value that is no format is said with where it came from: exit 3, nothing sent.
        const CliRun badProfile = run(words("projects list --profile broken") + atTheEnd());
        QCOMPARE(badProfile.exitCode, 3);
        QVERIFY2(badProfile.err.contains(S("\"xml\"")) &&
                     badProfile.err.contains(config.fileName() + S(":5")),
                 qPrintable(badProfile.err));
        // The AWS CLI's yaml is a shared setting, not a mistake: a table, and why, on stderr.
        env.insert(S("AWS_DEFAULT_OUTPUT"), S("yaml"));
        const CliRun yamlish = run(words("projects list") + atTheEnd(), env);
        QVERIFY2(yamlish.exitCode == 0, qPrintable(yamlish.err));
        QVERIFY2(yamlish.out.startsWith(S("NAME")), qPrintable(yamlish.out.left(200)));
        QVERIFY2(yamlish.err.contains(S("yaml (from the environment variable AWS_DEFAULT_OUTPUT) is an AWS "
                                        "CLI format")),
                 qPrintable(yamlish.err));
        env.insert(S("AWS_DEFAULT_OUTPUT"), S("xml"));
        const CliRun badEnv = run(words("projects list") + atTheEnd(), env);
        QCOMPARE(badEnv.exitCode, 3);
        QVERIFY2(badEnv.err.contains(S("AWS_DEFAULT_OUTPUT")), qPrintable(badEnv.err));
        QVERIFY(QFile::remove(config.fileName()));
    }

    // A format the command does not write is refused, never silently a table.
    void anUnwrittenFormatIsRefused()
    {
        QVERIFY(run(words("projects list") + atTheEnd()).exitCode == 0);
        const CliRun csv = run(words("history show 1 --output csv"));
        QCOMPARE(csv.exitCode, 2);
        QVERIFY2(csv.err.contains(S("history show writes table, text or json, not csv")),
                 qPrintable(csv.err));
        QVERIFY(csv.out.isEmpty());
        const CliRun yaml = run(words("projects list --output yaml"));
        QCOMPARE(yaml.exitCode, 2);
        QVERIFY2(yaml.err.contains(S("'yaml'")), qPrintable(yaml.err));
    }

    // `--filters Name=…,Values=…` as the AWS CLI writes it: several filters as several words, or JSON.
    void filtersInTheAwsCliShorthandAndJson()
    {
        const CliRun two =
            run(words("projects list --filters "
                      "Name=migration-project-identifier,Values=erp-migration,hr-migration "
                      "Name=instance-profile-identifier,Values=sc-profile-private --output text") +
                atTheEnd());
        QVERIFY2(two.exitCode == 0, qPrintable(two.err));
        QCOMPARE(two.out.count(QLatin1Char('\n')), 1);
        QVERIFY2(two.out.startsWith(S("erp-migration\t")), qPrintable(two.out));

        const CliRun json =
            run(QStringList{S("projects"), S("list"), S("--filters"),
                            S(R"([{"Name":"migration-project-identifier","Values":["hr-migration"]}])"),
                            S("--output"), S("text")} +
                atTheEnd());
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        QVERIFY2(json.out.startsWith(S("hr-migration\t")) && json.out.count(QLatin1Char('\n')) == 1,
                 qPrintable(json.out));

        const CliRun old =
            run(words("projects list --filter migration-project-identifier=hr-migration --output text") +
                atTheEnd());
        QVERIFY2(old.out.startsWith(S("hr-migration\t")), qPrintable(old.out));
    }

    // A filter name DMS does not know for the operation is a usage error listing the names it
    // does, found before anything is sent (no keys here: sending would have failed with 3).
    void anUnknownFilterNameIsAUsageErrorBeforeSending()
    {
        for (const char* line :
             {"projects list --filters Name=engine,Values=oracle", "projects list --filter engine=oracle"}) {
            const CliRun r = run(words(line) + atTheEnd(), environment(false));
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(S("'engine'")) && r.err.contains(S("source-data-provider-identifier")),
                     qPrintable(r.err));
        }
        const CliRun malformed = run(words("projects list --filters engine=oracle") + atTheEnd());
        QCOMPARE(malformed.exitCode, 2);
        QVERIFY2(malformed.err.contains(S("Name=NAME,Values=V1,V2")), qPrintable(malformed.err));
    }

    // `--max-items` with `--starting-token`, as the AWS CLI paginates: the pieces put together are
    // the whole listing, each project once, whatever the page size.
    void maxItemsAndStartingTokenWalkTheWholeListing()
    {
        const CliRun all = run(words("projects list --output json") + atTheEnd());
        QVERIFY2(all.exitCode == 0, qPrintable(all.err));
        QStringList expected;
        for (const QJsonValue& p :
             QJsonDocument::fromJson(all.out.toUtf8()).object().value(S("MigrationProjects")).toArray())
            expected.append(p.toObject().value(S("MigrationProjectName")).toString());
        QVERIFY(expected.size() > 8);
        QVERIFY(!all.out.contains(S("NextToken")));

        QStringList walked;
        QString token;
        for (int call = 0; call < 20; ++call) {
            QStringList line = words("projects list --max-items 4 --page-size 3 --output json") + atTheEnd();
            if (!token.isEmpty())
                line << S("--starting-token") << token;
            const CliRun r = run(line);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
            const QJsonArray page = o.value(S("MigrationProjects")).toArray();
            QVERIFY(page.size() <= 4);
            for (const QJsonValue& p : page)
                walked.append(p.toObject().value(S("MigrationProjectName")).toString());
            token = o.value(S("NextToken")).toString();
            if (token.isEmpty())
                break;
        }
        QCOMPARE(walked, expected);

        const CliRun text = run(words("projects list --max-items 2 --output text") + atTheEnd());
        QCOMPARE(text.out.count(QLatin1Char('\n')), 3);
        QVERIFY2(text.out.section(QLatin1Char('\n'), 2, 2).startsWith(S("NEXTTOKEN\t")),
                 qPrintable(text.out));
    }

    void pagingOptionsAreBounded()
    {
        for (const char* line : {"projects list --page-size 101", "projects list --page-size 0",
                                 "projects list --max-items 0", "projects list --starting-token nonsense!"}) {
            const CliRun r = run(words(line) + atTheEnd(), environment(false));
            QVERIFY2(r.exitCode == 2, line);
            QVERIFY2(r.err.contains(S("--page-size")) || r.err.contains(S("--max-items")) ||
                         r.err.contains(S("--starting-token")),
                     qPrintable(r.err));
        }
    }

    // TLS verification is never turned off; the refusal says what to do instead.
    void noVerifySslIsRefusedWithTheReason()
    {
        const CliRun r = run(words("projects list --no-verify-ssl") + atTheEnd());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(S("never turned off")) && r.err.contains(S("AWS_CA_BUNDLE")),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    // Only "yes" (any case) confirms; anything else, "y" included, is "Nothing was done.", exit 6,
    // and no Start is sent.
    void onlyYesConfirms()
    {
        const QString project = S("erp-migration");
        const int before = requestCount(project);
        QVERIFY(before >= 0);
        for (const QByteArray& answer : {QByteArray("y\n"), QByteArray("no\n"), QByteArray("\n")}) {
            const CliRun r = runOnTerminal(QStringList{S("apply"), project} + atTheEnd(), answer);
            QVERIFY2(r.exitCode == 6, qPrintable(r.err));
            QVERIFY2(r.err.contains(S("Type 'yes'")) && r.err.contains(S("Nothing was done.")),
                     qPrintable(r.err));
            QVERIFY(r.out.isEmpty());
        }
        QCOMPARE(requestCount(project), before);

        const CliRun yes = runOnTerminal(QStringList{S("apply"), project} + atTheEnd(), "YES\n");
        QVERIFY2(yes.exitCode == 0, qPrintable(yes.err));
        QVERIFY(!yes.out.trimmed().isEmpty()); // the request id
        QCOMPARE(requestCount(project), before + 1);
    }

    // Local validation is a usage error with a plain sentence, before anything is sent (no keys
    // here: sending would have failed with 3).
    void localValidationIsAUsageError()
    {
        const QProcessEnvironment noKeys = environment(false);
        const CliRun empty = run(QStringList{S("apply"), QString(), S("--yes")} + atTheEnd(), noKeys);
        QCOMPARE(empty.exitCode, 2);
        QVERIFY2(empty.err.contains(S("A migration project name or ARN is required")), qPrintable(empty.err));
        const CliRun emptyStatus = run(QStringList{S("status"), S(" ")} + atTheEnd(), noKeys);
        QCOMPARE(emptyStatus.exitCode, 2);

        const CliRun missing = run(words("history show 99999"), noKeys);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(S("The history has no entry 99999")), qPrintable(missing.err));
        QVERIFY(!missing.err.contains(S("Unexpected")));

        for (const QString& interval : {S("1"), S("3601"), S(""), S("soon")}) {
            const CliRun r = run(QStringList{S("status"), S("erp-migration"), S("--wait"),
                                             S("--poll-interval"), interval, S("--region"), S("us-east-1"),
                                             S("--endpoint-url"), S("https://dms.us-east-1.amazonaws.com")},
                                 noKeys);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(S("--poll-interval expects seconds from 2 to 3600")), qPrintable(r.err));
        }
    }

    // Every exit code of the README's table that these habits can produce, through the program.
    // (130, Ctrl+C, is tested where the interruption is.)
    void everyExitCodeOfTheTable()
    {
        QTcpServer probe; // a port that was just free: nothing listens there
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QString closed = S("http://127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        struct Case
        {
            int exitCode;
            QStringList line;
            QProcessEnvironment env;
        };
        const QList<Case> cases{
            {0, words("projects list") + atTheEnd(), environment()},
            {1, words("projects show no-such-project") + atTheEnd(), environment()},
            {2, words("projects list --frob") + atTheEnd(), environment()},
            {3, words("projects list") + atTheEnd(), environment(false)},
            {4,
             QStringList{S("projects"), S("list"), S("--region"), S("us-east-1"), S("--endpoint-url"),
                         closed},
             environment()},
            {5, words("apply payroll-migration --yes --wait --poll-interval 0.1") + atTheEnd(),
             environment()},
        };
        for (const Case& c : cases) {
            const CliRun r = run(c.line, c.env);
            QVERIFY2(r.exitCode == c.exitCode,
                     qPrintable(c.line.join(QLatin1Char(' ')) + S(" -> ") + QString::number(r.exitCode) +
                                S(": ") + r.err.left(300)));
        }
        // 6: declined at the confirmation.
        QCOMPARE(runOnTerminal(QStringList{S("apply"), S("billing-migration")} + atTheEnd(), "n\n").exitCode,
                 6);
        const CliRun help = run({S("--help")});
        for (const char* line :
             {"  0  success", "  1  AWS returned a fault", "  2  usage error", "  3  credentials",
              "  4  network", "  5  the extension pack association ended", "  6  declined"})
            QVERIFY2(help.out.contains(S(line)), line);
    }

    // Our own JSON has one key style, camelCase; what AWS answered keeps AWS's member names.
    void ourJsonIsCamelCaseAndAwsDataKeepsItsNames()
    {
        const QRegularExpression camel(S("^[a-z][A-Za-z0-9]*$"));
        const auto checkKeys = [&](const QJsonObject& o, const QStringList& awsNames, const QString& what) {
            QVERIFY2(!o.isEmpty(), qPrintable(what));
            for (const QString& key : o.keys())
                QVERIFY2(awsNames.contains(key) || camel.match(key).hasMatch(),
                         qPrintable(what + S(": ") + key));
        };
        QProcessEnvironment env = environment();
        env.insert(S("AWS_ENDPOINT_URL_STS"), endpoint()); // whoami asks the simulator's STS

        const CliRun diagnose = run(words("diagnose --output json") + atTheEnd(), env);
        QCOMPARE(diagnose.exitCode, 0);
        const QJsonObject settings = QJsonDocument::fromJson(diagnose.out.toUtf8()).object();
        checkKeys(settings, {}, S("diagnose"));
        QVERIFY(settings.contains(S("credentialsSource")));
        for (const QJsonValue& v : settings)
            checkKeys(v.toObject(), {}, S("diagnose entry"));

        const CliRun whoami = run(words("whoami --output json") + atTheEnd(), env);
        QVERIFY2(whoami.exitCode == 0, qPrintable(whoami.err));
        const QJsonObject me = QJsonDocument::fromJson(whoami.out.toUtf8()).object();
        checkKeys(me, {S("Account"), S("Arn"), S("UserId")}, S("whoami"));
        QCOMPARE(me.value(S("Account")).toString(), S("111122223333"));
        QVERIFY(me.contains(S("credentialsSource")) && me.contains(S("accessKeyId")));

        const CliRun history = run(words("history --output json --limit 3"));
        QCOMPARE(history.exitCode, 0);
        const QJsonArray entries = QJsonDocument::fromJson(history.out.toUtf8()).array();
        QVERIFY(!entries.isEmpty());
        for (const QJsonValue& e : entries)
            checkKeys(e.toObject(), {}, S("history"));

        const CliRun signing =
            run(words("sigv4 sign --service dms --region us-east-1 --time 20150830T123600Z --output json"),
                environment(), "GET / HTTP/1.1\nHost: example.amazonaws.com\n\n");
        QCOMPARE(signing.exitCode, 0);
        checkKeys(QJsonDocument::fromJson(signing.out.toUtf8()).object(), {}, S("sigv4 sign"));

        // DMS's data as DMS names it, as `aws dms describe-migration-projects` prints it.
        const CliRun projects = run(words("projects list --output json --max-items 1") + atTheEnd());
        const QJsonObject listing = QJsonDocument::fromJson(projects.out.toUtf8()).object();
        QVERIFY(listing.contains(S("MigrationProjects")) && listing.contains(S("NextToken")));
        QVERIFY(listing.value(S("MigrationProjects"))
                    .toArray()
                    .first()
                    .toObject()
                    .contains(S("MigrationProjectArn")));
    }
};

QTEST_GUILESS_MAIN(TestCliHabits)
#include "tst_clihabits.moc"
