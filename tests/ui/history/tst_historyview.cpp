// The history view on a real SQLite file: its filters narrow the rows, the details pane shows
// every recorded field, "Copy as AWS CLI command" gives the right command and no secret, export
// writes exactly the filtered rows, "Re-check" is offered for unknown outcomes, and rows recorded
// while the view is open appear in it.

#include "ScriptedPrompts.h"
#include "base/Clock.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "history/AwsCliCommand.h"
#include "history/HistoryExporter.h"
#include "history/HistoryModel.h"
#include "history/HistoryStore.h"
#include "history/HistoryView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

const QString kSecret = QStringLiteral("HviewSecretAccessKey/abcdefghijklmnop0123456789");
const QString kArn = QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:PROJ1");

HistoryRecord make(int i, const QString& op, HistoryRecord::Outcome outcome)
{
    HistoryRecord r;
    r.startedAt = QDateTime::currentDateTimeUtc().addSecs(-3600 + i);
    r.durationMs = 100 + i;
    r.finishedAt = r.startedAt.addMSecs(r.durationMs);
    r.operation = op;
    r.projectName = i % 2 ? QStringLiteral("sales") : QStringLiteral("billing");
    r.projectArn =
        i % 2 ? kArn : QStringLiteral("arn:aws:dms:eu-west-1:123456789012:migration-project:PROJ2");
    r.profile = i % 3 ? QStringLiteral("dba") : QStringLiteral("default");
    r.region = QStringLiteral("eu-west-1");
    r.endpointHost = QStringLiteral("dms.eu-west-1.amazonaws.com");
    r.awsRequestId = QStringLiteral("aws-req-%1").arg(i);
    r.httpStatus = outcome == HistoryRecord::Outcome::Failed ? 400 : 200;
    r.attempts = 1;
    r.outcome = outcome;
    if (outcome == HistoryRecord::Outcome::Failed) {
        r.faultCode = FaultCode::AccessDeniedFault;
        r.faultMessage = QStringLiteral("not allowed %1").arg(i);
    }
    return r;
}

} // namespace

class tst_HistoryView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void filtersNarrowRows();
    void detailsShowEveryField();
    void copyAsCliCommand();
    void cliCommandPerOperation();
    void exportWritesExactlyTheFilteredRows();
    void recheckOnlyForUnknown();
    void newRowAppearsLive();
    void failedInstallationShowsAsFailedAndFollowsLive();
    void backgroundReadsOneSwitchAwayAndReadsFoldedUnderTheirAction();
    void screenshot();

