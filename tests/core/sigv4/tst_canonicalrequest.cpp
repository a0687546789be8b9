// The key-free pieces of SigV4 (sigv4/CanonicalRequest.h), each on its own edge cases. The
// AWS suites in tst_sigv4 check them together through the signer.
#include "sigv4/CanonicalRequest.h"

#include <QTest>
#include <QTimeZone>

using namespace dmsx;

class TestCanonicalRequest : public QObject
{
    Q_OBJECT
private slots:
    void uriEncode_data();
    void uriEncode();
    void normalizedUri_data();
    void normalizedUri();
    void unnormalizedUri_data();
    void unnormalizedUri();
    void query_data();
    void query();
    void headerValue_data();
    void headerValue();
    void headersAreLowerCasedAndSortedByByte();
    void repeatedHeadersJoinInOrderOfAppearance();
    void noHeaders();
    void requestAndStringToSign();
    void amzDate();
    void isAmzDate_data();
    void isAmzDate();
};

void TestCanonicalRequest::uriEncode_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("unreserved stay") << QByteArray("AZaz09-._~") << QByteArray("AZaz09-._~");
    QTest::newRow("reserved, upper-case hex")
        << QByteArray(" !#$&'()*+,/:;=?@[]")
        << QByteArray("%20%21%23%24%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D");
    QTest::newRow("percent is encoded") << QByteArray("%41") << QByteArray("%2541");
    QTest::newRow("UTF-8 byte by byte") << QByteArray("\xe1\x88\xb4") << QByteArray("%E1%88%B4");
    QTest::newRow("control and high bytes") << QByteArray("\x01\x7f\xff", 3) << QByteArray("%01%7F%FF");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestCanonicalRequest::uriEncode()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, encoded);
    QCOMPARE(sigv4::uriEncode(raw), encoded);
}

void TestCanonicalRequest::normalizedUri_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("empty is the root") << QByteArray() << QByteArray("/");
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("dot-dot to the root") << QByteArray("/example/..") << QByteArray("/");
    QTest::newRow("dot-dot twice") << QByteArray("/example1/example2/../..") << QByteArray("/");
    QTest::newRow("dot-dot never above the root") << QByteArray("/../../a") << QByteArray("/a");
    QTest::newRow("dot-dot in the middle") << QByteArray("/a/b/../c") << QByteArray("/a/c");
    QTest::newRow("dot-dot last keeps the slash") << QByteArray("/a/b/..") << QByteArray("/a/");
    QTest::newRow("dot segment") << QByteArray("/./example") << QByteArray("/example");
    QTest::newRow("dot in the middle") << QByteArray("/a/./b") << QByteArray("/a/b");
    QTest::newRow("dot last keeps the slash") << QByteArray("/a/.") << QByteArray("/a/");
    QTest::newRow("slash dot slash") << QByteArray("/./") << QByteArray("/");
    QTest::newRow("pointless dot") << QByteArray("/example/.") << QByteArray("/example/");
    QTest::newRow("repeated slashes") << QByteArray("//example//") << QByteArray("/example/");
    QTest::newRow("empty segments inside") << QByteArray("/a//b") << QByteArray("/a/b");
    QTest::newRow("trailing slash kept") << QByteArray("/a/b/") << QByteArray("/a/b/");
    QTest::newRow("three dots are a name") << QByteArray("/a/.../b") << QByteArray("/a/.../b");
    QTest::newRow("dot file is a name") << QByteArray("/.hidden") << QByteArray("/.hidden");
    QTest::newRow("no leading slash") << QByteArray("a/b") << QByteArray("/a/b");
    QTest::newRow("space") << QByteArray("/example space/") << QByteArray("/example%20space/");
    QTest::newRow("special character") << QByteArray("/example/$delete") << QByteArray("/example/%24delete");
    // The path arrives unencoded; an already encoded one is encoded again (the "twice" of
    // AWS's guide for non-S3 services).
    QTest::newRow("encoded space encoded again") << QByteArray("/a%20b") << QByteArray("/a%2520b");
    QTest::newRow("encoded slash encoded again") << QByteArray("/a%2Fb") << QByteArray("/a%252Fb");
    QTest::newRow("encoded dot-dot is a name") << QByteArray("/a/%2E%2E/b") << QByteArray("/a/%252E%252E/b");
    QTest::newRow("UTF-8") << QByteArray("/\xe1\x88\xb4") << QByteArray("/%E1%88%B4");
}

void TestCanonicalRequest::normalizedUri()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, canonical);
    QCOMPARE(sigv4::canonicalUri(path), canonical);
    QCOMPARE(sigv4::canonicalUri(path, true), canonical);
}

