// The history table model over a real SQLite file of 100,000 rows: it opens without loading them
// all, pages through every row exactly once, and filters and sorts through the store.

#include "base/FaultCodes.h"
#include "history/HistoryModel.h"
#include "history/HistoryStore.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

constexpr int kRows = 100000;
const qint64 kBaseMs = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();

QString projectOf(int i)
{
    return QStringLiteral("proj-%1").arg(i % 50);
}
QString operationOf(int i)
{
    static const QStringList ops = {
        QStringLiteral("DescribeMigrationProjects"), QStringLiteral("StartExtensionPackAssociation"),
        QStringLiteral("DescribeExtensionPackAssociations"), QStringLiteral("DescribeDataProviders")};
    return ops.at(i % ops.size());
}
HistoryRecord::Outcome outcomeOf(int i)
{
    if (i % 97 == 0)
        return HistoryRecord::Outcome::Unknown;
    if (i % 50 == 1)
        return HistoryRecord::Outcome::Failed;
    return HistoryRecord::Outcome::Succeeded;
}
QString regionOf(int i)
{
    static const QStringList regions = {QStringLiteral("us-east-1"), QStringLiteral("eu-west-1"),
                                        QStringLiteral("ap-southeast-2")};
    return regions.at(i % regions.size());
}

HistoryRecord rowFor(int i)
{
    HistoryRecord r;
    r.startedAt = QDateTime::fromMSecsSinceEpoch(kBaseMs + qint64(i) * 1000, Qt::UTC);
    r.durationMs = (qint64(i) * 37) % 5000;
    r.finishedAt = r.startedAt.addMSecs(r.durationMs);
    r.operation = operationOf(i);
    r.projectName = projectOf(i);
    r.projectArn = QStringLiteral("arn:aws:dms:us-east-1:123456789012:migration-project:P%1").arg(i % 50);
    r.profile = i % 3 == 0 ? QStringLiteral("dba") : QStringLiteral("default");
    r.region = regionOf(i);
    r.endpointHost = QStringLiteral("dms.%1.amazonaws.com").arg(r.region);
    r.awsRequestId = QStringLiteral("req-%1").arg(i, 6, 10, QLatin1Char('0'));
    r.httpStatus = 200;
    r.attempts = 1;
    r.outcome = outcomeOf(i);
    return r;
}

int expectedCount(const std::function<bool(int)>& matches)
{
    int n = 0;
    for (int i = 0; i < kRows; ++i)
        n += matches(i) ? 1 : 0;
    return n;
}

} // namespace

class tst_HistoryModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void opensWithoutLoadingEverything();
    void pagesThroughEveryRowOnce();
    void filtersNarrowRows();
    void timeRangeFilter();
    void sortsThroughTheStore();
    void offsetPagingAfterSortHasNoDuplicates();
    void newRowsAppearAtTheTop();
    void changedRowIsReread();
    void newRowsOutsideTheFilterAreNotCounted();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<HistoryModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_HistoryModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = std::make_unique<HistoryStore>(m_dir.filePath(QStringLiteral("history.sqlite")));
    QVERIFY(m_store->open().ok());
    QList<HistoryRecord> rows;
    rows.reserve(kRows);
    for (int i = 0; i < kRows; ++i)
        rows.append(rowFor(i));
    const Result<qint64> inserted = m_store->insertAll(rows);
    QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.fault().message));
    QCOMPARE(inserted.value(), qint64(kRows));
}

