// ProjectLister and AssociationPoller decisions that the simulator cannot provoke (a repeated
// marker, unknown statuses, CANCELED, errors that will not pass), against scripted answers.
#include "ScriptedHttpServer.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/AssociationPoller.h"
#include "dms/DmsClient.h"
#include "dms/ProjectLister.h"
#include "net/AwsJsonTransport.h"
#include "net/PendingCall.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace dmsx;

namespace {

QByteArray ok(const QByteArray& json)
{
    return scriptedHttp(200, json);
}

QByteArray requestsPage(const char* status, const char* extra = "")
{
    return ok(
        QByteArray(R"({"Requests":[{"RequestIdentifier":"req-1","MigrationProjectArn":"arn:p","Status":")") +
        status + "\"" + extra + "}]}");
}

struct Stack
{
    QNetworkAccessManager nam;
    std::unique_ptr<AwsJsonTransport> transport;
    std::unique_ptr<DmsClient> client;
    explicit Stack(quint16 port)
    {
        TransportConfig c;
        c.endpoint = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        c.region = QStringLiteral("us-east-1");
        c.credentials = [] {
            AwsCredentials k;
            k.accessKeyId = QStringLiteral("AKIDUNITTEST");
            k.secretAccessKey = QStringLiteral("UnitTestSecretUnitTestSecret");
            return Result<AwsCredentials>(k);
        };
        c.environment = QProcessEnvironment();
        transport = std::make_unique<AwsJsonTransport>(c, &nam, nullptr, [] { return 0.0; });
        client = std::make_unique<DmsClient>(transport.get());
    }
};

} // namespace

