// DmsPageReader reads DescribeMigrationProjects and DescribeDataProviders answers from their bytes:
// every page it reads must be the page the protocol's JSON parse and DmsClient's parse make of the
// same bytes, and every body it does not take (anything not well-formed or unusual) is left to them,
// so the faults stay theirs.
#include "base/JsonWriter.h"
#include "dms/DmsClient.h"
#include "dms/DmsPageReader.h"
#include "net/AwsJsonProtocol.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <type_traits>

using namespace dmsx;

namespace {

// What a page is, byte for byte: its projects as the CLI writes them, and the marker (null or not).
QByteArray describe(const Page<MigrationProject>& page)
{
    JsonWriter out(JsonWriter::Format::Compact);
    out.beginArray();
    for (const MigrationProject& p : page.items)
        p.writeJson(out);
    out.endArray();
    QByteArray text = out.bytes();
    for (const MigrationProject& p : page.items) {
        // Timestamps to the millisecond and the members writeJson() leaves out when unset.
        text += ' ' + QByteArray::number(p.migrationProjectCreationTime.toMSecsSinceEpoch()) +
                (p.migrationProjectCreationTime.isValid() ? "v" : "i") +
                (p.schemaConversionApplicationAttributes ? "a" : "-");
    }
    return text + (page.marker.isNull() ? QByteArray(" marker:null") : " marker:" + page.marker.toUtf8());
}

QByteArray describe(const Page<DataProvider>& page)
{
    QByteArray text;
    for (const DataProvider& p : page.items) {
        text += QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact) + ' ' +
                QByteArray::number(p.dataProviderCreationTime.toMSecsSinceEpoch()) +
                (p.settingsVariantKnown ? " known " : " unknown ") + p.settingsVariant.toUtf8() + ' ' +
                QJsonDocument(p.settings()).toJson(QJsonDocument::Compact) + '\n';
    }
    return text + (page.marker.isNull() ? QByteArray(" marker:null") : " marker:" + page.marker.toUtf8());
}

// The reference: the protocol's parse, then the page of the parsed document; a fault by its code.
template <typename T> QByteArray reference(const QByteArray& body)
{
    static const AwsJsonProtocol protocol(QStringLiteral("AmazonDMSv20160101"));
    const Result<QJsonObject> parsed = protocol.parseSuccess(body, {});
    if (!parsed.ok())
        return "fault " + parsed.fault().code.toUtf8();
    if constexpr (std::is_same_v<T, DataProvider>)
        return describe(DmsClient::parseDataProviders(parsed.value()));
    else
        return describe(DmsClient::parseMigrationProjects(parsed.value()));
}

const QByteArray kProviders =
    "{\"DataProviders\":[{\"DataProviderName\":\"pg-src\",\"DataProviderArn\":\"arn:aws:dms:us-east-1:"
    "111122223333:data-provider:AAA\",\"DataProviderCreationTime\":\"2026-01-09T12:00:00.5Z\",\"Engine\":"
    "\"postgres\",\"Virtual\":false,\"Description\":\"source \\u00e9\",\"Settings\":{\"PostgreSqlSettings\":"
    "{\"ServerName\":\"db.example.com\",\"Port\":5432,\"DatabaseName\":\"sales\",\"SslMode\":\"require\"}}},"
    "{\"DataProviderName\":\"my-tgt\",\"Engine\":\"mysql\",\"Virtual\":true,\"DataProviderCreationTime\":"
    "1767962400.25,\"Settings\":{\"MySqlSettings\":null,\"FutureSettings\":{\"Port\":1,\"X\":[1,{\"y\":null}]"
    "}}},"
    "{\"DataProviderName\":\"none\",\"Settings\":{}},{\"DataProviderName\":\"odd\",\"Virtual\":\"yes\","
    "\"Settings\":{\"b\":5,\"a\":null,\"B\":\"s\",\"b\":{\"Port\":2}}}],\"Marker\":\"p2\"}";