private:
    QTableView* table() const { return m_view->findChild<QTableView*>(QStringLiteral("historyTableView")); }
    int rows() const { return m_view->model()->rowCount(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<HistoryView> m_view;
    QList<qint64> m_ids;
    qint64 m_unknownId = 0;
    qint64 m_fullId = 0;
};

void tst_HistoryView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<HistoryStore>(m_dir->filePath(QStringLiteral("h.sqlite")));
    QVERIFY(m_store->open().ok());
    QList<HistoryRecord> records;
    for (int i = 0; i < 30; ++i) {
        const HistoryRecord::Outcome o =
            i % 5 == 0 ? HistoryRecord::Outcome::Failed : HistoryRecord::Outcome::Succeeded;
        records.append(make(i,
                            i % 2 ? QStringLiteral("DescribeMigrationProjects")
                                  : QStringLiteral("DescribeExtensionPackAssociations"),
                            o));
    }
    QVERIFY(m_store->insertAll(records).ok());

    // One Start whose process died before the answer, and one row with every field filled in.
    HistoryRecord unknown =
        make(40, QStringLiteral("StartExtensionPackAssociation"), HistoryRecord::Outcome::Unknown);
    unknown.projectArn = kArn;
    unknown.dmsRequestIdentifier = QStringLiteral("11111111-2222-3333-4444-555555555555");
    m_unknownId = m_store->insert(unknown).value();

    Redactor::registerSecret(kSecret);
    HistoryRecord full =
        make(41, QStringLiteral("StartExtensionPackAssociation"), HistoryRecord::Outcome::Failed);
    full.profile = QStringLiteral("prod-admin");
    full.credentialsSource = QStringLiteral("shared config file");
    full.accountId = QStringLiteral("123456789012");
    full.endpointHost = QStringLiteral("127.0.0.1:45678");
    full.dmsRequestIdentifier = QStringLiteral("aaaabbbb-cccc-dddd-eeee-ffff00001111");
    full.attempts = 3;
    full.callCount = 2;
    full.faultCode = FaultCode::InvalidResourceStateFault;
    full.faultMessage = QStringLiteral("Target is virtual; key was ") + kSecret;
    full.associationStatus = QStringLiteral("FAILED");
    full.callOutcome = HistoryRecord::Outcome::Succeeded; // the Start was accepted; the installation failed
    full.associationTransitions = {QStringLiteral("2026-05-01T10:00:00Z RECEIVED"),
                                   QStringLiteral("2026-05-01T10:00:05Z FAILED")};
    full.associationStep = QStringLiteral("install-schema");
    full.associationError = QStringLiteral("virtual target");
    full.groupKey = QStringLiteral("group-xyz");
    full.invocationId = QStringLiteral("inv-42");
    full.processId = 4242;
    full.processToken = QStringLiteral("token-abc");
    m_fullId = m_store->insert(full).value();

    m_view = std::make_unique<HistoryView>(m_store.get());
    m_view->setPollInterval(0);
    m_view->resize(1280, 640);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_HistoryView::cleanup()
{
    m_view.reset();
    m_store.reset();
    m_dir.reset();
    Redactor::clearRegisteredSecrets();
}

void tst_HistoryView::filtersNarrowRows()
{
    QAbstractItemModelTester tester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(rows(), 32);

    auto* outcome = m_view->findChild<QComboBox*>(QStringLiteral("outcomeComboBox"));
    outcome->setCurrentIndex(outcome->findData(HistoryRecord::outcomeName(HistoryRecord::Outcome::Failed)));
    QCOMPARE(rows(), 7); // 6 of the 30, and the full row
    for (int r = 0; r < rows(); ++r)
        QCOMPARE(m_view->model()->record(r).outcome, HistoryRecord::Outcome::Failed);

    auto* project = m_view->findChild<QComboBox*>(QStringLiteral("projectComboBox"));
    QVERIFY(project->findText(QStringLiteral("sales")) >= 0); // offered from the rows seen
    project->setEditText(QStringLiteral("sales"));
    QTRY_COMPARE(rows(), 4); // failed (i % 5 == 0) and odd: 5, 15, 25, and the full row (41)

    auto* search = m_view->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
    QTest::keyClicks(search, QStringLiteral("aws-req-1"));
    QTRY_COMPARE(rows(), 1); // aws-req-15
    QCOMPARE(m_view->model()->record(0).awsRequestId, QStringLiteral("aws-req-15"));

    search->clear();
    project->setEditText(QString());
    outcome->setCurrentIndex(0);
    QTRY_COMPARE(rows(), 32);

    auto* profile = m_view->findChild<QComboBox*>(QStringLiteral("profileComboBox"));
    profile->setEditText(QStringLiteral("prod-admin"));
    QTRY_COMPARE(rows(), 1);
    profile->setEditText(QString());

    // Time range: "last hour" counted back from the view's clock, set so the hour starts half a
    // second before row 20: rows 20..29 and the two newer ones are in it.
    HistoryQuery q20;
    q20.text = QStringLiteral("aws-req-20");
    const QDateTime t20 = m_store->query(q20).value().first().startedAt;
    ManualClock clock(t20.addSecs(3600).addMSecs(-500));
    m_view->setClock(&clock);
    m_view->setTimeRange(HistoryView::TimeRange::LastHour);
    QTRY_COMPARE(rows(), 12);
    for (int r = 0; r < rows(); ++r)
        QVERIFY(m_view->model()->record(r).startedAt >= t20);
    m_view->setTimeRange(HistoryView::TimeRange::Any);
    QCOMPARE(rows(), 32);
    m_view->setClock(nullptr);
}

void tst_HistoryView::detailsShowEveryField()
{
    QVERIFY(m_view->selectRecord(m_fullId));
    auto* details = m_view->findChild<QTableWidget*>(QStringLiteral("detailsTableWidget"));
    QStringList values;
    for (int r = 0; r < details->rowCount(); ++r)
        values << details->item(r, 1)->text();
    const QString all = values.join(u'\n');
    const HistoryRecord stored = *m_store->get(m_fullId).value();
    const QJsonObject json = stored.toJson();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() == QLatin1String("advice"))
            continue; // shown above the table, checked below
        if (it->isNull() || it->isBool())
            continue; // not folded, not a background read: said in words below
        QString expected;
        if (it->isArray()) {
            for (const QJsonValue& v : it->toArray())
                QVERIFY2(all.contains(v.toString()), qPrintable(it.key()));
            continue;
        }
        expected = it->isDouble() ? QString::number(it->toInteger()) : it->toString();
        QVERIFY2(!expected.isEmpty(), qPrintable(it.key()));
        QVERIFY2(all.contains(expected, Qt::CaseInsensitive),
                 qPrintable(it.key() + QStringLiteral(": ") + expected));
    }
    QVERIFY(values.contains(QStringLiteral("No"))); // not a background read
    // The installation failed although its HTTP call succeeded: both are said, apart.
    QVERIFY(values.contains(HistoryModel::outcomeText(HistoryRecord::Outcome::Failed)));
    QVERIFY(values.contains(HistoryModel::outcomeText(HistoryRecord::Outcome::Succeeded)));
    // The bookkeeping is behind "Technical details", not in the main fields.
    auto* technical = m_view->findChild<QTableWidget*>(QStringLiteral("technicalTableWidget"));
    auto* expander = m_view->findChild<QToolButton*>(QStringLiteral("technicalToolButton"));
    QVERIFY(!technical->isVisible());
    QTest::mouseClick(expander, Qt::LeftButton);
    QVERIFY(technical->isVisible());
    QStringList technicalValues;
    for (int r = 0; r < technical->rowCount(); ++r)
        technicalValues << technical->item(r, 1)->text();
    for (const QString& extra :
         {stored.groupKey, stored.invocationId, stored.processToken, QStringLiteral("4242")}) {
        QVERIFY2(technicalValues.contains(extra), qPrintable(extra));
        QVERIFY2(!values.contains(extra), qPrintable(extra));
    }
    QCOMPARE(details->rowCount(), int(HistoryView::detailFields(stored).size()));
    // The secret in the message was redacted when stored and is nowhere on screen.
    QVERIFY(!all.contains(kSecret));
    QVERIFY(all.contains(Redactor::placeholder()));

    QVERIFY(m_view->selectRecord(m_unknownId));
    auto* advice = m_view->findChild<QLabel*>(QStringLiteral("adviceLabel"));
    QVERIFY(!m_store->get(m_unknownId).value()->advice().isEmpty());
    QCOMPARE(advice->text(), m_store->get(m_unknownId).value()->advice());
}