class TestListerPoller : public QObject
{
    Q_OBJECT
private slots:
    void repeatedMarkerStopsTheListing()
    {
        ScriptedHttpServer server(
            {ok(R"({"Marker":"m1","MigrationProjects":[{"MigrationProjectName":"a"}]})"),
             ok(R"({"Marker":"m2","MigrationProjects":[{"MigrationProjectName":"b"}]})"),
             ok(R"({"Marker":"m1","MigrationProjects":[{"MigrationProjectName":"c"}]})")});
        Stack stack(server.port());
        ProjectLister lister(stack.client.get());
        QSignalSpy finished(&lister, &ProjectLister::finished);
        QSignalSpy pages(&lister, &ProjectLister::pageReceived);
        lister.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).value<ProjectLister::StopReason>(),
                 ProjectLister::StopReason::RepeatedMarker);
        QCOMPARE(finished.at(0).at(1).toInt(), 3);
        QCOMPARE(finished.at(0).at(2).toString(), QStringLiteral("m1"));
        QCOMPARE(pages.size(), 3);
        QCOMPARE(server.requests.size(), 3); // m1 was not requested a second time
        // The same input is resent with the marker (docs/protocol.md §6.1).
        QVERIFY(server.requests.at(1).endsWith(R"({"Marker":"m1"})"));
        QVERIFY(server.requests.at(2).endsWith(R"({"Marker":"m2"})"));
    }

    // While a page is handed over, the next one is already being asked for (the server prepares
    // it meanwhile); pages still come in order, each once, and the last one with none after it.
    void theNextPageIsOnItsWayWhileAPageIsHandedOver()
    {
        ScriptedHttpServer server(
            {ok(R"({"Marker":"m1","MigrationProjects":[{"MigrationProjectName":"a"}]})"),
             ok(R"({"Marker":"m2","MigrationProjects":[{"MigrationProjectName":"b"}]})"),
             ok(R"({"MigrationProjects":[{"MigrationProjectName":"c"}]})")});
        Stack stack(server.port());
        ProjectLister lister(stack.client.get());
        QList<int> inFlight;
        QStringList names;
        QList<int> indexes;
        connect(&lister, &ProjectLister::pageReceived, this,
                [&](const QList<MigrationProject>& page, int index) {
                    const QList<PendingCall*> calls = stack.transport->findChildren<PendingCall*>();
                    inFlight.append(int(std::count_if(calls.cbegin(), calls.cend(), [](const PendingCall* c) {
                        return !c->isFinished() && c->attempts() > 0;
                    })));
                    for (const MigrationProject& p : page)
                        names.append(p.migrationProjectName);
                    indexes.append(index);
                });
        QSignalSpy finished(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(names, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(indexes, (QList<int>{0, 1, 2}));
        QCOMPARE(inFlight, (QList<int>{1, 1, 0}));
        QCOMPARE(lister.projects().size(), 3);
        QCOMPARE(finished.at(0).at(1).toInt(), 3);
    }

    // A receiver with its own copy (the window) has the lister keep none; the counts and the
    // --max-items bound still hold.
    void aListerThatKeepsNoProjectsStillCountsAndBounds()
    {
        ScriptedHttpServer server(
            {ok(R"({"Marker":"m1","MigrationProjects":[{"MigrationProjectName":"a"},{"MigrationProjectName":"b"}]})"),
             ok(R"({"Marker":"m2","MigrationProjects":[{"MigrationProjectName":"c"},{"MigrationProjectName":"d"}]})")});
        Stack stack(server.port());
        ProjectLister lister(stack.client.get());
        lister.setKeepProjects(false);
        lister.setMaxItems(3);
        QStringList names;
        connect(&lister, &ProjectLister::pageReceived, this, [&](const QList<MigrationProject>& page, int) {
            for (const MigrationProject& p : page)
                names.append(p.migrationProjectName);
        });
        QSignalSpy finished(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(names, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY(lister.projects().isEmpty());
        QCOMPARE(lister.projectsReceived(), 3);
        QCOMPARE(finished.at(0).at(0).value<ProjectLister::StopReason>(),
                 ProjectLister::StopReason::MaxItems);
        QCOMPARE(finished.at(0).at(1).toInt(), 3);
        QVERIFY(lister.resumePoint().has_value());
    }

    // A failed page after one waiting to be handed over: that page comes first, then the fault.
    void aPageWaitingToBeHandedOverComesBeforeTheNextPagesFault()
    {
        ScriptedHttpServer server({ok(R"({"Marker":"m1","MigrationProjects":[{},{}]})"),
                                   scriptedHttp(400, R"({"__type":"AccessDeniedFault","message":"no"})")});
        Stack stack(server.port());
        ProjectLister lister(stack.client.get());
        QStringList order;
        connect(&lister, &ProjectLister::pageReceived, this, [&](const QList<MigrationProject>& page, int) {
            order.append(QString::number(page.size()));
        });
        connect(&lister, &ProjectLister::failed, this, [&](const Fault& f, int) { order.append(f.code); });
        QSignalSpy failed(&lister, &ProjectLister::failed);
        lister.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(order, (QStringList{QStringLiteral("2"), QStringLiteral("AccessDeniedFault")}));
    }

    void emptyMarkerEndsAndErrorsFail()
    {
        ScriptedHttpServer server({ok(R"({"Marker":"m1","MigrationProjects":[{},{}]})"),
                                   scriptedHttp(400, R"({"__type":"AccessDeniedFault","message":"no"})")});
        Stack stack(server.port());
        ProjectLister lister(stack.client.get());
        QSignalSpy failed(&lister, &ProjectLister::failed);
        QSignalSpy finished(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.at(0).at(0).value<Fault>().code, QStringLiteral("AccessDeniedFault"));
        QCOMPARE(failed.at(0).at(1).toInt(), 1);
        QCOMPARE(finished.size(), 0);

        ScriptedHttpServer single({ok(R"({"Marker":"","MigrationProjects":[{}]})")});
        Stack stack2(single.port());
        ProjectLister one(stack2.client.get());
        QSignalSpy done(&one, &ProjectLister::finished);
        one.start();
        QVERIFY(done.wait(10000));
        QCOMPARE(done.at(0).at(0).value<ProjectLister::StopReason>(), ProjectLister::StopReason::EndOfList);
        QCOMPARE(single.requests.size(), 1);
    }

    void pollerFollowsUnknownStatusesToCanceled()
    {
        ScriptedHttpServer server(
            {ok(R"({"Requests":[]})"), requestsPage("RECEIVED"), requestsPage("PAUSED_NEW"),
             requestsPage("IN_PROGRESS",
                          R"(,"Progress":{"ProgressPercent":"NaN","ProgressStep":"APPLYING"})"),
             requestsPage("CANCELED",
                          R"(,"Error":{"defaultErrorDetails":{"Message":"Stopped by an operator"}})")});
        Stack stack(server.port());
        AssociationPoller poller(stack.client.get(), QStringLiteral("proj"), QStringLiteral("req-1"));
        poller.setSchedule({5, 10});
        QStringList statuses;
        connect(&poller, &AssociationPoller::statusChanged, this,
                [&](const QString& s) { statuses.append(s); });
        QSignalSpy progress(&poller, &AssociationPoller::progressChanged);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        poller.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(statuses, (QStringList{QStringLiteral("RECEIVED"), QStringLiteral("PAUSED_NEW"),
                                        QStringLiteral("IN_PROGRESS"), QStringLiteral("CANCELED")}));
        const Fault f = failed.at(0).at(0).value<Fault>();
        QCOMPARE(f.kind, FaultKind::AssociationFailed);
        // Its own code: DMS's message need not say "cancel" for the explanation to.
        QCOMPARE(f.code, FaultCode::AssociationCanceled);
        QCOMPARE(f.message, QStringLiteral("Stopped by an operator"));
        QCOMPARE(FaultCatalogue::explain(f).catalogueKey, QStringLiteral("AssociationFailed.Canceled"));
        QVERIFY(f.detail.contains(QLatin1String("req-1 ended CANCELED")));
        QCOMPARE(progress.size(), 1);
        QCOMPARE(progress.at(0).at(0).toString(), QStringLiteral("APPLYING"));
        QCOMPARE(progress.at(0).at(1).toDouble(), -1.0); // NaN percent is shown as unknown
        QCOMPARE(server.requests.size(), 5);
        // Always filtered on the request id.
        for (const QByteArray& r : server.requests)
            QVERIFY(r.contains(R"("Filters":[{"Name":"request-id","Values":["req-1"]}])"));
    }

    void pollerGivesUpARequestMissingFromSeveralPollsInARow()
    {
        // Listed once, then no longer: the count starts again from the last listing.
        const QByteArray none = ok(R"({"Requests":[]})");
        ScriptedHttpServer server({none, requestsPage("IN_PROGRESS"), none, none, none});
        Stack stack(server.port());
        AssociationPoller poller(stack.client.get(), QStringLiteral("proj"), QStringLiteral("req-1"));
        poller.setSchedule({5});
        poller.setUnlistedLimit(3, 0);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        QSignalSpy updated(&poller, &AssociationPoller::updated);
        poller.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(updated.size(), 1);
        QCOMPARE(poller.polls(), 5);
        QCOMPARE(server.requests.size(), 5);
        const Fault f = failed.at(0).at(0).value<Fault>();
        QCOMPARE(f.code, FaultCode::AssociationNotListed);
        QCOMPARE(f.kind, FaultKind::Service);
        QVERIFY(f.detail.contains(QLatin1String("req-1")));
        QCOMPARE(FaultCatalogue::explain(f).title,
                 QStringLiteral("This extension pack request is no longer listed"));
        QVERIFY(!poller.isRunning());
    }

    void aFreshRequestIsGivenTimeAsWellAsPolls()
    {
        // Polls every 5 ms: three of them pass long before a grace of a minute does.
        const QByteArray none = ok(R"({"Requests":[]})");
        ScriptedHttpServer server({none, none, none, none, requestsPage("SUCCESS")});
        Stack stack(server.port());
        AssociationPoller poller(stack.client.get(), QStringLiteral("proj"), QStringLiteral("req-1"));
        poller.setSchedule({5});
        poller.setUnlistedLimit(3, 60000);
        QSignalSpy succeeded(&poller, &AssociationPoller::succeeded);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        poller.start();
        QVERIFY(succeeded.wait(10000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(poller.polls(), 5);
    }

    void pollerStopsOnErrorsThatWillNotPass()
    {
        ScriptedHttpServer server(
            {scriptedHttp(400, R"({"__type":"AccessDeniedException","message":"User is not authorized"})")});
        Stack stack(server.port());
        AssociationPoller poller(stack.client.get(), QStringLiteral("proj"), QStringLiteral("req-1"));
        poller.setSchedule({5});
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        QSignalSpy pollFailed(&poller, &AssociationPoller::pollFailed);
        poller.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.at(0).at(0).value<Fault>().code, QStringLiteral("AccessDeniedException"));
        QCOMPARE(pollFailed.size(), 0);
        QVERIFY(!poller.isRunning());
    }

    void pollerGivesUpAfterTooManyErrors()
    {
        ScriptedHttpServer server({scriptedHttp(503, R"({"__type":"ServiceUnavailable"})")});
        Stack stack(server.port());
        AssociationPoller poller(stack.client.get(), QStringLiteral("proj"), QStringLiteral("req-1"));
        poller.setSchedule({5});
        poller.setMaxConsecutiveErrors(2);
        QSignalSpy failed(&poller, &AssociationPoller::failed);
        QSignalSpy pollFailed(&poller, &AssociationPoller::pollFailed);
        poller.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(pollFailed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<Fault>().httpStatus, 503);
        QCOMPARE(server.requests.size(), 6); // 2 polls x 3 attempts
    }

    void defaultScheduleGrowsToAMinute()
    {
        const QList<int> s = AssociationPoller::defaultSchedule();
        QCOMPARE(s.first(), 10000);
        QCOMPARE(s.last(), 60000);
        for (qsizetype i = 1; i < s.size(); ++i)
            QVERIFY(s[i] >= s[i - 1]);
    }
};

QTEST_GUILESS_MAIN(TestListerPoller)
#include "tst_listerpoller.moc"
