// Integration tests: the transport, DmsClient, ProjectLister and AssociationPoller against the
// real dms-sim over loopback HTTP(S).
#include "DmsSimProcess.h"
#include "base/FaultCodes.h"
#include "dms/AssociationPoller.h"
#include "dms/DmsClient.h"
#include "dms/ProjectLister.h"
#include "net/AwsJsonTransport.h"
#include "net/CallObserver.h"

#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace dmsx;

namespace {

AwsCredentials demoKey()
{
    // The long-term demo key pair of sim/scenarios/demo.json.
    AwsCredentials c;
    c.accessKeyId = QStringLiteral("AKIADEMOEXTPACK00001");
    c.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");
    c.source = QStringLiteral("test");
    return c;
}

AwsCredentials demoTemporaryKey()
{
    AwsCredentials c;
    c.accessKeyId = QStringLiteral("ASIADEMOEXTPACK00002");
    c.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator2");
    c.sessionToken = QStringLiteral("DemoSessionTokenForTheDmsExtPackSimulator2");
    c.source = QStringLiteral("test");
    return c;
}

QJsonObject rule(const char* type, const char* operation, int count)
{
    QJsonObject r;
    r.insert(QStringLiteral("type"), QLatin1String(type));
    if (operation)
        r.insert(QStringLiteral("operations"), QJsonArray{QLatin1String(operation)});
    if (count >= 0)
        r.insert(QStringLiteral("count"), count);
    return r;
}

// Runs the event loop until `done` becomes true or the time is up.
bool spin(const std::function<bool()>& done, int timeoutMs = 30000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(1);
    }
    return true;
}

std::optional<Result<QJsonObject>> await(PendingCall* call, int timeoutMs = 30000)
{
    std::optional<Result<QJsonObject>> out;
    QObject::connect(call, &PendingCall::finished, call, [&out, call] { out.emplace(call->result()); });
    spin([&] { return out.has_value(); }, timeoutMs);
    return out;
}

} // namespace

class TestDmsClient : public QObject
{
    Q_OBJECT

    std::unique_ptr<DmsSimProcess> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;