void TestCanonicalRequest::unnormalizedUri_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("empty is the root") << QByteArray() << QByteArray("/");
    QTest::newRow("root") << QByteArray("/") << QByteArray("/");
    QTest::newRow("dot segments kept") << QByteArray("/a/./b/../c") << QByteArray("/a/./b/../c");
    QTest::newRow("empty segments kept") << QByteArray("//a//") << QByteArray("//a//");
    QTest::newRow("no leading slash") << QByteArray("a/b") << QByteArray("/a/b");
    QTest::newRow("encoded once") << QByteArray("/a b/%41") << QByteArray("/a%20b/%2541");
}

void TestCanonicalRequest::unnormalizedUri()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, canonical);
    QCOMPARE(sigv4::canonicalUri(path, false), canonical);
}

void TestCanonicalRequest::query_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("one") << QByteArray("Param1=value1") << QByteArray("Param1=value1");
    QTest::newRow("keys sorted") << QByteArray("b=2&a=1&c=3") << QByteArray("a=1&b=2&c=3");
    QTest::newRow("same key sorted by value") << QByteArray("a=2&a=1") << QByteArray("a=1&a=2");
    QTest::newRow("upper case sorts first") << QByteArray("b=1&B=2&a=3") << QByteArray("B=2&a=3&b=1");
    QTest::newRow("value case") << QByteArray("p=value2&p=Value1") << QByteArray("p=Value1&p=value2");
    QTest::newRow("prefix key first") << QByteArray("ab=1&a=2") << QByteArray("a=2&ab=1");
    QTest::newRow("sorted after encoding") << QByteArray("a=%7A&a=B") << QByteArray("a=B&a=z");
    QTest::newRow("empty value") << QByteArray("a=&b=1") << QByteArray("a=&b=1");
    QTest::newRow("key without =") << QByteArray("b&a=1") << QByteArray("a=1&b=");
    QTest::newRow("empty key") << QByteArray("=v") << QByteArray("=v");
    QTest::newRow("empty parameters skipped") << QByteArray("&&a=1&") << QByteArray("a=1");
    QTest::newRow("= in the value") << QByteArray("a=b=c") << QByteArray("a=b%3Dc");
    QTest::newRow("encoded and raw sign the same")
        << QByteArray("a=%E1%88%B4&b=\xe1\x88\xb4") << QByteArray("a=%E1%88%B4&b=%E1%88%B4");
    QTest::newRow("lower-case escape upper-cased") << QByteArray("a=%3a") << QByteArray("a=%3A");
    QTest::newRow("escaped unreserved decoded") << QByteArray("%7E=%41") << QByteArray("~=A");
    QTest::newRow("plus is not a space") << QByteArray("a=b+c&d=e%20f") << QByteArray("a=b%2Bc&d=e%20f");
    QTest::newRow("raw space") << QByteArray("a=b c") << QByteArray("a=b%20c");
    QTest::newRow("invalid escapes kept literally")
        << QByteArray("a=%zz&b=%4&c=%") << QByteArray("a=%25zz&b=%254&c=%25");
}

void TestCanonicalRequest::query()
{
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, canonical);
    QCOMPARE(sigv4::canonicalQuery(query), canonical);
}

void TestCanonicalRequest::headerValue_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("plain") << QByteArray("value1") << QByteArray("value1");
    QTest::newRow("trimmed") << QByteArray("  value1  ") << QByteArray("value1");
    QTest::newRow("inner runs") << QByteArray("a   b\t\tc") << QByteArray("a b c");
    QTest::newRow("inside quotes too") << QByteArray("\"a   b   c\"") << QByteArray("\"a b c\"");
    QTest::newRow("folded lines") << QByteArray("value1\r\n  value2\n\tvalue3")
                                  << QByteArray("value1 value2 value3");
    QTest::newRow("mixed white space run") << QByteArray("a \t\r\n b") << QByteArray("a b");
    QTest::newRow("only white space") << QByteArray(" \t ") << QByteArray();
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("case kept") << QByteArray("VALUE") << QByteArray("VALUE");
    QTest::newRow("other controls kept") << QByteArray("a\vb") << QByteArray("a\vb");
}

void TestCanonicalRequest::headerValue()
{
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, canonical);
    QCOMPARE(sigv4::canonicalHeaderValue(value), canonical);
}

void TestCanonicalRequest::headersAreLowerCasedAndSortedByByte()
{
    const sigv4::CanonicalHeaders h = sigv4::canonicalHeaders({
        {"X-Amz-Date", "20150830T123600Z"},
        {"Host", " example.amazonaws.com "},
        {"b-", "3"},
        {"B", "2"},
        {"a-b", "1"},
        {"Empty", ""},
    });
    // '-' sorts before letters, and a name before the longer names it prefixes.
    QCOMPARE(h.lines, QByteArray("a-b:1\n"
                                 "b:2\n"
                                 "b-:3\n"
                                 "empty:\n"
                                 "host:example.amazonaws.com\n"
                                 "x-amz-date:20150830T123600Z\n"));
    QCOMPARE(h.signedHeaders, QByteArray("a-b;b;b-;empty;host;x-amz-date"));
}

