#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "dms/AssociationPoller.h"
#include "projects/RequestExplanationWidget.h"

#include <QAccessible>
#include <QLabel>
#include <QtTest>

using namespace dmsx;
using namespace dmsx::ui;

class TestRequestExplanationWidget : public QObject
{
    Q_OBJECT

private:
    static QString spoken(QWidget* widget)
    {
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        return accessible ? accessible->text(QAccessible::Name) : QString();
    }

private slots:
    // A screen reader hears each part of the explanation, not only the names of its fields.
    void screenReadersHearTheCauseAndTheSteps()
    {
        SchemaConversionRequest request;
        request.status = QStringLiteral("FAILED");
        request.requestIdentifier = QStringLiteral("370aacf7-0000-4000-8000-000000000001");
        request.error = ErrorDetails{};
        request.error->message =
            QStringLiteral("The database user in your target secret does not have sufficient "
                           "privileges. Grant the required privileges and try again.");
        const Fault fault = AssociationPoller::failureOf(request);
        const FaultExplanation expected = FaultCatalogue::explain(fault);
        QCOMPARE(expected.catalogueKey, QStringLiteral("AssociationFailed.Privileges"));

        RequestExplanationWidget widget;
        widget.setFault(fault);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));

        auto* title = widget.findChild<QLabel*>(QStringLiteral("titleLabel"));
        auto* cause = widget.findChild<QLabel*>(QStringLiteral("causeLabel"));
        auto* steps = widget.findChild<QLabel*>(QStringLiteral("stepsLabel"));
        QVERIFY(title && cause && steps);
        QCOMPARE(spoken(title), expected.title);
        QCOMPARE(spoken(cause), QStringLiteral("Likely cause: ") + expected.cause);
        QVERIFY2(spoken(steps).startsWith(QStringLiteral("What to check: 1. ") + expected.steps.first()),
                 qPrintable(spoken(steps)));
        QVERIFY(spoken(steps).contains(QStringLiteral("3. ") + expected.steps.at(2)));
        QCOMPARE(spoken(&widget), QStringLiteral("Why the request ended: ") + expected.title);

        // Another failure replaces the words, not appends to them.
        widget.setFault(Fault::make(FaultKind::AssociationFailed, FaultCode::AssociationCanceled,
                                    QStringLiteral("Stopped by an operator")));
        QVERIFY2(spoken(cause).startsWith(QStringLiteral("Likely cause: ")) &&
                     !spoken(cause).contains(QLatin1String("privileges")),
                 qPrintable(spoken(cause)));
    }
};

QTEST_MAIN(TestRequestExplanationWidget)
#include "tst_requestexplanationwidget.moc"
