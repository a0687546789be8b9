// LongText: a name without spaces wraps in a label, and what is copied or read aloud is the name
// as it was.
#include "widgets/LongText.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QTest>

using namespace dmsx::ui;

class TestLongText : public QObject
{
    Q_OBJECT
private slots:
    void breaksAtSeparatorsElseEveryChunk()
    {
        const QString zwsp(QChar(0x200B));
        QCOMPARE(LongText::breakable(QStringLiteral("arn:aws:iam::111122223333:user/dms")),
                 QStringLiteral("arn:") + zwsp + QStringLiteral("aws:") + zwsp + QStringLiteral("iam:") +
                     zwsp + QStringLiteral(":") + zwsp + QStringLiteral("111122223333:") + zwsp +
                     QStringLiteral("user/") + zwsp + QStringLiteral("dms"));
        QCOMPARE(LongText::breakable(QStringLiteral("abcdefghij"), 4),
                 QStringLiteral("abcd") + zwsp + QStringLiteral("efgh") + zwsp + QStringLiteral("ij"));
        // Words that fit are left alone.
        QCOMPARE(LongText::breakable(QStringLiteral("erp-migration wave2")),
                 QStringLiteral("erp-migration wave2"));
        const QString name =
            QString(120, QLatin1Char('a')) + QStringLiteral("_") + QString(134, QLatin1Char('b'));
        QCOMPARE(LongText::plain(LongText::breakable(name)), name);
    }

    void elidedKeepsBothEndsWithinTheLimit()
    {
        const QString name = QString(200, QLatin1Char('a')) + QStringLiteral("_wave4_tail");
        const QString e = LongText::elided(name, 40);
        QCOMPARE(e.size(), 40);
        QVERIFY(e.startsWith(QStringLiteral("aaaa")));
        QVERIFY(e.endsWith(QStringLiteral("_wave4_tail")));
        QCOMPARE(e.count(QChar(0x2026)), 1);
        QCOMPARE(LongText::elided(QStringLiteral("erp-migration"), 40), QStringLiteral("erp-migration"));
    }

    void aLabelWrapsAndCopiesThePlainText()
    {
        const QString name = QString(255, QLatin1Char('x'));
        QLabel label;
        label.setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        LongText::show(&label, name);
        label.resize(200, 400);
        label.show();
        QVERIFY(QTest::qWaitForWindowExposed(&label));
        QVERIFY(label.wordWrap());
        QVERIFY(label.minimumSizeHint().width() < 200);
        QCOMPARE(LongText::shown(&label), name);
        QVERIFY(LongText::plain(label.toolTip()).contains(name));
        QApplication::clipboard()->clear();
        label.setFocus();
        QTest::keyClick(&label, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), name);
    }
};

QTEST_MAIN(TestLongText)
#include "tst_longtext.moc"
