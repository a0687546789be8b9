// JsonWriter must write the very bytes QJsonDocument writes: the CLI's --output json switched
// from one to the other, and scripts compare its output.
#include "base/JsonWriter.h"
#include "dms/model/MigrationProject.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace dmsx;
using L = QLatin1String;

namespace {

QByteArray qt(const QJsonObject& o, JsonWriter::Format format)
{
    return QJsonDocument(o).toJson(format == JsonWriter::Format::Compact ? QJsonDocument::Compact
                                                                         : QJsonDocument::Indented);
}

// Text a server may send: every escape JSON has, controls, DEL, the marks that reorder text,
// characters of two, three and four UTF-8 bytes, and surrogates without their pair.
QStringList awkwardStrings()
{
    QStringList out{QString(),
                    QStringLiteral(""),
                    QStringLiteral("plain"),
                    QStringLiteral("quote \" backslash \\ slash /"),
                    QStringLiteral("\b\f\n\r\t"),
                    QStringLiteral("DEL \x7f and C1 \u0085 \u009b"),
                    QStringLiteral("Zürich → 東京 ✓ \U0001F600"),
                    QStringLiteral("right-to-left \u202e override \u2066 isolate"),
                    QStringLiteral("\u00ff\u0100\u07ff\u0800\uffff")};
    QString controls;
    for (char16_t c = 0; c < 0x20; ++c)
        controls.append(QChar(c));
    out.append(controls);
    out.append(QString(QChar(0xd800)) + QStringLiteral(" lone high"));
    out.append(QStringLiteral("lone low ") + QChar(0xdc00));
    out.append(QStringLiteral("high at the end ") + QChar(0xdbff));
    out.append(QString(QChar(0xdc00)) + QChar(0xd800)); // a pair in the wrong order
    out.append(QString(5000, QChar(0x4e2d)));           // longer than any first guess of room
    return out;
}

MigrationProject fullProject(const QString& text)
{
    MigrationProject p;
    p.migrationProjectName = QStringLiteral("erp-") + text;
    p.migrationProjectArn = QStringLiteral("arn:aws:dms:us-east-1:111122223333:migration-project:ABC");
    p.migrationProjectCreationTime = QDateTime::fromMSecsSinceEpoch(1767961800123, Qt::UTC);
    DataProviderDescriptor d;
    d.dataProviderName = text;
    d.dataProviderArn = QStringLiteral("arn:aws:dms:us-east-1:111122223333:data-provider:SRC");
    d.secretsManagerSecretId = QStringLiteral("secret-id");
    d.secretsManagerAccessRoleArn = QStringLiteral("arn:aws:iam::111122223333:role/r");
    p.sourceDataProviderDescriptors = {d, d};
    d.dataProviderName = QStringLiteral("target");
    p.targetDataProviderDescriptors = {d};
    p.instanceProfileArn = QStringLiteral("arn:aws:dms:us-east-1:111122223333:instance-profile:IP");
    p.instanceProfileName = QStringLiteral("sc-profile");
    p.transformationRules = QStringLiteral("{\"rules\":[]}");
    p.description = text;
    p.schemaConversionApplicationAttributes =
        SchemaConversionApplicationAttributes{QStringLiteral("s3://bucket/") + text, QStringLiteral("arn:r")};
    return p;
}

// {"t": text}, written compact.
QByteArray compactWithOneString(const QString& text)
{
    JsonWriter w(JsonWriter::Format::Compact);
    w.beginObject();
    w.key(L("t"));
    w.string(text);
    w.endObject();
    return w.bytes();
}

} // namespace

