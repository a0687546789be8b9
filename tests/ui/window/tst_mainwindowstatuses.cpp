// The "Last extension pack" column of an account with more projects than statusLookupLimit: the
// window looks up only the rows in view (and a small margin) as they come into view, each project
// once, drops what it asked for a previous region, and survives a throttled burst.
#include "DmsSimulator.h"
#include "WindowTestSupport.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "projects/ProjectsFilterProxyModel.h"
#include "projects/ProjectsModel.h"
#include "widgets/MessageBar.h"
#include "window/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QEventLoop>
#include <QJsonArray>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QSet>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using windowtest::startAndWait;

namespace {

constexpr int kProjects = 400;
constexpr int kLimit = 20;
// Rows looked up beyond the visible ones, on either side, at most (the window uses fewer).
constexpr int kMarginBound = 20;
const QString kLookup = QStringLiteral("DescribeExtensionPackAssociations");

QString projectName(int i)
{
    return QStringLiteral("proj-%1").arg(i, 3, 10, QLatin1Char('0'));
}

// Projects with a request, so their status is not empty: every 7th, the last one, and the one the
// filter test looks for (in the middle, never in view unless filtered).
bool hasRequest(int i)
{
    return i % 7 == 0 || i == kProjects - 1 || i == 200;
}

QJsonObject scenario()
{
    QJsonArray projects;
    for (int i = 0; i < kProjects; ++i)
        projects.append(
            QJsonObject{{QStringLiteral("name"), projectName(i)},
                        {QStringLiteral("sourceDataProviders"), QJsonArray{QStringLiteral("ora-src")}},
                        {QStringLiteral("targetDataProviders"), QJsonArray{QStringLiteral("apg-tgt")}}});
    return QJsonObject{
        {QStringLiteral("region"), QStringLiteral("us-east-1")},
        {QStringLiteral("defaultCompletionSeconds"), 3600}, // the requests stay IN_PROGRESS-ish
        {QStringLiteral("dataProviders"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("ora-src")},
                                {QStringLiteral("engine"), QStringLiteral("oracle")}},
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("apg-tgt")},
                                {QStringLiteral("engine"), QStringLiteral("aurora-postgresql")}}}},
        {QStringLiteral("projects"), projects}};
}

bool isPlaceholder(const QString& status)
{
    return status == QStringLiteral("—") || status == QStringLiteral("…");
}

} // namespace

