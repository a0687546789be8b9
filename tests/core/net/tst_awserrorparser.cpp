#include "net/AwsErrorParser.h"

#include <QTest>

using namespace dmsx;

Q_DECLARE_METATYPE(dmsx::HeaderList)
Q_DECLARE_METATYPE(dmsx::FaultKind)

namespace {
QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 1, 9), QTime(12, 0, 0), Qt::UTC);
}
// Bodies are written with ' for " to keep them readable (moc trips over raw strings here).
QByteArray json(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}
HeaderList rid(const QByteArray& name = "x-amzn-RequestId", const QByteArray& value = "rid-123")
{
    return {{name, value}, {"Content-Type", "application/x-amz-json-1.1"}};
}
} // namespace

class TestAwsErrorParser : public QObject
{
    Q_OBJECT
private slots:
    void errorForms_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<dmsx::FaultKind>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("requestId");

        const QString none;
        QTest::newRow("bare __type") << 400 << rid()
                                     << json("{'__type':'ResourceNotFoundFault','message':'gone'}")
                                     << FaultKind::Service << QStringLiteral("ResourceNotFoundFault")
                                     << QStringLiteral("gone") << QStringLiteral("rid-123");
        QTest::newRow("namespace#Name")
            << 400 << rid()
            << json("{'__type':'com.amazon.coral.service#ExpiredTokenException','message':'The security "
                    "token included in the request is expired'}")
            << FaultKind::Service << QStringLiteral("ExpiredTokenException")
            << QStringLiteral("The security token included in the request is expired")
            << QStringLiteral("rid-123");
        QTest::newRow("Name:http://") << 400 << rid()
                                      << json("{'__type':'ResourceNotFoundFault:http://internal.amazon.com/"
                                              "coral/com.amazonaws.dms/','message':'m'}")
                                      << FaultKind::Service << QStringLiteral("ResourceNotFoundFault")
                                      << QStringLiteral("m") << QStringLiteral("rid-123");
        QTest::newRow("ns#Name:http:// with comma")
            << 400 << rid()
            << json("{'__type':'com.amazonaws.dms#AccessDeniedFault:http://x/,extra','message':'m'}")
            << FaultKind::Service << QStringLiteral("AccessDeniedFault") << QStringLiteral("m")
            << QStringLiteral("rid-123");
        QTest::newRow("capital Message")
            << 400 << rid()
            << json("{'__type':'com.amazon.coral.validate#SerializationException','Message':'bad body'}")
            << FaultKind::Service << QStringLiteral("SerializationException") << QStringLiteral("bad body")
            << QStringLiteral("rid-123");
        QTest::newRow("message wins over Message")
            << 400 << rid() << json("{'__type':'X','Message':'second','message':'first'}")
            << FaultKind::Service << QStringLiteral("X") << QStringLiteral("first")
            << QStringLiteral("rid-123");
        QTest::newRow("no message") << 400 << rid() << json("{'__type':'InvalidResourceStateFault'}")
                                    << FaultKind::Service << QStringLiteral("InvalidResourceStateFault")
                                    << none << QStringLiteral("rid-123");
        QTest::newRow("header only")
            << 403
            << HeaderList{{"X-Amzn-ErrorType",
                           "UnrecognizedClientException:http://internal.amazon.com/coral/"},
                          {"x-amzn-requestid", "rid-h"}}
            << QByteArray("{}") << FaultKind::Service << QStringLiteral("UnrecognizedClientException") << none
            << QStringLiteral("rid-h");
        QTest::newRow("__type beats header")
            << 400 << HeaderList{{"x-amzn-ErrorType", "FromHeader"}}
            << json("{'__type':'FromBody','message':'m'}") << FaultKind::Service << QStringLiteral("FromBody")
            << QStringLiteral("m") << none;
        QTest::newRow("code key") << 400 << rid() << json("{'code':'ThrottlingException','message':'slow'}")
                                  << FaultKind::Service << QStringLiteral("ThrottlingException")
                                  << QStringLiteral("slow") << QStringLiteral("rid-123");
        QTest::newRow("Code key any case")
            << 400 << HeaderList{{"x-amzn-ErrorType", "FromHeader"}}
            << json("{'CODE':'ns#ValidationException','message':'too long'}") << FaultKind::Service
            << QStringLiteral("ValidationException") << QStringLiteral("too long") << none;
        QTest::newRow("empty body with header")
            << 503
            << HeaderList{{"x-amzn-ErrorType", "ServiceUnavailableException"}, {"x-amz-request-id", "r3"}}
            << QByteArray() << FaultKind::Service << QStringLiteral("ServiceUnavailableException") << none
            << QStringLiteral("r3");
        QTest::newRow("empty body") << 500 << rid() << QByteArray() << FaultKind::Service
                                    << QStringLiteral("Unknown") << none << QStringLiteral("rid-123");
        QTest::newRow("whitespace body") << 500 << rid() << QByteArray(" \r\n") << FaultKind::Service
                                         << QStringLiteral("Unknown") << none << QStringLiteral("rid-123");
        QTest::newRow("HTML 502")
            << 502 << HeaderList{{"Content-Type", "text/html"}}
            << QByteArray("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            << FaultKind::Protocol << QStringLiteral("NonJsonResponse") << QStringLiteral("*") << none;
        QTest::newRow("JSON array body")
            << 400 << rid() << json("[{'__type':'Hidden'}]") << FaultKind::Service
            << QStringLiteral("Unknown") << none << QStringLiteral("rid-123");
        QTest::newRow("JSON string body") << 400 << rid() << json("'oops'") << FaultKind::Service
                                          << QStringLiteral("Unknown") << none << QStringLiteral("rid-123");
        QTest::newRow("extra resourceArn")
            << 400 << rid()
            << json("{'__type':'ResourceAlreadyExistsFault','message':'exists','resourceArn':'arn:aws:dms:us-"
                    "east-1:1:x'}")
            << FaultKind::Service << QStringLiteral("ResourceAlreadyExistsFault") << QStringLiteral("exists")
            << QStringLiteral("rid-123");
        QTest::newRow("x-amzn-request-id")
            << 400 << rid("x-amzn-request-id", "rid-b") << json("{'__type':'A'}") << FaultKind::Service
            << QStringLiteral("A") << none << QStringLiteral("rid-b");
        QTest::newRow("x-amz-request-id")
            << 400 << rid("x-amz-request-id", "rid-c") << json("{'__type':'A'}") << FaultKind::Service
            << QStringLiteral("A") << none << QStringLiteral("rid-c");
        QTest::newRow("RequestId preferred") << 400
                                             << HeaderList{{"x-amz-request-id", "third"},
                                                           {"x-amzn-request-id", "second"},
                                                           {"X-AMZN-REQUESTID", "first"}}
                                             << json("{'__type':'A'}") << FaultKind::Service
                                             << QStringLiteral("A") << none << QStringLiteral("first");
        QTest::newRow("no code anywhere")
            << 400 << rid() << json("{'message':'who knows'}") << FaultKind::Service
            << QStringLiteral("Unknown") << QStringLiteral("who knows") << QStringLiteral("rid-123");
    }
    void errorForms()
    {
        QFETCH(int, status);
        QFETCH(HeaderList, headers);
        QFETCH(QByteArray, body);
        QFETCH(dmsx::FaultKind, kind);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(QString, requestId);

        const Fault f = AwsErrorParser::parse(status, headers, body, fixedNow());
        QCOMPARE(f.kind, kind);
        QCOMPARE(f.code, code);
        if (message == QLatin1String("*"))
            QVERIFY(!f.message.isEmpty());
        else
            QCOMPARE(f.message, message);
        QCOMPARE(f.requestId, requestId);
        QCOMPARE(f.httpStatus, status);
        QCOMPARE(f.rawBody, body);
        QCOMPARE(f.time, fixedNow());
    }

