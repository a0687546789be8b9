// FaultDialog: catalogue words, the details behind "Details", redacted copy, Retry per catalogue.
#include "ScriptedPrompts.h"
#include "base/FaultCatalogue.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "widgets/FaultDialog.h"
#include "widgets/LongText.h"
#include "widgets/Prompts.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QTest>
#include <QToolButton>

using namespace dmsx;
using namespace dmsx::ui;

namespace {

Fault sampleFault(const QString& code, const QString& message)
{
    Fault f = Fault::make(FaultKind::Service, code, message);
    f.httpStatus = 400;
    f.requestId = QStringLiteral("5f0e6a3c-1111-2222-3333-444455556666");
    f.operation = QStringLiteral("StartExtensionPackAssociation");
    f.endpoint = QStringLiteral("dms.us-east-1.amazonaws.com");
    f.attempts = 2;
    f.time = QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7), Qt::UTC);
    return f;
}

} // namespace

class TestFaultDialog : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void showsCatalogueWordsAndDetails()
    {
        const Fault f = sampleFault(QStringLiteral("AccessDeniedFault"), QStringLiteral("not allowed"));
        const FaultExplanation e = FaultCatalogue::explain(f);
        FaultDialog dialog(f);
        QCOMPARE(LongText::plain(dialog.findChild<QLabel*>(QStringLiteral("titleLabel"))->text()), e.title);
        QCOMPARE(LongText::plain(dialog.findChild<QLabel*>(QStringLiteral("causeLabel"))->text()), e.cause);
        const QString steps =
            LongText::plain(dialog.findChild<QLabel*>(QStringLiteral("stepsLabel"))->text());
        QVERIFY(!e.steps.isEmpty());
        QVERIFY(steps.startsWith(QStringLiteral("1. ") + e.steps.first()));
        if (e.steps.size() > 1)
            QVERIFY(steps.contains(QStringLiteral("2. ") + e.steps.at(1)));

        // Details are hidden until asked for.
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* details = dialog.findChild<QPlainTextEdit*>(QStringLiteral("detailsPlainTextEdit"));
        QVERIFY(!details->isVisible());
        dialog.findChild<QToolButton*>(QStringLiteral("detailsToolButton"))->click();
        QVERIFY(details->isVisible());
        const QString text = details->toPlainText();
        for (const QString& expected :
             {QStringLiteral("AccessDeniedFault"), QStringLiteral("not allowed"), QStringLiteral("400"),
              QStringLiteral("5f0e6a3c-1111-2222-3333-444455556666"),
              QStringLiteral("dms.us-east-1.amazonaws.com"), QStringLiteral("2026-03-04T05:06:07"),
              QStringLiteral("StartExtensionPackAssociation")})
            QVERIFY2(text.contains(expected), qPrintable(expected));
        QVERIFY(text.contains(QStringLiteral("Attempts: 2")));
    }

    void copyDetailsIsRedacted()
    {
        const QString secret = QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET");
        Redactor::registerSecret(secret);
        const Fault f = sampleFault(QStringLiteral("InvalidResourceStateFault"),
                                    QStringLiteral("bad state, key was ") + secret);
        FaultDialog dialog(f);
        QApplication::clipboard()->clear();
        dialog.findChild<QPushButton*>(QStringLiteral("copyDetailsPushButton"))->click();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(!copied.isEmpty());
        QVERIFY(!copied.contains(secret));
        QVERIFY(copied.contains(Redactor::placeholder()));
        QVERIFY(copied.contains(QStringLiteral("bad state, key was")));
        QVERIFY(copied.contains(FaultCatalogue::explain(f).title));
        QVERIFY(copied.contains(QStringLiteral("5f0e6a3c-1111-2222-3333-444455556666")));
        QVERIFY(!dialog.findChild<QPlainTextEdit*>(QStringLiteral("detailsPlainTextEdit"))
                     ->toPlainText()
                     .contains(secret));
    }

    void retryOnlyWhereTheCatalogueSaysItHelps_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kind");
        QTest::newRow("throttling") << QStringLiteral("ThrottlingException") << int(FaultKind::Service);
        QTest::newRow("access denied") << QStringLiteral("AccessDeniedFault") << int(FaultKind::Service);
        QTest::newRow("virtual target") << QStringLiteral("PreflightVirtualTarget") << int(FaultKind::Usage);
        QTest::newRow("quota") << QStringLiteral("ResourceQuotaExceededFault") << int(FaultKind::Service);
        QTest::newRow("failed dependency")
            << QStringLiteral("FailedDependencyFault") << int(FaultKind::Service);
    }

    void retryOnlyWhereTheCatalogueSaysItHelps()
    {
        QFETCH(QString, code);
        QFETCH(int, kind);
        const Fault f = Fault::make(FaultKind(kind), code, QStringLiteral("m"));
        const bool expected = FaultCatalogue::explain(f).retryCanHelp;
        FaultDialog dialog(f);
        QCOMPARE(!dialog.findChild<QPushButton*>(QStringLiteral("retryPushButton"))->isHidden(), expected);
        QCOMPARE(dialog.retryOffered(), expected);

        // An answerer's Retry counts only where the dialog offers it.
        windowtest::ScriptedPrompts prompts;
        prompts.faultAnswers = {Prompts::FaultAnswer::Retry};
        QObject context;
        std::optional<Prompts::FaultAnswer> answer;
        Prompts::showFault(nullptr, f, &context, [&](Prompts::FaultAnswer a) { answer = a; });
        QVERIFY(!answer); // from the event loop, as a dialog's answer comes
        QTRY_VERIFY(answer);
        QCOMPARE(*answer, expected ? Prompts::FaultAnswer::Retry : Prompts::FaultAnswer::Close);
        QCOMPARE(prompts.faults.size(), 1);
        QCOMPARE(prompts.faults.first().code, code);
    }

    // Without an answerer the real dialog opens window-modal, without blocking, and its buttons answer.
    void showFaultOpensTheDialogAndItsButtonAnswers()
    {
        QWidget parent;
        parent.show();
        const Fault f =
            Fault::make(FaultKind::Service, QStringLiteral("ThrottlingException"), QStringLiteral("m"));
        QVERIFY(FaultCatalogue::explain(f).retryCanHelp);
        QList<Prompts::FaultAnswer> answers;
        Prompts::showFault(&parent, f, &parent, [&](Prompts::FaultAnswer a) { answers << a; });
        auto* dialog = parent.findChild<FaultDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->windowModality(), Qt::WindowModal);
        QVERIFY(answers.isEmpty());
        dialog->findChild<QPushButton*>(QStringLiteral("retryPushButton"))->click();
        QCOMPARE(answers, QList<Prompts::FaultAnswer>{Prompts::FaultAnswer::Retry});
        QTRY_VERIFY(!parent.findChild<FaultDialog*>()); // deleted once closed

        Prompts::showFault(&parent, f, &parent, [&](Prompts::FaultAnswer a) { answers << a; });
        parent.findChild<FaultDialog*>()->findChild<QPushButton*>(QStringLiteral("closePushButton"))->click();
        QCOMPARE(answers.last(), Prompts::FaultAnswer::Close);
    }

    // A fault that signing in again fixes offers "Sign in…" as the default (Enter); others do not,
    // and an answerer's SignIn for them counts as Close.
    void signInWhereSigningInHelps_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<bool>("expected");
        QTest::newRow("no token") << QString(FaultCode::SsoTokenMissing) << QString() << true;
        QTest::newRow("refresh refused")
            << QString(FaultCode::SsoRefreshFailed) << QStringLiteral("CreateToken") << true;
        QTest::newRow("portal refused the token")
            << QString(FaultCode::UnauthorizedException) << QStringLiteral("GetRoleCredentials") << true;
        QTest::newRow("access denied") << QStringLiteral("AccessDeniedFault") << QString() << false;
        QTest::newRow("unauthorized elsewhere")
            << QString(FaultCode::UnauthorizedException) << QStringLiteral("ListAccounts") << false;
    }
    void signInWhereSigningInHelps()
    {
        QFETCH(QString, code);
        QFETCH(QString, operation);
        QFETCH(bool, expected);
        Fault f = Fault::make(FaultKind::Credentials, code, QStringLiteral("m"));
        f.operation = operation;
        QCOMPARE(FaultCatalogue::signInHelps(f), expected);
        {
            FaultDialog dialog(f);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            auto* button = dialog.findChild<QPushButton*>(QStringLiteral("signInPushButton"));
            QVERIFY(button);
            QCOMPARE(!button->isHidden(), expected);
            QCOMPARE(dialog.signInOffered(), expected);
            QTest::keyClick(&dialog, Qt::Key_Return);
            QCOMPARE(dialog.result(), expected ? FaultDialog::kSignInResult : int(QDialog::Rejected));
        }
        {
            windowtest::ScriptedPrompts prompts;
            prompts.faultAnswers = {Prompts::FaultAnswer::SignIn};
            QObject context;
            std::optional<Prompts::FaultAnswer> answer;
            Prompts::showFault(nullptr, f, &context, [&](Prompts::FaultAnswer a) { answer = a; });
            QTRY_VERIFY(answer);
            QCOMPARE(*answer, expected ? Prompts::FaultAnswer::SignIn : Prompts::FaultAnswer::Close);
        }
        // The real dialog's button answers SignIn.
        if (expected) {
            QWidget parent;
            parent.show();
            QList<Prompts::FaultAnswer> answers;
            Prompts::showFault(&parent, f, &parent, [&](Prompts::FaultAnswer a) { answers << a; });
            parent.findChild<FaultDialog*>()
                ->findChild<QPushButton*>(QStringLiteral("signInPushButton"))
                ->click();
            QCOMPARE(answers, QList<Prompts::FaultAnswer>{Prompts::FaultAnswer::SignIn});
        }
    }

    // The question's owner goes away (a reconnect ends the apply flow): the dialog closes unanswered.
    void aDialogWhoseContextIsGoneClosesUnanswered()
    {
        QWidget parent;
        parent.show();
        auto context = std::make_unique<QObject>();
        int replies = 0;
        Prompts::showFault(&parent, Fault::make(FaultKind::Service, QStringLiteral("AccessDeniedFault")),
                           context.get(), [&](Prompts::FaultAnswer) { ++replies; });
        QPointer<FaultDialog> dialog = parent.findChild<FaultDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        context.reset();
        QVERIFY(!dialog || !dialog->isVisible());
        QTRY_VERIFY(!dialog);
        QCOMPARE(replies, 0);
    }

    void bothRetryAnswersOccur()
    {
        // The rows above must cover a retryable and a non-retryable fault, or they prove nothing.
        QVERIFY(
            FaultCatalogue::explain(Fault::make(FaultKind::Service, QStringLiteral("ThrottlingException")))
                .retryCanHelp);
        QVERIFY(!FaultCatalogue::explain(Fault::make(FaultKind::Service, QStringLiteral("AccessDeniedFault")))
                     .retryCanHelp);
    }

    void escapeCloses()
    {
        FaultDialog dialog(sampleFault(QStringLiteral("AccessDeniedFault"), QStringLiteral("x")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void enterCloses()
    {
        FaultDialog dialog(sampleFault(QStringLiteral("AccessDeniedFault"), QStringLiteral("x")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Return);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // Close, never Retry, is the default
    }

    void tabReachesEveryControlInOrder()
    {
        FaultDialog dialog(sampleFault(QStringLiteral("ThrottlingException"), QStringLiteral("x")));
        dialog.show();
        dialog.setDetailsShown(true);
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        const QStringList expected = {QStringLiteral("closePushButton"), QStringLiteral("retryPushButton"),
                                      QStringLiteral("detailsToolButton"),
                                      QStringLiteral("detailsPlainTextEdit"),
                                      QStringLiteral("copyDetailsPushButton")};
        dialog.findChild<QWidget*>(expected.first())->setFocus(Qt::TabFocusReason);
        QStringList seen;
        for (int i = 0; i < expected.size(); ++i) {
            seen << (QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : QString());
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        QCOMPARE(seen, expected);
    }

    void widthKeepsTheDetailsReadable()
    {
        FaultDialog dialog(sampleFault(QStringLiteral("AccessDeniedFault"),
                                       QStringLiteral("DMS was denied access to the endpoint.")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setDetailsShown(true);
        QApplication::processEvents();
        // adjustSize() alone shrinks it to ~300 px, cutting the request id off.
        QVERIFY2(dialog.width() >= 560, qPrintable(QString::number(dialog.width())));
        auto* details = dialog.findChild<QPlainTextEdit*>(QStringLiteral("detailsPlainTextEdit"));
        QVERIFY(details);
        QCOMPARE(details->lineWrapMode(), QPlainTextEdit::WidgetWidth);
        QVERIFY(details->height() >= details->fontMetrics().lineSpacing() * 8);
        dialog.setDetailsShown(false);
        QApplication::processEvents();
        QVERIFY(dialog.width() >= 560);
    }

    void everyControlHasAnAccessibleName()
    {
        FaultDialog dialog(sampleFault(QStringLiteral("ThrottlingException"), QStringLiteral("x")));
        const auto widgets = dialog.findChildren<QWidget*>();
        for (QWidget* w : widgets) {
            if (qobject_cast<QPushButton*>(w) || qobject_cast<QToolButton*>(w) ||
                qobject_cast<QPlainTextEdit*>(w))
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
    }

    // Qt 6.4 exposes a label's text only as its accessible name: the name carries the explanation,
    // not only the field's caption.
    void aScreenReaderHearsTheExplanation()
    {
        const Fault f = sampleFault(QStringLiteral("AccessDeniedFault"), QStringLiteral("not allowed"));
        const FaultExplanation e = FaultCatalogue::explain(f);
        FaultDialog dialog(f);
        const auto name = [&dialog](const char* label) {
            return dialog.findChild<QLabel*>(QLatin1String(label))->accessibleName();
        };
        QVERIFY2(name("titleLabel").contains(e.title), qPrintable(name("titleLabel")));
        QVERIFY2(name("causeLabel").contains(e.cause), qPrintable(name("causeLabel")));
        QVERIFY2(name("stepsLabel").contains(e.steps.first()), qPrintable(name("stepsLabel")));
    }

    // A cause naming a 255-character endpoint or project wraps: the dialog and its buttons stay on
    // the screen (the offscreen platform's 800x600).
    void aLongNameKeepsTheDialogOnTheScreen()
    {
        Fault f = sampleFault(QStringLiteral("ConnectionRefused"), QStringLiteral("refused"));
        f.kind = FaultKind::Transport;
        f.endpoint = QString(255, QLatin1Char('x')) + QStringLiteral(".example:443");
        FaultDialog dialog(f);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.setDetailsShown(true);
        QApplication::processEvents();
        const QRect screen = dialog.screen()->availableGeometry();
        QVERIFY2(screen.contains(dialog.frameGeometry()),
                 qPrintable(QStringLiteral("%1x%2")
                                .arg(dialog.frameGeometry().width())
                                .arg(dialog.frameGeometry().height())));
        for (const char* button : {"closePushButton", "retryPushButton"}) {
            auto* b = dialog.findChild<QPushButton*>(QLatin1String(button));
            QVERIFY(b && b->isVisible());
            QVERIFY(screen.contains(QRect(b->mapToGlobal(QPoint(0, 0)), b->size())));
        }
        QVERIFY(dialog.copyText().contains(f.endpoint)); // copied whole, without break marks
    }

    void render()
    {
        const QString dir = qEnvironmentVariable("DMSX_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DMSX_SCREENSHOT_DIR to write the PNG");
        FaultDialog dialog(
            sampleFault(QStringLiteral("AccessDeniedFault"), QStringLiteral("User is not authorized")));
        dialog.show();
        dialog.setDetailsShown(true);
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(dir + QStringLiteral("/fault.png")));
    }
};

QTEST_MAIN(TestFaultDialog)
#include "tst_faultdialog.moc"
