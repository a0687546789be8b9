#include "net/RetryStrategy.h"

#include <QTest>

#include <cmath>

using namespace dmsx;

Q_DECLARE_METATYPE(dmsx::RetryClass)
Q_DECLARE_METATYPE(dmsx::FaultKind)

namespace {
Fault fault(FaultKind kind, const QString& code, int status, const QString& message = QString())
{
    Fault f = Fault::make(kind, code, message);
    f.httpStatus = status;
    return f;
}
RetryStrategy::RandomSource constant(double v)
{
    return [v] { return v; };
}
} // namespace

class TestRetryStrategy : public QObject
{
    Q_OBJECT
private slots:
    void classification_data()
    {
        QTest::addColumn<dmsx::FaultKind>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("skewCorrected");
        QTest::addColumn<dmsx::RetryClass>("expected");
        const auto S = FaultKind::Service;
        const QString m;

        QTest::newRow("429 any code")
            << S << QStringLiteral("Whatever") << 429 << m << false << RetryClass::Throttling;
        const char* throttling[] = {"BandwidthLimitExceeded",
                                    "EC2ThrottledException",
                                    "LimitExceededException",
                                    "PriorRequestNotComplete",
                                    "ProvisionedThroughputExceededException",
                                    "RequestLimitExceeded",
                                    "RequestThrottled",
                                    "RequestThrottledException",
                                    "SlowDown",
                                    "ThrottledException",
                                    "Throttling",
                                    "ThrottlingException",
                                    "TooManyRequestsException",
                                    "TransactionInProgressException"};
        for (const char* c : throttling)
            QTest::newRow(c) << S << QString::fromLatin1(c) << 400 << m << false << RetryClass::Throttling;
        QTest::newRow("throttling beats 503")
            << S << QStringLiteral("ThrottlingException") << 503 << m << false << RetryClass::Throttling;
        for (int status : {500, 502, 503, 504})
            QTest::addRow("status %d", status)
                << S << QStringLiteral("Unknown") << status << m << false << RetryClass::Transient;
        QTest::newRow("html 502") << FaultKind::Protocol << QStringLiteral("NonJsonResponse") << 502 << m
                                  << false << RetryClass::Transient;
        QTest::newRow("html 200") << FaultKind::Protocol << QStringLiteral("NonJsonResponse") << 200 << m
                                  << false << RetryClass::None;
        for (const char* c : {"TimeoutError", "RequestTimeout", "RequestTimeoutException"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << 400 << m << false << RetryClass::Transient;
        for (const char* c :
             {"ConnectionRefused", "HostNotFound", "Timeout", "ConnectionReset", "NetworkUnreachable",
              "ProxyConnectionFailed", "ProxyConnectionRefused", "TruncatedResponse"})
            QTest::addRow("transport %s", c)
                << FaultKind::Transport << QString::fromLatin1(c) << 0 << m << false << RetryClass::Transient;
        for (const char* c : {"TlsVerificationFailed", "ProxyAuthenticationRequired", "InvalidResponse"})
            QTest::addRow("transport %s", c)
                << FaultKind::Transport << QString::fromLatin1(c) << 0 << m << false << RetryClass::None;
        QTest::newRow("truncated as protocol") << FaultKind::Protocol << QStringLiteral("TruncatedResponse")
                                               << 200 << m << false << RetryClass::Transient;
        QTest::newRow("invalid response") << FaultKind::Protocol << QStringLiteral("InvalidResponse") << 200
                                          << m << false << RetryClass::None;
        QTest::newRow("501") << S << QStringLiteral("NotImplemented") << 501 << m << false
                             << RetryClass::None;
        QTest::newRow("505") << S << QStringLiteral("Unknown") << 505 << m << false << RetryClass::None;
        const char* dmsFaults[] = {
            "AccessDeniedFault",          "FailedDependencyFault",      "InvalidResourceStateFault",
            "KMSKeyNotAccessibleFault",   "ResourceAlreadyExistsFault", "ResourceNotFoundFault",
            "ResourceQuotaExceededFault", "S3AccessDeniedFault",        "S3ResourceNotFoundFault"};
        for (const char* c : dmsFaults)
            QTest::newRow(c) << S << QString::fromLatin1(c) << 400 << m << false << RetryClass::None;
        for (const char* c : {"AccessDeniedException", "ExpiredTokenException", "UnrecognizedClientException",
                              "ValidationException", "SerializationException"})
            QTest::newRow(c) << S << QString::fromLatin1(c) << 400 << m << false << RetryClass::None;
        QTest::newRow("bad signature") << S << QStringLiteral("InvalidSignatureException") << 403
                                       << QStringLiteral("The request signature we calculated does not match")
                                       << false << RetryClass::None;
        QTest::newRow("signature expired")
            << S << QStringLiteral("InvalidSignatureException") << 400
            << QStringLiteral("Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z")
            << false << RetryClass::Transient;
        QTest::newRow("skew corrected 403")
            << S << QStringLiteral("InvalidSignatureException") << 403 << m << true << RetryClass::Transient;
        QTest::newRow("skew corrected AccessDenied")
            << S << QStringLiteral("AccessDeniedException") << 403 << m << true << RetryClass::Transient;
        QTest::newRow("config never") << FaultKind::Configuration << QStringLiteral("MissingRegion") << 0 << m
                                      << true << RetryClass::None;
        QTest::newRow("cancelled never")
            << FaultKind::Cancelled << QStringLiteral("Cancelled") << 0 << m << false << RetryClass::None;
    }
    void classification()
    {
        QFETCH(dmsx::FaultKind, kind);
        QFETCH(QString, code);
        QFETCH(int, status);
        QFETCH(QString, message);
        QFETCH(bool, skewCorrected);
        QFETCH(dmsx::RetryClass, expected);
        QCOMPARE(RetryStrategy::classify(fault(kind, code, status, message), skewCorrected), expected);
    }

    void ambiguousNonIdempotentIsNotRetried()
    {
        Fault f = fault(FaultKind::Transport, QStringLiteral("Timeout"), 0);
        QCOMPARE(RetryStrategy::classify(f, false), RetryClass::Transient);
        f.requestMayHaveBeenProcessed = true;
        QCOMPARE(RetryStrategy::classify(f, false), RetryClass::None);
    }

    void delays_data()
    {
        QTest::addColumn<dmsx::RetryClass>("cls");
        QTest::addColumn<int>("retryIndex");
        QTest::addColumn<double>("random");
        QTest::addColumn<qint64>("hint");
        QTest::addColumn<qint64>("expected");
        // floor(rand * min(base * 2^i, 20000)), base 1000 throttling / 50 otherwise
        QTest::newRow("thr i0 0.5") << RetryClass::Throttling << 0 << 0.5 << qint64(-1) << qint64(500);
        QTest::newRow("thr i1 0.5") << RetryClass::Throttling << 1 << 0.5 << qint64(-1) << qint64(1000);
        QTest::newRow("thr i1 0.999") << RetryClass::Throttling << 1 << 0.999 << qint64(-1) << qint64(1998);
        QTest::newRow("thr i4 0.999") << RetryClass::Throttling << 4 << 0.999 << qint64(-1) << qint64(15984);
        QTest::newRow("thr i5 capped") << RetryClass::Throttling << 5 << 0.999 << qint64(-1) << qint64(19980);
        QTest::newRow("thr i40 capped") << RetryClass::Throttling << 40 << 0.5 << qint64(-1) << qint64(10000);
        QTest::newRow("tr i0 0.5") << RetryClass::Transient << 0 << 0.5 << qint64(-1) << qint64(25);
        QTest::newRow("tr i0 0.999") << RetryClass::Transient << 0 << 0.999 << qint64(-1) << qint64(49);
        QTest::newRow("tr i3 0.999") << RetryClass::Transient << 3 << 0.999 << qint64(-1) << qint64(399);
        QTest::newRow("tr i9 capped") << RetryClass::Transient << 9 << 0.999 << qint64(-1) << qint64(19980);
        QTest::newRow("rand 0") << RetryClass::Transient << 2 << 0.0 << qint64(-1) << qint64(0);
        // max(computed, min(hint, computed + 5000))
        QTest::newRow("hint below computed")
            << RetryClass::Throttling << 0 << 0.5 << qint64(100) << qint64(500);
        QTest::newRow("hint within +5s")
            << RetryClass::Throttling << 0 << 0.5 << qint64(3000) << qint64(3000);
        QTest::newRow("hint clamped to +5s")
            << RetryClass::Throttling << 0 << 0.5 << qint64(60000) << qint64(5500);
        QTest::newRow("hint 0") << RetryClass::Transient << 0 << 0.5 << qint64(0) << qint64(25);
    }
    void delays()
    {
        QFETCH(dmsx::RetryClass, cls);
        QFETCH(int, retryIndex);
        QFETCH(double, random);
        QFETCH(qint64, hint);
        QFETCH(qint64, expected);
        QCOMPARE(RetryStrategy::computeDelayMs(cls, retryIndex, random, hint), expected);

        // The same through acquireRetry with an injected random source.
        RetryStrategy s(100, constant(random));
        Fault f = fault(FaultKind::Service, QStringLiteral("X"), 500);
        f.retryAfterMs = hint;
        qint64 delay = -7;
        QVERIFY(s.acquireRetry(cls, f, retryIndex, &delay));
        QCOMPARE(delay, expected);
    }

    void defaultRandomStaysInRange()
    {
        RetryStrategy s;
        const Fault f = fault(FaultKind::Service, QStringLiteral("X"), 503);
        for (int i = 0; i < 20; ++i) {
            qint64 delay = -1;
            QVERIFY(s.acquireRetry(RetryClass::Transient, f, 1, &delay));
            QVERIFY(delay >= 0 && delay < 100);
            s.recordSuccess();
        }
    }

    void maxAttemptsLimitsRetries()
    {
        RetryStrategy s(3, constant(0.5));
        QCOMPARE(s.maxAttempts(), 3);
        const Fault f = fault(FaultKind::Service, QStringLiteral("X"), 503);
        qint64 d = 0;
        QVERIFY(s.acquireRetry(RetryClass::Transient, f, 0, &d));
        QVERIFY(s.acquireRetry(RetryClass::Transient, f, 1, &d));
        const int quota = s.quota();
        QVERIFY(!s.acquireRetry(RetryClass::Transient, f, 2, &d)); // a 4th attempt
        QCOMPARE(s.quota(), quota);
        QVERIFY(!s.acquireRetry(RetryClass::None, f, 0, &d));
        QCOMPARE(s.quota(), quota);
        RetryStrategy once(1, constant(0.5));
        QVERIFY(!once.acquireRetry(RetryClass::Transient, f, 0, &d));
        RetryStrategy fiveTimes(5, constant(0.5));
        QVERIFY(fiveTimes.acquireRetry(RetryClass::Transient, f, 3, &d));
        QVERIFY(!fiveTimes.acquireRetry(RetryClass::Transient, f, 4, &d));
    }

    void quotaDrainsAndRefunds()
    {
        RetryStrategy s(3, constant(0.5));
        const Fault f = fault(FaultKind::Service, QStringLiteral("X"), 503);
        qint64 d = 0;
        QCOMPARE(s.quota(), 500);
        // 35 transient retries cost 490; the 36th (14 more) can't be paid.
        for (int i = 0; i < 35; ++i)
            QVERIFY(s.acquireRetry(RetryClass::Transient, f, 0, &d));
        QCOMPARE(s.quota(), 10);
        d = -5;
        QVERIFY(!s.acquireRetry(RetryClass::Transient, f, 0, &d));
        QCOMPARE(s.quota(), 10); // unchanged when refused
        QCOMPARE(d, qint64(-5));
        // A throttling retry (5) still fits twice.
        QVERIFY(s.acquireRetry(RetryClass::Throttling, f, 0, &d));
        QVERIFY(s.acquireRetry(RetryClass::Throttling, f, 0, &d));
        QCOMPARE(s.quota(), 0);
        QVERIFY(!s.acquireRetry(RetryClass::Throttling, f, 0, &d));
        // Success refunds the last retry's cost once, then +1 per success.
        s.recordSuccess();
        QCOMPARE(s.quota(), 5);
        s.recordSuccess();
        QCOMPARE(s.quota(), 6);
        QVERIFY(s.acquireRetry(RetryClass::Throttling, f, 0, &d));
        QCOMPARE(s.quota(), 1);
        s.recordSuccess();
        QCOMPARE(s.quota(), 6);
    }

    void quotaCappedAt500()
    {
        RetryStrategy s(3, constant(0.5));
        s.recordSuccess();
        QCOMPARE(s.quota(), 500);
        const Fault f = fault(FaultKind::Service, QStringLiteral("X"), 503);
        qint64 d = 0;
        QVERIFY(s.acquireRetry(RetryClass::Transient, f, 0, &d));
        QCOMPARE(s.quota(), 486);
        s.recordSuccess();
        QCOMPARE(s.quota(), 500);
        s.recordSuccess();
        QCOMPARE(s.quota(), 500);
    }
};

QTEST_GUILESS_MAIN(TestRetryStrategy)
#include "tst_retrystrategy.moc"
