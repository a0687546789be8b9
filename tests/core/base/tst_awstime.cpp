#include "base/AwsTime.h"

#include <QJsonValue>
#include <QTest>

using namespace dmsx;

class TestAwsTime : public QObject
{
    Q_OBJECT
private slots:
    void parsesValidForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("msecs");
        // 2026-01-09T12:30:00Z == 1767961800 s
        const qint64 base = 1767961800000LL;
        QTest::newRow("no fraction") << QStringLiteral("2026-01-09T12:30:00Z") << base;
        QTest::newRow("1 digit") << QStringLiteral("2026-01-09T12:30:00.5Z") << base + 500;
        QTest::newRow("3 digits") << QStringLiteral("2026-01-09T12:30:00.123Z") << base + 123;
        QTest::newRow("6 digits") << QStringLiteral("2026-01-09T12:30:00.123456Z") << base + 123;
        QTest::newRow("9 digits") << QStringLiteral("2026-01-09T12:30:00.999999999Z") << base + 999;
        QTest::newRow("lower-case t and z") << QStringLiteral("2026-01-09t12:30:00z") << base;
        QTest::newRow("plus offset") << QStringLiteral("2026-01-09T14:30:00+02:00") << base;
        QTest::newRow("minus offset") << QStringLiteral("2026-01-09T07:00:00-05:30") << base;
        QTest::newRow("offset without colon") << QStringLiteral("2026-01-09T13:30:00.250+0100") << base + 250;
        QTest::newRow("zero offset") << QStringLiteral("2026-01-09T12:30:00-00:00") << base;
        QTest::newRow("crosses day") << QStringLiteral("2026-01-10T01:30:00+13:00") << base;
        QTest::newRow("leap day") << QStringLiteral("2024-02-29T00:00:00Z") << 1709164800000LL;
        QTest::newRow("leap second") << QStringLiteral("2016-12-31T23:59:60Z") << 1483228800000LL;
    }
    void parsesValidForms()
    {
        QFETCH(QString, text);
        QFETCH(qint64, msecs);
        const QDateTime t = AwsTime::parseIso8601(text);
        QVERIFY2(t.isValid(), qPrintable(text));
        QCOMPARE(t.toMSecsSinceEpoch(), msecs);
        QCOMPARE(t.timeSpec(), Qt::UTC);
    }

    void rejectsInvalidForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("no zone") << QStringLiteral("2026-01-09T12:30:00");
        QTest::newRow("10 fraction digits") << QStringLiteral("2026-01-09T12:30:00.1234567890Z");
        QTest::newRow("dot without digits") << QStringLiteral("2026-01-09T12:30:00.Z");
        QTest::newRow("month 13") << QStringLiteral("2026-13-09T12:30:00Z");
        QTest::newRow("feb 30") << QStringLiteral("2026-02-30T12:30:00Z");
        QTest::newRow("hour 24") << QStringLiteral("2026-01-09T24:00:00Z");
        QTest::newRow("minute 60") << QStringLiteral("2026-01-09T12:60:00Z");
        QTest::newRow("offset hour 24") << QStringLiteral("2026-01-09T12:30:00+24:00");
        QTest::newRow("trailing junk") << QStringLiteral("2026-01-09T12:30:00Zjunk");
        QTest::newRow("short year") << QStringLiteral("26-01-09T12:30:00Z");
        QTest::newRow("date only") << QStringLiteral("2026-01-09");
        QTest::newRow("letters") << QStringLiteral("2026-0a-09T12:30:00Z");
        // Found by fuzz_aws_time: the offset moves these out of years 1-9999 in UTC, where
        // formatIso8601 wrote "10000-01-01T00:59:59.000000Z" that nothing could read back.
        QTest::newRow("offset past year 9999") << QStringLiteral("9999-12-31T23:59:59-01:00");
        QTest::newRow("offset before year 1") << QStringLiteral("0001-01-01T00:00:00+01:00");
    }
    void rejectsInvalidForms()
    {
        QFETCH(QString, text);
        QVERIFY2(!AwsTime::parseIso8601(text).isValid(), qPrintable(text));
    }

    void epochSeconds()
    {
        QCOMPARE(AwsTime::fromEpochSeconds(1700000000.123).toMSecsSinceEpoch(), 1700000000123LL);
        QCOMPARE(AwsTime::fromJson(QJsonValue(1700000000)).toMSecsSinceEpoch(), 1700000000000LL);
        QCOMPARE(AwsTime::fromJson(QJsonValue(QStringLiteral("2023-11-14T22:13:20Z"))).toMSecsSinceEpoch(),
                 1700000000000LL);
        QVERIFY(!AwsTime::fromJson(QJsonValue(QJsonValue::Null)).isValid());
        QVERIFY(!AwsTime::fromJson(QJsonValue(true)).isValid());
    }

    void formatsWithSixDigits()
    {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(1767961800123LL, Qt::UTC);
        QCOMPARE(AwsTime::formatIso8601(t), QStringLiteral("2026-01-09T12:30:00.123000Z"));
        // A non-UTC input is converted, not relabelled.
        QCOMPARE(AwsTime::formatIso8601(t.toOffsetFromUtc(7200)),
                 QStringLiteral("2026-01-09T12:30:00.123000Z"));
        QVERIFY(AwsTime::formatIso8601(QDateTime()).isEmpty());
    }

    void roundTrips()
    {
        const QString s = QStringLiteral("2024-05-01T10:20:30.123000Z");
        QCOMPARE(AwsTime::formatIso8601(AwsTime::parseIso8601(s)), s);
    }

    void keepsTheEdgesOfTheYearRange()
    {
        const QDateTime last = AwsTime::parseIso8601(QStringLiteral("9999-12-31T23:59:59.999Z"));
        QCOMPARE(AwsTime::formatIso8601(last), QStringLiteral("9999-12-31T23:59:59.999000Z"));
        const QDateTime first = AwsTime::parseIso8601(QStringLiteral("0001-01-01T01:00:00+01:00"));
        QCOMPARE(AwsTime::formatIso8601(first), QStringLiteral("0001-01-01T00:00:00.000000Z"));
    }
};

QTEST_GUILESS_MAIN(TestAwsTime)
#include "tst_awstime.moc"
