// The Pager, the one guard of every Describe* listing, against the in-process simulator over
// loopback: a server that repeats a marker or never ends a listing gets a fault, not a loop,
// and ProjectLister, which pages through it, stops there too.
#include "DmsSimulator.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/DmsClient.h"
#include "dms/Pager.h"
#include "dms/ProjectLister.h"
#include "net/AwsJsonTransport.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace dmsx;

class TestPager : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;

    void setFault(const QString& type, const QString& operation, const QJsonObject& extra = {})
    {
        QJsonObject rule = extra;
        rule.insert(QStringLiteral("type"), type);
        rule.insert(QStringLiteral("operations"), QJsonArray{operation});
        QVERIFY(m_sim->setFaults(QJsonArray{rule}).ok());
    }

    int count(const QString& operation) const
    {
        int n = 0;
        const QJsonArray log = m_sim->requestLog();
        for (const QJsonValue& v : log)
            if (v.toObject().value(QLatin1String("operation")).toString() == operation)
                ++n;
        return n;
    }

    // Every data provider through Pager::readAll; the pages' sizes as they arrived.
    Result<QList<DataProvider>> readProviders(int maxPages, QList<int>* pageSizes = nullptr)
    {
        QEventLoop loop;
        std::optional<Result<QList<DataProvider>>> result;
        Pager::readAll<DataProvider>(
            QStringLiteral("DescribeDataProviders"),
            [&](const QString& marker, Pager::Done<DataProvider> done) {
                m_client->describeDataProviders({}, std::nullopt, marker, &loop, done);
            },
            [&](const Result<QList<DataProvider>>& all) {
                result = all;
                loop.quit();
            },
            [&](const QList<DataProvider>& page) {
                if (pageSizes)
                    pageSizes->append(int(page.size()));
            },
            maxPages);
        if (!result)
            loop.exec();
        return *result;
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<DmsSimulator>();
        QVERIFY(m_sim->loadDemoScenario().ok());
        QVERIFY(m_sim->listen().ok());
        m_nam = std::make_unique<QNetworkAccessManager>();
        TransportConfig c;
        c.endpoint = m_sim->serverUrl();
        c.region = m_sim->region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        m_transport = std::make_unique<AwsJsonTransport>(c, m_nam.get(), nullptr, [] { return 0.0; });
        m_client = std::make_unique<DmsClient>(m_transport.get());
    }

    void cleanup()
    {
        m_client.reset();
        m_transport.reset();
        m_nam.reset();
        m_sim.reset();
    }

    void readsEveryPageInOrder()
    {
        const Result<QList<DataProvider>> whole = readProviders(Pager::kDefaultMaxPages);
        QVERIFY(whole.ok());
        QVERIFY(whole->size() >= 3);
        const int before = count(QStringLiteral("DescribeDataProviders"));
        setFault(QStringLiteral("pageSize"), QStringLiteral("DescribeDataProviders"));
        QList<int> pages;
        const Result<QList<DataProvider>> paged = readProviders(Pager::kDefaultMaxPages, &pages);
        QVERIFY(paged.ok());
        QCOMPARE(paged->size(), whole->size());
        QCOMPARE(pages, QList<int>(whole->size(), 1));
        for (qsizetype i = 0; i < whole->size(); ++i)
            QCOMPARE(paged->at(i).dataProviderArn, whole->at(i).dataProviderArn);
        QCOMPARE(count(QStringLiteral("DescribeDataProviders")) - before, whole->size());
    }

    void aRepeatedMarkerEndsWithAFault()
    {
        setFault(QStringLiteral("repeatMarker"), QStringLiteral("DescribeDataProviders"));
        const Result<QList<DataProvider>> r = readProviders(Pager::kDefaultMaxPages);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::RepeatedPageMarker);
        QCOMPARE(r.fault().operation, QStringLiteral("DescribeDataProviders"));
        QCOMPARE(count(QStringLiteral("DescribeDataProviders")), 2); // the marker, then its repetition
        const auto why = FaultCatalogue::explain(r.fault());
        QCOMPARE(why.catalogueKey, QStringLiteral("RepeatedPageMarker"));
        QVERIFY2(why.cause.contains(QLatin1String("DescribeDataProviders")), qPrintable(why.cause));
    }

    void aListingThatNeverEndsStopsAtTheCap()
    {
        setFault(QStringLiteral("endlessMarkers"), QStringLiteral("DescribeDataProviders"));
        const Result<QList<DataProvider>> r = readProviders(25);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().code, FaultCode::TooManyPages);
        QCOMPARE(count(QStringLiteral("DescribeDataProviders")), 25);
        QVERIFY(FaultCatalogue::explain(r.fault()).cause.contains(QLatin1String("25 pages")));
    }

    // readEach hands on each page as readAll does and counts them, keeping none; a fault ends
    // it as it ends readAll.
    void readEachCountsThePagesItHandsOn()
    {
        const Result<QList<DataProvider>> whole = readProviders(Pager::kDefaultMaxPages);
        QVERIFY(whole.ok());
        setFault(QStringLiteral("pageSize"), QStringLiteral("DescribeDataProviders"));
        auto each = [this](int maxPages, QStringList* arns) {
            QEventLoop loop;
            std::optional<Result<qsizetype>> result;
            Pager::readEach<DataProvider>(
                QStringLiteral("DescribeDataProviders"),
                [&](const QString& marker, Pager::Done<DataProvider> done) {
                    m_client->describeDataProviders({}, std::nullopt, marker, &loop, done);
                },
                [&](const QList<DataProvider>& page) {
                    for (const DataProvider& p : page)
                        arns->append(p.dataProviderArn);
                },
                [&](const Result<qsizetype>& read) {
                    result = read;
                    loop.quit();
                },
                maxPages);
            if (!result)
                loop.exec();
            return *result;
        };
        QStringList arns;
        const Result<qsizetype> read = each(Pager::kDefaultMaxPages, &arns);
        QVERIFY(read.ok());
        QCOMPARE(*read, whole->size());
        QCOMPARE(arns.size(), whole->size());
        for (qsizetype i = 0; i < whole->size(); ++i)
            QCOMPARE(arns.at(i), whole->at(i).dataProviderArn);

        arns.clear();
        const Result<qsizetype> capped = each(2, &arns);
        QVERIFY(!capped.ok());
        QCOMPARE(capped.fault().code, FaultCode::TooManyPages);
        QCOMPARE(arns.size(), 2);
    }

    void projectListerStopsAtTheCap()
    {
        setFault(QStringLiteral("endlessMarkers"), QStringLiteral("DescribeMigrationProjects"));
        ProjectLister lister(m_client.get());
        lister.setMaxPages(12);
        QSignalSpy finished(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).value<ProjectLister::StopReason>(),
                 ProjectLister::StopReason::PageCap);
        QCOMPARE(lister.pagesReceived(), 12);
        QCOMPARE(count(QStringLiteral("DescribeMigrationProjects")), 12);
    }

    void projectListerStopsAtARepeatedMarker()
    {
        setFault(QStringLiteral("repeatMarker"), QStringLiteral("DescribeMigrationProjects"));
        ProjectLister lister(m_client.get());
        QSignalSpy finished(&lister, &ProjectLister::finished);
        lister.start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).value<ProjectLister::StopReason>(),
                 ProjectLister::StopReason::RepeatedMarker);
        QCOMPARE(count(QStringLiteral("DescribeMigrationProjects")), 2);
    }
};

QTEST_GUILESS_MAIN(TestPager)
#include "tst_pager.moc"
