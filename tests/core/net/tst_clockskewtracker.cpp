#include "net/ClockSkewTracker.h"

#include <QTest>

using namespace dmsx;

namespace {
QDateTime t0()
{
    return QDateTime(QDate(2026, 1, 9), QTime(12, 0, 0), Qt::UTC);
}
Fault fault(const QString& code, const QString& message = QString())
{
    return Fault::make(FaultKind::Service, code, message);
}
} // namespace

class TestClockSkewTracker : public QObject
{
    Q_OBJECT
private slots:
    void offsetFromDate()
    {
        ClockSkewTracker t;
        QCOMPARE(t.offsetMs(), qint64(0));
        // A successful response only moves the offset; it is never "corrected".
        QVERIFY(!t.update(t0().addSecs(3600), t0(), 200, false, false));
        QCOMPARE(t.offsetMs(), qint64(3600000));
        ManualClock clock(t0());
        QCOMPARE(t.correctedNow(clock), t0().addSecs(3600));
        QVERIFY(!t.update(t0().addSecs(-7200), t0(), 200, false, false));
        QCOMPARE(t.offsetMs(), qint64(-7200000));
        QCOMPARE(t.correctedNow(clock), t0().addSecs(-7200));
    }

    void ignoredInputs()
    {
        ClockSkewTracker t;
        QVERIFY(!t.update(t0().addSecs(3600), t0(), 200, true, true)); // Age: a cache answered
        QCOMPARE(t.offsetMs(), qint64(0));
        QVERIFY(!t.update(t0().addSecs(3600), t0(), 15 * 60 * 1000, false, true)); // too slow
        QCOMPARE(t.offsetMs(), qint64(0));
        QVERIFY(!t.update(QDateTime(), t0(), 10, false, true)); // no Date
        QCOMPARE(t.offsetMs(), qint64(0));
        // Just under 15 min still counts.
        QVERIFY(t.update(t0().addSecs(3600), t0(), 15 * 60 * 1000 - 1, false, true));
        QCOMPARE(t.offsetMs(), qint64(3600000));
    }

    void fourMinuteThreshold_data()
    {
        QTest::addColumn<qint64>("skewMs");
        QTest::addColumn<bool>("corrected");
        QTest::newRow("3m59s ahead") << qint64(239000) << false;
        QTest::newRow("4m ahead") << qint64(240000) << true;
        QTest::newRow("4m behind") << qint64(-240000) << true;
        QTest::newRow("1h ahead") << qint64(3600000) << true;
        QTest::newRow("1h behind") << qint64(-3600000) << true;
        QTest::newRow("2s") << qint64(2000) << false;
    }
    void fourMinuteThreshold()
    {
        QFETCH(qint64, skewMs);
        QFETCH(bool, corrected);
        ClockSkewTracker t;
        QCOMPARE(t.update(t0().addMSecs(skewMs), t0(), 100, false, true), corrected);
        QCOMPARE(t.offsetMs(), skewMs); // the offset is kept either way
    }

    void changedOffsetRule()
    {
        ClockSkewTracker t;
        QVERIFY(t.update(t0().addSecs(3600), t0(), 100, false, true));
        // Same skew again: nothing new was learnt, so a retry would not help.
        QVERIFY(!t.update(t0().addSecs(3600 + 5), t0().addSecs(5), 100, false, true));
        // Sub-second jitter of the 1 s Date header is not a change.
        QVERIFY(!t.update(t0().addMSecs(3600000 + 600), t0(), 100, false, true));
        // A real change is.
        QVERIFY(t.update(t0().addSecs(1800), t0(), 100, false, true));
        QCOMPARE(t.offsetMs(), qint64(1800000));
        // A success that learns the skew first means the later error is not "corrected".
        ClockSkewTracker u;
        QVERIFY(!u.update(t0().addSecs(3600), t0(), 100, false, false));
        QVERIFY(!u.update(t0().addSecs(3600), t0(), 100, false, true));
    }

