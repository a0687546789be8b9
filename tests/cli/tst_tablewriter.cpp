#include "cli/TableWriter.h"

#include <QTest>
#include <QTextStream>

using namespace dmsx::cli;

class TestTableWriter : public QObject
{
    Q_OBJECT
private slots:
    void displayWidth_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("columns");
        QTest::newRow("ascii") << QStringLiteral("sales") << 5;
        QTest::newRow("cjk") << QStringLiteral("販売データ") << 10;
        QTest::newRow("hangul") << QStringLiteral("마이그레이션") << 12;
        QTest::newRow("fullwidth") << QStringLiteral("ＡＢ") << 4;
        QTest::newRow("combining marks") << QStringLiteral("e\u0301te\u0301") << 3; // "été", decomposed
        QTest::newRow("emoji") << QStringLiteral("db \U0001F680") << 5;
        QTest::newRow("latin accents") << QStringLiteral("prêt") << 4;
    }
    void displayWidth()
    {
        QFETCH(QString, text);
        QFETCH(int, columns);
        QCOMPARE(TableWriter::displayWidth(text), qsizetype(columns));
    }

    void columnsLineUpOnATerminal()
    {
        TableWriter table({QStringLiteral("NAME"), QStringLiteral("STATUS")});
        table.addRow({QStringLiteral("販売データ"), QStringLiteral("ok")});
        table.addRow({QStringLiteral("e\u0301te\u0301"), QStringLiteral("ok")});
        table.addRow({QStringLiteral("plain"), QStringLiteral("ok")});
        QString text;
        QTextStream out(&text);
        table.write(out);
        out.flush();
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        // STATUS starts in the same terminal column on every line.
        for (const QString& line : lines) {
            const qsizetype at = line.lastIndexOf(QLatin1String("  ")) + 2;
            QCOMPARE(TableWriter::displayWidth(line.left(at)), qsizetype(12));
        }
    }

    void serverTextCannotMoveTheCursorOrBreakARow()
    {
        TableWriter table({QStringLiteral("NAME"), QStringLiteral("ERROR")});
        table.addRow({QStringLiteral("a\x1b[2Jb"), QStringLiteral("line1\r\nline2\tend\u202e")});
        QString text;
        QTextStream out(&text);
        table.write(out);
        out.flush();
        QVERIFY(!text.contains(QChar(0x1b)));
        QVERIFY(!text.contains(QLatin1Char('\r')));
        QVERIFY(!text.contains(QLatin1Char('\t')));
        QVERIFY(!text.contains(QChar(0x202e)));
        QCOMPARE(text.count(QLatin1Char('\n')), 2); // the header and one row
        QVERIFY2(text.contains(QLatin1String("a\\x1b[2Jb")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("line1\\x0d\\x0aline2\\x09end\\u202e")), qPrintable(text));
    }

    // --output text: a tab between cells and nowhere else, one line a row, no header, and an
    // empty cell "None" so `read` with a tab IFS keeps the columns apart.
    void textIsOneTabSeparatedLineARow()
    {
        TableWriter table({QStringLiteral("NAME"), QStringLiteral("ROLE"), QStringLiteral("ERROR")});
        table.addRow({QStringLiteral("erp"), QString(), QStringLiteral("a\tb\nc")});
        table.addRow({QStringLiteral("hr"), QStringLiteral("r"), QStringLiteral("-")});
        QString text;
        QTextStream out(&text);
        table.writeText(out);
        out.flush();
        QCOMPARE(text, QStringLiteral("erp\tNone\ta\\x09b\\x0ac\nhr\tr\t-\n"));
    }
};

QTEST_GUILESS_MAIN(TestTableWriter)
#include "tst_tablewriter.moc"
