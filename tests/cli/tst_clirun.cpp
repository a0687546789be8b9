// The CLI while it runs, through the real dms-extpack-cli against the real dms-sim: Ctrl-C (and
// SIGTERM) explained and resumable, progress on stderr, and hints that work when pasted.
#include "CliRun.h"
#include "DmsSimProcess.h"
#include "SanitizerOptions.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace {

const QString kAccessKey = QStringLiteral("AKIADEMOEXTPACK00001");
const QString kSecret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");
// 600 s at time scale 1: still running whenever the test looks.
const QString kSlowProject = QStringLiteral("ledger-history-migration");

QString scenario()
{
    return qEnvironmentVariable("DMSX_SOURCE_DIR") + QStringLiteral("/sim/scenarios/demo.json");
}

} // namespace

class TestCliRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QList<CliRun> m_allRuns; // every output, scanned for secrets at the end

    QProcessEnvironment baseEnvironment() const
    {
        QProcessEnvironment env = CliRun::cleanEnvironment(m_home.path());
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kAccessKey);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kSecret);
        return env;
    }

    static QStringList where(const DmsSimProcess& sim)
    {
        return {QStringLiteral("--endpoint-url"), sim.url().toString(), QStringLiteral("--region"),
                QStringLiteral("us-east-1")};
    }

    CliRun run(const QStringList& args)
    {
        const CliRun r = CliRun::run(args, baseEnvironment());
        m_allRuns.append(r);
        return r;
    }

    // A CLI left running; interrupt() it once it has said `marker` on stderr.
    class Running
    {
    public:
        Running(const QStringList& args, const QProcessEnvironment& env)
        {
            m_process.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
            m_process.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
            m_process.setArguments(args);
            m_process.start();
            m_process.waitForStarted(10000);
            m_process.closeWriteChannel();
        }
        ~Running()
        {
            if (m_process.state() != QProcess::NotRunning) {
                m_process.kill();
                m_process.waitForFinished();
            }
        }
        bool waitForErr(const QByteArray& marker)
        {
            return QTest::qWaitFor(
                       [&] {
                           m_err += m_process.readAllStandardError();
                           return m_err.contains(marker) || m_process.state() == QProcess::NotRunning;
                       },
                       60000) &&
                   m_err.contains(marker);
        }
        void signal(int number) { ::kill(pid_t(m_process.processId()), number); }
        // The run once it ended; exit code -1 when it died by a signal or did not end.
        CliRun finish()
        {
            const bool ended = m_process.waitForFinished(60000);
            m_err += m_process.readAllStandardError();
            return {ended && m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1,
                    QString::fromUtf8(m_process.readAllStandardOutput()), QString::fromUtf8(m_err)};
        }

    private:
        QProcess m_process;
        QByteArray m_err;
    };

    // The history rows (newest first) as `history --all --output json` gives them.
    QJsonArray historyRows()
    {
        const CliRun listed = run({QStringLiteral("history"), QStringLiteral("--all"),
                                   QStringLiteral("--output"), QStringLiteral("json")});
        return QJsonDocument::fromJson(listed.out.toUtf8()).array();
    }

    QJsonObject startRow(const QString& requestId)
    {
        for (const QJsonValue& v : historyRows()) {
            const QJsonObject row = v.toObject();
            if (row.value(QLatin1String("operation")).toString() ==
                    QLatin1String("StartExtensionPackAssociation") &&
                row.value(QLatin1String("dmsRequestIdentifier")).toString() == requestId)
                return row;
        }
        return {};
    }

    // Runs the CLI on a pseudo-terminal (script(1)), types Ctrl-C once it has shown `marker` (none:
    // lets it end), and returns all the terminal showed and (in `exitCode`) the CLI's exit code.
    QString runOnTerminal(const QString& script, const QStringList& args, const QByteArray& marker,
                          int* exitCode)
    {
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("TERM"), QStringLiteral("xterm"));
        // 40 columns: every line shown in place must fit, or \r would leave wrapped rows behind.
        const QString command =
            QStringLiteral("stty cols 40; ") +
            (QStringList{qEnvironmentVariable("DMSX_CLI_BIN")} + args).join(QLatin1Char(' '));
        QProcess p;
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
        p.start(script, {QStringLiteral("-qfec"), command, QStringLiteral("/dev/null")});
        p.waitForStarted(10000);
        QByteArray tty;
        const bool shown = QTest::qWaitFor(
            [&] {
                tty += p.readAll();
                return (!marker.isEmpty() && tty.contains(marker)) || p.state() == QProcess::NotRunning;
            },
            60000);
        if (shown && !marker.isEmpty())
            p.write("\x03");
        if (!p.waitForFinished(60000))
            p.kill();
        tty += p.readAll();
        const QString text = QString::fromUtf8(tty);
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        m_allRuns.append({*exitCode, text, QString()});
        return text;
    }

    static bool startSim(DmsSimProcess& sim, const QJsonArray& faults = {})
    {
        QString error;
        if (!sim.start({QStringLiteral("--scenario"), scenario()}, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return faults.isEmpty() || sim.setFaults(faults);
    }

    static QJsonArray latency(const QString& operation)
    {
        // Far longer than any test waits: the call is in flight whenever the signal comes.
        return QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("latency")},
                                      {QStringLiteral("ms"), 600000},
                                      {QStringLiteral("operations"), QJsonArray{operation}}}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariableIsEmpty("DMSX_CLI_BIN"));
        QVERIFY(m_home.isValid());
    }

    void cleanupTestCase()
    {
        for (const CliRun& r : std::as_const(m_allRuns)) {
            QVERIFY2(!r.out.contains(kSecret) && !r.err.contains(kSecret),
                     "a secret reached the CLI's output");
        }
    }

    void interruptWhileApplyFollowsSaysHowToFollowAgain_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
    }

    void interruptWhileApplyFollowsSaysHowToFollowAgain()
    {
        QFETCH(int, signalNumber);
        DmsSimProcess sim;
        QVERIFY(startSim(sim));
        Running apply(where(sim) + QStringList{QStringLiteral("apply"), kSlowProject, QStringLiteral("--yes"),
                                               QStringLiteral("--wait"), QStringLiteral("--poll-interval"),
                                               QStringLiteral("2")},
                      baseEnvironment());
        QVERIFY(apply.waitForErr("following it"));
        apply.signal(signalNumber);
        const CliRun r = apply.finish();
        m_allRuns.append(r);
        QVERIFY2(r.exitCode == 130, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("The installation keeps running in AWS")), qPrintable(r.err));
        const QJsonArray starts = sim.requests(QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(starts.size(), 1);

        // The printed command, run as pasted, finds the same request still running.
        const QString hint =
            r.err.section(QStringLiteral("Follow it again with:\n  "), 1).section(QLatin1Char('\n'), 0, 0);
        QStringList words = hint.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(words.value(0), QStringLiteral("dms-extpack-cli"));
        QVERIFY2(words.contains(sim.url().toString()) && words.contains(QStringLiteral("us-east-1")),
                 qPrintable(hint));
        const QString requestId = words.value(words.indexOf(QStringLiteral("--request-id")) + 1);
        QVERIFY(!requestId.isEmpty());
        QCOMPARE(words.takeLast(), QStringLiteral("--wait"));
        const CliRun status =
            run(QStringList{QStringLiteral("--output"), QStringLiteral("json")} + words.mid(1));
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
        const QJsonArray requests =
            QJsonDocument::fromJson(status.out.toUtf8()).object().value(QLatin1String("Requests")).toArray();
        QCOMPARE(requests.size(), 1);
        const QString state = requests.first().toObject().value(QLatin1String("Status")).toString();
        QVERIFY2(state == QLatin1String("RECEIVED") || state == QLatin1String("IN_PROGRESS"),
                 qPrintable(state));

        // The history keeps the installation open, neither failed nor cancelled.
        const QJsonObject row = startRow(requestId);
        const QString outcome = row.value(QLatin1String("outcome")).toString();
        QVERIFY2(outcome == QLatin1String("queued") || outcome == QLatin1String("in_progress"),
                 QJsonDocument(row).toJson().constData());
    }

    void interruptWhileStatusFollowsSaysHowToFollowAgain()
    {
        DmsSimProcess sim;
        QVERIFY(startSim(sim));
        const CliRun started =
            run(where(sim) + QStringList{QStringLiteral("apply"), kSlowProject, QStringLiteral("--yes")});
        QVERIFY2(started.exitCode == 0, qPrintable(started.err));
        const QString requestId = started.out.trimmed();
        Running status(where(sim) + QStringList{QStringLiteral("status"), kSlowProject,
                                                QStringLiteral("--request-id"), requestId,
                                                QStringLiteral("--wait"), QStringLiteral("--poll-interval"),
                                                QStringLiteral("2")},
                       baseEnvironment());
        QVERIFY(status.waitForErr("RECEIVED"));
        status.signal(SIGINT);
        const CliRun r = status.finish();
        m_allRuns.append(r);
        QVERIFY2(r.exitCode == 130, qPrintable(r.err));
        const QString resume =
            QStringLiteral("dms-extpack-cli --region us-east-1 --endpoint-url %1 status %2 "
                           "--request-id %3 --wait")
                .arg(sim.url().toString(), kSlowProject, requestId);
        QVERIFY2(r.err.contains(resume), qPrintable(r.err));
        const QString outcome = startRow(requestId).value(QLatin1String("outcome")).toString();
        QVERIFY2(outcome == QLatin1String("queued") || outcome == QLatin1String("in_progress"),
                 qPrintable(outcome));
    }

    void interruptWhileTheStartIsInFlightNeverRetries()
    {
        DmsSimProcess sim;
        QVERIFY(startSim(sim, latency(QStringLiteral("StartExtensionPackAssociation"))));
        Running apply(where(sim) + QStringList{QStringLiteral("apply"), kSlowProject, QStringLiteral("--yes"),
                                               QStringLiteral("--wait")},
                      baseEnvironment());
        QVERIFY(apply.waitForErr("About to apply"));
        // The simulator has taken the Start (and holds its answer back).
        QVERIFY(QTest::qWaitFor(
            [&] { return !sim.requests(QStringLiteral("StartExtensionPackAssociation")).isEmpty(); }, 30000));
        apply.signal(SIGINT);
        const CliRun r = apply.finish();
        m_allRuns.append(r);
        QVERIFY2(r.exitCode == 130, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("it may have reached AWS")), qPrintable(r.err));
        const QString check = QStringLiteral("dms-extpack-cli --region us-east-1 --endpoint-url %1 status ")
                                  .arg(sim.url().toString());
        QVERIFY2(r.err.contains(check), qPrintable(r.err));
        QCOMPARE(sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);

        // The Start's answer never came: unknown, to be re-checked.
        bool unknownStart = false;
        for (const QJsonValue& v : historyRows()) {
            const QJsonObject row = v.toObject();
            if (row.value(QLatin1String("operation")).toString() ==
                    QLatin1String("StartExtensionPackAssociation") &&
                row.value(QLatin1String("endpointHost")).toString().contains(QString::number(sim.port())))
                unknownStart = row.value(QLatin1String("outcome")).toString() == QLatin1String("unknown");
        }
        QVERIFY(unknownStart);
    }

    void interruptDuringAListingSaysCancelled()
    {
        DmsSimProcess sim;
        QVERIFY(startSim(sim, latency(QStringLiteral("DescribeMigrationProjects"))));
        Running list(where(sim) + QStringList{QStringLiteral("projects"), QStringLiteral("list")},
                     baseEnvironment());
        QVERIFY(QTest::qWaitFor(
            [&] { return !sim.requests(QStringLiteral("DescribeMigrationProjects")).isEmpty(); }, 30000));
        list.signal(SIGINT);
        const CliRun r = list.finish();
        m_allRuns.append(r);
        QVERIFY2(r.exitCode == 130, qPrintable(r.err));
        QCOMPARE(r.err.trimmed(), QStringLiteral("Cancelled."));
        QVERIFY(r.out.isEmpty());
    }

    void theFollowHintWorksWhenPasted()
    {
        DmsSimProcess sim;
        QVERIFY(startSim(sim));
        // Where to reach the simulator comes from the command line alone, as for a user of a
        // non-default region and endpoint.
        const CliRun started = run({QStringLiteral("--endpoint-url"), sim.url().toString(),
                                    QStringLiteral("--region"), QStringLiteral("us-east-1"),
                                    QStringLiteral("apply"), kSlowProject, QStringLiteral("--yes")});
        QVERIFY2(started.exitCode == 0, qPrintable(started.err));
        const QString requestId = started.out.trimmed();
        const QString hint = started.err.section(QStringLiteral("Started. Follow it with: "), 1)
                                 .section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(!hint.isEmpty(), qPrintable(started.err));
        QStringList words = hint.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(words.takeFirst(), QStringLiteral("dms-extpack-cli"));
        QVERIFY2(words.contains(QStringLiteral("--endpoint-url")) &&
                     words.contains(QStringLiteral("--region")),
                 qPrintable(hint));

        // Pasted as given, it follows the same request there: only that simulator knows the id.
        Running following(words, baseEnvironment());
        QVERIFY(following.waitForErr(requestId.toUtf8() + "  RECEIVED"));
        following.signal(SIGINT);
        const CliRun r = following.finish();
        m_allRuns.append(r);
        QVERIFY2(r.exitCode == 130, qPrintable(r.err));
        QCOMPARE(sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);
    }

    void aLongListingSaysOneLineInALog()
    {
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--projects"), QStringLiteral("250")}, &error), qPrintable(error));
        const CliRun r = run(where(sim) + QStringList{QStringLiteral("--output"), QStringLiteral("json"),
                                                      QStringLiteral("projects"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .object()
                     .value(QLatin1String("MigrationProjects"))
                     .toArray()
                     .size(),
                 250);
        QCOMPARE(sim.requests(QStringLiteral("DescribeMigrationProjects")).size(), 3);
        // Not a line per page: one at the end.
        QCOMPARE(r.err, QStringLiteral("Fetched 250 projects in 3 pages.\n"));
    }

    void aFollowedRequestSaysEachStateOnceInALog()
    {
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--scenario"), scenario(), QStringLiteral("--time-scale"),
                            QStringLiteral("10")},
                           &error),
                 qPrintable(error));
        const CliRun r =
            run(where(sim) + QStringList{QStringLiteral("apply"), QStringLiteral("erp-migration"),
                                         QStringLiteral("--yes"), QStringLiteral("--wait"),
                                         QStringLiteral("--poll-interval"), QStringLiteral("0.1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString requestId = r.out.section(QLatin1Char(' '), 0, 0);
        QVERIFY(!requestId.isEmpty());
        QStringList states; // "STATUS step" of each progress line, in order
        for (const QString& line : r.err.split(QLatin1Char('\n'))) {
            if (!line.startsWith(requestId + QStringLiteral("  ")))
                continue;
            // "ID  IN_PROGRESS  Converting objects — step 4 of 5, 22 %": the percent left out.
            states.append(line.section(QStringLiteral("  "), 1).section(QStringLiteral(" — "), 0, 0));
        }
        QVERIFY2(states.size() >= 3, qPrintable(r.err));
        QCOMPARE(states.constFirst(), QStringLiteral("RECEIVED  Queued: waiting for DMS to start it"));
        QCOMPARE(states.constLast(), QStringLiteral("SUCCESS"));
        for (qsizetype i = 1; i < states.size(); ++i)
            QVERIFY2(states.at(i) != states.at(i - 1), qPrintable(r.err));
        // Far more polls than lines: the polls that saw no change said nothing.
        const qsizetype polls = sim.requests(QStringLiteral("DescribeExtensionPackAssociations")).size();
        QVERIFY2(polls > states.size() + 3, qPrintable(QString::number(polls)));
    }

    void quietSaysNoProgress()
    {
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--scenario"), scenario(), QStringLiteral("--time-scale"),
                            QStringLiteral("10")},
                           &error),
                 qPrintable(error));
        const CliRun list = run(where(sim) + QStringList{QStringLiteral("--quiet"),
                                                         QStringLiteral("projects"), QStringLiteral("list")});
        QVERIFY2(list.exitCode == 0 && !list.out.isEmpty(), qPrintable(list.err));
        QCOMPARE(list.err, QString());

        const CliRun applied =
            run(where(sim) + QStringList{QStringLiteral("--quiet"), QStringLiteral("apply"),
                                         QStringLiteral("erp-migration"), QStringLiteral("--yes"),
                                         QStringLiteral("--wait"), QStringLiteral("--poll-interval"),
                                         QStringLiteral("0.1")});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        const QString requestId = applied.out.section(QLatin1Char(' '), 0, 0);
        QVERIFY(applied.out.contains(QLatin1String("SUCCESS")));
        QVERIFY2(!applied.err.contains(QLatin1String("Checking project")) &&
                     !applied.err.contains(QLatin1String("following it")) &&
                     !applied.err.contains(requestId + QStringLiteral("  ")),
                 qPrintable(applied.err));

        // Faults still say themselves.
        const CliRun missing =
            run(where(sim) + QStringList{QStringLiteral("--quiet"), QStringLiteral("status"),
                                         QStringLiteral("no-such-project")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QLatin1String("ResourceNotFoundFault")), qPrintable(missing.err));
    }

    void onATerminalProgressIsOneLineUpdatedInPlace()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) from util-linux is needed for a terminal");
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--projects"), QStringLiteral("250")}, &error), qPrintable(error));
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("TERM"), QStringLiteral("xterm"));
        const QString command =
            (QStringList{qEnvironmentVariable("DMSX_CLI_BIN")} + where(sim) +
             QStringList{QStringLiteral("projects"), QStringLiteral("list"), QStringLiteral(">/dev/null")})
                .join(QLatin1Char(' '));
        QProcess p;
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
        // A pseudo-terminal for the CLI's stdin, stdout and stderr; -e passes its exit code on.
        p.start(script, {QStringLiteral("-qfec"), command, QStringLiteral("/dev/null")});
        QVERIFY(p.waitForStarted(10000));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        const QString tty = QString::fromUtf8(p.readAll());
        m_allRuns.append({p.exitCode(), tty, QString()});
        QVERIFY2(p.exitCode() == 0, qPrintable(tty));
        // Each page rewrites the line ("\r" back to its start, ESC [K erases the rest)...
        for (int page = 1; page <= 3; ++page) {
            const QString update = QStringLiteral("\rFetched page %1 (%2 projects so far)…\x1b[K")
                                       .arg(page)
                                       .arg(qMin(page * 100, 250));
            QVERIFY2(tty.contains(update), qPrintable(tty));
        }
        // ...and one line stays, ended by a newline (the terminal's \r\n)...
        QVERIFY2(tty.contains(QStringLiteral("\r\x1b[KFetched 250 projects in 3 pages.\r\n")),
                 qPrintable(tty));
        QCOMPARE(tty.count(QLatin1Char('\n')), 1);
        // ...while the engines' data providers, read alongside the projects, are shown in place only
        // while the table still waits for them, and erased before it.
        const QString afterTotal = tty.mid(tty.indexOf(QLatin1String("pages.\r\n")) + 8);
        const QRegularExpression providerPage(
            QStringLiteral("^(\\rFetched page [1-5] \\([0-9]+ data providers so far\\)…\\x1b\\[K)*"));
        const QRegularExpressionMatch shown = providerPage.match(afterTotal);
        QVERIFY2(afterTotal.isEmpty() ||
                     (shown.capturedLength() > 0 &&
                      afterTotal.mid(shown.capturedLength()) == QLatin1String("\r\x1b[K")),
                 qPrintable(tty));
    }

    void ctrlCOnATerminalEndsTheProgressLineAndSaysHowToFollowAgain()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) from util-linux is needed for a terminal");
        DmsSimProcess sim;
        QVERIFY(startSim(sim));
        // Ctrl-C typed at the terminal: the pty's line discipline sends SIGINT, as a keyboard does.
        int exitCode = -1;
        const QString tty =
            runOnTerminal(script,
                          where(sim) + QStringList{QStringLiteral("apply"), kSlowProject,
                                                   QStringLiteral("--yes"), QStringLiteral("--wait"),
                                                   QStringLiteral("--poll-interval"), QStringLiteral("2")},
                          "RECEIVED", &exitCode);
        QVERIFY2(exitCode == 130, qPrintable(tty));
        // The request is named on a line that stays, its status is shown in place, and the message
        // starts on a line of its own.
        QVERIFY2(tty.contains(QRegularExpression(QStringLiteral(
                     "\nStarted request [0-9a-f-]{36}; following it…\r\n"
                     "\rRECEIVED  Queued[^\r\n]*…\x1b\\[K(\r\n)?\\^C\r\nInterrupted: stopped following"))),
                 qPrintable(tty));
        // Nothing shown in place is as wide as the terminal: a longer status was cut ("…" above).
        const QRegularExpression inPlace(QStringLiteral("\r([^\r\n]*)\x1b\\[K"));
        for (auto it = inPlace.globalMatch(tty); it.hasNext();) {
            const QString shown = it.next().captured(1);
            QVERIFY2(shown.size() < 40, qPrintable(shown));
        }
        QVERIFY2(tty.contains(QStringLiteral("Follow it again with:\r\n  dms-extpack-cli --region us-east-1 "
                                             "--endpoint-url %1 status ")
                                  .arg(sim.url().toString())),
                 qPrintable(tty));
    }

    void withDebugATerminalGetsProgressAsLines()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) from util-linux is needed for a terminal");
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--projects"), QStringLiteral("250")}, &error), qPrintable(error));
        int exitCode = -1;
        const QString tty =
            runOnTerminal(script,
                          where(sim) + QStringList{QStringLiteral("projects"), QStringLiteral("list"),
                                                   QStringLiteral("--debug"), QStringLiteral(">/dev/null")},
                          QByteArray(), &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(tty));
        // The attempts' log lines are never written over.
        QVERIFY2(tty.contains(QLatin1String("DescribeMigrationProjects")), qPrintable(tty));
        QVERIFY2(!tty.contains(QLatin1String("\x1b[K")), qPrintable(tty));
        QVERIFY2(tty.contains(QLatin1String("\nFetched 250 projects in 3 pages.\r\n")), qPrintable(tty));
    }

    void ctrlCAtTheConfirmationAppliesNothing()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("script(1) from util-linux is needed for a terminal");
        DmsSimProcess sim;
        QVERIFY(startSim(sim));
        // The question is read outside the event loop: the signal handler itself answers.
        int exitCode = -1;
        const QString tty = runOnTerminal(
            script, where(sim) + QStringList{QStringLiteral("apply"), QStringLiteral("erp-migration")},
            "Type 'yes'", &exitCode);
        QVERIFY2(tty.contains(QStringLiteral("Cancelled. Nothing was applied.\r\n")), qPrintable(tty));
        QCOMPARE(exitCode, 130);
        QVERIFY(sim.requests(QStringLiteral("StartExtensionPackAssociation")).isEmpty());
    }

    void aSecondInterruptEndsAtOnce()
    {
        DmsSimProcess sim;
        QVERIFY(startSim(sim));
        Running apply(where(sim) + QStringList{QStringLiteral("apply"), kSlowProject, QStringLiteral("--yes"),
                                               QStringLiteral("--wait"), QStringLiteral("--poll-interval"),
                                               QStringLiteral("2")},
                      baseEnvironment());
        QVERIFY(apply.waitForErr("following it"));
        apply.signal(SIGINT);
        apply.signal(SIGINT);
        const CliRun r = apply.finish();
        m_allRuns.append(r);
        QCOMPARE(r.exitCode, 130); // never a death by the signal
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_clirun.moc"