class TestJsonWriter : public QObject
{
    Q_OBJECT
private slots:
    void stringsAreEscapedAsQtEscapesThem_data()
    {
        QTest::addColumn<QString>("text");
        const QStringList strings = awkwardStrings();
        for (qsizetype i = 0; i < strings.size(); ++i)
            QTest::addRow("%d", int(i)) << strings.at(i);
    }
    void stringsAreEscapedAsQtEscapesThem()
    {
        QFETCH(QString, text);
        for (const auto format : {JsonWriter::Format::Indented, JsonWriter::Format::Compact}) {
            JsonWriter w(format);
            w.beginObject();
            w.key(L("a"));
            w.string(text);
            w.key(L("b"));
            w.beginArray();
            w.string(text);
            w.string(text);
            w.endArray();
            w.endObject();
            QVERIFY(w.isComplete());
            QCOMPARE(w.bytes(), qt(QJsonObject{{L("a"), text}, {L("b"), QJsonArray{text, text}}}, format));
        }
    }

    // The writer copies eight units at a time while they need no escape: whatever does must be
    // found at any place in and around those blocks.
    void specialUnitsAtEveryPlaceOfABlock()
    {
        const QList<char16_t> specials{u'"', u'\\', u'\n',  0x01,   0x1f,   0x7f,
                                       0x80, 0xe9,  0x20ac, 0xd800, 0xdc00, 0xffff};
        for (const char16_t special : specials) {
            for (int before = 0; before <= 24; ++before) {
                for (const int after : {0, 1, 7, 8, 9, 16}) {
                    const QString text =
                        QString(before, QLatin1Char('a')) + QChar(special) + QString(after, QLatin1Char('b'));
                    QCOMPARE(compactWithOneString(text),
                             qt(QJsonObject{{L("t"), text}}, JsonWriter::Format::Compact));
                }
            }
        }
        // A surrogate pair split across a block's end.
        for (int before = 0; before <= 17; ++before) {
            const QString text =
                QString(before, QLatin1Char('a')) + QStringLiteral("\U0001F600") + QStringLiteral("zz");
            QCOMPARE(compactWithOneString(text),
                     qt(QJsonObject{{L("t"), text}}, JsonWriter::Format::Compact));
        }
    }

    void emptyAndNestedContainers()
    {
        for (const auto format : {JsonWriter::Format::Indented, JsonWriter::Format::Compact}) {
            JsonWriter w(format);
            w.beginObject();
            w.key(L("empty array"));
            w.beginArray();
            w.endArray();
            w.key(L("empty object"));
            w.beginObject();
            w.endObject();
            w.key(L("nested"));
            w.beginArray();
            w.beginArray();
            w.beginObject();
            w.key(L("x"));
            w.string(u"y");
            w.endObject();
            w.beginObject();
            w.endObject();
            w.endArray();
            w.beginArray();
            w.endArray();
            w.endArray();
            w.endObject();
            const QJsonObject expected{
                {L("empty array"), QJsonArray()},
                {L("empty object"), QJsonObject()},
                {L("nested"),
                 QJsonArray{QJsonArray{QJsonObject{{L("x"), L("y")}}, QJsonObject()}, QJsonArray()}}};
            QCOMPARE(w.bytes(), qt(expected, format));

            JsonWriter empty(format);
            empty.beginObject();
            empty.endObject();
            QCOMPARE(empty.bytes(), qt(QJsonObject(), format));
        }
    }

    void integersAndBooleansAsQtWritesThem()
    {
        const QList<qint64> numbers{0,
                                    1,
                                    -1,
                                    5432,
                                    -2147483649LL,
                                    (qint64(1) << 53) + 1,
                                    std::numeric_limits<qint64>::max(),
                                    std::numeric_limits<qint64>::min()};
        for (const auto format : {JsonWriter::Format::Indented, JsonWriter::Format::Compact}) {
            JsonWriter w(format);
            w.beginObject();
            w.key(L("false"));
            w.boolean(false);
            w.key(L("numbers"));
            w.beginArray();
            QJsonArray expectedNumbers;
            for (const qint64 n : numbers) {
                w.integer(n);
                expectedNumbers.append(n);
            }
            w.endArray();
            w.key(L("true"));
            w.boolean(true);
            w.endObject();
            const QJsonObject expected{
                {L("false"), false}, {L("numbers"), expectedNumbers}, {L("true"), true}};
            QCOMPARE(w.bytes(), qt(expected, format));
        }
    }