void tst_HistoryView::copyAsCliCommand()
{
    QVERIFY(m_view->selectRecord(m_fullId));
    const QString expected =
        QStringLiteral("aws dms start-extension-pack-association --migration-project-identifier ") + kArn +
        QStringLiteral(" --region eu-west-1 --profile prod-admin --endpoint-url http://127.0.0.1:45678");
    QCOMPARE(m_view->cliCommandForSelection(), expected);
    auto* copy = m_view->findChild<QPushButton*>(QStringLiteral("copyCliPushButton"));
    QVERIFY(copy->isEnabled());
    QApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), expected);
    QVERIFY(!QApplication::clipboard()->text().contains(kSecret));

    // A standard endpoint and the default profile need no flags.
    QVERIFY(m_view->selectRecord(m_unknownId));
    QVERIFY(m_view->cliCommandForSelection().endsWith(QStringLiteral("--region eu-west-1")) ||
            m_view->cliCommandForSelection().contains(QStringLiteral("--profile dba")));
    QVERIFY(!m_view->cliCommandForSelection().contains(QStringLiteral("--endpoint-url")));
}

void tst_HistoryView::cliCommandPerOperation()
{
    HistoryRecord r =
        make(1, QStringLiteral("DescribeExtensionPackAssociations"), HistoryRecord::Outcome::Succeeded);
    r.profile = QStringLiteral("default");
    r.dmsRequestIdentifier = QStringLiteral("req-9");
    QCOMPARE(AwsCliCommand::forRecord(r),
             QStringLiteral("aws dms describe-extension-pack-associations --migration-project-identifier ") +
                 kArn + QStringLiteral(" --filters Name=request-id,Values=req-9 --region eu-west-1"));
    r.operation = QStringLiteral("DescribeMigrationProjects");
    r.projectArn.clear();
    r.projectName.clear();
    QCOMPARE(AwsCliCommand::forRecord(r),
             QStringLiteral("aws dms describe-migration-projects --region eu-west-1"));
    r.operation = QStringLiteral("GetCallerIdentity");
    r.endpointHost = QStringLiteral("sts.eu-west-1.amazonaws.com");
    r.profile = QStringLiteral("my team");
    QCOMPARE(AwsCliCommand::forRecord(r),
             QStringLiteral("aws sts get-caller-identity --region eu-west-1 --profile 'my team'"));
    r.endpointHost = QStringLiteral("dms-fips.us-gov-west-1.amazonaws.com");
    r.operation = QStringLiteral("DescribeDataProviders");
    QVERIFY(AwsCliCommand::forRecord(r).endsWith(
        QStringLiteral("--endpoint-url https://dms-fips.us-gov-west-1.amazonaws.com")));

    // Even a secret recorded where an identifier belongs (never stored like this, but an
    // in-memory record could carry one) does not reach the command.
    Redactor::registerSecret(kSecret);
    r.operation = QStringLiteral("StartExtensionPackAssociation");
    r.projectName = kSecret;
    const QString command = AwsCliCommand::forRecord(r);
    QVERIFY(!command.isEmpty());
    QVERIFY(!command.contains(kSecret));
    r.operation.clear();
    QVERIFY(AwsCliCommand::forRecord(r).isEmpty());
}

