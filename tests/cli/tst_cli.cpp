// Runs the real dms-extpack-cli executable against the real dms-sim over loopback, the way a
// user or a script would, and checks output, exit codes and that no secret is ever printed.
#include "CliRun.h"
#include "DmsSimProcess.h"
#include "FullBacklog.h"
#include "SanitizerOptions.h"
#include "base/FaultCatalogue.h"
#include "dms/AssociationPoller.h"
#include "history/HistoryQuery.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QUuid>

#include <unistd.h>

using dmsx::AssociationPoller;
using dmsx::FaultCatalogue;
using dmsx::HistoryQuery;
using dmsx::HistoryRecord;
using dmsx::HistoryStore;

namespace {

const QString kAccessKey = QStringLiteral("AKIADEMOEXTPACK00001");
const QString kSecret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    DmsSimProcess m_sim;
    QTemporaryDir m_home;
    QList<CliRun> m_allRuns; // every output, scanned for secrets at the end

    QProcessEnvironment baseEnvironment(bool withKeys = true) const
    {
        QProcessEnvironment env = CliRun::cleanEnvironment(m_home.path());
        if (withKeys) {
            env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kAccessKey);
            env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kSecret);
        }
        return env;
    }

    CliRun run(const QStringList& args, const QProcessEnvironment& env, const QByteArray& stdinData = {})
    {
        const CliRun r = CliRun::run(args, env, stdinData);
        m_allRuns.append(r);
        return r;
    }

    CliRun runSim(const QStringList& args) { return run(simArgs() + args, baseEnvironment()); }

    // One reset of the next Start: after AWS handled it (`processed`) or before.
    static QJsonArray startFault(bool processed)
    {
        return QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("connectionReset")},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("StartExtensionPackAssociation")}},
            {QStringLiteral("processed"), processed},
            {QStringLiteral("count"), 1}}};
    }

    QStringList simArgs() const
    {
        return {QStringLiteral("--endpoint-url"), m_sim.url().toString(), QStringLiteral("--region"),
                QStringLiteral("us-east-1")};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariableIsEmpty("DMSX_CLI_BIN"));
        QVERIFY(m_home.isValid());
        const QString scenario =
            qEnvironmentVariable("DMSX_SOURCE_DIR") + QStringLiteral("/sim/scenarios/demo.json");
        QString error;
        QVERIFY2(m_sim.start({QStringLiteral("--scenario"), scenario, QStringLiteral("--time-scale"),
                              QStringLiteral("30")},
                             &error),
                 qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_sim.stop();
        // No output of any run may carry the secret key, even in fault texts.
        for (const CliRun& r : std::as_const(m_allRuns)) {
            QVERIFY2(!r.out.contains(kSecret) && !r.err.contains(kSecret),
                     "a secret reached the CLI's output");
        }
    }

    void helpDocumentsCommandsAndExitCodes()
    {
        const CliRun r = run({QStringLiteral("--help")}, baseEnvironment());
        QCOMPARE(r.exitCode, 0);
        for (const char* word :
             {"projects list", "projects show", "check PROJECT", "apply PROJECT", "status PROJECT",
              "sigv4 sign", "Exit codes", "5  the extension pack association ended FAILED or CANCELED"})
            QVERIFY2(r.out.contains(QLatin1String(word)), word);
    }

    // Each command's own help names the program as people type it, not the path it was run from.
    void commandHelpStartsWithTheCommand()
    {
        const QList<QStringList> commands = {
            {QStringLiteral("apply")},   {QStringLiteral("check")},
            {QStringLiteral("status")},  {QStringLiteral("sigv4")},
            {QStringLiteral("history")}, {QStringLiteral("history"), QStringLiteral("show")}};
        for (const QStringList& command : commands) {
            const CliRun r = run(command + QStringList{QStringLiteral("--help")}, baseEnvironment());
            QCOMPARE(r.exitCode, 0);
            const QString expected =
                QStringLiteral("Usage: dms-extpack-cli ") + command.join(QLatin1Char(' '));
            QVERIFY2(r.out.startsWith(expected), qPrintable(r.out.left(80)));
        }
    }

    void usageErrorsExitTwo()
    {
        QCOMPARE(run({}, baseEnvironment()).exitCode, 2);
        QCOMPARE(run({QStringLiteral("frobnicate")}, baseEnvironment()).exitCode, 2);
        QCOMPARE(run({QStringLiteral("--output"), QStringLiteral("yaml"), QStringLiteral("projects"),
                      QStringLiteral("list")},
                     baseEnvironment())
                     .exitCode,
                 2);
        QCOMPARE(runSim({QStringLiteral("projects"), QStringLiteral("list"), QStringLiteral("--filter"),
                         QStringLiteral("novalue")})
                     .exitCode,
                 2);
    }

    // An empty --endpoint-url (an unset shell variable) must not quietly mean real AWS.
    void emptyEndpointUrlIsAUsageError()
    {
        const CliRun r =
            run({QStringLiteral("--endpoint-url"), QString(), QStringLiteral("--region"),
                 QStringLiteral("us-east-1"), QStringLiteral("projects"), QStringLiteral("list")},
                baseEnvironment());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--endpoint-url needs a URL")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    // Plain http:// is for this computer only, unless asked for; then said once, and a password in
    // the URL is never printed.
    void insecureHttpNeedsTheOptInAndIsSaidOnce()
    {
        const QStringList remote{QStringLiteral("--endpoint-url"),
                                 QStringLiteral("http://dba:Hunter2Pass@10.1.2.3:8080"),
                                 QStringLiteral("--region"), QStringLiteral("us-east-1")};
        const CliRun refused = run(remote + QStringList{QStringLiteral("diagnose")}, baseEnvironment());
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains(QLatin1String("The endpoint would send credentials unencrypted")),
                 qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QLatin1String("--allow-insecure-http")), qPrintable(refused.err));

        const CliRun allowed = run(QStringList{QStringLiteral("--allow-insecure-http")} + remote +
                                       QStringList{QStringLiteral("diagnose")},
                                   baseEnvironment());
        QCOMPARE(allowed.exitCode, 0);
        QCOMPARE(allowed.err.count(QLatin1String("warning: unencrypted endpoint")), 1);
        // Masked where the URL is shown, or redacted on the way out: either way, never the password.
        const auto masked = [](const QString& text) {
            return !text.contains(QLatin1String("Hunter2Pass")) &&
                   (text.contains(QLatin1String("http://dba:****@10.1.2.3:8080")) ||
                    text.contains(QLatin1String("http://dba:[REDACTED]@10.1.2.3:8080")));
        };
        QVERIFY2(allowed.err.contains(QLatin1String("DMS http://dba:")) && masked(allowed.err),
                 qPrintable(allowed.err));
        QVERIFY2(masked(allowed.out), qPrintable(allowed.out));

        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("DMSX_ALLOW_INSECURE_HTTP"), QStringLiteral("true"));
        const CliRun byEnvironment = run(remote + QStringList{QStringLiteral("diagnose")}, env);
        QCOMPARE(byEnvironment.exitCode, 0);
        QCOMPARE(byEnvironment.err.count(QLatin1String("warning: unencrypted endpoint")), 1);

        // The simulator on loopback needs nothing and is not warned about.
        const CliRun local = runSim({QStringLiteral("diagnose")});
        QCOMPARE(local.exitCode, 0);
        QVERIFY(!local.err.contains(QLatin1String("unencrypted")));

        for (const CliRun* r : {&refused, &allowed, &byEnvironment})
            QVERIFY(!r->out.contains(QLatin1String("Hunter2Pass")) &&
                    !r->err.contains(QLatin1String("Hunter2Pass")));
    }

    void listShowsEveryProjectWithEngines()
    {
        const CliRun json = runSim({QStringLiteral("--output"), QStringLiteral("json"),
                                    QStringLiteral("projects"), QStringLiteral("list")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray projects = QJsonDocument::fromJson(json.out.toUtf8())
                                        .object()
                                        .value(QLatin1String("MigrationProjects"))
                                        .toArray();
        QVERIFY(projects.size() > 30);
        QStringList names;
        for (const QJsonValue& v : projects)
            names << v.toObject().value(QLatin1String("MigrationProjectName")).toString();
        QVERIFY(names.contains(QLatin1String("erp-migration")));
        QCOMPARE(json.err, QStringLiteral("Fetched %1 projects in 1 page.\n").arg(projects.size()));

        const CliRun table = runSim({QStringLiteral("projects"), QStringLiteral("list")});
        QCOMPARE(table.exitCode, 0);
        QStringList lines = table.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), projects.size() + 1); // header + one row each
        QVERIFY(lines.first().startsWith(QLatin1String("NAME")));
        const QString erp = lines.filter(QRegularExpression(QStringLiteral("^erp-migration "))).value(0);
        QVERIFY2(erp.contains(QLatin1String("oracle")) && erp.contains(QLatin1String("aurora-postgresql")),
                 qPrintable(erp));
        const QString virt =
            lines.filter(QRegularExpression(QStringLiteral("^erp-assessment-virtual "))).value(0);
        QVERIFY2(virt.contains(QLatin1String("(virtual)")), qPrintable(virt));
    }

    // The table's engines come from DescribeDataProviders, read alongside the projects rather than
    // after them; a listing with no project to show them for does not depend on them.
    void aTableReadsTheDataProvidersAlongsideTheProjects()
    {
        QVERIFY(m_sim.clearRequests());
        const CliRun table = runSim({QStringLiteral("projects"), QStringLiteral("list"),
                                     QStringLiteral("--page-size"), QStringLiteral("20")});
        QCOMPARE(table.exitCode, 0);
        QStringList operations;
        for (const QJsonValue& v : m_sim.requests())
            operations << v.toObject().value(QLatin1String("operation")).toString();
        const qsizetype firstProviders = operations.indexOf(QLatin1String("DescribeDataProviders"));
        const qsizetype lastProjects = operations.lastIndexOf(QLatin1String("DescribeMigrationProjects"));
        QVERIFY2(operations.count(QLatin1String("DescribeMigrationProjects")) >= 3,
                 qPrintable(operations.join(QLatin1Char(' '))));
        QVERIFY2(firstProviders >= 0 && firstProviders < lastProjects,
                 qPrintable(operations.join(QLatin1Char(' '))));
        const QString erp = table.out.split(QLatin1Char('\n'))
                                .filter(QRegularExpression(QStringLiteral("^erp-migration ")))
                                .value(0);
        QVERIFY2(erp.contains(QLatin1String("oracle")) && erp.contains(QLatin1String("aurora-postgresql")),
                 qPrintable(erp));

        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("serverError")},
            {QStringLiteral("status"), 400},
            {QStringLiteral("code"), QStringLiteral("AccessDeniedFault")},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeDataProviders")}}}}));
        const CliRun refused = runSim({QStringLiteral("projects"), QStringLiteral("list")});
        const CliRun none =
            runSim({QStringLiteral("projects"), QStringLiteral("list"), QStringLiteral("--filter"),
                    QStringLiteral("migration-project-identifier=no-such-project")});
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(refused.exitCode != 0 && refused.err.contains(QLatin1String("AccessDeniedFault")),
                 qPrintable(refused.err));
        QCOMPARE(refused.out, QString());
        QVERIFY2(none.exitCode == 0 && none.err.contains(QLatin1String("No migration projects")),
                 qPrintable(none.err));
    }

    // --output json is written without building a QJsonDocument: byte for byte what one writes
    // (members sorted, four-space indents, Qt's escapes), with text a server may send, over
    // several pages and with a NextToken; a listing that fails part-way prints nothing on stdout.
    void jsonListingIsByteForByteWhatQJsonDocumentWrites()
    {
        QFile demo(qEnvironmentVariable("DMSX_SOURCE_DIR") + QStringLiteral("/sim/scenarios/demo.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QJsonObject scenario = QJsonDocument::fromJson(demo.readAll()).object();
        const QString awkward = QStringLiteral("tab\there, \"quoted\", C:\\path, \x01\x1f\x7f, Zürich → 東京 "
                                               "\U0001F600, \u202eright-to-left");
        QJsonArray projects = scenario.value(QLatin1String("projects")).toArray();
        QJsonObject first = projects.at(0).toObject();
        first.insert(QStringLiteral("description"), awkward);
        projects.replace(0, first);
        scenario.insert(QStringLiteral("projects"), projects);
        const QString path = m_home.filePath(QStringLiteral("awkward-scenario.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(scenario).toJson());
        file.close();
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--scenario"), path}, &error), qPrintable(error));
        const QStringList where{QStringLiteral("--endpoint-url"), sim.url().toString(),
                                QStringLiteral("--region"),       QStringLiteral("us-east-1"),
                                QStringLiteral("--output"),       QStringLiteral("json")};

        const CliRun all = run(where + QStringList{QStringLiteral("projects"), QStringLiteral("list"),
                                                   QStringLiteral("--page-size"), QStringLiteral("7")},
                               baseEnvironment());
        QVERIFY2(all.exitCode == 0, qPrintable(all.err));
        const QByteArray bytes = all.out.toUtf8();
        const QJsonDocument parsed = QJsonDocument::fromJson(bytes);
        QCOMPARE(bytes, parsed.toJson(QJsonDocument::Indented));
        const QJsonArray listed = parsed.object().value(QLatin1String("MigrationProjects")).toArray();
        QCOMPARE(listed.size(), projects.size());
        QVERIFY(all.err.contains(QStringLiteral("in %1 pages").arg((projects.size() + 6) / 7)));
        bool found = false;
        for (const QJsonValue& v : listed)
            found = found || v.toObject().value(QLatin1String("Description")).toString() == awkward;
        QVERIFY(found);

        const CliRun some = run(where + QStringList{QStringLiteral("projects"), QStringLiteral("list"),
                                                    QStringLiteral("--page-size"), QStringLiteral("3"),
                                                    QStringLiteral("--max-items"), QStringLiteral("4")},
                                baseEnvironment());
        QVERIFY2(some.exitCode == 0, qPrintable(some.err));
        const QJsonDocument someParsed = QJsonDocument::fromJson(some.out.toUtf8());
        QCOMPARE(some.out.toUtf8(), someParsed.toJson(QJsonDocument::Indented));
        QCOMPARE(someParsed.object().value(QLatin1String("MigrationProjects")).toArray().size(), 4);
        QVERIFY(!someParsed.object().value(QLatin1String("NextToken")).toString().isEmpty());
        QCOMPARE(some.err, QStringLiteral("Fetched 4 projects in 2 pages.\n"));

        const CliRun one = run(where + QStringList{QStringLiteral("projects"), QStringLiteral("list"),
                                                   QStringLiteral("--max-items"), QStringLiteral("1")},
                               baseEnvironment());
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        QCOMPARE(one.err, QStringLiteral("Fetched 1 project in 1 page.\n"));

        // Page 2 refused: the first page was written into the output already, and must not show.
        QVERIFY(sim.setFaults(QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("serverError")},
            {QStringLiteral("status"), 400},
            {QStringLiteral("code"), QStringLiteral("AccessDeniedFault")},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeMigrationProjects")}},
            {QStringLiteral("after"), 1}}}));
        const CliRun failed = run(where + QStringList{QStringLiteral("projects"), QStringLiteral("list"),
                                                      QStringLiteral("--page-size"), QStringLiteral("7")},
                                  baseEnvironment());
        QVERIFY2(failed.exitCode != 0 && failed.err.contains(QLatin1String("AccessDeniedFault")),
                 qPrintable(failed.err));
        QCOMPARE(failed.out, QString());
    }

    void listFilterNarrowsTheListing()
    {
        const CliRun r =
            runSim({QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("projects"),
                    QStringLiteral("list"), QStringLiteral("--filter"),
                    QStringLiteral("migration-project-identifier=hr-migration")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray projects = QJsonDocument::fromJson(r.out.toUtf8())
                                        .object()
                                        .value(QLatin1String("MigrationProjects"))
                                        .toArray();
        QCOMPARE(projects.size(), 1);
        QCOMPARE(projects.first().toObject().value(QLatin1String("MigrationProjectName")).toString(),
                 QStringLiteral("hr-migration"));
    }

    void showDescribesProvidersAndRequests()
    {
        const CliRun r =
            runSim({QStringLiteral("projects"), QStringLiteral("show"), QStringLiteral("crm-migration")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("arn:aws:dms:us-east-1:")));
        QVERIFY(r.out.contains(QLatin1String("engine sqlserver")));
        QVERIFY(r.out.contains(QLatin1String("Extension pack requests:")));

        const CliRun missing =
            runSim({QStringLiteral("projects"), QStringLiteral("show"), QStringLiteral("no-such-project")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QLatin1String("ResourceNotFoundFault")));
    }

    void applyAndWaitEndsInSuccess()
    {
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("erp-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("0.1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("SUCCESS")));
        QVERIFY(r.err.contains(QLatin1String("aws_oracle_ext"))); // the confirmation names the schema
        QVERIFY(r.err.contains(QLatin1String("111122223333")));   // and the account
        QVERIFY(r.err.contains(QLatin1String("IN_PROGRESS")));    // progress was followed

        const QString requestId = r.out.section(QLatin1Char(' '), 0, 0).trimmed();
        const CliRun status =
            runSim({QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("status"),
                    QStringLiteral("erp-migration"), QStringLiteral("--request-id"), requestId});
        QCOMPARE(status.exitCode, 0);
        const QJsonArray requests =
            QJsonDocument::fromJson(status.out.toUtf8()).object().value(QLatin1String("Requests")).toArray();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().toObject().value(QLatin1String("Status")).toString(),
                 QStringLiteral("SUCCESS"));
    }

    void asyncFailureExitsFiveWithExplanation()
    {
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("payroll-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("0.1")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.err.contains(QLatin1String("does not have sufficient privileges")));
        QVERIFY(r.out.contains(QLatin1String("FAILED")));
    }

    // The explanation of a FAILED request is the catalogue's entry for its kind, the one the
    // window shows: the same when apply follows it, when status follows it, and when status is
    // asked about it afterwards.
    void aFailedRequestIsExplainedTheSameWayEverywhere()
    {
        const CliRun applied =
            runSim({QStringLiteral("apply"), QStringLiteral("marketing-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("0.1")});
        QCOMPARE(applied.exitCode, 5);
        const QString requestId = applied.out.section(QLatin1Char(' '), 0, 0).trimmed();
        QCOMPARE(requestId.size(), 36);
        QVERIFY(applied.out.contains(QLatin1String("FAILED")));

        dmsx::SchemaConversionRequest failed;
        failed.requestIdentifier = requestId;
        failed.status = QStringLiteral("FAILED");
        dmsx::ErrorDetails error;
        error.message = QStringLiteral("AWS DMS can't use the AWS KMS key "
                                       "arn:aws:kms:us-east-1:111122223333:key/"
                                       "1234abcd-12ab-34cd-56ef-1234567890ab. Check the key policy.");
        failed.error = error;
        const dmsx::FaultExplanation expected = FaultCatalogue::explain(AssociationPoller::failureOf(failed));
        QCOMPARE(expected.catalogueKey, QStringLiteral("AssociationFailed.KMS"));

        const CliRun waited = runSim({QStringLiteral("status"), QStringLiteral("marketing-migration"),
                                      QStringLiteral("--request-id"), requestId, QStringLiteral("--wait")});
        const CliRun asked = runSim({QStringLiteral("status"), QStringLiteral("marketing-migration"),
                                     QStringLiteral("--request-id"), requestId});
        for (const CliRun& r : {applied, waited, asked}) {
            QCOMPARE(r.exitCode, 5);
            QVERIFY2(r.err.contains(expected.title + QLatin1Char('\n')), qPrintable(r.err));
            QVERIFY(r.err.contains(expected.cause));
            for (int i = 0; i < expected.steps.size(); ++i)
                QVERIFY2(r.err.contains(QStringLiteral("  %1. %2").arg(i + 1).arg(expected.steps.at(i))),
                         qPrintable(r.err));
            QVERIFY(r.err.contains(error.message)); // DMS's own words
            QVERIFY(r.err.contains(requestId));     // and which request
        }
    }

    void waitingForARequestDmsDoesNotListEnds()
    {
        m_sim.clearRequests();
        const QString never = QStringLiteral("0d4c1b2a-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        const CliRun r = runSim({QStringLiteral("status"), QStringLiteral("erp-migration"),
                                 QStringLiteral("--request-id"), never, QStringLiteral("--wait"),
                                 QStringLiteral("--poll-interval"), QStringLiteral("0.1")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("This extension pack request is no longer listed")),
                 qPrintable(r.err));
        QVERIFY(r.err.contains(never));
        QCOMPARE(m_sim.requests(QStringLiteral("DescribeExtensionPackAssociations")).size(),
                 AssociationPoller::kDefaultUnlistedPolls);

        // Without --wait the same words, after one look.
        const CliRun once = runSim({QStringLiteral("status"), QStringLiteral("erp-migration"),
                                    QStringLiteral("--request-id"), never});
        QCOMPARE(once.exitCode, 1);
        QVERIFY(once.err.contains(QLatin1String("This extension pack request is no longer listed")));
    }

    void progressIsSaidInWords()
    {
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("analytics-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("0.05")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // A 30 s installation at 30x: every poll's step in words, with its place among the five.
        QVERIFY2(r.err.contains(QRegularExpression(
                     QStringLiteral("IN_PROGRESS  (Loading metadata|Counting objects|Analyzing objects|"
                                    "Converting objects|Applying to the target database) — step [1-5] of 5, "
                                    "\\d+ %"))),
                 qPrintable(r.err));
    }

    // Text from the server reaches the terminal escaped: a message cannot clear the screen, set
    // the title or reverse what follows.
    void serverTextIsEscapedForTheTerminal()
    {
        QTemporaryFile scenario;
        QVERIFY(scenario.open());
        const QJsonObject evil{
            {QStringLiteral("dataProviders"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("src")},
                                    {QStringLiteral("engine"), QStringLiteral("oracle")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("tgt")},
                                    {QStringLiteral("engine"), QStringLiteral("aurora-postgresql")}}}},
            {QStringLiteral("projects"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("name"), QStringLiteral("evil")},
                             {QStringLiteral("s3BucketPath"), QStringLiteral("s3://sc-demo-bucket/test")},
                             {QStringLiteral("s3BucketRoleArn"),
                              QStringLiteral("arn:aws:iam::111122223333:role/dms-sc-s3-role")},
                             {QStringLiteral("secretsManagerSecretId"), QStringLiteral("test-target-secret")},
                             {QStringLiteral("secretsManagerAccessRoleArn"),
                              QStringLiteral("arn:aws:iam::111122223333:role/dms-sc-secrets-role")},
                             {QStringLiteral("sourceDataProviders"), QJsonArray{QStringLiteral("src")}},
                             {QStringLiteral("targetDataProviders"), QJsonArray{QStringLiteral("tgt")}},
                             {QStringLiteral("asyncFailure"),
                              QStringLiteral("KMS key \x1b[2J\x1b]0;owned\x07 denied \u202Egnp.exe")}}}}};
        scenario.write(QJsonDocument(evil).toJson());
        scenario.flush();
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--scenario"), scenario.fileName(), QStringLiteral("--time-scale"),
                            QStringLiteral("300")},
                           &error),
                 qPrintable(error));
        const QStringList endpoint{QStringLiteral("--endpoint-url"), sim.url().toString(),
                                   QStringLiteral("--region"), QStringLiteral("us-east-1")};
        const CliRun applied =
            run(endpoint + QStringList{QStringLiteral("apply"), QStringLiteral("evil"),
                                       QStringLiteral("--yes"), QStringLiteral("--wait"),
                                       QStringLiteral("--poll-interval"), QStringLiteral("0.1")},
                baseEnvironment());
        QCOMPARE(applied.exitCode, 5);
        const QString requestId = applied.out.section(QLatin1Char(' '), 0, 0).trimmed();
        const CliRun listed =
            run(endpoint + QStringList{QStringLiteral("status"), QStringLiteral("evil")}, baseEnvironment());
        const CliRun asked = run(endpoint + QStringList{QStringLiteral("status"), QStringLiteral("evil"),
                                                        QStringLiteral("--request-id"), requestId},
                                 baseEnvironment());
        for (const CliRun& r : {applied, listed, asked}) {
            const QString all = r.out + r.err;
            QVERIFY2(all.contains(QLatin1String("\\x1b[2J")), qPrintable(all));
            QVERIFY(all.contains(QLatin1String("\\u202e")));
            QVERIFY(!all.contains(QChar(0x1b)));
            QVERIFY(!all.contains(QChar(0x07)));
            QVERIFY(!all.contains(QChar(0x202e)));
        }
    }

    // Names the apply confirmation shows and the history's one-value-per-line view print carry
    // ESC[2J, CR and LF from the server: escaped there, exact in JSON and CSV.
    void controlCharactersInNamesAreEscapedInTheQuestionAndHistoryShow()
    {
        const QString project = QStringLiteral("evil\x1b[2J\rproj\nApply? yes");
        const QString target = QStringLiteral("tgt\x1b]0;owned\x07\r\nServer: trusted\x7f");
        QTemporaryFile scenario;
        QVERIFY(scenario.open());
        const QJsonObject evil{
            {QStringLiteral("dataProviders"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("src")},
                                    {QStringLiteral("engine"), QStringLiteral("oracle")}},
                        QJsonObject{{QStringLiteral("name"), target},
                                    {QStringLiteral("engine"), QStringLiteral("aurora-postgresql")}}}},
            {QStringLiteral("projects"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("name"), project},
                             {QStringLiteral("s3BucketPath"), QStringLiteral("s3://sc-demo-bucket/test")},
                             {QStringLiteral("s3BucketRoleArn"),
                              QStringLiteral("arn:aws:iam::111122223333:role/dms-sc-s3-role")},
                             {QStringLiteral("secretsManagerSecretId"), QStringLiteral("test-target-secret")},
                             {QStringLiteral("secretsManagerAccessRoleArn"),
                              QStringLiteral("arn:aws:iam::111122223333:role/dms-sc-secrets-role")},
                             {QStringLiteral("description"), QStringLiteral("line one\r\n\x1b[2Jline two")},
                             {QStringLiteral("sourceDataProviders"), QJsonArray{QStringLiteral("src")}},
                             {QStringLiteral("targetDataProviders"), QJsonArray{target}}}}}};
        scenario.write(QJsonDocument(evil).toJson());
        scenario.flush();
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--scenario"), scenario.fileName(), QStringLiteral("--time-scale"),
                            QStringLiteral("300")},
                           &error),
                 qPrintable(error));
        QProcessEnvironment env = baseEnvironment();
        const QString historyFile = m_home.filePath(QStringLiteral("escaping.sqlite"));
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), historyFile);
        const QStringList endpoint{QStringLiteral("--endpoint-url"), sim.url().toString(),
                                   QStringLiteral("--region"), QStringLiteral("us-east-1")};
        const CliRun applied =
            run(endpoint + QStringList{QStringLiteral("apply"), project, QStringLiteral("--yes")}, env);
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        const auto checkEscaped = [](const QString& text) {
            for (const QChar c : text)
                QVERIFY2(c == QLatin1Char('\n') ||
                             !(c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f)),
                         qPrintable(
                             QStringLiteral("raw U+%1 in:\n").arg(int(c.unicode()), 4, 16, QLatin1Char('0')) +
                             text.toHtmlEscaped()));
        };
        checkEscaped(applied.err);
        const QStringList projectLines =
            applied.err.split(QLatin1Char('\n')).filter(QLatin1String("  Project:  "));
        QCOMPARE(projectLines.size(), 1);
        QVERIFY2(projectLines.first().startsWith(
                     QLatin1String("  Project:  evil\\x1b[2J\\x0dproj\\x0aApply? yes (arn:aws:dms:")),
                 qPrintable(applied.err));
        QVERIFY2(applied.err.contains(
                     QLatin1String("  Target:   tgt\\x1b]0;owned\\x07\\x0d\\x0aServer: trusted\\x7f, "
                                   "engine aurora-postgresql")),
                 qPrintable(applied.err));

        const CliRun listed =
            run({QStringLiteral("history"), QStringLiteral("--output"), QStringLiteral("json")}, env);
        QCOMPARE(listed.exitCode, 0);
        qint64 startId = 0;
        for (const QJsonValue& v : QJsonDocument::fromJson(listed.out.toUtf8()).array()) {
            const QJsonObject row = v.toObject();
            if (row.value(QLatin1String("operation")).toString() ==
                QLatin1String("StartExtensionPackAssociation")) {
                startId = row.value(QLatin1String("id")).toVariant().toLongLong();
                QCOMPARE(row.value(QLatin1String("projectName")).toString(), project); // exact in JSON
            }
        }
        QVERIFY2(startId > 0, qPrintable(listed.out));
        const CliRun shown =
            run({QStringLiteral("history"), QStringLiteral("show"), QString::number(startId)}, env);
        QCOMPARE(shown.exitCode, 0);
        checkEscaped(shown.out);
        QVERIFY2(shown.out.contains(
                     QLatin1String("Project name:             evil\\x1b[2J\\x0dproj\\x0aApply? yes\n")),
                 qPrintable(shown.out));
        const CliRun json = run({QStringLiteral("history"), QStringLiteral("show"), QString::number(startId),
                                 QStringLiteral("--output"), QStringLiteral("json")},
                                env);
        QCOMPARE(json.exitCode, 0);
        QVERIFY2(json.out.contains(QLatin1String("evil\\u001b[2J\\rproj\\nApply? yes")),
                 qPrintable(json.out));
        const CliRun csv =
            run({QStringLiteral("history"), QStringLiteral("--output"), QStringLiteral("csv")}, env);
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.contains(QLatin1Char('"') + project + QLatin1Char('"'))); // exact, quoted
    }

    void synchronousFaultExitsOneWithCodeStatusAndRequestId()
    {
        m_sim.clearRequests();
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("treasury-migration"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QLatin1String("KMSKeyNotAccessibleFault")));
        QVERIFY(r.err.contains(QLatin1String("400")));
        const QJsonArray starts = m_sim.requests(QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(starts.size(), 1); // a DMS fault is never retried
        QVERIFY(!starts.first().toObject().value(QLatin1String("requestId")).toString().isEmpty() ||
                r.err.contains(QLatin1String("equest id")));
    }

    void aListingThatRepeatsItsMarkerExitsFour()
    {
        // A server that hands back a marker it gave before would keep `status` paging for ever.
        QVERIFY(m_sim.setFaults(
            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("repeatMarker")},
                                   {QStringLiteral("operations"),
                                    QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}}}}));
        const CliRun r = runSim({QStringLiteral("status"), QStringLiteral("erp-migration")});
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(r.exitCode == 4, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("The listing went round in a circle")) &&
                     r.err.contains(QLatin1String("RepeatedPageMarker")),
                 qPrintable(r.err));
    }

    void followingGivesUpWhenTheServiceGoesAwayAndSaysHowToResume()
    {
        // A simulator of its own, stopped while a request is being followed.
        DmsSimProcess sim;
        QString error;
        QVERIFY2(sim.start({QStringLiteral("--scenario"), qEnvironmentVariable("DMSX_SOURCE_DIR") +
                                                              QStringLiteral("/sim/scenarios/demo.json")},
                           &error),
                 qPrintable(error));
        const QStringList where{QStringLiteral("--endpoint-url"), sim.url().toString(),
                                QStringLiteral("--region"), QStringLiteral("us-east-1")};
        const QString project = QStringLiteral("ledger-history-migration"); // 600 s at time scale 1
        const CliRun started =
            run(where + QStringList{QStringLiteral("apply"), project, QStringLiteral("--yes")},
                baseEnvironment());
        QVERIFY2(started.exitCode == 0, qPrintable(started.err));
        const QString requestId = started.out.trimmed();
        QVERIFY(!requestId.isEmpty());

        QProcess following;
        following.setProcessEnvironment(sanitizers::withSanitizerOptions(baseEnvironment()));
        following.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
        following.setArguments(where + QStringList{QStringLiteral("status"), project,
                                                   QStringLiteral("--request-id"), requestId,
                                                   QStringLiteral("--wait"),
                                                   QStringLiteral("--poll-interval"), QStringLiteral("0.1"),
                                                   QStringLiteral("--max-poll-errors"), QStringLiteral("2")});
        following.start();
        QVERIFY(following.waitForStarted(10000));
        QByteArray err;
        QVERIFY(QTest::qWaitFor(
            [&] {
                err += following.readAllStandardError();
                return err.contains(QByteArray(requestId.toUtf8() + "  "));
            },
            20000));
        sim.stop();
        QVERIFY(following.waitForFinished(60000));
        err += following.readAllStandardError();
        const QString text = QString::fromUtf8(err);
        m_allRuns.append({following.exitCode(), QString::fromUtf8(following.readAllStandardOutput()), text});
        QCOMPARE(following.exitStatus(), QProcess::NormalExit);
        QVERIFY2(following.exitCode() == 4, qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("Stopped following the installation")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("failed (ConnectionRefused, 1 in a row)")), qPrintable(text));
        const QString resume =
            QStringLiteral("dms-extpack-cli --region us-east-1 --endpoint-url %1 status %2 "
                           "--request-id %3 --wait")
                .arg(sim.url().toString(), project, requestId);
        QVERIFY2(text.contains(resume), qPrintable(text));

        // Nothing is lost from the history: the Start and the checks that failed are all there.
        const CliRun listed = run({QStringLiteral("history"), QStringLiteral("--all"),
                                   QStringLiteral("--output"), QStringLiteral("json")},
                                  baseEnvironment());
        QCOMPARE(listed.exitCode, 0);
        bool startRecorded = false;
        int refusedChecks = 0;
        for (const QJsonValue& v : QJsonDocument::fromJson(listed.out.toUtf8()).array()) {
            const QJsonObject row = v.toObject();
            const QString operation = row.value(QLatin1String("operation")).toString();
            if (operation == QLatin1String("StartExtensionPackAssociation") &&
                row.value(QLatin1String("dmsRequestIdentifier")).toString() == requestId)
                startRecorded = true;
            if (operation == QLatin1String("DescribeExtensionPackAssociations") &&
                row.value(QLatin1String("faultCode")).toString() == QLatin1String("ConnectionRefused"))
                ++refusedChecks;
        }
        QVERIFY2(startRecorded, qPrintable(listed.out));
        QVERIFY2(refusedChecks >= 1, qPrintable(listed.out));
    }

    void applyWaitMaxPollErrorsIsCheckedAndGivesUpWithTheResumeCommand()
    {
        m_sim.clearRequests();
        for (const QString& bad : {QStringLiteral("0"), QStringLiteral("-1"), QStringLiteral("1001"),
                                   QStringLiteral("ten"), QStringLiteral("2.5")}) {
            const CliRun r = runSim({QStringLiteral("apply"), QStringLiteral("inventory-migration"),
                                     QStringLiteral("--yes"), QStringLiteral("--wait"),
                                     QStringLiteral("--max-poll-errors"), bad});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QStringLiteral("--max-poll-errors expects a whole number from 1 to 1000, "
                                                   "got '%1'")
                                        .arg(bad)),
                     qPrintable(r.err));
        }
        const CliRun noWait =
            runSim({QStringLiteral("apply"), QStringLiteral("inventory-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--max-poll-errors"), QStringLiteral("2")});
        QCOMPARE(noWait.exitCode, 2);
        QVERIFY2(noWait.err.contains(QLatin1String("add --wait")), qPrintable(noWait.err));
        const CliRun help = runSim({QStringLiteral("apply"), QStringLiteral("--help")});
        QVERIFY(help.out.contains(QLatin1String("--max-poll-errors N")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 0);

        // The pre-flight's two looks get through; every check after the start is reset.
        m_sim.clearRequests();
        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("connectionReset")},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeExtensionPackAssociations")}},
            {QStringLiteral("after"), 2}}}));
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("inventory-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("0.1"),
                    QStringLiteral("--max-poll-errors"), QStringLiteral("2")});
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(r.exitCode == 4, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("Stopped following the installation")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("1 in a row); still following")), qPrintable(r.err));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);
        const QRegularExpression resume(QStringLiteral("status arn:aws:dms:\\S+ --request-id (\\S+) --wait"));
        QVERIFY2(resume.match(r.err).hasMatch(), qPrintable(r.err));
    }

    void aThrottledStartIsSaidAndTriedAgain()
    {
        // Throttling proves the Start was not processed, so it is the one failure worth a retry.
        m_sim.clearRequests();
        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("throttle")},
            {QStringLiteral("everyNth"), 1},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("StartExtensionPackAssociation")}},
            {QStringLiteral("count"), 1}}}));
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("ledger-migration"), QStringLiteral("--yes")});
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("(ThrottlingException); retrying in")) &&
                     r.err.contains(QLatin1String("(attempt 2)")),
                 qPrintable(r.err));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 2);
    }

    void lostStartAnswerExitsAsAStartedRequest()
    {
        // AWS takes the Start, then the connection is reset before the answer arrives.
        m_sim.clearRequests();
        QVERIFY(m_sim.setFaults(startFault(true)));
        QProcessEnvironment env = baseEnvironment();
        const QString historyFile = m_home.filePath(QStringLiteral("lost-answer.sqlite"));
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), historyFile);
        const CliRun r =
            run(simArgs() + QStringList{QStringLiteral("apply"), QStringLiteral("shop-migration"),
                                        QStringLiteral("--yes")},
                env);
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString requestId = r.out.trimmed();
        QCOMPARE(requestId.size(), 36); // the request id, as after any start
        QVERIFY2(r.err.contains(QLatin1String("it was received although the answer to the start was lost")),
                 qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("--request-id %1 --wait").arg(requestId)));
        QVERIFY(!r.err.contains(QLatin1String("Try again")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);

        HistoryStore history(historyFile);
        QVERIFY(history.open().ok());
        HistoryQuery q;
        q.operation = QStringLiteral("StartExtensionPackAssociation");
        const QList<HistoryRecord> starts = history.query(q).value();
        QCOMPARE(starts.size(), 1);
        QCOMPARE(starts.first().dmsRequestIdentifier, requestId);
        // The installation was found queued; the Start's own answer never came.
        QCOMPARE(starts.first().outcome, HistoryRecord::Outcome::Queued);
        QCOMPARE(starts.first().httpResult(), HistoryRecord::Outcome::Unknown);
        QVERIFY(starts.first().advice().isEmpty());
    }

    void lostStartAnswerWithWaitFollowsTheRequest()
    {
        m_sim.clearRequests();
        QVERIFY(m_sim.setFaults(startFault(true)));
        const CliRun r =
            runSim({QStringLiteral("apply"), QStringLiteral("crm-migration"), QStringLiteral("--yes"),
                    QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("0.1")});
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("SUCCESS")));
        QVERIFY(r.err.contains(QLatin1String("it was received")));
        QVERIFY(r.err.contains(QLatin1String("Following it")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);
    }

    void lostStartWithoutANewRequestAdvisesReChecking()
    {
        // The connection is reset before AWS handled the Start: no request appears.
        m_sim.clearRequests();
        QVERIFY(m_sim.setFaults(startFault(false)));
        QProcessEnvironment env = baseEnvironment();
        const QString historyFile = m_home.filePath(QStringLiteral("unknown-start.sqlite"));
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), historyFile);
        const CliRun r =
            run(simArgs() + QStringList{QStringLiteral("apply"), QStringLiteral("claims-migration"),
                                        QStringLiteral("--yes")},
                env);
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QCOMPARE(r.exitCode, 4); // a transport fault, as before
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.contains(QLatin1String("ConnectionReset")));
        QVERIFY2(r.err.contains(QLatin1String("Do not apply again yet")), qPrintable(r.err));
        // Where it was sent, so the command works when pasted.
        QVERIFY2(r.err.contains(
                     QStringLiteral("Re-check before applying again: dms-extpack-cli --region us-east-1 "
                                    "--endpoint-url %1 status arn:aws:dms:")
                         .arg(m_sim.url().toString())),
                 qPrintable(r.err));
        QVERIFY(!r.err.contains(QLatin1String("Try again")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);

        HistoryStore history(historyFile);
        QVERIFY(history.open().ok());
        HistoryQuery q;
        q.operation = QStringLiteral("StartExtensionPackAssociation");
        const QList<HistoryRecord> starts = history.query(q).value();
        QCOMPARE(starts.size(), 1);
        QCOMPARE(starts.first().outcome, HistoryRecord::Outcome::Unknown);
        QVERIFY(starts.first().advice().contains(QLatin1String("Re-check before applying again")));
    }

    void aRequestTheHistoryCannotKeepIsNamedAndTheCommandGoesOn()
    {
        // Another program holds the history's write lock for the whole run: every insert waits
        // out the busy timeout and fails (SQLITE_BUSY), which root cannot bypass either.
        const QString historyFile = m_home.filePath(QStringLiteral("locked-history.sqlite"));
        {
            HistoryStore created(historyFile);
            QVERIFY(created.open().ok());
        }
        const QString lockName = QUuid::createUuid().toString();
        CliRun r;
        {
            QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockName);
            locker.setDatabaseName(historyFile);
            QVERIFY(locker.open());
            QSqlQuery lock(locker);
            QVERIFY2(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(lock.lastError().text()));
            QProcessEnvironment env = baseEnvironment();
            env.insert(QStringLiteral("DMSX_HISTORY_FILE"), historyFile);
            env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sim.url().toString());
            r = run(simArgs() + QStringList{QStringLiteral("whoami")}, env);
            QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            locker.close();
        }
        QSqlDatabase::removeDatabase(lockName);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err)); // the request's own exit code
        QVERIFY(!r.out.isEmpty());
        const QStringList lines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList lost = lines.filter(QLatin1String("A request is missing from the request history"));
        QCOMPARE(lost.size(), 1);
        QVERIFY2(lost.first().startsWith(QLatin1String("warning: ")), qPrintable(r.err));
        QVERIFY2(lost.first().contains(
                     QLatin1String("GetCallerIdentity was not written to the history file ") + historyFile),
                 qPrintable(r.err));
        QVERIFY2(lost.first().contains(QLatin1String("locked")), qPrintable(r.err));

        HistoryStore history(historyFile);
        QVERIFY(history.open().ok());
        QCOMPARE(history.count(HistoryQuery()).value(), 0);
    }

    void aReadOnlyHistoryIsSaidOnceOnEveryCommand()
    {
        // Root may write any file, so as root the CLI runs as nobody, who may only read it.
        QStringList prefix;
        if (::geteuid() == 0) {
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                QSKIP("running as root without setpriv: no user to whom the file is read-only");
            prefix = {setpriv, QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                      QStringLiteral("--clear-groups"), qEnvironmentVariable("DMSX_CLI_BIN")};
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                      QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                      QFileDevice::WriteOther | QFileDevice::ExeOther));
        const QString historyFile = dir.filePath(QStringLiteral("history.sqlite"));
        {
            HistoryStore created(historyFile);
            QVERIFY(created.open().ok());
        }
        QVERIFY(QFile::setPermissions(historyFile, QFileDevice::ReadOwner | QFileDevice::ReadOther));
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("HOME"), dir.path());
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), historyFile);
        const auto runAs = [&](const QStringList& args) {
            if (prefix.isEmpty())
                return run(args, env);
            QProcess p;
            p.setProcessEnvironment(env);
            p.setProgram(prefix.first());
            p.setArguments(prefix.mid(1) + args);
            p.start();
            p.waitForFinished(120000);
            CliRun r{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                     QString::fromUtf8(p.readAllStandardOutput()),
                     QString::fromUtf8(p.readAllStandardError())};
            m_allRuns.append(r);
            return r;
        };
        for (const QStringList& args :
             {simArgs() + QStringList{QStringLiteral("status"), QStringLiteral("erp-migration")},
              QStringList{QStringLiteral("history")}}) {
            const CliRun r = runAs(args);
            QVERIFY2(r.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QLatin1Char('\n') + r.err));
            const QStringList warnings =
                r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts).filter(QLatin1String("warning: "));
            QCOMPARE(warnings.size(), 1);
            QVERIFY2(warnings.first().startsWith(
                         QLatin1String("warning: You may not write the request history file: ")),
                     qPrintable(r.err));
            QVERIFY2(warnings.first().contains(historyFile), qPrintable(r.err));
            QVERIFY2(warnings.first().contains(QLatin1String("Nothing is recorded.")), qPrintable(r.err));
            QVERIFY2(warnings.first().contains(QLatin1String("sudo chown")), qPrintable(r.err));
        }
        QFile::setPermissions(historyFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        HistoryStore history(historyFile);
        QVERIFY(history.open().ok());
        QCOMPARE(history.count(HistoryQuery()).value(), 0);
    }

    // `check` says every finding with its fix, and its exit code tells a problem from none.
    void checkReportsTheChecklist()
    {
        m_sim.clearRequests();
        const CliRun healthy = runSim({QStringLiteral("check"), QStringLiteral("erp-migration")});
        QCOMPARE(healthy.exitCode, 0);
        for (const char* word : {"Target database", "passed", "Other requests", "S3 bucket and versioning"})
            QVERIFY2(healthy.out.contains(QLatin1String(word)), qPrintable(healthy.out));
        // DMS on loopback and nothing said about S3, IAM, Secrets Manager or KMS: not called at all.
        QVERIFY2(healthy.out.contains(QLatin1String("PrereqServiceEndpointNotSet")), qPrintable(healthy.out));
        QVERIFY(healthy.out.contains(QLatin1String("AWS_ENDPOINT_URL_S3")));
        for (const QJsonValue& v : m_sim.requests()) {
            const QString op = v.toObject().value(QLatin1String("operation")).toString();
            QVERIFY2(op.startsWith(QLatin1String("Describe")) && !op.contains(QLatin1String("Secret")) &&
                         !op.contains(QLatin1String("Key")),
                     qPrintable(op));
        }
        QVERIFY(healthy.err.contains(QLatin1String("No problem found")));

        const CliRun virtualTarget =
            runSim({QStringLiteral("check"), QStringLiteral("erp-assessment-virtual"),
                    QStringLiteral("--output"), QStringLiteral("json")});
        QCOMPARE(virtualTarget.exitCode, 1);
        const QJsonObject report = QJsonDocument::fromJson(virtualTarget.out.toUtf8()).object();
        QCOMPARE(report.value(QLatin1String("problems")).toInt(), 1);
        QCOMPARE(report.value(QLatin1String("project")).toString(), QStringLiteral("erp-assessment-virtual"));
        bool found = false;
        for (const QJsonValue& v : report.value(QLatin1String("checks")).toArray()) {
            const QJsonObject row = v.toObject();
            if (row.value(QLatin1String("check")).toString() == QLatin1String("target-data-provider")) {
                found = true;
                QCOMPARE(row.value(QLatin1String("status")).toString(), QStringLiteral("problem"));
                QCOMPARE(row.value(QLatin1String("code")).toString(),
                         QStringLiteral("PreflightVirtualTarget"));
                QVERIFY(!row.value(QLatin1String("fix")).toString().isEmpty());
            }
        }
        QVERIFY2(found, qPrintable(virtualTarget.out));
        QVERIFY(virtualTarget.err.contains(QLatin1String("1 problem would make the installation fail")));

        const CliRun text = runSim({QStringLiteral("check"), QStringLiteral("erp-assessment-virtual"),
                                    QStringLiteral("--output"), QStringLiteral("text")});
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.out.contains(QLatin1String("target-data-provider\tproblem\tPreflightVirtualTarget\t")),
                 qPrintable(text.out));

        const CliRun missing = runSim({QStringLiteral("check"), QStringLiteral("no-such-project")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains(QLatin1String("ResourceNotFoundFault")));
        QCOMPARE(runSim({QStringLiteral("check")}).exitCode, 2);
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 0);
    }

    // Against the demo account with every service at the simulator (AWS_ENDPOINT_URL), as a DBA
    // trying the tool would: each prepared problem is found, a healthy project passes, and a
    // key IAM and KMS refuse gets "could not check" naming the permission, exit 0.
    void checkFindsEveryPreparedProblemInTheDemoAccount_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("versioning off") << "docs-versioning-off-migration"
                                        << "s3-bucket"
                                        << "problem"
                                        << "PrereqBucketVersioningOff" << 1;
        QTest::newRow("bucket missing") << "media-bucket-missing-migration"
                                        << "s3-bucket"
                                        << "problem"
                                        << "PrereqBucketNotFound" << 1;
        QTest::newRow("s3 role untrusted") << "audit-s3-role-untrusted-migration"
                                           << "s3-role"
                                           << "problem"
                                           << "PrereqRoleNotTrusted" << 1;
        QTest::newRow("secrets role untrusted") << "vendor-secrets-role-untrusted-migration"
                                                << "secret-role"
                                                << "problem"
                                                << "PrereqRoleNotTrusted" << 1;
        QTest::newRow("secret role may not read") << "vendor-secrets-role-untrusted-migration"
                                                  << "secret-role-access"
                                                  << "problem"
                                                  << "PrereqRoleAccessDenied" << 1;
        QTest::newRow("secret deleting") << "tax-secret-deleting-migration"
                                         << "secret"
                                         << "problem"
                                         << "PrereqSecretPendingDeletion" << 1;
        QTest::newRow("key disabled") << "grants-key-disabled-migration"
                                      << "secret-kms-key"
                                      << "problem"
                                      << "PrereqKeyNotUsable" << 1;
        QTest::newRow("role unreadable") << "compliance-role-unreadable-migration"
                                         << "s3-role"
                                         << "could-not-check"
                                         << "AccessDenied" << 0;
        QTest::newRow("bucket elsewhere") << "emea-bucket-elsewhere-migration"
                                          << "s3-bucket"
                                          << "passed" << QString() << 0;
        QTest::newRow("healthy") << "erp-migration"
                                 << "s3-bucket"
                                 << "passed" << QString() << 0;
    }
    void checkFindsEveryPreparedProblemInTheDemoAccount()
    {
        QFETCH(QString, project);
        QFETCH(QString, check);
        QFETCH(QString, status);
        QFETCH(QString, code);
        QFETCH(int, exitCode);
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_sim.url().toString());
        const CliRun r =
            run({QStringLiteral("--region"), QStringLiteral("us-east-1"), QStringLiteral("check"), project,
                 QStringLiteral("--output"), QStringLiteral("json")},
                env);
        QCOMPARE(r.exitCode, exitCode);
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QJsonObject row;
        for (const QJsonValue& v : report.value(QLatin1String("checks")).toArray())
            if (v.toObject().value(QLatin1String("check")).toString() == check)
                row = v.toObject();
        QVERIFY2(!row.isEmpty(), qPrintable(r.out));
        QCOMPARE(row.value(QLatin1String("status")).toString(), status);
        QCOMPARE(row.value(QLatin1String("code")).toString(), code);
        if (project == QLatin1String("erp-migration")) {
            for (const QJsonValue& v : report.value(QLatin1String("checks")).toArray())
                QVERIFY2(v.toObject().value(QLatin1String("status")).toString() == QLatin1String("passed"),
                         QJsonDocument(v.toObject()).toJson().constData());
        }
        if (status == QLatin1String("could-not-check"))
            QVERIFY2(row.value(QLatin1String("finding")).toString().contains(QLatin1String("iam:GetRole")),
                     qPrintable(row.value(QLatin1String("finding")).toString()));
    }

    void aKeyThatMayNotReadIamOrKmsCannotCheckButDoesNotFail()
    {
        QProcessEnvironment env = baseEnvironment(false);
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIADEMOEXTPACK00004"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator4"));
        env.insert(QStringLiteral("AWS_ENDPOINT_URL"), m_sim.url().toString());
        const CliRun r =
            run({QStringLiteral("--region"), QStringLiteral("us-east-1"), QStringLiteral("check"),
                 QStringLiteral("erp-migration"), QStringLiteral("--output"), QStringLiteral("json")},
                env);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(report.value(QLatin1String("couldNotCheck")).toInt() >= 3);
        QCOMPARE(report.value(QLatin1String("problems")).toInt(), 0);
        QVERIFY2(r.out.contains(QLatin1String("kms:DescribeKey")), qPrintable(r.out));

        // The table says why once for the rows that could not be checked for the same reason, and
        // still names each row's subject and its own command.
        const CliRun table = run({QStringLiteral("--region"), QStringLiteral("us-east-1"),
                                  QStringLiteral("check"), QStringLiteral("erp-migration")},
                                 env);
        QCOMPARE(table.exitCode, 0);
        QCOMPARE(table.out.count(QLatin1String("does not allow the action iam:GetRole")), 1);
        QVERIFY2(table.out.contains(
                     QLatin1String("S3 role trusts DMS, Secret role trusts DMS (could not check, ")),
                 qPrintable(table.out));
        QVERIFY(table.out.contains(
            QLatin1String("Command (S3 role trusts DMS): aws iam get-role --role-name dms-sc-s3-role")));
        QVERIFY(table.out.contains(QLatin1String(
            "Command (Secret role trusts DMS): aws iam get-role --role-name dms-sc-secrets-role")));
    }

    void applyGoesOnDespiteProblemsOnlyWhenToldAndTheHistoryKeepsIt()
    {
        m_sim.clearRequests();
        QProcessEnvironment env = baseEnvironment();
        QTemporaryDir dir;
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), dir.filePath(QStringLiteral("history.sqlite")));
        const QStringList apply =
            simArgs() + QStringList{QStringLiteral("apply"), QStringLiteral("erp-assessment-virtual"),
                                    QStringLiteral("--yes")};
        const CliRun stopped = run(apply, env);
        QCOMPARE(stopped.exitCode, 1);
        QVERIFY2(stopped.err.contains(QLatin1String("--ignore-checks")), qPrintable(stopped.err));
        QVERIFY(stopped.err.contains(QLatin1String(" check arn:aws:dms:")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 0);

        const CliRun anyway = run(apply + QStringList{QStringLiteral("--ignore-checks")}, env);
        QVERIFY2(anyway.err.contains(QLatin1String("Going on despite these problems")),
                 qPrintable(anyway.err));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);
        const CliRun history = run({QStringLiteral("history"), QStringLiteral("--all"),
                                    QStringLiteral("--output"), QStringLiteral("json")},
                                   env);
        QCOMPARE(history.exitCode, 0);
        QVERIFY2(history.out.contains(QLatin1String("IgnorePrerequisiteProblems")), qPrintable(history.out));
        QVERIFY(history.out.contains(QLatin1String("PrereqProblemsFound")));
    }

    void virtualTargetIsRefusedBeforeSending()
    {
        m_sim.clearRequests();
        const CliRun r = runSim(
            {QStringLiteral("apply"), QStringLiteral("erp-assessment-virtual"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains(QLatin1String("PreflightVirtualTarget")));
        QVERIFY(r.err.contains(QLatin1String("virtual")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 0);
    }

    // A proxy variable that cannot be used stops the command before anything is sent, with the
    // variable named and its password masked; diagnose shows it instead of failing.
    void unusableProxyExitsThree()
    {
        m_sim.clearRequests();
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("HTTP_PROXY"),
                   QStringLiteral("https://dba:Pr0xyS3cret@proxy.example:3128"));
        const CliRun tls =
            run(simArgs() + QStringList{QStringLiteral("projects"), QStringLiteral("list")}, env);
        QCOMPARE(tls.exitCode, 3);
        QVERIFY2(tls.err.contains(QLatin1String("HTTP_PROXY=https://****@proxy.example:3128")),
                 qPrintable(tls.err));
        QVERIFY2(tls.err.contains(QLatin1String("CONNECT")), qPrintable(tls.err));
        QVERIFY2(!tls.err.contains(QLatin1String("Pr0xyS3cret")), qPrintable(tls.err));

        env.insert(QStringLiteral("HTTP_PROXY"), QStringLiteral("http://proxy.example:70000"));
        const CliRun port =
            run(simArgs() + QStringList{QStringLiteral("projects"), QStringLiteral("list")}, env);
        QCOMPARE(port.exitCode, 3);
        QVERIFY2(port.err.contains(QLatin1String("HTTP_PROXY")) && port.err.contains(QLatin1String("70000")),
                 qPrintable(port.err));
        QCOMPARE(m_sim.requests().size(), 0);

        const CliRun diagnose = run(simArgs() + QStringList{QStringLiteral("diagnose")}, env);
        QCOMPARE(diagnose.exitCode, 0);
        QVERIFY2(diagnose.out.contains(QLatin1String("unusable: HTTP_PROXY=")), qPrintable(diagnose.out));
    }

    void applyWithoutTerminalNeedsYes()
    {
        m_sim.clearRequests();
        const CliRun r = runSim({QStringLiteral("apply"), QStringLiteral("hr-migration")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QLatin1String("--yes")));
        QCOMPARE(m_sim.requests(QStringLiteral("StartExtensionPackAssociation")).size(), 0);
    }

    void missingCredentialsExitThree()
    {
        const CliRun r = run(simArgs() + QStringList{QStringLiteral("projects"), QStringLiteral("list")},
                             baseEnvironment(false));
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QLatin1String("AWS_ACCESS_KEY_ID")));
    }

    void credentialsFileIsUsed()
    {
        QDir(m_home.path()).mkpath(QStringLiteral(".aws"));
        QFile creds(m_home.path() + QStringLiteral("/.aws/credentials"));
        QVERIFY(creds.open(QIODevice::WriteOnly));
        creds.write("[demo]\naws_access_key_id = " + kAccessKey.toUtf8() +
                    "\naws_secret_access_key = " + kSecret.toUtf8() + "\n");
        creds.close();
        const CliRun r = run(simArgs() + QStringList{QStringLiteral("--profile"), QStringLiteral("demo"),
                                                     QStringLiteral("projects"), QStringLiteral("list")},
                             baseEnvironment(false));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("erp-migration")));
        QFile::remove(creds.fileName());
    }

    // AWS refusing the keys is the user's credentials to fix, like missing keys: exit 3, with the
    // catalogue's explanation of the code.
    // The AWS CLI refuses a file with a broken line; we read the rest, but say so once per run,
    // with file:line and what is wrong.
    void brokenLinesInTheAwsFilesAreSaidOnce()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QDir(home.path()).mkpath(QStringLiteral(".aws"));
        const QString config = home.filePath(QStringLiteral(".aws/config"));
        const QString credentials = home.filePath(QStringLiteral(".aws/credentials"));
        QFile c(config);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("[profile demo]\nregion = us-east-1\nregoin us-east-1\n  ; a comment\n");
        c.close();
        QFile k(credentials);
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write("[demo]\naws_access_key_id = " + kAccessKey.toUtf8() +
                "\naws_secret_access_key = " + kSecret.toUtf8() + "\n[broken\n");
        k.close();
        QProcessEnvironment env = baseEnvironment(false);
        env.insert(QStringLiteral("HOME"), home.path());
        const CliRun r = run(QStringList{QStringLiteral("--endpoint-url"), m_sim.url().toString(),
                                         QStringLiteral("--profile"), QStringLiteral("demo"),
                                         QStringLiteral("projects"), QStringLiteral("list")},
                             env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String("erp-migration")));
        const QStringList warnings =
            r.err.split(QLatin1Char('\n')).filter(QRegularExpression(QStringLiteral("^warning: ")));
        QCOMPARE(warnings.size(), 2);
        QVERIFY2(
            warnings.contains(QStringLiteral("warning: %1:3: \"regoin us-east-1\" is neither a [section], a "
                                             "\"key = value\" line, a comment nor the indented continuation "
                                             "of a value; the line is ignored")
                                  .arg(config)),
            qPrintable(r.err));
        QVERIFY2(warnings.filter(credentials + QStringLiteral(":4: malformed section header")).size() == 1,
                 qPrintable(r.err));

        // diagnose, the command for a broken set-up, says it too.
        const CliRun d =
            run(QStringList{QStringLiteral("--profile"), QStringLiteral("demo"), QStringLiteral("diagnose")},
                env);
        QCOMPARE(d.exitCode, 0);
        QCOMPARE(d.err.count(QStringLiteral("warning: ")), 2);
    }

    // The command for a broken set-up runs on an empty one: each missing piece is said with its fix.
    void diagnoseWorksWithNothingConfigured()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"));
        const CliRun table = run({QStringLiteral("diagnose")}, env);
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        const QStringList lines = table.out.split(QLatin1Char('\n'));
        const QStringList region = lines.filter(QRegularExpression(QStringLiteral("^region ")));
        QCOMPARE(region.size(), 1);
        QVERIFY2(region.first().contains(QLatin1String("(not set)")) &&
                     region.first().contains(QLatin1String("pass --region, set AWS_REGION, or add \"region = "
                                                           "us-east-1\" under [default] in ~/.aws/config")),
                 qPrintable(table.out));
        const QStringList credentials =
            lines.filter(QRegularExpression(QStringLiteral("^credentialsSource ")));
        QCOMPARE(credentials.size(), 1);
        QVERIFY2(credentials.first().contains(QLatin1String("(not set)")) &&
                     credentials.first().contains(QLatin1String("AWS_ACCESS_KEY_ID")),
                 qPrintable(table.out));

        const CliRun json =
            run({QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("diagnose")}, env);
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QVERIFY(o.value(QStringLiteral("region")).toObject().value(QStringLiteral("value")).isNull());
        QVERIFY(o.value(QStringLiteral("endpoint")).toObject().value(QStringLiteral("value")).isNull());
        QCOMPARE(o.value(QStringLiteral("profile")).toObject().value(QStringLiteral("value")).toString(),
                 QStringLiteral("default"));

        // Anything else still needs the region, and says so.
        const CliRun list = run({QStringLiteral("projects"), QStringLiteral("list")}, env);
        QCOMPARE(list.exitCode, 3);
        QVERIFY2(list.err.contains(QLatin1String("MissingRegion")), qPrintable(list.err));
    }

    // An ARN names its region: apply, status and projects show refuse one from another region
    // before anything is sent, and say which region to use.
    void anArnOfAnotherRegionNamesThatRegion()
    {
        const QString arn = QStringLiteral("arn:aws:dms:eu-west-1:111122223333:migration-project:ABCDEFGHIJ");
        m_sim.clearRequests();
        const QList<QStringList> commands{{QStringLiteral("apply"), arn, QStringLiteral("--yes")},
                                          {QStringLiteral("status"), arn},
                                          {QStringLiteral("projects"), QStringLiteral("show"), arn}};
        for (const QStringList& command : commands) {
            const CliRun r = runSim(command);
            QVERIFY2(r.exitCode == 3, qPrintable(command.first() + QLatin1Char(' ') + r.err));
            QVERIFY2(
                r.err.contains(QLatin1String("this project is in eu-west-1; you are using us-east-1: add "
                                             "--region eu-west-1")),
                qPrintable(r.err));
            QVERIFY2(r.err.contains(QLatin1String("The project is in another region: eu-west-1")),
                     qPrintable(r.err));
        }
        QCOMPARE(m_sim.requests().size(), 0);
    }

    void wrongSecretExitsThree()
    {
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QStringLiteral("WrongSecretKeyWrongSecretKeyWrongSecret1"));
        const CliRun r =
            run(simArgs() + QStringList{QStringLiteral("projects"), QStringLiteral("list")}, env);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QLatin1String("InvalidSignatureException")) ||
                r.err.contains(QLatin1String("SignatureDoesNotMatch")));
        QVERIFY(!r.err.contains(QLatin1String("WrongSecretKeyWrongSecretKeyWrongSecret1")));
    }

    void credentialFaultsFromAwsExitThree_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("command");
        QTest::newRow("DMS ExpiredTokenException")
            << QStringLiteral("DescribeMigrationProjects") << QStringLiteral("ExpiredTokenException")
            << QStringList{QStringLiteral("projects"), QStringLiteral("list")};
        QTest::newRow("DMS UnrecognizedClientException")
            << QStringLiteral("DescribeMigrationProjects") << QStringLiteral("UnrecognizedClientException")
            << QStringList{QStringLiteral("projects"), QStringLiteral("list")};
        QTest::newRow("STS InvalidClientTokenId")
            << QStringLiteral("GetCallerIdentity") << QStringLiteral("InvalidClientTokenId")
            << QStringList{QStringLiteral("whoami")};
        QTest::newRow("STS ExpiredToken")
            << QStringLiteral("GetCallerIdentity") << QStringLiteral("ExpiredToken")
            << QStringList{QStringLiteral("whoami")};
    }
    void credentialFaultsFromAwsExitThree()
    {
        QFETCH(QString, operation);
        QFETCH(QString, code);
        QFETCH(QStringList, command);
        QVERIFY(
            m_sim.setFaults(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("serverError")},
                                                   {QStringLiteral("operations"), QJsonArray{operation}},
                                                   {QStringLiteral("status"), 403},
                                                   {QStringLiteral("code"), code},
                                                   {QStringLiteral("message"), QStringLiteral("refused")}}}));
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sim.url().toString());
        const CliRun r = run(simArgs() + command, env);
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("Code: ") + code), qPrintable(r.err));
        dmsx::Fault asSent = dmsx::Fault::make(dmsx::FaultKind::Service, code, QStringLiteral("refused"));
        QVERIFY2(r.err.contains(FaultCatalogue::explain(asSent).title), qPrintable(r.err));
    }

    void unreachableEndpointExitsFour()
    {
        // A port that was just free: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const CliRun r =
            run({QStringLiteral("--endpoint-url"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                 QStringLiteral("--region"), QStringLiteral("us-east-1"), QStringLiteral("projects"),
                 QStringLiteral("list")},
                baseEnvironment());
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains(QLatin1String("ConnectionRefused")));
    }

    // The AWS CLI's timeout options: a server that takes the request and says nothing hits the
    // read timeout, a port whose connects never complete the connect timeout; both exit 4 and say
    // which and after how long.
    void cliTimeoutsSayWhichAndExitFour()
    {
        QTcpServer silent; // never accepts: the kernel completes the connection and keeps the request
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        const QString silentUrl = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
        const CliRun read = run({QStringLiteral("--endpoint-url"), silentUrl, QStringLiteral("--region"),
                                 QStringLiteral("us-east-1"), QStringLiteral("--cli-read-timeout"),
                                 QStringLiteral("1"), QStringLiteral("projects"), QStringLiteral("list")},
                                baseEnvironment());
        QCOMPARE(read.exitCode, 4);
        QVERIFY2(
            read.err.contains(QStringLiteral("No data from 127.0.0.1:%1 for 1 s after the request was sent "
                                             "(read timeout)")
                                  .arg(silent.serverPort())),
            qPrintable(read.err));

        FullBacklog backlog;
        QVERIFY(backlog.isFull());
        const CliRun connect = run(
            {QStringLiteral("--endpoint-url"), QStringLiteral("http://127.0.0.1:%1").arg(backlog.port()),
             QStringLiteral("--region"), QStringLiteral("us-east-1"), QStringLiteral("--cli-connect-timeout"),
             QStringLiteral("1"), QStringLiteral("projects"), QStringLiteral("list")},
            baseEnvironment());
        QCOMPARE(connect.exitCode, 4);
        QVERIFY2(
            connect.err.contains(QStringLiteral("No connection to 127.0.0.1:%1 within 1 s (connect timeout)")
                                     .arg(backlog.port())),
            qPrintable(connect.err));
    }

    // --debug answers a support question: each attempt's method, URL, signed header names, status or
    // network error, time and what was decided, and never a secret.
    void debugShowsEachAttemptAndItsRetryDecision()
    {
        const QString token = QStringLiteral("DemoSessionTokenForTheDmsExtPackSimulator2");
        const QString secret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator2");
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("ASIADEMOEXTPACK00002"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), secret);
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), token);
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), m_home.filePath(QStringLiteral("debug.sqlite")));
        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("serverError")},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeMigrationProjects")}},
            {QStringLiteral("count"), 1}}}));
        const CliRun list = run(QStringList{QStringLiteral("--debug")} + simArgs() +
                                    QStringList{QStringLiteral("projects"), QStringLiteral("list")},
                                env);
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        const QString op = QStringLiteral("dmsx.transport: DescribeMigrationProjects attempt ");
        const QString url = m_sim.url().toString();
        const QRegularExpression sent(
            QRegularExpression::escape(op) +
            QStringLiteral("1 of 3: POST %1/?, signed headers [a-z0-9;-]*host;[a-z0-9;-]*"
                           "x-amz-date;x-amz-security-token;x-amz-target, invocation ")
                .arg(QRegularExpression::escape(url)));
        QVERIFY2(sent.match(list.err).hasMatch(), qPrintable(list.err));
        QVERIFY2(QRegularExpression(
                     QRegularExpression::escape(op) +
                     QStringLiteral("1 of 3: HTTP 500 InternalFailure \\(.*\\) in \\d+ ms, request id \\S+"))
                     .match(list.err)
                     .hasMatch(),
                 qPrintable(list.err));
        QVERIFY2(QRegularExpression(QRegularExpression::escape(op) +
                                    QStringLiteral("1 of 3: retry after \\d+ ms \\(transient\\)"))
                     .match(list.err)
                     .hasMatch(),
                 qPrintable(list.err));
        QVERIFY2(
            QRegularExpression(QRegularExpression::escape(op) + QStringLiteral("2 of 3: HTTP 200 in \\d+ ms"))
                .match(list.err)
                .hasMatch(),
            qPrintable(list.err));

        // A Start whose connection broke is not sent again, and --debug says why.
        QVERIFY(m_sim.setFaults(startFault(false)));
        const CliRun apply = run(QStringList{QStringLiteral("--debug")} + simArgs() +
                                     QStringList{QStringLiteral("apply"), QStringLiteral("claims-migration"),
                                                 QStringLiteral("--yes")},
                                 env);
        QVERIFY(m_sim.setFaults(QJsonArray()));
        QCOMPARE(apply.exitCode, 4);
        QVERIFY2(apply.err.contains(QLatin1String(
                     "StartExtensionPackAssociation attempt 1 of 3: no answer, ConnectionReset")),
                 qPrintable(apply.err));
        QVERIFY2(apply.err.contains(QLatin1String("StartExtensionPackAssociation attempt 1 of 3: give up, "
                                                  "StartExtensionPackAssociation is never sent again once it "
                                                  "may have reached AWS")),
                 qPrintable(apply.err));

        for (const CliRun& r : {list, apply}) {
            for (const QString& s : {secret, token, QStringLiteral("Signature="),
                                     QStringLiteral("Credential="), QStringLiteral("AWS4-HMAC-SHA256")})
                QVERIFY2(!r.err.contains(s) && !r.out.contains(s), qPrintable(s));
        }
    }

    void sigv4SignReproducesTheSuite()
    {
        const QString dir = qEnvironmentVariable("DMSX_SOURCE_DIR") +
                            QStringLiteral("/tests/data/sigv4/aws4_testsuite/post-vanilla-query/");
        QFile req(dir + QStringLiteral("post-vanilla-query.req"));
        QFile authz(dir + QStringLiteral("post-vanilla-query.authz"));
        QVERIFY(req.open(QIODevice::ReadOnly) && authz.open(QIODevice::ReadOnly));
        QProcessEnvironment env = baseEnvironment(false);
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("AKIDEXAMPLE"));
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"),
                   QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        const CliRun r =
            run({QStringLiteral("sigv4"), QStringLiteral("sign"), QStringLiteral("--service"),
                 QStringLiteral("service"), QStringLiteral("--region"), QStringLiteral("us-east-1")},
                env, req.readAll());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QString::fromUtf8(authz.readAll().trimmed())), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("Canonical request:\nPOST\n/\nParam1=value1\n")));
    }

    void sigv4SignNeverPrintsTheSessionToken()
    {
        const QString token = QStringLiteral("SessionTokenThatMustNotBePrinted0123456789abcdef");
        QTemporaryFile tokenFile;
        QVERIFY(tokenFile.open());
        tokenFile.write(token.toUtf8() + '\n');
        tokenFile.flush();
        QProcessEnvironment env = baseEnvironment();
        const CliRun r =
            run({QStringLiteral("sigv4"), QStringLiteral("sign"), QStringLiteral("--region"),
                 QStringLiteral("us-east-1"), QStringLiteral("--time"), QStringLiteral("20260109T123000Z"),
                 QStringLiteral("--session-token-file"), tokenFile.fileName()},
                env, "POST / HTTP/1.1\nHost:dms.us-east-1.amazonaws.com\n\n{}");
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QLatin1String("x-amz-security-token")));
        QVERIFY(!r.out.contains(token));
        QVERIFY(r.out.contains(QLatin1String("SignedHeaders=host;x-amz-date;x-amz-security-token")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
