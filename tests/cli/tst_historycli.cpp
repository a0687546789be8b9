// `dms-extpack-cli history` against dms-sim: what the other commands record (grouping, the
// association's status, the profile and credentials source), the filters and formats,
// `history show`, a corrupt file, the resolution of a start whose process died, the SSO portal's
// GetRoleCredentials, and that no secret ever reaches the history file or an export.

#include "DmsSimProcess.h"
#include "SanitizerOptions.h"
#include "credentials/SsoTokenCache.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;

namespace {

const QString kAccessKey = QStringLiteral("ASIADEMOEXTPACK00002");
const QString kSecret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator2");
const QString kToken = QStringLiteral("DemoSessionTokenForTheDmsExtPackSimulator2");
const QString kRoleArn = QStringLiteral("arn:aws:iam::111122223333:role/HistoryDba");
const QString kSsoBearer = QStringLiteral("HistorySsoBearerToken0123456789abcdef");
const QString kSsoSecret = QStringLiteral("HistorySsoRoleSecretKey/ForTheSimulator01");
const QString kSsoSessionToken = QStringLiteral("HistorySsoRoleSessionTokenForTheSimulator");

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

} // namespace

class TestHistoryCli : public QObject
{
    Q_OBJECT

private:
    DmsSimProcess m_sim;
    QTemporaryDir m_home;
    QString m_history;
    QList<QByteArray> m_outputs;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), kAccessKey);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), kSecret);
        env.insert(QStringLiteral("AWS_SESSION_TOKEN"), kToken);
        env.insert(QStringLiteral("DMSX_HISTORY_FILE"), m_history);
        return env;
    }

    CliRun run(const QStringList& args, bool againstSim = true, const QProcessEnvironment& extra = {})
    {
        QProcess p;
        QProcessEnvironment env = environment();
        const QStringList extraKeys = extra.keys();
        for (const QString& k : extraKeys)
            env.insert(k, extra.value(k));
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
        p.setProgram(qEnvironmentVariable("DMSX_CLI_BIN"));
        QStringList all;
        if (againstSim) {
            all << QStringLiteral("--endpoint-url") << m_sim.url().toString() << QStringLiteral("--region")
                << QStringLiteral("us-east-1");
            // --endpoint-url moves DMS only; the simulator serves STS and the SSO portal too.
            env.insert(QStringLiteral("AWS_ENDPOINT_URL_STS"), m_sim.url().toString());
            env.insert(QStringLiteral("AWS_ENDPOINT_URL_SSO"), m_sim.url().toString());
        }
        p.setProcessEnvironment(sanitizers::withSanitizerOptions(env));
        p.setArguments(all + args);
        p.start();
        if (!p.waitForStarted(10000))
            return {};
        p.closeWriteChannel();
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        CliRun r{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                 QString::fromUtf8(p.readAllStandardError())};
        m_outputs << r.out << r.err.toUtf8();
        return r;
    }

    QJsonArray historyJson(const QStringList& filters)
    {
        const CliRun r =
            run(QStringList{QStringLiteral("history"), QStringLiteral("--output"), QStringLiteral("json")} +
                    filters,
                false);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QJsonDocument::fromJson(r.out).array();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(!qEnvironmentVariableIsEmpty("DMSX_CLI_BIN"));
        QVERIFY(m_home.isValid());
        m_history = m_home.filePath(QStringLiteral("history/history.sqlite"));
        // The demo scenario plus a role anyone may assume, for the chain's AssumeRole.
        QFile demo(qEnvironmentVariable("DMSX_SOURCE_DIR") + QStringLiteral("/sim/scenarios/demo.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QJsonObject withRole = QJsonDocument::fromJson(demo.readAll()).object();
        withRole.insert(QStringLiteral("roles"),
                        QJsonArray{QJsonObject{{QStringLiteral("arn"), kRoleArn},
                                               {QStringLiteral("trust"), QJsonArray{QStringLiteral("*")}}}});
        // An SSO portal that knows one token, for an account whose role hands out fixed credentials.
        const QJsonObject ssoRole{{QStringLiteral("roleName"), QStringLiteral("DmsOperator")},
                                  {QStringLiteral("accessKeyId"), QStringLiteral("ASIAHISTORYSSO000001")},
                                  {QStringLiteral("secretAccessKey"), kSsoSecret},
                                  {QStringLiteral("sessionToken"), kSsoSessionToken},
                                  {QStringLiteral("durationSeconds"), 3600}};
        withRole.insert(
            QStringLiteral("sso"),
            QJsonObject{{QStringLiteral("tokens"),
                         QJsonArray{QJsonObject{{QStringLiteral("accessToken"), kSsoBearer},
                                                {QStringLiteral("expiresInSeconds"), 8 * 3600}}}},
                        {QStringLiteral("accounts"),
                         QJsonArray{QJsonObject{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                                                {QStringLiteral("roles"), QJsonArray{ssoRole}}}}}});
        const QString scenario = m_home.filePath(QStringLiteral("scenario.json"));
        QFile out(scenario);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(withRole).toJson());
        out.close();
        QString error;
        QVERIFY2(m_sim.start({QStringLiteral("--scenario"), scenario, QStringLiteral("--projects"),
                              QStringLiteral("230"), QStringLiteral("--time-scale"), QStringLiteral("60")},
                             &error),
                 qPrintable(error));
    }

    void aListingIsOneEntryWithWhoAndWhere()
    {
        const CliRun r = run({QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("projects"),
                              QStringLiteral("list"), QStringLiteral("--page-size"), QStringLiteral("40")});
        QCOMPARE(r.exitCode, 0);
        const qsizetype listed = QJsonDocument::fromJson(r.out)
                                     .object()
                                     .value(QLatin1String("MigrationProjects"))
                                     .toArray()
                                     .size();
        QVERIFY2(listed > 230 && listed % 40 != 0,
                 "the demo's projects and 230 more, the last page not full");
        const QJsonArray rows =
            historyJson({QStringLiteral("--operation"), QStringLiteral("DescribeMigrationProjects")});
        QCOMPARE(rows.size(), 1);
        const QJsonObject o = rows.first().toObject();
        // Every page is counted, each sent once.
        const int pages = int(listed / 40 + 1);
        QCOMPARE(o.value(QLatin1String("callCount")).toInt(), pages);
        QCOMPARE(o.value(QLatin1String("attempts")).toInt(), pages);
        QCOMPARE(o.value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(o.value(QLatin1String("httpStatus")).toInt(), 200);
        QCOMPARE(o.value(QLatin1String("region")).toString(), QStringLiteral("us-east-1"));
        QCOMPARE(o.value(QLatin1String("endpointHost")).toString(),
                 QStringLiteral("127.0.0.1:%1").arg(m_sim.port()));
        QCOMPARE(o.value(QLatin1String("profile")).toString(), QStringLiteral("default"));
        QVERIFY(!o.value(QLatin1String("credentialsSource")).toString().isEmpty());
        QVERIFY(!o.value(QLatin1String("awsRequestId")).toString().isEmpty());
    }

    // The STS calls that do not go through the DMS transport: the chain's AssumeRole while the
    // connection opens (before any DMS call) and whoami's GetCallerIdentity.
    void theChainsAssumeRoleAndWhoamiAreRecorded()
    {
        const QString config = m_home.filePath(QStringLiteral("role-config"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[profile dba]\nregion = us-east-1\nrole_arn = " + kRoleArn.toUtf8() +
                "\ncredential_source = Environment\nrole_session_name = history-it\n");
        f.close();
        QProcessEnvironment extra;
        extra.insert(QStringLiteral("AWS_CONFIG_FILE"), config);
        const CliRun r =
            run({QStringLiteral("--profile"), QStringLiteral("dba"), QStringLiteral("whoami")}, true, extra);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("assumed-role/HistoryDba"));

        const QJsonArray assumed = historyJson({QStringLiteral("--operation"), QStringLiteral("AssumeRole")});
        QCOMPARE(assumed.size(), 1);
        const QJsonObject a = assumed.first().toObject();
        QCOMPARE(a.value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(a.value(QLatin1String("profile")).toString(), QStringLiteral("dba"));
        QCOMPARE(a.value(QLatin1String("endpointHost")).toString(),
                 QStringLiteral("127.0.0.1:%1").arg(m_sim.port()));

        const QJsonArray who =
            historyJson({QStringLiteral("--operation"), QStringLiteral("GetCallerIdentity")});
        QCOMPARE(who.size(), 1);
        const QJsonObject w = who.first().toObject();
        QCOMPARE(w.value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(w.value(QLatin1String("profile")).toString(), QStringLiteral("dba"));
        QVERIFY(!w.value(QLatin1String("awsRequestId")).toString().isEmpty());
    }

    void applyRecordsTheStartAndThePollSeries()
    {
        const CliRun r =
            run({QStringLiteral("apply"), QStringLiteral("erp-migration"), QStringLiteral("--yes"),
                 QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray starts =
            historyJson({QStringLiteral("--operation"), QStringLiteral("StartExtensionPackAssociation")});
        QCOMPARE(starts.size(), 1);
        const QJsonObject s = starts.first().toObject();
        const QString requestId = s.value(QLatin1String("dmsRequestIdentifier")).toString();
        QVERIFY(!requestId.isEmpty());
        QVERIFY(r.out.contains(requestId.toUtf8()) || r.err.contains(requestId));
        QCOMPARE(s.value(QLatin1String("associationStatus")).toString(), QStringLiteral("SUCCESS"));
        QVERIFY(s.value(QLatin1String("projectArn")).toString().startsWith(QLatin1String("arn:aws:dms:")));
        QVERIFY(!s.value(QLatin1String("accountId")).toString().isEmpty());
        const QJsonArray transitions = s.value(QLatin1String("associationTransitions")).toArray();
        QVERIFY(transitions.size() >= 2);
        QVERIFY(transitions.last().toString().endsWith(QLatin1String(" SUCCESS")));

        // The polls of the run are one entry following the same request.
        int series = 0;
        const QJsonArray describes =
            historyJson({QStringLiteral("--operation"), QStringLiteral("DescribeExtensionPackAssociations"),
                         QStringLiteral("--limit"), QStringLiteral("0")});
        for (const QJsonValue& v : describes) {
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("dmsRequestIdentifier")).toString() == requestId &&
                o.value(QLatin1String("associationStatus")).toString() == QLatin1String("SUCCESS"))
                ++series;
        }
        QVERIFY(series >= 1);
    }

    void aFailedInstallationIsFailedAndTheApplysReadsAreFoldedUnderIt()
    {
        const CliRun r =
            run({QStringLiteral("apply"), QStringLiteral("payroll-migration"), QStringLiteral("--yes"),
                 QStringLiteral("--wait"), QStringLiteral("--poll-interval"), QStringLiteral("1")});
        QVERIFY2(r.exitCode != 0, qPrintable(r.err)); // the installation failed
        const QJsonArray failed =
            historyJson({QStringLiteral("--outcome"), QStringLiteral("failed"), QStringLiteral("--project"),
                         QStringLiteral("payroll-migration")});
        QCOMPARE(failed.size(), 1);
        const QJsonObject s = failed.first().toObject();
        QCOMPARE(s.value(QLatin1String("operation")).toString(),
                 QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(s.value(QLatin1String("outcome")).toString(), QStringLiteral("failed"));
        QCOMPARE(s.value(QLatin1String("httpResult")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(s.value(QLatin1String("associationStatus")).toString(), QStringLiteral("FAILED"));
        const qint64 startId = s.value(QLatin1String("id")).toInteger();

        // By default one entry for the apply; --all lists its pre-flight reads and polls too.
        const QStringList project{QStringLiteral("--project"), QStringLiteral("payroll-migration")};
        const QJsonArray entries = historyJson(project);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().toObject().value(QLatin1String("id")).toInteger(), startId);
        const QJsonArray all = historyJson(project + QStringList{QStringLiteral("--all")});
        QVERIFY2(all.size() >= 3, QJsonDocument(all).toJson().constData());
        for (const QJsonValue& v : all) {
            const QJsonObject o = v.toObject();
            if (o.value(QLatin1String("id")).toInteger() != startId)
                QCOMPARE(o.value(QLatin1String("parentId")).toInteger(), startId);
        }
        const CliRun table =
            run({QStringLiteral("history"), QStringLiteral("--project"), QStringLiteral("payroll-migration")},
                false);
        QVERIFY(table.out.contains("DMS REQUEST"));
        QVERIFY(table.out.contains("failed"));
        QVERIFY(!table.out.contains("succeeded"));

        const CliRun show =
            run({QStringLiteral("history"), QStringLiteral("show"), QString::number(startId)}, false);
        QCOMPARE(show.exitCode, 0);
        QVERIFY2(show.out.contains("Installation outcome:     failed\n"), show.out.constData());
        QVERIFY2(show.out.contains("HTTP result:              succeeded (HTTP 200)\n"), show.out.constData());
        QVERIFY(show.out.contains("Folded calls:"));
    }

    void filtersShowAndFormats()
    {
        // A failing call whose error text echoes the secret and the token.
        QVERIFY(m_sim.setFaults(QJsonArray{QJsonObject{
            {QStringLiteral("type"), QStringLiteral("serverError")},
            {QStringLiteral("status"), 500},
            {QStringLiteral("code"), QStringLiteral("InternalFailure")},
            {QStringLiteral("message"), QStringLiteral("echo key=%1 token=%2").arg(kSecret, kToken)},
            {QStringLiteral("operations"), QJsonArray{QStringLiteral("DescribeMigrationProjects")}}}}));
        const CliRun failing =
            run({QStringLiteral("projects"), QStringLiteral("show"), QStringLiteral("hr-migration")});
        QVERIFY(failing.exitCode != 0);
        QVERIFY(m_sim.setFaults(QJsonArray()));

        // (The installation that failed in an earlier test is a Start.)
        const QJsonArray failed =
            historyJson({QStringLiteral("--outcome"), QStringLiteral("failed"), QStringLiteral("--operation"),
                         QStringLiteral("DescribeMigrationProjects")});
        QCOMPARE(failed.size(), 1);
        const QJsonObject f = failed.first().toObject();
        QCOMPARE(f.value(QLatin1String("faultCode")).toString(), QStringLiteral("InternalFailure"));
        QCOMPARE(f.value(QLatin1String("httpStatus")).toInt(), 500);
        QVERIFY(f.value(QLatin1String("attempts")).toInt() > 1); // retried
        QVERIFY(f.value(QLatin1String("faultMessage")).toString().contains(QLatin1String("echo key=")));

        QCOMPARE(historyJson({QStringLiteral("--since"), QStringLiteral("2999-01-01")}).size(), 0);
        QVERIFY(historyJson({QStringLiteral("--since"), QStringLiteral("1d")}).size() >= 3);
        QCOMPARE(historyJson({QStringLiteral("--limit"), QStringLiteral("2")}).size(), 2);
        const QJsonArray erp = historyJson({QStringLiteral("--project"), QStringLiteral("erp-migration")});
        QVERIFY(!erp.isEmpty());

        const CliRun table = run({QStringLiteral("history")}, false);
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.contains("STARTED (UTC)"));
        QVERIFY(table.out.contains("StartExtensionPackAssociation"));

        const CliRun csv =
            run({QStringLiteral("history"), QStringLiteral("--output"), QStringLiteral("csv")}, false);
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.startsWith("id,started_at,finished_at,"));
        QVERIFY(csv.out.contains("\r\n"));
        QVERIFY(csv.out.contains("InternalFailure"));

        const QString id = QString::number(f.value(QLatin1String("id")).toInteger());
        const CliRun show = run({QStringLiteral("history"), QStringLiteral("show"), id}, false);
        QCOMPARE(show.exitCode, 0);
        for (const char* label : {"Operation:", "Outcome:", "AWS request id:", "Fault code:", "HTTP status:",
                                  "Credentials source:", "Status transitions:"})
            QVERIFY2(show.out.contains(label), label);
        QVERIFY(show.out.contains("InternalFailure"));
        const CliRun missing =
            run({QStringLiteral("history"), QStringLiteral("show"), QStringLiteral("999999")}, false);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QLatin1String("The request history has no such entry")),
                 qPrintable(missing.err));
        QCOMPARE(run({QStringLiteral("history"), QStringLiteral("--outcome"), QStringLiteral("maybe")}, false)
                     .exitCode,
                 2);
    }

    void statusResolvesAStartLeftUnknownByADeadProcess()
    {
        // The installation happened, but the process that asked died before the answer: its
        // history has a pending start without a request id. (The request itself is made with
        // another history file, so this history does not know it.)
        const QString other = m_home.filePath(QStringLiteral("other.sqlite"));
        const CliRun apply = run({QStringLiteral("--history-file"), other, QStringLiteral("apply"),
                                  QStringLiteral("crm-migration"), QStringLiteral("--yes")});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QProcess dead;
        dead.start(QStringLiteral("true"), {});
        QVERIFY(dead.waitForStarted());
        const qint64 deadPid = dead.processId();
        QVERIFY(dead.waitForFinished());
        qint64 row = 0;
        {
            HistoryStore store(m_history);
            QVERIFY(store.open().ok());
            HistoryRecord r;
            r.startedAt = QDateTime::currentDateTimeUtc();
            r.operation = QStringLiteral("StartExtensionPackAssociation");
            r.projectName = QStringLiteral("crm-migration");
            r.outcome = HistoryRecord::Outcome::Pending;
            r.processId = deadPid;
            row = store.insert(r).value();
        }
        const CliRun before =
            run({QStringLiteral("history"), QStringLiteral("show"), QString::number(row)}, false);
        QVERIFY(before.out.contains("unknown"));
        QVERIFY(before.out.contains("status crm-migration"));

        const CliRun status = run({QStringLiteral("status"), QStringLiteral("crm-migration")});
        QCOMPARE(status.exitCode, 0);
        HistoryStore store(m_history);
        QVERIFY(store.open().ok());
        const HistoryRecord after = *store.get(row).value();
        // The installation's outcome, as the request found by `status` shows it.
        QVERIFY(!after.associationStatus.isEmpty());
        QCOMPARE(after.outcome, HistoryRecord::installationOutcome(after.associationStatus));
        QCOMPARE(after.httpResult(), HistoryRecord::Outcome::Unknown);
        QVERIFY(!after.dmsRequestIdentifier.isEmpty());
        QVERIFY(status.out.contains(after.dmsRequestIdentifier.toUtf8()));
    }

    void retentionIsOffByDefaultAndSetByEnvironment()
    {
        const QString other = m_home.filePath(QStringLiteral("other.sqlite"));
        const QStringList list{
            QStringLiteral("history"),  QStringLiteral("--history-file"), other,
            QStringLiteral("--output"), QStringLiteral("json"),           QStringLiteral("--limit"),
            QStringLiteral("0"),        QStringLiteral("--all")};
        const QJsonArray before = QJsonDocument::fromJson(run(list, false).out).array();
        QVERIFY(before.size() >= 3);
        QProcessEnvironment keepTwo;
        keepTwo.insert(QStringLiteral("DMSX_HISTORY_RETENTION_ROWS"), QStringLiteral("2"));
        const QJsonArray after = QJsonDocument::fromJson(run(list, false, keepTwo).out).array();
        QCOMPARE(after.size(), 2);
        QCOMPARE(after.first().toObject().value(QLatin1String("id")),
                 before.first().toObject().value(QLatin1String("id")));
    }

    void aCorruptFileIsMovedAsideAndTheCommandStillWorks()
    {
        const QString path = m_home.filePath(QStringLiteral("corrupt.sqlite"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(8192, 'x'));
        }
        const CliRun r =
            run({QStringLiteral("--history-file"), path, QStringLiteral("projects"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QLatin1String("moved to")), qPrintable(r.err));
        const CliRun h = run({QStringLiteral("history"), QStringLiteral("--history-file"), path,
                              QStringLiteral("--output"), QStringLiteral("json")},
                             false);
        // The new file holds this run only: one entry for the listing of projects.
        const QJsonArray rows = QJsonDocument::fromJson(h.out).array();
        int listings = 0;
        for (const QJsonValue& v : rows)
            listings += v.toObject().value(QLatin1String("operation")).toString() ==
                        QLatin1String("DescribeMigrationProjects");
        QCOMPARE(listings, 1);
        const QStringList aside =
            QDir(m_home.path()).entryList({QStringLiteral("corrupt.sqlite.corrupt-*")}, QDir::Files);
        QCOMPARE(aside.size(), 1);
    }

    void theSsoPortalCallIsRecorded()
    {
        // A profile on an sso-session whose token `aws sso login` cached.
        QVERIFY(QDir().mkpath(m_home.filePath(QStringLiteral(".aws"))));
        {
            QFile config(m_home.filePath(QStringLiteral(".aws/config")));
            QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Append));
            config.write("\n[profile sso-dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
                         "sso_role_name = DmsOperator\nregion = us-east-1\n\n"
                         "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                         "sso_region = us-east-1\n");
        }
        SsoProfileConfig sso;
        sso.profileName = QStringLiteral("sso-dev");
        sso.sessionName = QStringLiteral("corp");
        sso.startUrl = QStringLiteral("https://corp.awsapps.com/start");
        sso.ssoRegion = QStringLiteral("us-east-1");
        QProcessEnvironment home;
        home.insert(QStringLiteral("HOME"), m_home.path());
        const SsoTokenCache cache(home);
        QVERIFY(QDir().mkpath(cache.cacheDirectory()));
        {
            QFile token(cache.cacheFilePath(sso));
            QVERIFY(token.open(QIODevice::WriteOnly));
            token.write(QJsonDocument(QJsonObject{{QStringLiteral("startUrl"), sso.startUrl},
                                                  {QStringLiteral("region"), sso.ssoRegion},
                                                  {QStringLiteral("accessToken"), kSsoBearer},
                                                  {QStringLiteral("expiresAt"),
                                                   QDateTime::currentDateTimeUtc().addSecs(3600).toString(
                                                       Qt::ISODate)}})
                            .toJson());
        }
        QVERIFY(m_sim.clearRequests());

        const CliRun r = run({QStringLiteral("--profile"), QStringLiteral("sso-dev"),
                              QStringLiteral("projects"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray portal = m_sim.requests(QStringLiteral("GetRoleCredentials"));
        QCOMPARE(portal.size(), 1);

        const QJsonArray rows =
            historyJson({QStringLiteral("--operation"), QStringLiteral("GetRoleCredentials")});
        QCOMPARE(rows.size(), 1);
        const QJsonObject o = rows.first().toObject();
        QCOMPARE(o.value(QLatin1String("outcome")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(o.value(QLatin1String("httpStatus")).toInt(), 200);
        QCOMPARE(o.value(QLatin1String("endpointHost")).toString(),
                 QStringLiteral("127.0.0.1:%1").arg(m_sim.port()));
        QCOMPARE(o.value(QLatin1String("awsRequestId")).toString(),
                 portal.first().toObject().value(QLatin1String("requestId")).toString());
        const QString row = QString::fromUtf8(QJsonDocument(o).toJson());
        for (const QString& secret : {kSsoBearer, kSsoSecret, kSsoSessionToken})
            QVERIFY2(!row.contains(secret), "a secret reached the history row");
    }

    void cleanupTestCase()
    {
        m_sim.stop();
        QByteArray stored;
        for (const QString& p : QStringList{m_history, m_history + QStringLiteral("-wal")}) {
            QFile f(p);
            if (f.open(QIODevice::ReadOnly))
                stored += f.readAll();
        }
        QVERIFY(stored.size() > 0);
        QVERIFY(stored.contains("InternalFailure"));
        QVERIFY(stored.contains("GetRoleCredentials"));
        for (const QString& secret : {kSecret, kToken, kSsoBearer, kSsoSecret, kSsoSessionToken}) {
            QCOMPARE(stored.count(secret.toUtf8()), 0);
            for (const QByteArray& out : std::as_const(m_outputs))
                QCOMPARE(out.count(secret.toUtf8()), 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestHistoryCli)
#include "tst_historycli.moc"
