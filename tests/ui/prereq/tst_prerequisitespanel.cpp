// The window's prerequisite checklist: PrerequisitesController running the checks against the
// in-process simulator over loopback (its S3, IAM, Secrets Manager and KMS included), and
// PrerequisitesPanel showing each outcome, the finding, the fix, the console page and the command.
#include "DmsSimulator.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"
#include "prereq/PrerequisiteServices.h"
#include "prereq/PrerequisitesController.h"
#include "prereq/PrerequisitesModel.h"
#include "prereq/PrerequisitesPanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeView>
#include <QtTest>

#include <memory>

using namespace dmsx;
using namespace dmsx::ui;
using Status = PrerequisiteCheck::Status;
using Id = PrerequisiteCheck::Id;

class TestPrerequisitesPanel : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<DmsSimulator> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<AwsJsonTransport> m_transport;
    std::unique_ptr<DmsClient> m_client;
    std::unique_ptr<PrerequisiteServices> m_services;

    void connectAs(const AwsCredentials& keys)
    {
        m_services.reset();
        m_client.reset();
        m_transport.reset();
        TransportConfig c;
        c.endpoint = m_sim->serverUrl();
        c.region = m_sim->region();
        c.credentials = [keys] { return Result<AwsCredentials>(keys); };
        c.environment = QProcessEnvironment();
        c.maxAttempts = 1;
        m_transport = std::make_unique<AwsJsonTransport>(c, m_nam.get());
        m_client = std::make_unique<DmsClient>(m_transport.get());
        PrerequisiteServices::Settings s;
        s.region = m_sim->region();
        const QString url = m_sim->serverUrl().toString();
        s.s3Url = s.iamUrl = s.secretsManagerUrl = s.kmsUrl = url;
        s.dmsOnLoopback = true;
        m_services = std::make_unique<PrerequisiteServices>(s, c, m_nam.get());
    }

    static int rowOf(const PrerequisitesModel* model, Id id) { return model->report().indexOf(id); }

    static Status statusAt(const PrerequisitesModel* model, int row)
    {
        return Status(model->index(row, 0).data(PrerequisitesModel::StatusRole).toInt());
    }

    static QPushButton* button(PrerequisitesPanel& panel, const char* name)
    {
        return panel.findChild<QPushButton*>(QLatin1String(name));
    }