// Ordinary literals only in this file: moc cannot read raw strings.
const QByteArray kPage =
    "{\"Marker\":\"page-2\",\"MigrationProjects\":["
    "\n"
    " {\"MigrationProjectName\":\"analytics-postgres-to-mysql-001\","
    "\n"
    "  "
    "\"MigrationProjectArn\":\"arn:aws:dms:us-east-1:111122223333:migration-project:"
    "MMOTHBR5W3XOVUXSWRVVZXQQZ3\","
    "\n"
    "  \"MigrationProjectCreationTime\":\"2026-04-25T21:48:49.194000Z\","
    "\n"
    "  "
    "\"SourceDataProviderDescriptors\":[{\"DataProviderName\":\"pg-src\",\"DataProviderArn\":\"arn:aws:dms:"
    "us-east-1:111122223333:data-provider:AAA\","
    "\n"
    "     "
    "\"SecretsManagerSecretId\":\"sec-1\",\"SecretsManagerAccessRoleArn\":\"arn:aws:iam::111122223333:role/"
    "sm\"}],"
    "\n"
    "  "
    "\"TargetDataProviderDescriptors\":[{\"DataProviderName\":\"my-tgt\",\"DataProviderArn\":\"arn:aws:dms:"
    "us-east-1:111122223333:data-provider:BBB\"}],"
    "\n"
    "  "
    "\"InstanceProfileArn\":\"arn:aws:dms:us-east-1:111122223333:instance-profile:XIR3\","
    "\"InstanceProfileName\":\"sc-profile-1\","
    "\n"
    "  "
    "\"TransformationRules\":\"{\\\"rules\\\":[{\\\"rule-type\\\":\\\"transformation\\\"}]}\","
    "\"Description\":\"Generated \\u00e9t\\u00e9 \\u20ac project\","
    "\n"
    "  "
    "\"SchemaConversionApplicationAttributes\":{\"S3BucketPath\":\"s3://bucket/"
    "path\",\"S3BucketRoleArn\":\"arn:aws:iam::111122223333:role/s3\"}},"
    "\n"
    " {\"MigrationProjectName\":\"ledger-\\u00fc\\u0041\\n\\t\\\"\\\\\\/"
    "\",\"MigrationProjectCreationTime\":1.7777e9,\"Description\":\"\",\"Unknown\":{\"a\":[1,2.5e3,-0.1,true,"
    "false,null,{\"b\":[]}]}}"
    "\n"
    "]}";

} // namespace

