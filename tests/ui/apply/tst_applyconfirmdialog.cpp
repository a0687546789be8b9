// ApplyConfirmDialog: names every fact of the plan, Cancel is the safe default, Escape cancels.
#include "apply/ApplyConfirmDialog.h"
#include "apply/ExtensionPackSchema.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"

#include <QApplication>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

ApplyPlan samplePlan(bool reinstall)
{
    ApplyPlan plan;
    plan.project.migrationProjectName = QStringLiteral("erp-migration");
    plan.project.migrationProjectArn =
        QStringLiteral("arn:aws:dms:eu-central-1:444455556666:migration-project:ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    plan.accountId = QStringLiteral("444455556666");
    plan.region = QStringLiteral("eu-central-1");
    plan.target.dataProviderName = QStringLiteral("apg-erp");
    plan.target.engine = QStringLiteral("aurora-postgresql");
    plan.target.settingsVariant = QStringLiteral("PostgreSqlSettings");
    plan.target.settingsVariantKnown = true;
    plan.target.setSettings(
        QJsonObject{{QStringLiteral("ServerName"), QStringLiteral("erp.cluster.example.com")},
                    {QStringLiteral("Port"), 5432},
                    {QStringLiteral("DatabaseName"), QStringLiteral("erpdb")}});
    DataProvider source;
    source.engine = QStringLiteral("oracle");
    plan.source = source;
    plan.schemaDescription = QStringLiteral("aws_oracle_ext");
    plan.reinstall = reinstall;
    return plan;
}

PrerequisiteCheck row(PrerequisiteCheck::Id id, PrerequisiteCheck::Status status,
                      const QString& code = QString())
{
    PrerequisiteCheck c;
    c.id = id;
    c.status = status;
    if (code.isEmpty())
        c.passedText = QStringLiteral("Fine.");
    else
        c.fault = Fault::make(FaultKind::Service, code, QStringLiteral("finding"));
    return c;
}

// The checklist of an apply: a passed target, and the given findings.
ApplyPlan planWithChecks(const QList<PrerequisiteCheck>& findings)
{
    ApplyPlan plan = samplePlan(false);
    plan.checks.checks << row(PrerequisiteCheck::Id::TargetDataProvider, PrerequisiteCheck::Status::Passed);
    plan.checks.checks << findings;
    return plan;
}

QString valueOf(const ApplyConfirmDialog& d, const char* name)
{
    return d.findChild<QLabel*>(QString::fromLatin1(name))->text();
}

} // namespace

class TestApplyConfirmDialog : public QObject
{
    Q_OBJECT
private slots:
    void namesEveryFact()
    {
        ApplyConfirmDialog d(samplePlan(false));
        QCOMPARE(valueOf(d, "accountValueLabel"), QStringLiteral("444455556666"));
        QCOMPARE(valueOf(d, "regionValueLabel"), QStringLiteral("eu-central-1"));
        QCOMPARE(valueOf(d, "projectValueLabel"), QStringLiteral("erp-migration"));
        QCOMPARE(valueOf(d, "targetProviderValueLabel"), QStringLiteral("apg-erp"));
        QCOMPARE(valueOf(d, "targetEngineValueLabel"), QStringLiteral("aurora-postgresql"));
        QCOMPARE(valueOf(d, "targetServerValueLabel"), QStringLiteral("erp.cluster.example.com:5432/erpdb"));
        QCOMPARE(valueOf(d, "sourceEngineValueLabel"), QStringLiteral("oracle"));
        QCOMPARE(valueOf(d, "schemaValueLabel"), QStringLiteral("aws_oracle_ext"));
        const QString replace = valueOf(d, "replaceLabel");
        QVERIFY(replace.contains(QStringLiteral("aws_oracle_ext")));
        QVERIFY(replace.contains(QStringLiteral("replaced")));
        QVERIFY(d.summaryText().contains(QStringLiteral("erp-migration")));
    }

    void reinstallSaysTheInstalledPackIsReplaced()
    {
        ApplyConfirmDialog fresh(samplePlan(false));
        ApplyConfirmDialog again(samplePlan(true));
        QVERIFY(valueOf(again, "replaceLabel") != valueOf(fresh, "replaceLabel"));
        QVERIFY(valueOf(again, "replaceLabel").contains(QStringLiteral("already installed")));
        QVERIFY(valueOf(again, "replaceLabel").contains(QStringLiteral("reinstalled")));
    }

    void aSchemaWithoutADocumentedNameIsDescribedInWords()
    {
        ApplyPlan plan = samplePlan(false);
        plan.source->engine = QStringLiteral("db2");
        plan.schemaDescription = ExtensionPackSchema::describeForSourceEngine(QStringLiteral("db2"));
        ApplyConfirmDialog d(plan);
        const QString replace = valueOf(d, "replaceLabel");
        QVERIFY2(replace.startsWith(QStringLiteral("The extension pack schema for db2 will be created")),
                 qPrintable(replace));
        ApplyConfirmDialog oracle(samplePlan(false));
        QVERIFY2(valueOf(oracle, "replaceLabel")
                     .startsWith(QStringLiteral("The schema aws_oracle_ext will be created")),
                 qPrintable(valueOf(oracle, "replaceLabel")));
    }