void tst_HistoryModel::init()
{
    m_model = std::make_unique<HistoryModel>(m_store.get());
    m_model->setPollInterval(0); // polled by hand here, so every step is deterministic
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_HistoryModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void tst_HistoryModel::opensWithoutLoadingEverything()
{
    // The tester fetches a page or two of its own; still a tiny part of the history.
    QVERIFY(m_model->rowCount() > 0);
    QVERIFY2(m_model->rowCount() <= 5 * m_model->pageSize() && m_model->rowCount() < kRows / 100,
             qPrintable(QString::number(m_model->rowCount())));
    QCOMPARE(m_model->totalCount(), qint64(kRows));
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    // Newest first: the last row inserted is on top.
    QCOMPARE(m_model->index(0, HistoryModel::AwsRequestIdColumn).data().toString(),
             QStringLiteral("req-099999"));
    QCOMPARE(m_model->index(0, HistoryModel::OperationColumn).data().toString(), operationOf(kRows - 1));
    QCOMPARE(m_model->index(0, HistoryModel::ProjectColumn).data().toString(), projectOf(kRows - 1));
    QCOMPARE(m_model->index(0, HistoryModel::RegionColumn).data().toString(), regionOf(kRows - 1));
    QCOMPARE(m_model->index(0, HistoryModel::StatusColumn).data().toString(), QStringLiteral("200"));
    QCOMPARE(m_model->columnCount(), int(HistoryModel::ColumnCount));
}

void tst_HistoryModel::pagesThroughEveryRowOnce()
{
    m_model->setPageSize(5000);
    m_model->reload();
    QSet<qint64> ids;
    qint64 previousMs = std::numeric_limits<qint64>::max();
    int checked = 0;
    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), kRows);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const HistoryRecord& r = m_model->record(row);
        QVERIFY(!ids.contains(r.id));
        ids.insert(r.id);
        QVERIFY(r.startedAt.toMSecsSinceEpoch() < previousMs);
        previousMs = r.startedAt.toMSecsSinceEpoch();
        ++checked;
    }
    QCOMPARE(checked, kRows);
    QCOMPARE(m_model->record(kRows - 1).awsRequestId, QStringLiteral("req-000000"));
}

void tst_HistoryModel::filtersNarrowRows()
{
    HistoryQuery f;
    f.project = QStringLiteral("proj-7");
    m_model->setFilter(f);
    QCOMPARE(m_model->totalCount(), qint64(expectedCount([](int i) { return i % 50 == 7; })));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->record(row).projectName, QStringLiteral("proj-7"));

    f = HistoryQuery();
    f.outcome = HistoryRecord::Outcome::Unknown;
    f.region = QStringLiteral("eu-west-1");
    m_model->setFilter(f);
    const int unknownEu = expectedCount([](int i) { return i % 97 == 0 && i % 3 == 1; });
    QCOMPARE(m_model->totalCount(), qint64(unknownEu));
    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), unknownEu);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QCOMPARE(m_model->index(row, HistoryModel::OutcomeColumn).data(HistoryModel::OutcomeRole).toInt(),
                 int(HistoryRecord::Outcome::Unknown));
        QCOMPARE(m_model->record(row).region, QStringLiteral("eu-west-1"));
    }

    f = HistoryQuery();
    f.text = QStringLiteral("req-01234"); // req-012340 .. req-012349
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    f.profile = QStringLiteral("default");
    m_model->setFilter(f);
    const int textMatches =
        expectedCount([](int i) { return i >= 12340 && i <= 12349 && i % 4 == 1 && i % 3 != 0; });
    QVERIFY(textMatches > 0);
    QCOMPARE(m_model->rowCount(), textMatches);
    QCOMPARE(m_model->totalCount(), qint64(textMatches));
    QVERIFY(!m_model->canFetchMore(QModelIndex()));

    m_model->setFilter(HistoryQuery());
    QCOMPARE(m_model->totalCount(), qint64(kRows));
}

void tst_HistoryModel::timeRangeFilter()
{
    HistoryQuery f;
    f.since = QDateTime::fromMSecsSinceEpoch(kBaseMs + 1000 * 1000, Qt::UTC); // rows 1000..
    f.until = QDateTime::fromMSecsSinceEpoch(kBaseMs + 1250 * 1000, Qt::UTC); // ..1249
    m_model->setFilter(f);
    QCOMPARE(m_model->totalCount(), qint64(250));
    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 250);
    QCOMPARE(m_model->record(0).awsRequestId, QStringLiteral("req-001249"));
    QCOMPARE(m_model->record(249).awsRequestId, QStringLiteral("req-001000"));
}

