// Prompts::ask: the message box's question without a nested event loop. The caller (a menu
// action, possibly triggered by a screen reader) returns at once; the button chosen comes later.
#include "ScriptedPrompts.h"
#include "widgets/Prompts.h"

#include <QAbstractButton>
#include <QMessageBox>
#include <QPushButton>
#include <QtTest>

#include <memory>
#include <optional>

using namespace dmsx::ui;

class TestPrompts : public QObject
{
    Q_OBJECT

private slots:
    void askWithAnAnswererRepliesLater()
    {
        windowtest::ScriptedPrompts prompts;
        prompts.messageAnswers = {QMessageBox::Yes};
        QObject context;
        std::optional<QMessageBox::StandardButton> answer;
        Prompts::ask(nullptr, QStringLiteral("Title"), QStringLiteral("Text?"),
                     QMessageBox::Yes | QMessageBox::No, QMessageBox::No, &context,
                     [&](QMessageBox::StandardButton a) { answer = a; });
        QCOMPARE(prompts.messages.size(), 1);
        QCOMPARE(prompts.messages.first().text, QStringLiteral("Text?"));
        QVERIFY(!answer); // from the event loop, as a box's answer would come
        QTRY_VERIFY(answer);
        QCOMPARE(*answer, QMessageBox::Yes);
    }

    void askOpensAWindowModalBoxWithoutBlocking()
    {
        QWidget parent;
        parent.show();
        QList<QMessageBox::StandardButton> answers;
        auto ask = [&] {
            Prompts::ask(&parent, QStringLiteral("Sign Out"), QStringLiteral("Sure?"),
                         QMessageBox::Yes | QMessageBox::No, QMessageBox::No, &parent,
                         [&](QMessageBox::StandardButton a) { answers << a; });
        };
        ask();
        auto* box = parent.findChild<QMessageBox*>();
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->windowModality(), Qt::WindowModal);
        QCOMPARE(box->accessibleName(), QStringLiteral("Sign Out"));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::No));
        QVERIFY(answers.isEmpty());
        box->button(QMessageBox::Yes)->click();
        QCOMPARE(answers, QList<QMessageBox::StandardButton>{QMessageBox::Yes});
        QTRY_VERIFY(!parent.findChild<QMessageBox*>()); // deleted once closed

        ask();
        QTest::keyClick(parent.findChild<QMessageBox*>(), Qt::Key_Escape);
        QCOMPARE(answers.last(), QMessageBox::No);
    }

    void aBoxWhoseContextIsGoneClosesUnanswered()
    {
        QWidget parent;
        parent.show();
        auto context = std::make_unique<QObject>();
        bool answered = false;
        Prompts::ask(&parent, QStringLiteral("T"), QStringLiteral("Q?"), QMessageBox::Yes | QMessageBox::No,
                     QMessageBox::No, context.get(), [&](QMessageBox::StandardButton) { answered = true; });
        QVERIFY(parent.findChild<QMessageBox*>());
        context.reset();
        QTRY_VERIFY(!parent.findChild<QMessageBox*>());
        QVERIFY(!answered);
    }
};

QTEST_MAIN(TestPrompts)
#include "tst_prompts.moc"