    void htmlKeepsStatusAndNamesPage()
    {
        const Fault f =
            AwsErrorParser::parse(504, {{"content-type", "text/html"}},
                                  QByteArray("<html><title>504 Gateway Time-out</title></html>"), fixedNow());
        QCOMPARE(f.kind, FaultKind::Protocol);
        QCOMPARE(f.httpStatus, 504);
        QVERIFY2(f.message.contains(QLatin1String("504 Gateway Time-out")), qPrintable(f.message));
    }

    void extraMembersInDetail()
    {
        const Fault f = AwsErrorParser::parse(
            400, {},
            json("{'__type':'ResourceAlreadyExistsFault','message':'m','resourceArn':'arn:aws:dms:x'}"),
            fixedNow());
        QVERIFY2(f.detail.contains(QLatin1String("resourceArn: arn:aws:dms:x")), qPrintable(f.detail));
        QVERIFY(!f.detail.contains(QLatin1String("__type")));
    }

    void messageIsRedacted()
    {
        const Fault f =
            AwsErrorParser::parse(400, {},
                                  json("{'__type':'X','message':'bad key AKIAIOSFODNN7EXAMPLE secret "
                                       "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}"),
                                  fixedNow());
        QVERIFY(!f.message.contains(QLatin1String("AKIAIOSFODNN7EXAMPLE")));
        QVERIFY(!f.message.contains(QLatin1String("wJalrXUtnFEMI")));
        QVERIFY(f.message.startsWith(QLatin1String("bad key AKIA")));
    }