private slots:
    void init()
    {
        m_sim = std::make_unique<DmsSimulator>();
        QVERIFY(m_sim->loadDemoScenario().ok());
        QVERIFY(m_sim->listen().ok());
        m_nam = std::make_unique<QNetworkAccessManager>();
        connectAs(DmsSimulator::demoCredentials());
    }

    void cleanup()
    {
        m_services.reset();
        m_client.reset();
        m_transport.reset();
        m_nam.reset();
        m_sim.reset();
    }

    void aProblemIsShownWithItsFindingAndFix()
    {
        PrerequisitesController controller(m_client.get(), m_services.get());
        PrerequisitesPanel panel;
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<QUrl> opened;
        panel.setUrlOpener([&](const QUrl& url) { opened << url; });
        panel.setController(&controller);
        const QString project = QStringLiteral("docs-versioning-off-migration");
        panel.showProject(project);
        QVERIFY2(panel.summaryText().startsWith(QStringLiteral("Not checked yet")),
                 qPrintable(panel.summaryText()));
        QVERIFY(button(panel, "checkPushButton")->isEnabled());

        QSignalSpy resets(panel.model(), &QAbstractItemModel::modelReset);
        QSignalSpy changes(panel.model(), &QAbstractItemModel::dataChanged);
        button(panel, "checkPushButton")->click();
        QVERIFY(controller.isRunning(project));
        QVERIFY(!button(panel, "checkPushButton")->isEnabled()); // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(project), 20000);

        // The rows came in place, one by one, after the project was read: one reset, then changes.
        QCOMPARE(resets.size(), 1);
        QVERIFY2(changes.size() >= 5, qPrintable(QString::number(changes.size())));
        const PrerequisitesModel* model = panel.model();
        QCOMPARE(model->rowCount(), 11);
        const int bucket = rowOf(model, Id::S3Bucket);
        QCOMPARE(statusAt(model, bucket), Status::Problem);
        QCOMPARE(model->index(bucket, PrerequisitesModel::StatusColumn).data().toString(),
                 QStringLiteral("Problem"));
        for (int row = 0; row < model->rowCount(); ++row)
            if (row != bucket)
                QCOMPARE(statusAt(model, row), Status::Passed);
        QVERIFY2(panel.summaryText().contains(QStringLiteral("1 problem found, 10 passed")),
                 qPrintable(panel.summaryText()));

        // The problem is selected, with what to do about it.
        QCOMPARE(panel.currentRow(), bucket);
        const QString details = panel.detailsText();
        QVERIFY2(details.contains(QStringLiteral("sc-demo-unversioned")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("What to do:")), qPrintable(details));
        QVERIFY2(
            details.contains(QStringLiteral("aws s3api put-bucket-versioning --bucket sc-demo-unversioned")),
            qPrintable(details));
        button(panel, "consolePushButton")->click();
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().host(), QStringLiteral("console.aws.amazon.com"));
        QVERIFY2(opened.first().toString().contains(QStringLiteral("sc-demo-unversioned")),
                 qPrintable(opened.first().toString()));
        QApplication::clipboard()->clear();
        button(panel, "copyCommandPushButton")->click();
        QCOMPARE(QApplication::clipboard()->text(), model->checkAt(bucket)->cliCommand);

        // A passed row says what was found, and offers no fix.
        QVERIFY(panel.selectCheck(rowOf(model, Id::TargetDataProvider)));
        QVERIFY(!panel.detailsText().contains(QStringLiteral("What to do:")));
        QVERIFY2(panel.detailsText().contains(QStringLiteral("is a real postgres database")),
                 qPrintable(panel.detailsText()));
    }

    void aHealthyProjectPasses()
    {
        PrerequisitesController controller(m_client.get(), m_services.get());
        PrerequisitesPanel panel;
        panel.setController(&controller);
        panel.showProject(QStringLiteral("erp-migration"));
        panel.checkNow();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(QStringLiteral("erp-migration")), 20000);
        const PrerequisitesModel* model = panel.model();
        QCOMPARE(model->rowCount(), 11);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(statusAt(model, row), Status::Passed);
        QVERIFY2(panel.summaryText().contains(
                     QStringLiteral("nothing found that would make the installation fail")),
                 qPrintable(panel.summaryText()));
        QVERIFY(button(panel, "checkPushButton")->isEnabled());
        QCOMPARE(button(panel, "checkPushButton")->text(), QStringLiteral("Check a&gain"));
    }

    void checksWithoutPermissionCouldNotBeMadeAndSaySo()
    {
        AwsCredentials denied;
        denied.accessKeyId = QStringLiteral("AKIADEMOEXTPACK00004");
        denied.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator4");
        connectAs(denied);
        PrerequisitesController controller(m_client.get(), m_services.get());
        PrerequisitesPanel panel;
        panel.setController(&controller);
        panel.showProject(QStringLiteral("erp-migration"));
        panel.checkNow();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(QStringLiteral("erp-migration")), 20000);
        const PrerequisitesModel* model = panel.model();
        QCOMPARE(statusAt(model, rowOf(model, Id::S3Role)), Status::CouldNotCheck);
        QCOMPARE(statusAt(model, rowOf(model, Id::SecretKey)), Status::CouldNotCheck);
        QCOMPARE(statusAt(model, rowOf(model, Id::S3Bucket)), Status::Passed);
        QCOMPARE(model->report().count(Status::Problem), 0);
        QVERIFY2(panel.summaryText().contains(QStringLiteral("could not be checked")),
                 qPrintable(panel.summaryText()));
        QVERIFY(!panel.summaryText().contains(QStringLiteral("problem")));
        // The first row that could not be checked is selected and names the permission it needs.
        QCOMPARE(statusAt(model, panel.currentRow()), Status::CouldNotCheck);
        QVERIFY2(panel.detailsText().contains(QStringLiteral("iam:GetRole")),
                 qPrintable(panel.detailsText()));
    }

    void aProjectThatCannotBeReadSaysWhy()
    {
        PrerequisitesController controller(m_client.get(), m_services.get());
        PrerequisitesPanel panel;
        panel.setController(&controller);
        panel.showProject(QStringLiteral("no-such-migration"));
        panel.checkNow();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(QStringLiteral("no-such-migration")), 20000);
        QVERIFY(controller.entry(QStringLiteral("no-such-migration")).fault.has_value());
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY2(panel.summaryText().startsWith(QStringLiteral("The project could not be checked.")),
                 qPrintable(panel.summaryText()));
        QVERIFY(button(panel, "checkPushButton")->isEnabled()); // and may be tried again
    }

    void eachProjectKeepsItsOwnChecklist()
    {
        PrerequisitesController controller(m_client.get(), m_services.get());
        PrerequisitesPanel panel;
        panel.setController(&controller);
        panel.showProject(QStringLiteral("docs-versioning-off-migration"));
        panel.checkNow();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(QStringLiteral("docs-versioning-off-migration")),
                                 20000);
        panel.showProject(QStringLiteral("erp-migration"));
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY(panel.summaryText().startsWith(QStringLiteral("Not checked yet")));
        panel.showProject(QStringLiteral("docs-versioning-off-migration"));
        QCOMPARE(panel.model()->rowCount(), 11);
        QVERIFY(panel.summaryText().contains(QStringLiteral("1 problem found")));
    }

    // An apply's own checks take the place of a check running on its own, and rows an apply never
    // finished say they were not checked.
    void anApplysChecksReplaceARunningCheck()
    {
        PrerequisitesController controller(m_client.get(), m_services.get());
        PrerequisitesPanel panel;
        panel.setController(&controller);
        const QString project = QStringLiteral("erp-migration");
        panel.showProject(project);
        QVERIFY(controller.check(project));
        PrerequisiteReport partial;
        PrerequisiteCheck done;
        done.id = Id::TargetDataProvider;
        done.status = Status::Passed;
        done.passedText = QStringLiteral("pg is a real postgres database.");
        PrerequisiteCheck pending;
        pending.id = Id::S3Bucket;
        partial.checks = {done, pending};
        controller.setApplyChecks(project, partial, true);
        QVERIFY(controller.entry(project).fromApply);
        QVERIFY(panel.summaryText().contains(QStringLiteral("1 of 2")));
        QCOMPARE(panel.model()->index(1, PrerequisitesModel::StatusColumn).data().toString(),
                 QStringLiteral("Checking…"));
        controller.setApplyChecks(project, partial, false); // the apply was cancelled
        QCOMPARE(panel.model()->index(1, PrerequisitesModel::StatusColumn).data().toString(),
                 QStringLiteral("Not checked"));
        QVERIFY2(panel.summaryText().startsWith(QStringLiteral("Stopped before every check finished")),
                 qPrintable(panel.summaryText()));
        // The replaced check never comes back to overwrite it.
        QTest::qWait(300);
        QCOMPARE(panel.model()->rowCount(), 2);
    }
};

QTEST_MAIN(TestPrerequisitesPanel)
#include "tst_prerequisitespanel.moc"