    void aServerYearsAwayIsNotBelieved()
    {
        ClockSkewTracker t;
        QVERIFY(!t.update(t0().addYears(30), t0(), 100, false, true));
        QCOMPARE(t.offsetMs(), qint64(0));
        QCOMPARE(t.measuredOffsetMs(), t0().msecsTo(t0().addYears(30))); // still known for diagnose
        QVERIFY(!t.update(t0().addYears(-300), t0(), 100, false, true));
        QCOMPARE(t.offsetMs(), qint64(0));
        // Within the bound a week off is corrected as before.
        QVERIFY(t.update(t0().addDays(6), t0(), 100, false, true));
        QCOMPARE(t.offsetMs(), qint64(6) * 24 * 3600 * 1000);
        QVERIFY(!t.update(t0().addMSecs(ClockSkewTracker::kMaxOffsetMs + 1000), t0(), 100, false, true));
        QCOMPARE(t.offsetMs(), qint64(6) * 24 * 3600 * 1000); // the last believable one stays
    }

    void disabledSwitch()
    {
        ClockSkewTracker t;
        t.setDisabled(true);
        QVERIFY(t.isDisabled());
        QVERIFY(!t.update(t0().addSecs(3600), t0(), 100, false, true));
        QCOMPARE(t.offsetMs(), qint64(0));
        QCOMPARE(t.measuredOffsetMs(), qint64(3600000)); // still known for the UI
        ManualClock clock(t0());
        QCOMPARE(t.correctedNow(clock), t0());
        t.setDisabled(false);
        QVERIFY(t.update(t0().addSecs(3600), t0(), 100, false, true));
        QCOMPARE(t.correctedNow(clock), t0().addSecs(3600));
    }

    void clockSkewErrors_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("expected");
        for (const char* c :
             {"AccessDeniedException", "AuthFailure", "InvalidSignatureException", "RequestExpired",
              "RequestInTheFuture", "RequestTimeTooSkewed", "SignatureDoesNotMatch"})
            QTest::newRow(c) << QString::fromLatin1(c) << QString() << true;
        QTest::newRow("expired text")
            << QStringLiteral("Other") << QStringLiteral("Signature expired: 20260101T000000Z is now earlier")
            << true;
        QTest::newRow("not yet current")
            << QStringLiteral("Other") << QStringLiteral("Signature not yet current: 20260101T000000Z")
            << true;
        QTest::newRow("throttling") << QStringLiteral("ThrottlingException")
                                    << QStringLiteral("Rate exceeded") << false;
        QTest::newRow("dms fault") << QStringLiteral("AccessDeniedFault") << QString() << false;
    }
    void clockSkewErrors()
    {
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(bool, expected);
        QCOMPARE(ClockSkewTracker::isClockSkewError(fault(code, message)), expected);
    }

    void httpDates_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime rfc(QDate(1994, 11, 6), QTime(8, 49, 37), Qt::UTC);
        QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << rfc;
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << rfc;
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << rfc;
        QTest::newRow("asctime 2 digits") << QByteArray("Fri Jan 09 12:00:00 2026") << t0();
        QTest::newRow("IMF 2026") << QByteArray("Fri, 09 Jan 2026 12:00:00 GMT") << t0();
        QTest::newRow("RFC 850 2026") << QByteArray("Friday, 09-Jan-26 12:00:00 GMT") << t0();
        QTest::newRow("surrounding space") << QByteArray("  Fri, 09 Jan 2026 12:00:00 GMT ") << t0();
        QTest::newRow("lower-case month") << QByteArray("Fri, 09 jan 2026 12:00:00 GMT") << t0();
        QTest::newRow("bad month") << QByteArray("Fri, 09 Foo 2026 12:00:00 GMT") << QDateTime();
        QTest::newRow("bad day") << QByteArray("Fri, 32 Jan 2026 12:00:00 GMT") << QDateTime();
        QTest::newRow("bad hour") << QByteArray("Fri, 09 Jan 2026 25:00:00 GMT") << QDateTime();
        QTest::newRow("iso") << QByteArray("2026-01-09T12:00:00Z") << QDateTime();
        QTest::newRow("empty") << QByteArray() << QDateTime();
        QTest::newRow("no zone") << QByteArray("Fri, 09 Jan 2026 12:00:00") << QDateTime();
    }
    void httpDates()
    {
        QFETCH(QByteArray, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = ClockSkewTracker::parseHttpDate(text);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(parsed, expected);
            QCOMPARE(parsed.timeSpec(), Qt::UTC);
        }
    }
};

QTEST_GUILESS_MAIN(TestClockSkewTracker)
#include "tst_clockskewtracker.moc"