    bool startSim(const QStringList& args)
    {
        m_sim = std::make_unique<DmsSimProcess>();
        QString error;
        if (!m_sim->start(args, &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        return true;
    }

    TransportConfig config() const
    {
        TransportConfig c;
        c.endpoint = m_sim->url();
        c.region = QStringLiteral("us-east-1");
        c.credentials = [] { return Result<AwsCredentials>(demoKey()); };
        c.environment = QProcessEnvironment(); // no proxy settings from the machine running the tests
        return c;
    }

    // A zero random source makes every backoff 0 ms. The clock is manual and moves one second
    // per attempt so each attempt carries its own x-amz-date.
    void makeClient(TransportConfig c, bool advanceClockPerAttempt = true)
    {
        m_client.reset();
        m_transport.reset();
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        m_transport = std::make_unique<AwsJsonTransport>(c, m_nam.get(), m_clock.get(), [] { return 0.0; });
        m_client = std::make_unique<DmsClient>(m_transport.get());
        m_advance = advanceClockPerAttempt;
    }
    bool m_advance = true;

    PendingCall* watch(PendingCall* call)
    {
        if (call && m_advance)
            connect(call, &PendingCall::attemptStarted, this, [this](int attempt, int) {
                if (attempt > 1)
                    m_clock->advanceMs(1000);
            });
        return call;
    }

    template <typename T>
    std::optional<Result<T>> awaitTyped(const std::function<PendingCall*(DmsClient::Handler<T>)>& start)
    {
        std::optional<Result<T>> out;
        watch(start([&out](const Result<T>& r) { out.emplace(r); }));
        spin([&] { return out.has_value(); });
        return out;
    }

    std::optional<Result<QString>> startAssociation(const QString& project)
    {
        return awaitTyped<QString>([&](DmsClient::Handler<QString> h) {
            return m_client->startExtensionPackAssociation(project, this, h);
        });
    }

    std::optional<Result<Page<MigrationProject>>> describeProjects(std::optional<int> max = std::nullopt)
    {
        return awaitTyped<Page<MigrationProject>>([&](DmsClient::Handler<Page<MigrationProject>> h) {
            return m_client->describeMigrationProjects({}, max, QString(), this, h);
        });
    }

private slots:
    void initTestCase()
    {
        if (DmsSimProcess::binary().isEmpty())
            QSKIP("DMSX_SIM_BIN not set (the dms-sim target does not exist)");
    }

    void cleanup()
    {
        m_client.reset();
        m_transport.reset();
        m_nam.reset();
        m_sim.reset(); // stops the simulator: no process outlives a test
    }

    void everyOperation()
    {
        QVERIFY(startSim({}));
        makeClient(config());

        const auto projects = describeProjects();
        QVERIFY(projects && projects->ok());
        QVERIFY(projects->value().items.size() > 10);
        const MigrationProject& first = projects->value().items.first();
        QVERIFY(first.migrationProjectArn.startsWith(QLatin1String("arn:aws:dms:us-east-1:111122223333:")));
        QVERIFY(first.migrationProjectCreationTime.isValid());
        QVERIFY(!first.sourceDataProviderDescriptors.isEmpty());

        const auto providers = awaitTyped<Page<DataProvider>>([&](DmsClient::Handler<Page<DataProvider>> h) {
            return m_client->describeDataProviders(
                {Filter{QStringLiteral("data-provider-identifier"), {QStringLiteral("ora-erp")}}},
                std::nullopt, QString(), this, h);
        });
        QVERIFY(providers && providers->ok());
        QCOMPARE(providers->value().items.size(), 1);
        QCOMPARE(providers->value().items[0].engine, QStringLiteral("oracle"));
        QCOMPARE(providers->value().items[0].port().value_or(0), 1521);

        const auto profiles =
            awaitTyped<Page<InstanceProfile>>([&](DmsClient::Handler<Page<InstanceProfile>> h) {
                return m_client->describeInstanceProfiles({}, std::nullopt, QString(), this, h);
            });
        QVERIFY(profiles && profiles->ok());
        QVERIFY(!profiles->value().items.isEmpty());
        QVERIFY(!profiles->value().items[0].instanceProfileArn.isEmpty());

        const auto started = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(started && started->ok());
        const QString requestId = started->value();
        QVERIFY(!requestId.isEmpty());

        const auto assoc = awaitTyped<Page<SchemaConversionRequest>>(
            [&](DmsClient::Handler<Page<SchemaConversionRequest>> h) {
                return m_client->describeExtensionPackAssociations(
                    QStringLiteral("erp-migration"), {Filter{QStringLiteral("request-id"), {requestId}}},
                    QString(), this, h);
            });
        QVERIFY(assoc && assoc->ok());
        QCOMPARE(assoc->value().items.size(), 1);
        QCOMPARE(assoc->value().items[0].requestIdentifier, requestId);
        QVERIFY(!assoc->value().items[0].status.isEmpty());

        // What went on the wire: one attempt each, correctly signed, with our headers.
        const QJsonArray log = m_sim->requests();
        QCOMPARE(log.size(), 5);
        QSet<QString> invocationIds;
        const QRegularExpression uuid4(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        for (const QJsonValue& v : log) {
            const QJsonObject e = v.toObject();
            QVERIFY(e.value(QLatin1String("signatureValid")).toBool());
            QCOMPARE(e.value(QLatin1String("amzSdkRequest")).toString(), QStringLiteral("attempt=1; max=3"));
            QVERIFY(e.value(QLatin1String("userAgent")).toString().startsWith(QLatin1String("dms-extpack/")));
            const QString id = e.value(QLatin1String("amzSdkInvocationId")).toString();
            QVERIFY2(uuid4.match(id).hasMatch(), qPrintable(id));
            invocationIds.insert(id);
        }
        QCOMPARE(invocationIds.size(), 5); // one per logical call
    }

    void temporaryCredentialsSendTheToken()
    {
        QVERIFY(startSim({}));
        TransportConfig c = config();
        c.credentials = [] { return Result<AwsCredentials>(demoTemporaryKey()); };
        makeClient(c);
        const auto projects = describeProjects(20);
        QVERIFY(projects && projects->ok());
        QCOMPARE(projects->value().items.size(), 20);
        QCOMPARE(m_sim->requests().at(0).toObject().value(QLatin1String("accessKeyId")).toString(),
                 QStringLiteral("ASIADEMOEXTPACK00002"));
    }

    void listingStreamsPages()
    {
        QVERIFY(startSim({QStringLiteral("--projects"), QStringLiteral("250")}));
        makeClient(config());
        ProjectLister lister(m_client.get());
        lister.setPageSize(100);
        QList<int> sizes;
        QList<int> indexes;
        QSet<QString> arns;
        connect(&lister, &ProjectLister::pageReceived, this,
                [&](const QList<MigrationProject>& page, int index) {
                    sizes.append(int(page.size()));
                    indexes.append(index);
                    for (const auto& p : page)
                        arns.insert(p.migrationProjectArn);
                    // Streamed: the lister is still running when each page arrives, except after the last.
                    if (index < 2)
                        QVERIFY(lister.isRunning());
                });
        QSignalSpy finished(&lister, &ProjectLister::finished);
        QSignalSpy failed(&lister, &ProjectLister::failed);
        lister.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(sizes, (QList<int>{100, 100, 50}));
        QCOMPARE(indexes, (QList<int>{0, 1, 2}));
        QCOMPARE(arns.size(), 250);
        QCOMPARE(finished.at(0).at(0).value<ProjectLister::StopReason>(),
                 ProjectLister::StopReason::EndOfList);
        QCOMPARE(finished.at(0).at(1).toInt(), 250);
        QCOMPARE(lister.projects().size(), 250);
        QCOMPARE(m_sim->requests(QStringLiteral("DescribeMigrationProjects")).size(), 3);
    }

    // The listing's pages are read from their bytes: an observer is handed a maker of what it
    // sees of each, not the output itself, and the maker gives each project's ARN and name.
    void observersOfAListingGetItsPagesOnRequest()
    {
        QVERIFY(startSim({QStringLiteral("--projects"), QStringLiteral("250")}));
        makeClient(config());
        struct Observer final : CallObserver
        {
            QList<CallEvent> finished;
            void callStarted(const CallEvent&) override {}
            void callFinished(const CallEvent& e) override { finished.append(e); }
        } observer;
        m_transport->addObserver(&observer);
        ProjectLister lister(m_client.get());
        lister.setPageSize(100);
        QSignalSpy done(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(done.wait(30000));
        m_transport->removeObserver(&observer);
        QCOMPARE(observer.finished.size(), 3);
        QHash<QString, QString> nameByArn;
        for (const CallEvent& e : std::as_const(observer.finished)) {
            QVERIFY(e.output.isEmpty());
            QVERIFY(e.deferredOutput.has_value());
            const QJsonObject page = e.outputObject();
            const QJsonArray projects = page.value(QLatin1String("MigrationProjects")).toArray();
            const CallEvent::DeferredOutput::ItemNames& names = e.deferredOutput->itemNames;
            QCOMPARE(projects.size(), names.size());
            for (qsizetype i = 0; i < names.size(); ++i) {
                QCOMPARE(names.identifier(i),
                         projects.at(i)[QLatin1String("MigrationProjectArn")].toString());
                QCOMPARE(names.name(i), projects.at(i)[QLatin1String("MigrationProjectName")].toString());
            }
            QCOMPARE(page.contains(QLatin1String("Marker")), &e != &observer.finished.last());
            for (const QJsonValue& v : projects)
                nameByArn.insert(v[QLatin1String("MigrationProjectArn")].toString(),
                                 v[QLatin1String("MigrationProjectName")].toString());
        }
        QCOMPARE(nameByArn.size(), 250);
        for (const MigrationProject& p : lister.projects())
            QCOMPARE(nameByArn.value(p.migrationProjectArn), p.migrationProjectName);
    }

    void listingHonoursThePageCap()
    {
        QVERIFY(startSim({QStringLiteral("--projects"), QStringLiteral("250")}));
        makeClient(config());
        ProjectLister lister(m_client.get());
        lister.setPageSize(50);
        lister.setMaxPages(2);
        QSignalSpy finished(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.at(0).at(0).value<ProjectLister::StopReason>(), ProjectLister::StopReason::PageCap);
        QCOMPARE(finished.at(0).at(1).toInt(), 100);
        QVERIFY(!finished.at(0).at(2).toString().isEmpty());
        QCOMPARE(m_sim->requests(QStringLiteral("DescribeMigrationProjects")).size(), 2);
    }

    void listingCancel()
    {
        QVERIFY(startSim({QStringLiteral("--projects"), QStringLiteral("250")}));
        QVERIFY(m_sim->setFaults({[] {
            QJsonObject r = rule("latency", "DescribeMigrationProjects", -1);
            r.insert(QStringLiteral("ms"), 300);
            return r;
        }()}));
        makeClient(config());
        ProjectLister lister(m_client.get());
        lister.setPageSize(100);
        connect(&lister, &ProjectLister::pageReceived, &lister,
                [&](const QList<MigrationProject>&, int index) {
                    if (index == 0)
                        lister.cancel();
                });
        QSignalSpy finished(&lister, &ProjectLister::finished);
        QSignalSpy failed(&lister, &ProjectLister::failed);
        QSignalSpy pages(&lister, &ProjectLister::pageReceived);
        lister.start();
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.at(0).at(0).value<Fault>().kind, FaultKind::Cancelled);
        QTest::qWait(700);
        QCOMPARE(pages.size(), 1);
        QCOMPARE(finished.size(), 0);
        QVERIFY(!lister.isRunning());
    }

    void pollerToSuccess()
    {
        QVERIFY(startSim({QStringLiteral("--time-scale"), QStringLiteral("200")}));
        makeClient(config());
        const auto started = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(started && started->ok());
        AssociationPoller poller(m_client.get(), QStringLiteral("erp-migration"), started->value());
        poller.setSchedule({20, 40});
        QStringList statuses;
        connect(&poller, &AssociationPoller::statusChanged, this,
                [&](const QString& s) { statuses.append(s); });
        QSignalSpy succeeded(&poller, &AssociationPoller::succeeded);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        QSignalSpy progress(&poller, &AssociationPoller::progressChanged);
        poller.start();
        QVERIFY(spin([&] { return !succeeded.isEmpty() || !failed.isEmpty(); }));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(succeeded.size(), 1);
        QCOMPARE(statuses.last(), QStringLiteral("SUCCESS"));
        QVERIFY(statuses.size() >= 2); // saw it running before it finished
        QVERIFY(poller.polls() >= 2);
        QVERIFY(!progress.isEmpty());
        // Every poll is filtered on the request id.
        QCOMPARE(m_sim->requests(QStringLiteral("DescribeExtensionPackAssociations")).size(), poller.polls());
    }

    void pollerToFailed()
    {
        QVERIFY(startSim({QStringLiteral("--time-scale"), QStringLiteral("200")}));
        makeClient(config());
        const auto started = startAssociation(QStringLiteral("payroll-migration"));
        QVERIFY(started && started->ok());
        AssociationPoller poller(m_client.get(), QStringLiteral("payroll-migration"), started->value());
        poller.setSchedule({20});
        QSignalSpy succeeded(&poller, &AssociationPoller::succeeded);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        poller.start();
        QVERIFY(spin([&] { return !succeeded.isEmpty() || !failed.isEmpty(); }));
        QCOMPARE(succeeded.size(), 0);
        const Fault f = failed.at(0).at(0).value<Fault>();
        QCOMPARE(f.kind, FaultKind::AssociationFailed);
        QCOMPARE(f.code, FaultCode::AssociationFailed);
        QCOMPARE(f.message, QStringLiteral("The database user in your target secret does not have sufficient "
                                           "privileges. Grant the required privileges and try again."));
        QCOMPARE(poller.lastRequest().status, QStringLiteral("FAILED"));
    }

    // A request id the service never issued (or no longer keeps): the poller ends after a few
    // polls with the catalogue's "no longer listed" instead of polling forever.
    void pollerGivesUpARequestTheServiceDoesNotList()
    {
        QVERIFY(startSim({}));
        makeClient(config());
        const QString never = QStringLiteral("0d4c1b2a-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
        AssociationPoller poller(m_client.get(), QStringLiteral("erp-migration"), never);
        poller.setSchedule({10});
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        QSignalSpy updated(&poller, &AssociationPoller::updated);
        poller.start();
        QVERIFY(spin([&] { return !failed.isEmpty(); }));
        const Fault f = failed.at(0).at(0).value<Fault>();
        QCOMPARE(f.code, FaultCode::AssociationNotListed);
        QVERIFY(f.message.contains(never));
        QCOMPARE(updated.size(), 0);
        QCOMPARE(poller.polls(), AssociationPoller::kDefaultUnlistedPolls);
        QCOMPARE(m_sim->requests(QStringLiteral("DescribeExtensionPackAssociations")).size(),
                 AssociationPoller::kDefaultUnlistedPolls);
        QTest::qWait(100);
        QCOMPARE(poller.polls(), AssociationPoller::kDefaultUnlistedPolls); // stopped
    }

    void pollerToleratesTransientErrorsAndCancels()
    {
        QVERIFY(startSim({}));
        makeClient(config());
        const auto started = startAssociation(QStringLiteral("ledger-history-migration"));
        QVERIFY(started && started->ok());
        // Every poll attempt fails with a 503 for a while: the transport gives up after 3
        // attempts, the poller reports it and keeps going.
        QJsonObject err = rule("serverError", "DescribeExtensionPackAssociations", 3);
        err.insert(QStringLiteral("status"), 503);
        QVERIFY(m_sim->setFaults({err}));
        AssociationPoller poller(m_client.get(), QStringLiteral("ledger-history-migration"),
                                 started->value());
        poller.setSchedule({10});
        QSignalSpy pollFailed(&poller, &AssociationPoller::pollFailed);
        QSignalSpy updated(&poller, &AssociationPoller::updated);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        poller.start();
        QVERIFY(spin([&] { return !updated.isEmpty() || !failed.isEmpty(); }));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(pollFailed.size(), 1);
        QCOMPARE(pollFailed.at(0).at(0).value<Fault>().httpStatus, 503);
        QVERIFY(poller.isRunning());
        poller.cancel();
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<Fault>().kind, FaultKind::Cancelled);
        const int polls = poller.polls();
        QTest::qWait(200);
        QCOMPARE(poller.polls(), polls); // stopped
    }

    void synchronousStartFaults_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QString>("code");
        QTest::newRow("access denied") << "payments-migration"
                                       << "AccessDeniedFault";
        QTest::newRow("invalid state") << "procurement-migration"
                                       << "InvalidResourceStateFault";
        QTest::newRow("already exists") << "orders-migration"
                                        << "ResourceAlreadyExistsFault";
        QTest::newRow("kms") << "treasury-migration"
                             << "KMSKeyNotAccessibleFault";
        QTest::newRow("quota") << "warehouse-migration"
                               << "ResourceQuotaExceededFault";
        QTest::newRow("s3 not found") << "logistics-migration"
                                      << "S3ResourceNotFoundFault";
        QTest::newRow("s3 denied") << "pricing-migration"
                                   << "S3AccessDeniedFault";
        QTest::newRow("dependency") << "assets-migration"
                                    << "FailedDependencyFault";
        QTest::newRow("unknown project") << "no-such-project"
                                         << "ResourceNotFoundFault";
    }
    void synchronousStartFaults()
    {
        QFETCH(QString, project);
        QFETCH(QString, code);
        QVERIFY(startSim({}));
        makeClient(config());
        const auto r = startAssociation(project);
        QVERIFY(r);
        QVERIFY(!r->ok());
        const Fault& f = r->fault();
        QCOMPARE(f.kind, FaultKind::Service);
        QCOMPARE(f.code, code);
        QCOMPARE(f.httpStatus, 400);
        QVERIFY(!f.message.isEmpty());
        QCOMPARE(f.operation, QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(f.endpoint, QStringLiteral("127.0.0.1:%1").arg(m_sim->port()));
        QCOMPARE(f.attempts, 1);
        QVERIFY(f.time.isValid());
        const QJsonArray log = m_sim->requests(QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(log.size(), 1);
        QCOMPARE(f.requestId, log.at(0).toObject().value(QLatin1String("requestId")).toString());
    }

    void retriesThrottlingAndServerErrors_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("throttling") << "throttle";
        QTest::newRow("5xx") << "serverError";
    }
    void retriesThrottlingAndServerErrors()
    {
        QFETCH(QString, type);
        QVERIFY(startSim({}));
        QVERIFY(m_sim->setFaults({rule(type.toLatin1().constData(), "DescribeMigrationProjects", 2)}));
        // Without correction the manual clock's one-second steps show up in x-amz-date (with it,
        // each response's Date header would pull the signing time back to the server's).
        TransportConfig c = config();
        c.disableClockSkewCorrection = true;
        makeClient(c);
        std::optional<Result<QJsonObject>> out;
        PendingCall* call =
            watch(m_transport->call(QStringLiteral("DescribeMigrationProjects"), QJsonObject()));
        QSignalSpy retrying(call, &PendingCall::retrying);
        QSignalSpy attempts(call, &PendingCall::attemptStarted);
        out = await(call);
        QVERIFY(out && out->ok());
        QCOMPARE(attempts.size(), 3);
        QCOMPARE(retrying.size(), 2);
        QCOMPARE(retrying.at(0).at(0).toInt(), 2);
        QCOMPARE(retrying.at(0).at(1).toLongLong(), 0LL); // zero random source
        QVERIFY(retrying.at(0).at(2).value<Fault>().httpStatus >= 400);

        const QJsonArray log = m_sim->requests(QStringLiteral("DescribeMigrationProjects"));
        QCOMPARE(log.size(), 3);
        QSet<QString> dates;
        const QString invocation = log.at(0).toObject().value(QLatin1String("amzSdkInvocationId")).toString();
        for (int i = 0; i < 3; ++i) {
            const QJsonObject e = log.at(i).toObject();
            QCOMPARE(e.value(QLatin1String("amzSdkInvocationId")).toString(), invocation);
            QCOMPARE(e.value(QLatin1String("amzSdkRequest")).toString(),
                     QStringLiteral("attempt=%1; max=3").arg(i + 1));
            QVERIFY(e.value(QLatin1String("signatureValid")).toBool()); // re-signed each time
            dates.insert(e.value(QLatin1String("xAmzDate")).toString());
        }
        QCOMPARE(dates.size(), 3);
        QCOMPARE(log.at(2).toObject().value(QLatin1String("status")).toInt(), 200);
    }

    void retriesGiveUpAfterMaxAttempts()
    {
        QVERIFY(startSim({}));
        QJsonObject err = rule("serverError", "DescribeMigrationProjects", -1);
        err.insert(QStringLiteral("status"), 503);
        QVERIFY(m_sim->setFaults({err}));
        makeClient(config());
        const auto out =
            await(watch(m_transport->call(QStringLiteral("DescribeMigrationProjects"), QJsonObject())));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().httpStatus, 503);
        QCOMPARE(out->fault().code, QStringLiteral("ServiceUnavailableException"));
        QCOMPARE(out->fault().attempts, 3);
        QVERIFY(!out->fault().requestId.isEmpty());
        QVERIFY(!out->fault().requestMayHaveBeenProcessed); // idempotent: no ambiguity to report
        QCOMPARE(m_sim->requests().size(), 3);
    }

    void startIsNotRetriedAfterAmbiguousFailures_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("code");
        QTest::newRow("5xx") << "serverError"
                             << "InternalFailure";
        QTest::newRow("reset") << "connectionReset"
                               << "ConnectionReset";
        QTest::newRow("timeout") << "latency"
                                 << "Timeout";
    }
    void startIsNotRetriedAfterAmbiguousFailures()
    {
        QFETCH(QString, type);
        QFETCH(QString, code);
        QVERIFY(startSim({}));
        QJsonObject r = rule(type.toLatin1().constData(), "StartExtensionPackAssociation", 1);
        if (type == QLatin1String("latency"))
            r.insert(QStringLiteral("ms"), 4000);
        QVERIFY(m_sim->setFaults({r}));
        TransportConfig c = config();
        c.attemptTimeoutMs = 1500;
        makeClient(c);
        const auto out = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, code);
        QVERIFY(out->fault().requestMayHaveBeenProcessed);
        QVERIFY(out->fault().requestWasSent);
        QCOMPARE(out->fault().attempts, 1);
        QTest::qWait(100);
        QCOMPARE(m_sim->requests(QStringLiteral("StartExtensionPackAssociation")).size(), 1);
    }