void TestCanonicalRequest::repeatedHeadersJoinInOrderOfAppearance()
{
    const sigv4::CanonicalHeaders h = sigv4::canonicalHeaders({
        {"My-Header1", "value4"},
        {"Host", "example.amazonaws.com"},
        {"my-header1", " value1 "},
        {"MY-HEADER1", "value3  a"},
        {"my-header1", ""},
        {"My-Header1", "value2"},
    });
    // Values are not sorted; each is trimmed and folded on its own.
    QCOMPARE(h.lines, QByteArray("host:example.amazonaws.com\n"
                                 "my-header1:value4,value1,value3 a,,value2\n"));
    QCOMPARE(h.signedHeaders, QByteArray("host;my-header1"));

    // Enough headers that an unstable sort would reorder the repeated ones.
    HeaderList many;
    QByteArray joined;
    for (int i = 0; i < 64; ++i) {
        many.append({"Z-" + QByteArray::number(i % 7), "z"});
        many.append({i % 2 ? "X-Dup" : "x-dup", QByteArray::number(i)});
        joined += (i ? "," : "") + QByteArray::number(i);
    }
    QVERIFY(sigv4::canonicalHeaders(many).lines.startsWith(QByteArray("x-dup:" + joined + '\n')));
}

void TestCanonicalRequest::noHeaders()
{
    const sigv4::CanonicalHeaders h = sigv4::canonicalHeaders({});
    QCOMPARE(h.lines, QByteArray());
    QCOMPARE(h.signedHeaders, QByteArray());
    QCOMPARE(sigv4::canonicalRequest("GET", "/", QByteArray(), h, "HASH"), QByteArray("GET\n/\n\n\n\nHASH"));
}

// The get-vanilla case of the AWS suite, built from its parts.
void TestCanonicalRequest::requestAndStringToSign()
{
    const QByteArray date = "20150830T123600Z";
    const sigv4::CanonicalHeaders headers =
        sigv4::canonicalHeaders({{"Host", "example.amazonaws.com"}, {"X-Amz-Date", date}});
    const QByteArray creq =
        sigv4::canonicalRequest("GET", sigv4::canonicalUri("/"), sigv4::canonicalQuery(QByteArray()), headers,
                                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QCOMPARE(creq, QByteArray("GET\n/\n\n"
                              "host:example.amazonaws.com\n"
                              "x-amz-date:20150830T123600Z\n"
                              "\n"
                              "host;x-amz-date\n"
                              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));

    const QByteArray scope =
        sigv4::credentialScope(date, QStringLiteral("us-east-1"), QStringLiteral("service"));
    QCOMPARE(scope, QByteArray("20150830/us-east-1/service/aws4_request"));
    QCOMPARE(sigv4::stringToSign(date, scope, creq),
             QByteArray("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"));

    QCOMPARE(sigv4::canonicalRequest("POST", "/a", "b=", headers, "H"),
             QByteArray("POST\n/a\nb=\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                        "host;x-amz-date\nH"));
}

void TestCanonicalRequest::amzDate()
{
    QCOMPARE(sigv4::amzDate(QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), QTimeZone::utc())),
             QByteArray("20150830T123600Z"));
    // A time given with an offset is the same instant in UTC, here across a leap day.
    QCOMPARE(sigv4::amzDate(QDateTime(QDate(2024, 3, 1), QTime(1, 2, 3), QTimeZone(7200))),
             QByteArray("20240229T230203Z"));
    QCOMPARE(sigv4::amzDate(QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999), QTimeZone::utc())),
             QByteArray("19991231T235959Z"));
    QCOMPARE(sigv4::amzDate(QDateTime(QDate(2100, 3, 1), QTime(0, 0, 0), QTimeZone::utc())),
             QByteArray("21000301T000000Z"));
    QCOMPARE(sigv4::amzDate(QDateTime()), QByteArray());
}

void TestCanonicalRequest::isAmzDate_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("valid") << QByteArray("20150830T123600Z") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("no Z") << QByteArray("20150830T123600") << false;
    QTest::newRow("extended ISO form") << QByteArray("2015-08-30T12:36:00Z") << false;
    QTest::newRow("lower-case t") << QByteArray("20150830t123600Z") << false;
    QTest::newRow("letter in the date") << QByteArray("2015083xT123600Z") << false;
    QTest::newRow("letter in the time") << QByteArray("20150830T12360xZ") << false;
    QTest::newRow("too long") << QByteArray("20150830T123600ZZ") << false;
}

void TestCanonicalRequest::isAmzDate()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QCOMPARE(sigv4::isAmzDate(value), valid);
}

QTEST_GUILESS_MAIN(TestCanonicalRequest)
#include "tst_canonicalrequest.moc"