    void compactValuesAreCopiedIntoTheDocument()
    {
        const QJsonObject inner{{L("b"), QJsonArray{1, QStringLiteral("two"), QJsonValue::Null}},
                                {L("a"), QStringLiteral("\u00e9\n")}};
        JsonWriter w(JsonWriter::Format::Compact);
        w.beginObject();
        w.key(L("items"));
        w.beginArray();
        w.compactValue(QJsonDocument(inner).toJson(QJsonDocument::Compact));
        w.compactValue("[]");
        w.endArray();
        w.endObject();
        const QJsonObject expected{{L("items"), QJsonArray{inner, QJsonArray()}}};
        QCOMPARE(w.bytes(), qt(expected, JsonWriter::Format::Compact));
        QVERIFY(w.isComplete());
    }

    // Deeper than one row of indentation spaces.
    void deepNesting()
    {
        JsonWriter w;
        w.beginObject();
        w.key(L("deep"));
        QJsonValue expected = QStringLiteral("bottom");
        for (int i = 0; i < 40; ++i)
            w.beginArray();
        w.string(u"bottom");
        for (int i = 0; i < 40; ++i) {
            w.endArray();
            expected = QJsonArray{expected};
        }
        w.endObject();
        QCOMPARE(w.bytes(), qt(QJsonObject{{L("deep"), expected}}, JsonWriter::Format::Indented));
    }

    void unsetMembersAreLeftOutAsJsonFieldsLeavesThem()
    {
        JsonWriter w;
        w.beginObject();
        w.putString(L("Absent"), QString());
        w.putString(L("Empty"), QStringLiteral(""));
        w.putTimestamp(L("Never"), QDateTime());
        w.putTimestamp(L("When"), QDateTime::fromMSecsSinceEpoch(1767961800123, Qt::UTC));
        w.endObject();
        QCOMPARE(w.bytes(),
                 qt(QJsonObject{{L("Empty"), L("")}, {L("When"), L("2026-01-09T12:30:00.123000Z")}},
                    JsonWriter::Format::Indented));
    }

    void takeBytesHandsOnTheDocumentInParts()
    {
        JsonWriter w;
        w.beginObject();
        w.key(L("list"));
        w.beginArray();
        QByteArray all = w.takeBytes();
        QVERIFY(w.bytes().isEmpty());
        w.string(u"one");
        all += w.takeBytes();
        w.string(u"two");
        w.endArray();
        w.endObject();
        all += w.takeBytes();
        QCOMPARE(all,
                 qt(QJsonObject{{L("list"), QJsonArray{L("one"), L("two")}}}, JsonWriter::Format::Indented));
    }

    // Every member of a project, in the order toJson()'s object keeps them, with awkward text.
    void migrationProjectWritesWhatToJsonSerialises_data() { stringsAreEscapedAsQtEscapesThem_data(); }
    void migrationProjectWritesWhatToJsonSerialises()
    {
        QFETCH(QString, text);
        for (const auto format : {JsonWriter::Format::Indented, JsonWriter::Format::Compact}) {
            const MigrationProject p = fullProject(text);
            JsonWriter w(format);
            w.beginObject();
            w.key(L("MigrationProjects"));
            w.beginArray();
            p.writeJson(w);
            MigrationProject::fromJson(QJsonObject()).writeJson(w);
            w.endArray();
            w.endObject();
            const QJsonObject expected{
                {L("MigrationProjects"),
                 QJsonArray{p.toJson(), MigrationProject::fromJson(QJsonObject()).toJson()}}};
            QCOMPARE(w.bytes(), qt(expected, format));
        }
    }

    void sparseProjectsLeaveOutWhatToJsonLeavesOut()
    {
        MigrationProject p = fullProject(QStringLiteral("x"));
        p.sourceDataProviderDescriptors.clear();
        p.description = QString();
        p.schemaConversionApplicationAttributes.reset();
        p.migrationProjectCreationTime = QDateTime();
        p.targetDataProviderDescriptors[0] = DataProviderDescriptor();
        JsonWriter w;
        p.writeJson(w);
        QCOMPARE(w.bytes(), qt(p.toJson(), JsonWriter::Format::Indented));
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