    void sanitize_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("clean");
        QTest::newRow("bare") << QStringLiteral("Foo") << QStringLiteral("Foo");
        QTest::newRow("hash") << QStringLiteral("a.b.c#Foo") << QStringLiteral("Foo");
        QTest::newRow("colon") << QStringLiteral("Foo:http://x/y") << QStringLiteral("Foo");
        QTest::newRow("comma") << QStringLiteral("Foo,Bar") << QStringLiteral("Foo");
        QTest::newRow("all") << QStringLiteral("ns#Foo:http://a#b,c") << QStringLiteral("Foo");
        QTest::newRow("empty") << QString() << QString();
    }
    void sanitize()
    {
        QFETCH(QString, raw);
        QFETCH(QString, clean);
        QCOMPARE(AwsErrorParser::sanitizeErrorCode(raw), clean);
    }

    void retryAfter_data()
    {
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("none") << HeaderList{} << qint64(-1);
        QTest::newRow("x-amz-retry-after ms") << HeaderList{{"x-amz-retry-after", "1500"}} << qint64(1500);
        QTest::newRow("Retry-After seconds") << HeaderList{{"Retry-After", "3"}} << qint64(3000);
        QTest::newRow("Retry-After date")
            << HeaderList{{"Retry-After", "Fri, 09 Jan 2026 12:00:10 GMT"}} << qint64(10000);
        QTest::newRow("Retry-After past date")
            << HeaderList{{"Retry-After", "Fri, 09 Jan 2026 11:00:00 GMT"}} << qint64(0);
        QTest::newRow("amz wins") << HeaderList{{"Retry-After", "3"}, {"X-Amz-Retry-After", "250"}}
                                  << qint64(250);
        QTest::newRow("garbage") << HeaderList{{"Retry-After", "soon"}} << qint64(-1);
        // Numbers from the wire are bounded before they are multiplied: a day at most.
        QTest::newRow("Retry-After int64 max")
            << HeaderList{{"Retry-After", "9223372036854775807"}} << qint64(86400000);
        QTest::newRow("x-amz-retry-after int64 max")
            << HeaderList{{"x-amz-retry-after", "9223372036854775807"}} << qint64(86400000);
        QTest::newRow("Retry-After past int64")
            << HeaderList{{"Retry-After", "99999999999999999999"}} << qint64(-1);
    }
    void retryAfter()
    {
        QFETCH(HeaderList, headers);
        QFETCH(qint64, expected);
        QCOMPARE(AwsErrorParser::parse(429, headers, json("{'__type':'ThrottlingException'}"), fixedNow())
                     .retryAfterMs,
                 expected);
    }

    void serverTime()
    {
        const HeaderList date = {{"Date", "Fri, 09 Jan 2026 13:00:00 GMT"}};
        Fault f =
            AwsErrorParser::parse(403, date, json("{'__type':'InvalidSignatureException'}"), fixedNow());
        QCOMPARE(f.serverTime, QDateTime(QDate(2026, 1, 9), QTime(13, 0, 0), Qt::UTC));
        // A ServerTime member is preferred over the header.
        f = AwsErrorParser::parse(403, date, json("{'__type':'X','ServerTime':'2026-01-09T14:00:00Z'}"),
                                  fixedNow());
        QCOMPARE(f.serverTime, QDateTime(QDate(2026, 1, 9), QTime(14, 0, 0), Qt::UTC));
        f = AwsErrorParser::parse(403, {}, json("{'__type':'X','ServerTime':1767963600}"), fixedNow());
        QCOMPARE(f.serverTime, QDateTime(QDate(2026, 1, 9), QTime(13, 0, 0), Qt::UTC));
        f = AwsErrorParser::parse(403, {}, json("{'__type':'X'}"), fixedNow());
        QVERIFY(!f.serverTime.isValid());
        // Out of any calendar: no time, and no undefined conversion on the way.
        for (const char* far : {"1e300", "-1e300", "9.3e18", "253402300800"}) {
            f = AwsErrorParser::parse(403, {}, QByteArray("{\"__type\":\"X\",\"ServerTime\":") + far + "}",
                                      fixedNow());
            QVERIFY2(!f.serverTime.isValid(), far);
        }
        f = AwsErrorParser::parse(403, {}, json("{'__type':'X','ServerTime':253402300799}"), fixedNow());
        QCOMPARE(f.serverTime.date(), QDate(9999, 12, 31));
    }
};

QTEST_GUILESS_MAIN(TestAwsErrorParser)
#include "tst_awserrorparser.moc"