    void escapeCancels()
    {
        ApplyConfirmDialog d(samplePlan(false));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QTest::keyClick(&d, Qt::Key_Escape);
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));
    }

    void enterOnTheDefaultButtonCancels()
    {
        ApplyConfirmDialog d(samplePlan(false));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(d.cancelButton()->isDefault());
        QVERIFY(!d.applyButton()->isDefault());
        QTest::keyClick(&d, Qt::Key_Return);
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Rejected));
    }

    void applyAcceptsWithItsAccelerator()
    {
        ApplyConfirmDialog d(samplePlan(false));
        QVERIFY(d.applyButton()->text().contains(QStringLiteral("&A")));
        d.show();
        // The offscreen platform does not deliver Alt mnemonics; the button it names must accept.
        d.applyButton()->click();
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Accepted));
    }

    void tabGoesFromCancelToApply()
    {
        ApplyConfirmDialog d(samplePlan(false));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        QCOMPARE(QApplication::focusWidget(), d.cancelButton()); // the safe choice has the focus
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), d.applyButton());
        // Space on the focused Apply accepts: keyboard users can confirm without the mouse.
        QTest::keyClick(d.applyButton(), Qt::Key_Space);
        QVERIFY(!d.isVisible());
        QCOMPARE(d.result(), int(QDialog::Accepted));
    }

    void theQuestionSitsBesideTheIcon()
    {
        ApplyConfirmDialog d(samplePlan(true));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto* icon = d.findChild<QLabel*>(QStringLiteral("iconLabel"));
        auto* question = d.findChild<QLabel*>(QStringLiteral("questionLabel"));
        auto* facts = d.findChild<QLabel*>(QStringLiteral("accountCaptionLabel"));
        QVERIFY(icon && question && facts);
        // Beside, not across the dialog: the gap is a spacing, not a column of blank space.
        const int gap = question->geometry().left() - icon->geometry().right();
        QVERIFY2(gap > 0 && gap <= icon->width(), qPrintable(QString::number(gap)));
        QVERIFY(qAbs(question->geometry().top() - icon->geometry().top()) <= icon->height());
        // The facts line up under the question, to the right of the icon.
        QVERIFY(facts->geometry().left() >= question->geometry().left() - 1);
        QVERIFY(d.width() >= 560);
    }

    void controlsHaveAccessibleNames()
    {
        ApplyConfirmDialog d(samplePlan(false));
        QVERIFY(!d.applyButton()->accessibleName().isEmpty());
        QVERIFY(!d.cancelButton()->accessibleName().isEmpty());
        const auto labels = d.findChildren<QLabel*>();
        for (QLabel* l : labels)
            if (l->objectName().endsWith(QLatin1String("ValueLabel"))) {
                // A screen reader hears the field and its value, not the field alone.
                QVERIFY2(!l->accessibleName().isEmpty(), qPrintable(l->objectName()));
                QVERIFY2(l->accessibleName().endsWith(l->text()), qPrintable(l->accessibleName()));
                QVERIFY2(l->accessibleName() != l->text(), qPrintable(l->objectName()));
            }
    }

    void aProblemMakesTheButtonApplyAnyway()
    {
        using Id = PrerequisiteCheck::Id;
        using S = PrerequisiteCheck::Status;
        ApplyConfirmDialog d(
            planWithChecks({row(Id::S3Bucket, S::Problem, QStringLiteral("PrereqBucketVersioningOff")),
                            row(Id::S3Role, S::CouldNotCheck, QStringLiteral("AccessDenied"))}));
        QCOMPARE(d.applyButton()->text(), QStringLiteral("Apply &anyway"));
        QCOMPARE(d.applyButton()->accessibleName(), QStringLiteral("Apply anyway"));
        QVERIFY(d.cancelButton()->isDefault()); // going on is never the default
        const QString text = d.summaryText();
        const QString title =
            FaultCatalogue::explain(
                Fault::make(FaultKind::Service, QStringLiteral("PrereqBucketVersioningOff")))
                .title;
        QVERIFY2(text.contains(QStringLiteral("found a problem that would make the installation fail")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Problem: S3 bucket and versioning: ") + title),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Could not check: S3 role trusts DMS: ")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("Target database")),
                 qPrintable(text)); // passes are counted, not listed
        // The problem comes before what could not be checked.
        QVERIFY(text.indexOf(QStringLiteral("Problem: ")) <
                text.indexOf(QStringLiteral("Could not check: ")));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.applyButton()->click();
        QCOMPARE(d.result(), int(QDialog::Accepted));
    }

    void whatCouldNotBeCheckedDoesNotChangeTheButton()
    {
        ApplyConfirmDialog d(
            planWithChecks({row(PrerequisiteCheck::Id::SecretKey, PrerequisiteCheck::Status::CouldNotCheck,
                                QStringLiteral("AccessDenied"))}));
        QCOMPARE(d.applyButton()->text(), QStringLiteral("&Apply extension pack"));
        QVERIFY2(d.summaryText().contains(QStringLiteral("found no problem; one could not be made")),
                 qPrintable(d.summaryText()));
        QVERIFY(d.summaryText().contains(QStringLiteral("Could not check: KMS key of the secret: ")));
    }

    void passedChecksAreSaidInOneLine()
    {
        ApplyConfirmDialog d(
            planWithChecks({row(PrerequisiteCheck::Id::S3Bucket, PrerequisiteCheck::Status::Passed)}));
        QCOMPARE(d.applyButton()->text(), QStringLiteral("&Apply extension pack"));
        QVERIFY2(d.summaryText().endsWith(QStringLiteral(
                     "The prerequisite checks found nothing that would make the installation fail.")),
                 qPrintable(d.summaryText()));
        // Without a checklist (no checks were run), nothing is said about them.
        ApplyConfirmDialog none(samplePlan(false));
        QVERIFY(!none.summaryText().contains(QStringLiteral("prerequisite")));
    }

    void render()
    {
        const QString dir = qEnvironmentVariable("DMSX_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DMSX_SCREENSHOT_DIR to write the PNG");
        ApplyConfirmDialog d(samplePlan(true));
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(d.grab().save(dir + QStringLiteral("/apply-confirm.png")));
    }
};

QTEST_MAIN(TestApplyConfirmDialog)
#include "tst_applyconfirmdialog.moc"