void tst_HistoryModel::sortsThroughTheStore()
{
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->sort(HistoryModel::DurationColumn, Qt::DescendingOrder);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_model->sortColumn(), int(HistoryModel::DurationColumn));
    // The longest duration of all 100,000 rows, not just of the loaded page.
    QCOMPARE(m_model->record(0).durationMs, qint64(4999));
    for (int row = 1; row < m_model->rowCount(); ++row)
        QVERIFY(m_model->record(row - 1).durationMs >= m_model->record(row).durationMs);

    m_model->sort(HistoryModel::OperationColumn, Qt::AscendingOrder);
    QCOMPARE(m_model->record(0).operation, QStringLiteral("DescribeDataProviders"));
    for (int row = 1; row < m_model->rowCount(); ++row)
        QVERIFY(m_model->record(row - 1).operation <= m_model->record(row).operation);

    m_model->sort(HistoryModel::TimeColumn, Qt::AscendingOrder);
    QCOMPARE(m_model->record(0).awsRequestId, QStringLiteral("req-000000"));

    // The store cannot order by profile: nothing happens rather than a wrong order.
    resets.clear();
    m_model->sort(HistoryModel::ProfileColumn, Qt::AscendingOrder);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(m_model->sortColumn(), int(HistoryModel::TimeColumn));
    QVERIFY(!HistoryModel::isSortable(HistoryModel::ProfileColumn));
}

void tst_HistoryModel::offsetPagingAfterSortHasNoDuplicates()
{
    HistoryQuery f;
    f.project = QStringLiteral("proj-3"); // 2,000 rows
    m_model->setFilter(f);
    m_model->setPageSize(300);
    m_model->sort(HistoryModel::ProjectColumn, Qt::DescendingOrder);
    while (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
    QCOMPARE(m_model->rowCount(), 2000);
    QSet<qint64> ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.insert(m_model->record(row).id);
    QCOMPARE(ids.size(), 2000);
}

void tst_HistoryModel::newRowsAppearAtTheTop()
{
    const int before = m_model->rowCount();
    const qint64 totalBefore = m_model->totalCount();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    HistoryRecord fresh = rowFor(kRows + 5);
    fresh.awsRequestId = QStringLiteral("req-live");
    const Result<qint64> id = m_store->insert(fresh);
    QVERIFY(id.ok());
    m_model->checkForChanges();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->rowCount(), before + 1);
    QCOMPARE(m_model->totalCount(), totalBefore + 1);
    QCOMPARE(m_model->record(0).id, id.value());
    QCOMPARE(m_model->index(0, HistoryModel::AwsRequestIdColumn).data().toString(),
             QStringLiteral("req-live"));
    // Nothing new: nothing changes.
    m_model->checkForChanges();
    QCOMPARE(inserted.size(), 1);
}

void tst_HistoryModel::changedRowIsReread()
{
    const HistoryRecord top = m_model->record(0);
    HistoryRecord changed = top;
    changed.outcome = HistoryRecord::Outcome::Failed;
    changed.faultCode = FaultCode::AccessDeniedFault;
    QVERIFY(m_store->update(changed).ok());
    QSignalSpy changes(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->reloadRecord(top.id);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(m_model->index(0, HistoryModel::OutcomeColumn).data().toString(),
             HistoryModel::outcomeText(changed.outcome));
    m_model->reloadRecord(top.id); // unchanged now
    QCOMPARE(changes.size(), 1);
}

// The count of matching rows follows new rows without counting the whole history again: only
// those the filters let through are added.
void tst_HistoryModel::newRowsOutsideTheFilterAreNotCounted()
{
    HistoryQuery failed;
    failed.outcome = HistoryRecord::Outcome::Failed;
    m_model->setFilter(failed);
    const qint64 totalBefore = m_model->totalCount();
    QCOMPARE(totalBefore, m_store->count(m_model->currentQuery()).value());
    HistoryRecord succeeded = rowFor(kRows + 7);
    succeeded.outcome = HistoryRecord::Outcome::Succeeded;
    HistoryRecord refused = rowFor(kRows + 8);
    refused.outcome = HistoryRecord::Outcome::Failed;
    refused.awsRequestId = QStringLiteral("req-refused-live");
    QVERIFY(m_store->insert(succeeded).ok());
    QVERIFY(m_store->insert(refused).ok());
    m_model->checkForChanges();
    QCOMPARE(m_model->totalCount(), totalBefore + 1);
    QCOMPARE(m_model->totalCount(), m_store->count(m_model->currentQuery()).value());
    QCOMPARE(m_model->record(0).awsRequestId, QStringLiteral("req-refused-live"));
}

QTEST_MAIN(tst_HistoryModel)
#include "tst_historymodel.moc"