class TestMainWindowStatuses : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;

    MainWindowOptions options() const
    {
        MainWindowOptions o = windowtest::demoWindowOptions(*m_sim, *m_dir);
        o.statusLookupLimit = kLimit;
        return o;
    }

    // Starts a request on every project hasRequest() picks, through a client of its own.
    bool startRequests()
    {
        QNetworkAccessManager nam;
        TransportConfig c;
        c.endpoint = m_sim->serverUrl();
        c.region = m_sim->region();
        c.credentials = [] { return Result<AwsCredentials>(DmsSimulator::demoCredentials()); };
        c.environment = QProcessEnvironment();
        AwsJsonTransport transport(c, &nam, nullptr, [] { return 0.0; });
        DmsClient client(&transport);
        QEventLoop loop;
        int waiting = 0;
        bool ok = true;
        for (int i = 0; i < kProjects; ++i) {
            if (!hasRequest(i))
                continue;
            ++waiting;
            client.startExtensionPackAssociation(arn(i), &loop, [&](const Result<QString>& r) {
                ok = ok && r.ok();
                if (--waiting == 0)
                    loop.quit();
            });
        }
        loop.exec();
        m_sim->clearRequestLog(); // what the window asks is counted from here
        return ok;
    }

    QString arn(int i) const
    {
        const SimProject* p = m_sim->scenario().findProject(projectName(i));
        return p ? p->arn : QString();
    }

    QStringList askedProjects() const
    {
        QStringList out;
        for (const QJsonValue& entry : m_sim->requestLog())
            if (entry.toObject().value(QStringLiteral("operation")).toString() == kLookup)
                out << entry.toObject().value(QStringLiteral("project")).toString();
        return out;
    }

    static std::pair<int, int> visibleRows(const QTableView* view)
    {
        const int top = view->rowAt(0);
        int bottom = view->rowAt(view->viewport()->height() - 1);
        if (bottom < 0)
            bottom = view->model()->rowCount() - 1;
        return {top, bottom};
    }

    static QString statusAt(const MainWindow& window, int row)
    {
        return window.proxyModel()->index(row, ProjectsModel::StatusColumn).data().toString();
    }

    // Every row in view was asked for and its answer is shown.
    bool visibleRowsAnswered(const MainWindow& window, const QStringList& asked) const
    {
        const auto [top, bottom] = visibleRows(window.projectsView());
        if (top < 0)
            return false;
        for (int row = top; row <= bottom; ++row) {
            const QString rowArn = window.proxyModel()->index(row, 0).data(ProjectsModel::ArnRole).toString();
            if (!asked.contains(rowArn) || statusAt(window, row) == QStringLiteral("…"))
                return false;
        }
        return true;
    }

    // The proxy row of `projectArn`, -1 when filtered out.
    static int proxyRow(const MainWindow& window, const QString& projectArn)
    {
        const int source = window.projectsModel()->rowForArn(projectArn);
        return window.proxyModel()->mapFromSource(window.projectsModel()->index(source, 0)).row();
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sim = windowtest::startSimulator(scenario());
        QVERIFY(m_sim);
        QVERIFY(startRequests());
    }
    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void looksUpTheRowsInViewOnlyAndEachOnce()
    {
        MainWindow window(options());
        QAbstractItemModelTester tester(window.proxyModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy statuses(&window, &MainWindow::statusesLoaded);
        QSignalSpy done(&window, &MainWindow::visibleStatusesLoaded);
        window.resize(1000, 600);
        QVERIFY(startAndWait(window));
        QCOMPARE(window.projectsModel()->rowCount(), kProjects);
        // Too many projects to ask for all: statusesLoaded comes at once, as before.
        QCOMPARE(statuses.count(), 1);
        QTableView* view = window.projectsView();

        QTRY_VERIFY_WITH_TIMEOUT(done.count() > 0, 20000);
        QVERIFY(visibleRowsAnswered(window, askedProjects()));
        auto [top, bottom] = visibleRows(view);
        QCOMPARE(top, 0);
        QVERIFY2(bottom >= 5 && bottom < 100, qPrintable(QString::number(bottom)));
        QStringList asked = askedProjects();
        QVERIFY2(asked.size() <= bottom + 1 + kMarginBound, qPrintable(QString::number(asked.size())));
        for (const QString& a : std::as_const(asked))
            QVERIFY(proxyRow(window, a) <= bottom + kMarginBound);
        QVERIFY(!isPlaceholder(statusAt(window, proxyRow(window, arn(0)))));       // proj-000 has a request
        QCOMPARE(statusAt(window, proxyRow(window, arn(1))), QStringLiteral("—")); // proj-001 has none

        // Scrolling to the bottom fills the bottom rows; the middle is still not asked.
        done.clear();
        view->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() > 0, 20000);
        QCOMPARE(visibleRows(view).second, kProjects - 1);
        QVERIFY(visibleRowsAnswered(window, askedProjects()));
        QVERIFY(!isPlaceholder(statusAt(window, kProjects - 1))); // proj-399 has a request
        std::tie(top, bottom) = visibleRows(view);
        asked = askedProjects();
        QVERIFY2(asked.size() <= 2 * (bottom - top + 1 + 2 * kMarginBound),
                 qPrintable(QString::number(asked.size())));
        QVERIFY(!asked.contains(arn(200)));

        // Filtering to one name fills that row.
        auto* filter = window.findChild<QLineEdit*>(QStringLiteral("filterLineEdit"));
        QVERIFY(filter);
        done.clear();
        filter->setText(projectName(200));
        QCOMPARE(window.proxyModel()->rowCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() > 0, 20000);
        QVERIFY(!isPlaceholder(statusAt(window, 0)));
        QVERIFY(askedProjects().contains(arn(200)));

        // Back to the top: known rows are not asked again, and no project was asked twice.
        done.clear();
        filter->clear();
        view->scrollToTop();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() > 0, 20000);
        QVERIFY(visibleRowsAnswered(window, askedProjects()));
        asked = askedProjects();
        QCOMPARE(QSet<QString>(asked.cbegin(), asked.cend()).size(), asked.size());
        QVERIFY(asked.size() < kProjects / 2);
    }

    void aRegionSwitchDropsThePendingLookups()
    {
        // Slow answers, so lookups are still in flight when the region changes.
        QVERIFY(m_sim
                    ->setFaults(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("latency")},
                                                       {QStringLiteral("ms"), 400},
                                                       {QStringLiteral("operations"), QJsonArray{kLookup}}}})
                    .ok());
        MainWindow window(options());
        window.resize(1000, 600);
        QVERIFY(startAndWait(window));
        QTableView* view = window.projectsView();
        // Being looked up: "…", and words for a screen reader.
        const QModelIndex first = window.proxyModel()->index(0, ProjectsModel::StatusColumn);
        QCOMPARE(first.data().toString(), QStringLiteral("…"));
        QVERIFY(!first.data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("…")));

        // The bottom rows' lookups are on their way when the region changes.
        view->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(askedProjects().contains(arn(kProjects - 1)), 20000);
        QVERIFY(statusAt(window, kProjects - 1) == QStringLiteral("…"));
        QSignalSpy loaded(&window, &MainWindow::projectsLoaded);
        window.setCurrentRegion(QStringLiteral("eu-west-3"));
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 1, 20000);
        QCOMPARE(window.state(), MainWindow::State::NoService);
        QCOMPARE(window.projectsModel()->rowCount(), 0);

        m_sim->clearRequestLog();
        window.setCurrentRegion(m_sim->region());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() == 2, 20000);
        QCOMPARE(window.projectsModel()->rowCount(), kProjects);
        // The new session's first answers were sent after the old session's last ones: by the time
        // they are shown, any old answer would have landed too.
        QTRY_VERIFY_WITH_TIMEOUT(visibleRowsAnswered(window, askedProjects()), 20000);
        const QStringList asked = askedProjects();
        for (int row = 0; row < window.proxyModel()->rowCount(); ++row) {
            if (isPlaceholder(statusAt(window, row)))
                continue;
            const QString rowArn = window.proxyModel()->index(row, 0).data(ProjectsModel::ArnRole).toString();
            QVERIFY2(asked.contains(rowArn),
                     qPrintable(QStringLiteral("an old answer landed in row %1").arg(row)));
        }
        QCOMPARE(statusAt(window, kProjects - 1), QStringLiteral("—"));
    }

    void aThrottledBurstIsRetriedLaterWithOneMessage()
    {
        // Every attempt of the first four lookups is throttled (the transport tries each 3 times).
        const QJsonObject throttle{{QStringLiteral("type"), QStringLiteral("throttle")},
                                   {QStringLiteral("everyNth"), 1},
                                   {QStringLiteral("count"), 12},
                                   {QStringLiteral("operations"), QJsonArray{kLookup}}};
        QVERIFY(m_sim->setFaults(QJsonArray{throttle}).ok());
        MainWindow window(options());
        window.resize(1000, 600);
        QVERIFY(startAndWait(window));
        MessageBar* bar = window.messageBar();
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible() && bar->text().contains(QStringLiteral("statuses")), 30000);
        // The failed rows are asked again after the back-off, and every row in view fills in.
        QTRY_VERIFY_WITH_TIMEOUT(visibleRowsAnswered(window, askedProjects()), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!isPlaceholder(statusAt(window, proxyRow(window, arn(0)))), 30000);
        int throttled = 0;
        for (const QJsonValue& entry : m_sim->requestLog())
            if (entry.toObject().value(QStringLiteral("errorCode")).toString() ==
                QLatin1String("ThrottlingException"))
                ++throttled;
        QCOMPARE(throttled, 12);

        // A second burst in the same session does not bring the dismissed bar back.
        bar->dismiss();
        QVERIFY(m_sim->setFaults(QJsonArray{throttle}).ok());
        const int before = int(askedProjects().size());
        window.projectsView()->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(askedProjects().size() >= before + 12, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(visibleRowsAnswered(window, askedProjects()), 30000);
        QVERIFY(!bar->isVisible());
        QVERIFY(!isPlaceholder(statusAt(window, kProjects - 1)));
    }
};

QTEST_MAIN(TestMainWindowStatuses)
#include "tst_mainwindowstatuses.moc"