    void startIsRetriedAfterThrottling()
    {
        QVERIFY(startSim({}));
        QVERIFY(m_sim->setFaults({rule("throttle", "StartExtensionPackAssociation", 1)}));
        makeClient(config());
        const auto out = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(out && out->ok());
        const QJsonArray log = m_sim->requests(QStringLiteral("StartExtensionPackAssociation"));
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("errorCode")).toString(),
                 QStringLiteral("ThrottlingException"));
        QCOMPARE(log.at(1).toObject().value(QLatin1String("status")).toInt(), 200);
    }

    void clockSkewIsCorrected()
    {
        QVERIFY(startSim({QStringLiteral("--clock-offset"), QStringLiteral("3600")}));
        makeClient(config(), false);
        const auto out = describeProjects(20);
        QVERIFY(out && out->ok());
        const QJsonArray log = m_sim->requests();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("authError")).toString(),
                 QStringLiteral("InvalidSignatureException"));
        QCOMPARE(log.at(1).toObject().value(QLatin1String("status")).toInt(), 200);
        // The offset learnt from the Date header is about one hour.
        QVERIFY(qAbs(m_transport->clockSkew().offsetMs() - 3600 * 1000) < 5000);
        // The retry was signed one hour ahead of our (manual, unmoved) clock.
        const QDateTime second =
            QDateTime::fromString(log.at(1).toObject().value(QLatin1String("xAmzDate")).toString(),
                                  QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        QVERIFY(qAbs(m_clock->nowUtc().secsTo(QDateTime(second.date(), second.time(), Qt::UTC)) - 3600) < 5);
        // The next call is signed right the first time.
        QVERIFY(m_sim->clearRequests());
        const auto again = describeProjects(20);
        QVERIFY(again && again->ok());
        QCOMPARE(m_sim->requests().size(), 1);
    }

    void startRetriedAfterClockSkewRejection()
    {
        QVERIFY(startSim({QStringLiteral("--clock-offset"), QStringLiteral("-3600")}));
        makeClient(config(), false);
        const auto out = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(out && out->ok());
        QCOMPARE(m_sim->requests(QStringLiteral("StartExtensionPackAssociation")).size(), 2);
    }

    void timeoutIsReportedAndRetried()
    {
        QVERIFY(startSim({}));
        QJsonObject r = rule("latency", "DescribeMigrationProjects", 2);
        r.insert(QStringLiteral("ms"), 3000);
        QVERIFY(m_sim->setFaults({r}));
        TransportConfig c = config();
        c.attemptTimeoutMs = 300;
        makeClient(c);
        PendingCall* call =
            watch(m_transport->call(QStringLiteral("DescribeMigrationProjects"), QJsonObject()));
        QSignalSpy retrying(call, &PendingCall::retrying);
        const auto out = await(call);
        QVERIFY(out && out->ok());
        QCOMPARE(retrying.size(), 2);
        const Fault f = retrying.at(0).at(2).value<Fault>();
        QCOMPARE(f.code, FaultCode::Timeout);
        QCOMPARE(f.kind, FaultKind::Transport);
    }

    void timeoutAfterLastAttempt()
    {
        QVERIFY(startSim({}));
        QJsonObject r = rule("latency", nullptr, -1);
        r.insert(QStringLiteral("ms"), 3000);
        QVERIFY(m_sim->setFaults({r}));
        TransportConfig c = config();
        c.attemptTimeoutMs = 200;
        c.maxAttempts = 2;
        makeClient(c);
        const auto out =
            await(watch(m_transport->call(QStringLiteral("DescribeDataProviders"), QJsonObject())));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, FaultCode::Timeout);
        QCOMPARE(out->fault().attempts, 2);
        QCOMPARE(out->fault().operation, QStringLiteral("DescribeDataProviders"));
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        m_sim = std::make_unique<DmsSimProcess>();
        TransportConfig c;
        c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        c.region = QStringLiteral("us-east-1");
        c.credentials = [] { return Result<AwsCredentials>(demoKey()); };
        c.environment = QProcessEnvironment();
        makeClient(c);
        const auto out = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, FaultCode::ConnectionRefused);
        QCOMPARE(out->fault().kind, FaultKind::Transport);
        QVERIFY(!out->fault().requestWasSent);
        QVERIFY(!out->fault().requestMayHaveBeenProcessed);
        // Provably never sent, so even the non-idempotent call may be retried.
        QCOMPARE(out->fault().attempts, 3);
        QCOMPARE(out->fault().endpoint, QStringLiteral("127.0.0.1:%1").arg(port));
    }

    void httpsWithCaBundle()
    {
        QTemporaryDir dir;
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        QVERIFY(startSim({QStringLiteral("--https"), QStringLiteral("--ca-out"), ca}));
        QCOMPARE(m_sim->url().scheme(), QStringLiteral("https"));
        TransportConfig c = config();
        c.caBundlePath = ca;
        makeClient(c);
        QVERIFY(m_transport->configurationStatus().ok());
        const auto out = describeProjects(20);
        QVERIFY2(out && out->ok(),
                 out ? qPrintable(out->fault().code + QLatin1Char(' ') + out->fault().message) : "");
        QCOMPARE(out->value().items.size(), 20);
    }

    // AWS_CA_BUNDLE set for the machine (a system bundle of 140 roots) while talking to a plain
    // http endpoint: the roots are never used there, so the bundle is only checked, not read
    // whole; a bundle with no certificate fails every call still, before anything is sent.
    void caBundleOnAPlainHttpEndpointIsCheckedNotUsed()
    {
        QTemporaryDir dir;
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        QVERIFY(startSim({QStringLiteral("--https"), QStringLiteral("--ca-out"), ca}));
        m_client.reset();
        m_transport.reset();
        m_sim.reset();
        QFile caFile(ca);
        QVERIFY(caFile.open(QIODevice::ReadOnly));
        const QByteArray garbage =
            "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
        const QString mixed = dir.filePath(QStringLiteral("mixed.pem"));
        const QString broken = dir.filePath(QStringLiteral("broken.pem"));
        for (const auto& [path, content] :
             {std::pair{mixed, QByteArray(garbage + caFile.readAll())}, std::pair{broken, garbage}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }

        QVERIFY(startSim({}));
        QCOMPARE(m_sim->url().scheme(), QStringLiteral("http"));
        TransportConfig c = config();
        c.caBundlePath = mixed;
        makeClient(c);
        QVERIFY(m_transport->configurationStatus().ok());
        const auto listed = describeProjects(5);
        QVERIFY(listed && listed->ok());

        for (const auto& [path, code] :
             {std::pair{broken, QString(FaultCode::CaBundleInvalid)},
              std::pair{dir.filePath(QStringLiteral("missing.pem")), QString(FaultCode::CaBundleNotFound)}}) {
            QVERIFY(m_sim->clearRequests());
            c.caBundlePath = path;
            makeClient(c);
            QCOMPARE(m_transport->configurationStatus().fault().code, code);
            const auto out = describeProjects();
            QVERIFY(out && !out->ok());
            QCOMPARE(out->fault().code, code);
            QCOMPARE(m_sim->requests().size(), 0);
        }
    }

    void httpsWithoutCaBundleFails()
    {
        QTemporaryDir dir;
        const QString ca = dir.filePath(QStringLiteral("ca.pem"));
        QVERIFY(startSim({QStringLiteral("--https"), QStringLiteral("--ca-out"), ca}));
        makeClient(config());
        const auto out = startAssociation(QStringLiteral("erp-migration"));
        QVERIFY(out && !out->ok());
        const Fault& f = out->fault();
        QCOMPARE(f.code, FaultCode::TlsVerificationFailed);
        QCOMPARE(f.kind, FaultKind::Transport);
        QVERIFY(!f.requestWasSent);
        QVERIFY2(f.detail.contains(QLatin1String("subject:")) && f.detail.contains(QLatin1String("issuer:")),
                 qPrintable(f.detail));
        QVERIFY2(!f.detail.contains(QLatin1String("subject: ;")) &&
                     !f.detail.contains(QLatin1String("no certificate")),
                 qPrintable(f.detail));
        qInfo("TLS fault detail: %s", qPrintable(f.detail));
        // The simulator never saw an API request.
        QVERIFY(!f.requestMayHaveBeenProcessed);
    }

    void invalidCaBundleIsAConfigurationFault()
    {
        QTemporaryDir dir;
        QVERIFY(startSim({}));
        TransportConfig c = config();
        c.caBundlePath = dir.filePath(QStringLiteral("missing.pem"));
        makeClient(c);
        QVERIFY(!m_transport->configurationStatus().ok());
        const auto out = describeProjects();
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().kind, FaultKind::Configuration);
        QCOMPARE(m_sim->requests().size(), 0);
    }

    void cancellation()
    {
        QVERIFY(startSim({}));
        QJsonObject r = rule("latency", nullptr, -1);
        r.insert(QStringLiteral("ms"), 5000);
        QVERIFY(m_sim->setFaults({r}));
        makeClient(config());
        PendingCall* call = m_transport->call(QStringLiteral("DescribeMigrationProjects"), QJsonObject());
        std::optional<Result<QJsonObject>> out;
        connect(call, &PendingCall::finished, this, [&] { out.emplace(call->result()); });
        QTimer::singleShot(200, call, [call] { call->cancel(); });
        QElapsedTimer t;
        t.start();
        QVERIFY(spin([&] { return out.has_value(); }, 4000)); // well before the 5 s answer
        QVERIFY(!out->ok());
        QCOMPARE(out->fault().kind, FaultKind::Cancelled);
        QCOMPARE(out->fault().attempts, 1);
    }

    void html502IsRetriedThenReported()
    {
        QVERIFY(startSim({}));
        QVERIFY(m_sim->setFaults({rule("html502", "DescribeMigrationProjects", -1)}));
        makeClient(config());
        const auto out =
            await(watch(m_transport->call(QStringLiteral("DescribeMigrationProjects"), QJsonObject())));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().httpStatus, 502);
        QCOMPARE(out->fault().attempts, 3);
        QVERIFY(out->fault().rawBody.contains("502 Bad Gateway"));
        QCOMPARE(m_sim->requests().size(), 3);
    }

    void truncatedBody()
    {
        QVERIFY(startSim({}));
        QVERIFY(m_sim->setFaults({rule("truncatedBody", "DescribeMigrationProjects", -1)}));
        TransportConfig c = config();
        c.maxAttempts = 1;
        makeClient(c);
        const auto out =
            await(watch(m_transport->call(QStringLiteral("DescribeMigrationProjects"), QJsonObject())));
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, FaultCode::TruncatedResponse);
        QCOMPARE(out->fault().kind, FaultKind::Protocol);
        QCOMPARE(out->fault().httpStatus, 200);
    }

    void authAndValidationFaults_data()
    {
        QTest::addColumn<QString>("accessKeyId");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("maxRecords");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kind");
        // AWS refusing the keys is the user's credentials to fix (the CLI exits 3 for it).
        QTest::newRow("expired token") << "ASIADEMOEXTPACK00003"
                                       << "DemoSecretKey/ForTheDmsExtPackSimulator3"
                                       << "DemoSessionTokenForTheDmsExtPackSimulator3" << 20
                                       << "ExpiredTokenException" << int(FaultKind::Credentials);
        QTest::newRow("unknown key") << "AKIAUNKNOWNKEY000000"
                                     << "DemoSecretKey/ForTheDmsExtPackSimulator1" << QString() << 20
                                     << "UnrecognizedClientException" << int(FaultKind::Credentials);
        QTest::newRow("validation") << "AKIADEMOEXTPACK00001"
                                    << "DemoSecretKey/ForTheDmsExtPackSimulator1" << QString() << 500
                                    << "ValidationException" << int(FaultKind::Service);
    }
    void authAndValidationFaults()
    {
        QFETCH(QString, accessKeyId);
        QFETCH(QString, secret);
        QFETCH(QString, token);
        QFETCH(int, maxRecords);
        QFETCH(QString, code);
        QFETCH(int, kind);
        QVERIFY(startSim({}));
        TransportConfig c = config();
        c.credentials = [=] {
            AwsCredentials k;
            k.accessKeyId = accessKeyId;
            k.secretAccessKey = secret;
            k.sessionToken = token;
            return Result<AwsCredentials>(k);
        };
        makeClient(c);
        const auto out = describeProjects(maxRecords);
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, code);
        QCOMPARE(int(out->fault().kind), kind);
        QVERIFY(out->fault().httpStatus >= 400 && out->fault().httpStatus < 500);
        QCOMPARE(out->fault().attempts, 1); // none of these is retried
        const QJsonArray log = m_sim->requests();
        QCOMPARE(log.size(), 1);
        QCOMPARE(out->fault().requestId, log.at(0).toObject().value(QLatin1String("requestId")).toString());
        QCOMPARE(out->fault().httpStatus, log.at(0).toObject().value(QLatin1String("status")).toInt());
    }

    // An ARN names its region: one from another region than the client's is refused before
    // anything is sent, by every call that takes a project.
    void aProjectArnOfAnotherRegionIsRefusedBeforeSending()
    {
        QVERIFY(startSim({}));
        makeClient(config());
        const QString arn = QStringLiteral("arn:aws:dms:eu-west-1:111122223333:migration-project:ABCDEFGHIJ");
        auto check = [&](const Fault& f) {
            QCOMPARE(f.kind, FaultKind::Configuration);
            QCOMPARE(f.code, FaultCode::ProjectInAnotherRegion);
            QCOMPARE(f.message,
                     QStringLiteral("this project is in eu-west-1; you are using us-east-1: add --region "
                                    "eu-west-1"));
            QCOMPARE(f.detail, QStringLiteral("eu-west-1"));
            QVERIFY(!f.requestWasSent);
        };
        const auto started = startAssociation(arn);
        QVERIFY(started && !started->ok());
        check(started->fault());
        const auto listed =
            awaitTyped<Page<MigrationProject>>([&](DmsClient::Handler<Page<MigrationProject>> h) {
                return m_client->describeMigrationProjects(
                    {Filter{QStringLiteral("migration-project-identifier"), {arn}}}, std::nullopt, QString(),
                    this, h);
            });
        QVERIFY(listed && !listed->ok());
        check(listed->fault());
        const auto requests = awaitTyped<Page<SchemaConversionRequest>>(
            [&](DmsClient::Handler<Page<SchemaConversionRequest>> h) {
                return m_client->describeExtensionPackAssociations(arn, {}, QString(), this, h);
            });
        QVERIFY(requests && !requests->ok());
        check(requests->fault());
        QCOMPARE(m_sim->requests().size(), 0);

        // The region in use and a name pass as before.
        const QString here =
            QStringLiteral("arn:aws:dms:us-east-1:111122223333:migration-project:ABCDEFGHIJ");
        QVERIFY(m_client->checkProjectIdentifier(here).ok());
        QVERIFY(m_client->checkProjectIdentifier(QStringLiteral("erp-migration")).ok());
        QCOMPARE(DmsClient::regionOfArn(arn), QStringLiteral("eu-west-1"));
        QCOMPARE(DmsClient::regionOfArn(QStringLiteral("erp-migration")), QString());
    }

    void wrongSecretIsNotRetried()
    {
        QVERIFY(startSim({}));
        TransportConfig c = config();
        c.credentials = [] {
            AwsCredentials k = demoKey();
            k.secretAccessKey = QStringLiteral("WrongSecretWrongSecretWrongSecret");
            return Result<AwsCredentials>(k);
        };
        makeClient(c);
        const auto out = describeProjects();
        QVERIFY(out && !out->ok());
        QCOMPARE(out->fault().code, QStringLiteral("InvalidSignatureException"));
        QCOMPARE(out->fault().attempts, 1);
        QVERIFY(!out->fault().message.contains(QLatin1String("WrongSecret")));
    }
};

QTEST_GUILESS_MAIN(TestDmsClient)
#include "tst_dmsclient.moc"