void tst_HistoryView::exportWritesExactlyTheFilteredRows()
{
    auto* outcome = m_view->findChild<QComboBox*>(QStringLiteral("outcomeComboBox"));
    outcome->setCurrentIndex(outcome->findData(HistoryRecord::outcomeName(HistoryRecord::Outcome::Failed)));
    QCOMPARE(rows(), 7);

    const QString csvPath = m_dir->filePath(QStringLiteral("out.csv"));
    windowtest::ScriptedPrompts prompts; // the file picker
    prompts.fileAnswers = {csvPath};
    QSignalSpy exported(m_view.get(), &HistoryView::exported);
    QTest::mouseClick(m_view->findChild<QPushButton*>(QStringLiteral("exportPushButton")), Qt::LeftButton);
    QCOMPARE(prompts.files.size(), 1);
    QVERIFY(prompts.files.first().save);
    QVERIFY(prompts.files.first().start.endsWith(QStringLiteral(".csv")));
    QVERIFY(prompts.files.first().filters.contains(QStringLiteral("*.json")));
    QCOMPARE(exported.size(), 1);
    QCOMPARE(exported.at(0).at(1).toLongLong(), qint64(7));

    HistoryQuery failed;
    failed.outcome = HistoryRecord::Outcome::Failed;
    failed.limit = 0;
    const QList<HistoryRecord> expected = m_store->query(failed).value();
    QCOMPARE(expected.size(), 7);
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray bytes = csv.readAll();
    QCOMPARE(bytes, HistoryExporter::toCsv(expected));
    QCOMPARE(bytes.count("\r\n"), 1 + 7);
    QVERIFY(!bytes.contains(kSecret.toUtf8()));
    // The export is the user's alone, whatever the umask (the fixture's is the usual 022).
    QCOMPARE(int(QFileInfo(csvPath).permissions() & 0x7777),
             int(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                 QFileDevice::WriteUser));

    // JSON by the file name; a cancelled dialog writes nothing.
    QVERIFY(m_view->exportTo(m_dir->filePath(QStringLiteral("out.json"))));
    QFile json(m_dir->filePath(QStringLiteral("out.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(json.readAll()).array();
    QCOMPARE(array.size(), 7);
    for (const QJsonValue& v : array)
        QCOMPARE(v.toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
    m_view->exportFiltered(); // no answer left: cancelled
    QCOMPARE(prompts.files.size(), 2);
    QCOMPARE(exported.size(), 2);
}

void tst_HistoryView::recheckOnlyForUnknown()
{
    auto* recheck = m_view->findChild<QPushButton*>(QStringLiteral("recheckPushButton"));
    QSignalSpy spy(m_view.get(), &HistoryView::recheckRequested);
    QVERIFY(m_view->selectRecord(m_fullId));
    QVERIFY(!recheck->isEnabled());
    QVERIFY(m_view->selectRecord(m_unknownId));
    QVERIFY(recheck->isEnabled());
    QTest::mouseClick(recheck, Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), m_unknownId);
    QCOMPARE(spy.at(0).at(1).toString(), kArn);
    QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("11111111-2222-3333-4444-555555555555"));

    // The window's DescribeExtensionPackAssociations resolved it: the row and details follow.
    HistoryRecord resolved = *m_store->get(m_unknownId).value();
    resolved.outcome = HistoryRecord::Outcome::Succeeded;
    resolved.associationStatus = QStringLiteral("SUCCESS");
    QVERIFY(m_store->update(resolved).ok());
    m_view->recordUpdated(m_unknownId);
    QCOMPARE(m_view->selectedRecord()->outcome, HistoryRecord::Outcome::Succeeded);
    QVERIFY(!recheck->isEnabled());
    const int row = m_view->model()->rowOfId(m_unknownId);
    QCOMPARE(m_view->model()->index(row, HistoryModel::StatusColumn).data().toString(),
             QStringLiteral("SUCCESS"));
}

void tst_HistoryView::newRowAppearsLive()
{
    QVERIFY(m_view->selectRecord(m_fullId));
    const int before = rows();
    m_view->setPollInterval(50);
    HistoryRecord fresh = make(99, QStringLiteral("DescribeDataProviders"), HistoryRecord::Outcome::Pending);
    fresh.startedAt = QDateTime::currentDateTimeUtc();
    fresh.finishedAt = QDateTime();
    fresh.durationMs = -1;
    fresh.processToken = HistoryStore::processToken();
    fresh.processId = QCoreApplication::applicationPid();
    const qint64 id = m_store->insert(fresh).value();
    QTRY_COMPARE(rows(), before + 1);
    QCOMPARE(m_view->model()->record(0).id, id);
    QCOMPARE(m_view->selectedRecord()->id, m_fullId); // the selection stays on its request

    // It finishes: the pending row is re-read in place.
    fresh.id = id;
    fresh.outcome = HistoryRecord::Outcome::Succeeded;
    fresh.finishedAt = fresh.startedAt.addMSecs(20);
    fresh.durationMs = 20;
    QVERIFY(m_store->update(fresh).ok());
    QTRY_COMPARE(m_view->model()->index(0, HistoryModel::OutcomeColumn).data().toString(),
                 HistoryModel::outcomeText(HistoryRecord::Outcome::Succeeded));
}

void tst_HistoryView::failedInstallationShowsAsFailedAndFollowsLive()
{
    QAbstractItemModelTester tester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // An accepted Start, as the recorder writes it: the HTTP call succeeded, the installation is queued.
    HistoryRecord start =
        make(50, QStringLiteral("StartExtensionPackAssociation"), HistoryRecord::Outcome::Succeeded);
    start.startedAt = QDateTime::currentDateTimeUtc();
    start.dmsRequestIdentifier = QStringLiteral("req-live-start");
    start.callOutcome = HistoryRecord::Outcome::Succeeded;
    start.settleOutcome();
    QCOMPARE(start.outcome, HistoryRecord::Outcome::Queued);
    // No poll timer: this process's own writes reach the view through the store's signal.
    start.id = m_store->insert(start).value();
    QTRY_COMPARE(m_view->model()->record(0).id, start.id);
    const auto outcomeShown = [this] {
        return m_view->model()->index(0, HistoryModel::OutcomeColumn).data().toString();
    };
    QCOMPARE(outcomeShown(), HistoryModel::outcomeText(HistoryRecord::Outcome::Queued));
    QVERIFY(m_view->selectRecord(start.id));

    for (const QString& status : {QStringLiteral("IN_PROGRESS"), QStringLiteral("FAILED")}) {
        start.associationStatus = status;
        start.settleOutcome();
        QVERIFY(m_store->update(start).ok());
        QTRY_COMPARE(outcomeShown(), HistoryModel::outcomeText(HistoryRecord::installationOutcome(status)));
    }
    QCOMPARE(m_view->model()->index(0, HistoryModel::RequestIdColumn).data().toString(),
             QStringLiteral("req-live-start"));
    QCOMPARE(m_view->model()->index(0, HistoryModel::AwsRequestIdColumn).data().toString(),
             QStringLiteral("aws-req-50"));
    auto* heading = m_view->findChild<QLabel*>(QStringLiteral("adviceLabel"));
    QVERIFY2(heading->text().contains(QLatin1String("installation failed")), qPrintable(heading->text()));
    QVERIFY2(heading->text().contains(QLatin1String("HTTP call: succeeded")), qPrintable(heading->text()));
    QVERIFY(!heading->text().contains(QLatin1String("— Succeeded")));

    // The Failed filter finds it.
    auto* outcome = m_view->findChild<QComboBox*>(QStringLiteral("outcomeComboBox"));
    outcome->setCurrentIndex(outcome->findData(HistoryRecord::outcomeName(HistoryRecord::Outcome::Failed)));
    QVERIFY(m_view->model()->rowOfId(start.id) >= 0);
    outcome->setCurrentIndex(
        outcome->findData(HistoryRecord::outcomeName(HistoryRecord::Outcome::Succeeded)));
    QCOMPARE(m_view->model()->rowOfId(start.id), -1);
}

void tst_HistoryView::backgroundReadsOneSwitchAwayAndReadsFoldedUnderTheirAction()
{
    QAbstractItemModelTester tester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int before = rows();
    // An apply: a pre-flight read and a poll series folded under its Start.
    HistoryRecord start =
        make(60, QStringLiteral("StartExtensionPackAssociation"), HistoryRecord::Outcome::Succeeded);
    start.startedAt = QDateTime::currentDateTimeUtc();
    start.actionKey = QStringLiteral("apply:x");
    const qint64 startId = m_store->insert(start).value();
    HistoryRecord preflight =
        make(61, QStringLiteral("DescribeDataProviders"), HistoryRecord::Outcome::Succeeded);
    preflight.actionKey = start.actionKey;
    preflight.parentId = startId;
    HistoryRecord polls =
        make(62, QStringLiteral("DescribeExtensionPackAssociations"), HistoryRecord::Outcome::Succeeded);
    polls.actionKey = start.actionKey;
    polls.parentId = startId;
    polls.callCount = 3;
    // A status lookup the window made on its own.
    HistoryRecord lookup =
        make(63, QStringLiteral("DescribeExtensionPackAssociations"), HistoryRecord::Outcome::Succeeded);
    lookup.startedAt = QDateTime::currentDateTimeUtc().addSecs(1);
    lookup.background = true;
    QVERIFY(m_store->insertAll({preflight, polls, lookup}).ok());
    QTRY_COMPARE(rows(), before + 1); // only the Start
    const int row = m_view->model()->rowOfId(startId);
    QVERIFY(row >= 0);
    QCOMPARE(m_view->model()->index(row, HistoryModel::OperationColumn).data().toString(),
             QStringLiteral("StartExtensionPackAssociation (+4)"));

    QVERIFY(m_view->selectRecord(startId));
    auto* folded = m_view->findChild<QTableWidget*>(QStringLiteral("foldedTableWidget"));
    QVERIFY(folded->isVisible());
    QCOMPARE(folded->rowCount(), 2);
    QCOMPARE(folded->item(0, 1)->text(), QStringLiteral("DescribeDataProviders"));
    QVERIFY(folded->item(1, 1)->text().startsWith(QLatin1String("DescribeExtensionPackAssociations")));

    auto* background = m_view->findChild<QCheckBox*>(QStringLiteral("backgroundCheckBox"));
    QVERIFY(!background->isChecked());
    background->setChecked(true);
    QCOMPARE(rows(), before + 2);
    QVERIFY(m_view->model()->record(0).background);
    QCOMPARE(m_view->selectedRecord()->id, startId); // the selection stays
    background->setChecked(false);
    QCOMPARE(rows(), before + 1);
}

void tst_HistoryView::screenshot()
{
    // Written only when asked, for the README and for looking at the view.
    const QString dir = qEnvironmentVariable("DMSX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("DMSX_SCREENSHOT_DIR not set");
    QVERIFY(m_view->selectRecord(m_fullId));
    QVERIFY(m_view->grab().save(QDir(dir).filePath(QStringLiteral("history.png"))));
}

QTEST_MAIN(tst_HistoryView)
#include "tst_historyview.moc"