class TestDmsPageReader : public QObject
{
    Q_OBJECT

private slots:
    void readsWhatTheParserReads_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("a page of two") << kPage;
        QTest::newRow("the last page, no marker") << QByteArray("{\"MigrationProjects\":[]}");
        QTest::newRow("no members") << QByteArray("{}");
        QTest::newRow("whitespace everywhere")
            << QByteArray(" \r\n\t{ \"MigrationProjects\" : [ { \"MigrationProjectName\" : \"a\" } , { } ] , "
                          "\"Marker\" : \"m\" }\n ");
        QTest::newRow("nulls are absent")
            << QByteArray("{\"Marker\":null,\"MigrationProjects\":[{\"MigrationProjectName\":null,"
                          "\"Description\":null,\"SchemaConversionApplicationAttributes\":null,"
                          "\"SourceDataProviderDescriptors\":null,\"MigrationProjectCreationTime\":null}]}");
        QTest::newRow("wrong types are absent") << QByteArray(
            "{\"Marker\":5,\"MigrationProjects\":[{\"MigrationProjectName\":7,\"MigrationProjectArn\":[\"x\"]"
            ",\"Description\":{\"a\":1},\"SchemaConversionApplicationAttributes\":\"s\","
            "\"SourceDataProviderDescriptors\":{\"a\":1},\"TargetDataProviderDescriptors\":[1,\"x\",null,{"
            "\"DataProviderName\":true}],\"MigrationProjectCreationTime\":true}]}");
        QTest::newRow("projects not an array")
            << QByteArray("{\"MigrationProjects\":{\"MigrationProjectName\":\"a\"},\"Marker\":\"m\"}");
        QTest::newRow("elements not objects are skipped")
            << QByteArray("{\"MigrationProjects\":[1,\"a\",null,[],{\"MigrationProjectName\":\"b\"},true]}");
        QTest::newRow("the last of a repeated member counts")
            << QByteArray("{\"Marker\":\"a\",\"MigrationProjects\":[{\"MigrationProjectName\":\"x\","
                          "\"MigrationProjectName\":5,\"Description\":1,\"Description\":\"d\","
                          "\"SchemaConversionApplicationAttributes\":{\"S3BucketPath\":\"p\"},"
                          "\"SchemaConversionApplicationAttributes\":7}],\"Marker\":\"b\","
                          "\"MigrationProjects\":[{\"MigrationProjectName\":\"y\"}]}");
        QTest::newRow("projects then not an array") << QByteArray(
            "{\"MigrationProjects\":[{\"MigrationProjectName\":\"y\"}],\"MigrationProjects\":\"none\"}");
        QTest::newRow("unknown members, deep and wide") << QByteArray(
            "{\"Z\":{\"a\":{\"b\":{\"c\":{\"d\":[[[[[[{\"e\":\"f\"}]]]]]]}}}},\"MigrationProjects\":[{\"X\":["
            "{\"Y\":null}],\"MigrationProjectName\":\"n\"}],\"N\":-12.5e-3}");
        QTest::newRow("escapes and non-ASCII")
            << QByteArray("{\"MigrationProjects\":[{\"MigrationProjectName\":"
                          "\"\\u0041\\u00e9\\u0800\\uFFFD\\uffff \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "
                          "\xef\xbf\xbe\",\"Description\":\"\\b\\f\\n\\r\\t\\\"\\\\\\/\"}]}");
        QTest::newRow("epoch timestamps") << QByteArray(
            "{\"MigrationProjects\":[{\"MigrationProjectCreationTime\":1767962400},{"
            "\"MigrationProjectCreationTime\":1767962400.123},{\"MigrationProjectCreationTime\":-1},{"
            "\"MigrationProjectCreationTime\":0},{\"MigrationProjectCreationTime\":1e300},{"
            "\"MigrationProjectCreationTime\":12345678901234567890},{\"MigrationProjectCreationTime\":\"not "
            "a time\"},{\"MigrationProjectCreationTime\":\"2026-01-09T12:00:00Z\"}]}");
        QTest::newRow("empty strings are not null")
            << QByteArray("{\"Marker\":\"\",\"MigrationProjects\":[{\"MigrationProjectName\":\"\","
                          "\"SchemaConversionApplicationAttributes\":{}}]}");
    }

    void readsWhatTheParserReads()
    {
        QFETCH(QByteArray, body);
        const std::optional<Page<MigrationProject>> page = DmsPageReader::migrationProjects(body);
        QVERIFY2(page, "a well-formed page was left to the parser");
        QCOMPARE(describe(*page), reference<MigrationProject>(body));
    }

    // The reader looks through strings sixteen and eight bytes at a time: whatever needs a closer
    // look must be found at any place in and around those blocks.
    void specialBytesAtEveryPlaceOfABlock()
    {
        const QList<QByteArray> specials{
            "\\\"", "\\\\", "\\n", "\\u00e9", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
            "\x7f", "\x01", "\xff"};
        for (const QByteArray& special : specials) {
            for (int before = 0; before <= 40; ++before) {
                for (const int after : {0, 1, 7, 8, 9, 15, 16, 17}) {
                    const QByteArray body = "{\"MigrationProjects\":[{\"MigrationProjectName\":\"" +
                                            QByteArray(before, 'a') + special + QByteArray(after, 'b') +
                                            "\",\"Description\":\"" + QByteArray(before, 'c') + "\"}]}";
                    const std::optional<Page<MigrationProject>> page = DmsPageReader::migrationProjects(body);
                    // A raw control character or a byte that is no UTF-8 is left to the parser.
                    const bool wellFormed = special != "\x01" && special != "\xff";
                    QVERIFY2(page.has_value() == wellFormed, body.constData());
                    if (page)
                        QCOMPARE(describe(*page), reference<MigrationProject>(body));
                }
            }
        }
    }

    void readsDataProvidersAsTheParserDoes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("a page of four") << kProviders;
        QTest::newRow("settings not an object") << QByteArray(
            "{\"DataProviders\":[{\"Settings\":[1]},{\"Settings\":null},{\"Settings\":\"x\"}]}");
        QTest::newRow("settings repeated")
            << QByteArray("{\"DataProviders\":[{\"Settings\":{\"MySqlSettings\":{}},\"Settings\":{"
                          "\"OracleSettings\":{\"Port\":1}}}]}");
        QTest::newRow("only null members")
            << QByteArray("{\"DataProviders\":[{\"Settings\":{\"A\":null,\"B\":null}}]}");
    }

    void readsDataProvidersAsTheParserDoes()
    {
        QFETCH(QByteArray, body);
        const std::optional<Page<DataProvider>> page = DmsPageReader::dataProviders(body);
        QVERIFY2(page, "a well-formed page was left to the parser");
        QCOMPARE(describe(*page), reference<DataProvider>(body));
    }

    void leavesTheRestToTheParser_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("whitespace") << QByteArray(" \n");
        QTest::newRow("an array") << QByteArray("[]");
        QTest::newRow("not JSON") << QByteArray("<html>busy</html>");
        QTest::newRow("a byte-order mark") << QByteArray("\xef\xbb\xbf{}");
        QTest::newRow("truncated") << kPage.left(kPage.size() / 2);
        QTest::newRow("truncated in an escape") << QByteArray("{\"Marker\":\"a\\u00");
        QTest::newRow("no closing brace") << QByteArray("{\"MigrationProjects\":[]");
        QTest::newRow("trailing comma in an object") << QByteArray("{\"Marker\":\"a\",}");
        QTest::newRow("trailing comma in an array") << QByteArray("{\"MigrationProjects\":[{},]}");
        QTest::newRow("a leading comma") << QByteArray("{,\"Marker\":\"a\"}");
        QTest::newRow("two documents") << QByteArray("{}{}");
        QTest::newRow("text after the document") << QByteArray("{} x");
        QTest::newRow("a single-quoted string") << QByteArray("{'Marker':'a'}");
        QTest::newRow("a key without quotes") << QByteArray("{Marker:\"a\"}");
        QTest::newRow("an escaped key") << QByteArray("{\"M\\u0061rker\":\"a\"}");
        QTest::newRow("a lone high surrogate") << QByteArray("{\"Marker\":\"\\ud800\"}");
        QTest::newRow("a lone low surrogate") << QByteArray("{\"Marker\":\"\\udc00x\"}");
        QTest::newRow("a surrogate pair") << QByteArray("{\"Marker\":\"\\ud83d\\ude00\"}");
        QTest::newRow("an escaped NUL") << QByteArray("{\"Marker\":\"a\\u0000b\"}");
        QTest::newRow("an unknown escape") << QByteArray("{\"Marker\":\"\\x41\"}");
        QTest::newRow("a short \\u escape") << QByteArray("{\"Marker\":\"\\u12\"}");
        QTest::newRow("a raw tab") << QByteArray("{\"Marker\":\"a\tb\"}");
        QTest::newRow("a raw newline") << QByteArray("{\"Marker\":\"a\nb\"}");
        QTest::newRow("an overlong UTF-8 slash") << QByteArray("{\"Marker\":\"\xc0\xaf\"}");
        QTest::newRow("a UTF-8 surrogate") << QByteArray("{\"Marker\":\"\xed\xa0\x80\"}");
        QTest::newRow("past U+10FFFF") << QByteArray("{\"Marker\":\"\xf4\x90\x80\x80\"}");
        QTest::newRow("a lone continuation byte") << QByteArray("{\"Marker\":\"\x80\"}");
        QTest::newRow("a cut UTF-8 sequence") << QByteArray("{\"Marker\":\"\xe2\x82\"}");
        QTest::newRow("Latin-1") << QByteArray("{\"Marker\":\"caf\xe9\"}");
        QTest::newRow("a leading zero") << QByteArray("{\"N\":01}");
        QTest::newRow("a bare point") << QByteArray("{\"N\":1.}");
        QTest::newRow("a plus sign") << QByteArray("{\"N\":+1}");
        QTest::newRow("beyond a double")
            << QByteArray("{\"MigrationProjects\":[{\"MigrationProjectCreationTime\":1e400}]}");
        QTest::newRow("NaN") << QByteArray("{\"N\":NaN}");
        QTest::newRow("a misspelt literal") << QByteArray("{\"N\":nul}");
        QTest::newRow("nesting past the reader's depth")
            << QByteArray("{\"Z\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}");
    }

    void leavesTheRestToTheParser()
    {
        QFETCH(QByteArray, body);
        QVERIFY(!DmsPageReader::migrationProjects(body));
        QVERIFY(!DmsPageReader::dataProviders(body));
    }

    // A page broken every way a byte can break it: whatever the reader takes, it reads as the
    // parser does, and it never takes what the parser refuses.
    void mutationsAgreeWithTheParser_data()
    {
        QTest::addColumn<bool>("providers");
        QTest::newRow("projects") << false;
        QTest::newRow("data providers") << true;
    }

    void mutationsAgreeWithTheParser()
    {
        QFETCH(bool, providers);
        static const char kBytes[] = {'"',  '\\', '{',    '}',    '[',    ']',    ',',    ':',    '0',
                                      '9',  'e',  '-',    '.',    'n',    't',    'u',    ' ',    '\n',
                                      '\t', '\0', '\x7f', '\x80', '\xc3', '\xe2', '\xed', '\xf0', '\xff'};
        const QByteArray original = providers ? kProviders : kPage;
        QRandomGenerator random(20261207);
        int read = 0;
        int left = 0;
        const auto check = [&](const QByteArray& body) {
            QByteArray got;
            QByteArray expected;
            if (providers) {
                const std::optional<Page<DataProvider>> page = DmsPageReader::dataProviders(body);
                if (page) {
                    got = describe(*page);
                    expected = reference<DataProvider>(body);
                }
            } else {
                const std::optional<Page<MigrationProject>> page = DmsPageReader::migrationProjects(body);
                if (page) {
                    got = describe(*page);
                    expected = reference<MigrationProject>(body);
                }
            }
            if (got.isNull()) {
                ++left;
                return true;
            }
            ++read;
            if (got == expected)
                return true;
            qWarning("body: %s\nreader: %s\nparser: %s", body.toPercentEncoding("{}[]\":,").constData(),
                     got.constData(), expected.constData());
            return false;
        };
        for (qsizetype cut = 0; cut <= original.size(); ++cut)
            QVERIFY(check(original.left(cut)));
        for (int i = 0; i < 20000; ++i) {
            QByteArray body = original;
            const int edits = 1 + random.bounded(3);
            for (int e = 0; e < edits; ++e) {
                const auto at = static_cast<qsizetype>(random.bounded(static_cast<int>(body.size())));
                const char byte = kBytes[random.bounded(static_cast<int>(sizeof kBytes))];
                switch (random.bounded(3)) {
                case 0:
                    body[at] = byte;
                    break;
                case 1:
                    body.insert(at, byte);
                    break;
                default:
                    body.remove(at, 1);
                }
            }
            QVERIFY(check(body));
        }
        // Both paths were taken often: the comparison above means something.
        QVERIFY2(read > 1000 && left > 1000,
                 qPrintable(QStringLiteral("%1 read, %2 left").arg(read).arg(left)));
    }
};

QTEST_GUILESS_MAIN(TestDmsPageReader)
#include "tst_dmspagereader.moc"
