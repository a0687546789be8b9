#include "dms/Filter.h"
#include "dms/model/DataProvider.h"
#include "dms/model/InstanceProfile.h"
#include "dms/model/MigrationProject.h"
#include "dms/model/SchemaConversionRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace dmsx;

namespace {
// Fixtures are written with single quotes (moc cannot read multi-line raw strings).
QByteArray jq(const char* json)
{
    return QByteArray(json).replace('\'', '"');
}

QJsonObject parse(const char* json)
{
    QJsonParseError err;
    const QJsonDocument d = QJsonDocument::fromJson(jq(json), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(err.errorString()));
    return d.object();
}
} // namespace

class TestDmsTypes : public QObject
{
    Q_OBJECT
private slots:
    void migrationProjectFromDocExample()
    {
        const auto p = MigrationProject::fromJson(parse(
            "{"
            "'MigrationProjectName':'p1','MigrationProjectArn':'arn:aws:dms:us-east-1:1:migration-project:P1'"
            ","
            "'MigrationProjectCreationTime':'2024-05-01T10:20:30.123Z',"
            "'SourceDataProviderDescriptors':[{'DataProviderName':'src','DataProviderArn':'arn:src',"
            "'SecretsManagerSecretId':'sec','SecretsManagerAccessRoleArn':'role'}],"
            "'TargetDataProviderDescriptors':[{'DataProviderName':'tgt','DataProviderArn':'arn:tgt'}],"
            "'InstanceProfileArn':'arn:ip','InstanceProfileName':'ip','TransformationRules':'rules-doc',"
            "'Description':'d','SchemaConversionApplicationAttributes':{'S3BucketPath':'s3://"
            "b','S3BucketRoleArn':'arn:r'},"
            "'SomeFutureMember':{'x':1}}"));
        QCOMPARE(p.migrationProjectName, QStringLiteral("p1"));
        QCOMPARE(p.migrationProjectArn, QStringLiteral("arn:aws:dms:us-east-1:1:migration-project:P1"));
        QCOMPARE(p.migrationProjectCreationTime.toMSecsSinceEpoch() % 1000, 123);
        QCOMPARE(p.sourceDataProviderDescriptors.size(), 1);
        QCOMPARE(p.sourceDataProviderDescriptors[0].secretsManagerAccessRoleArn, QStringLiteral("role"));
        QCOMPARE(p.targetDataProviderDescriptors[0].dataProviderArn, QStringLiteral("arn:tgt"));
        QCOMPARE(p.transformationRules, QStringLiteral("rules-doc"));
        QVERIFY(p.schemaConversionApplicationAttributes.has_value());
        QCOMPARE(p.schemaConversionApplicationAttributes->s3BucketRoleArn, QStringLiteral("arn:r"));

        // The round trip keeps DMS member names and drops the unknown member.
        const QJsonObject back = p.toJson();
        QCOMPARE(back.value(QLatin1String("MigrationProjectCreationTime")).toString(),
                 QStringLiteral("2024-05-01T10:20:30.123000Z"));
        QVERIFY(!back.contains(QLatin1String("SomeFutureMember")));
        QCOMPARE(MigrationProject::fromJson(back).toJson(), back);
        QCOMPARE(back.value(QLatin1String("SourceDataProviderDescriptors")).toArray().size(), 1);
    }

    void nullMeansAbsent()
    {
        const auto p = MigrationProject::fromJson(
            parse("{'MigrationProjectName':null,"
                  "'SchemaConversionApplicationAttributes':null,'SourceDataProviderDescriptors':null,"
                  "'MigrationProjectCreationTime':null}"));
        QVERIFY(p.migrationProjectName.isNull());
        QVERIFY(!p.schemaConversionApplicationAttributes);
        QVERIFY(p.sourceDataProviderDescriptors.isEmpty());
        QVERIFY(!p.migrationProjectCreationTime.isValid());
        QVERIFY(p.toJson().isEmpty());
    }

    void wrongTypesDoNotFail()
    {
        const auto p = MigrationProject::fromJson(
            parse("{'MigrationProjectName':5,"
                  "'SourceDataProviderDescriptors':['x',{'DataProviderName':'ok'}],"
                  "'MigrationProjectCreationTime':'yesterday'}"));
        QVERIFY(p.migrationProjectName.isEmpty());
        QCOMPARE(p.sourceDataProviderDescriptors.size(), 1);
        QVERIFY(!p.migrationProjectCreationTime.isValid());
    }

    void dataProviderKnownSettings()
    {
        const auto d = DataProvider::fromJson(parse(
            "{'DataProviderName':'pg','Engine':'postgres',"
            "'Virtual':false,'DataProviderCreationTime':'2025-01-01T00:00:00Z',"
            "'Settings':{'PostgreSqlSettings':{'ServerName':'db.local','Port':5432,'DatabaseName':'app',"
            "'SslMode':'require'}}}"));
        QCOMPARE(d.engine, QStringLiteral("postgres"));
        QVERIFY(d.isVirtual.has_value());
        QCOMPARE(*d.isVirtual, false);
        QCOMPARE(d.settingsVariant, QStringLiteral("PostgreSqlSettings"));
        QVERIFY(d.settingsVariantKnown);
        QCOMPARE(d.serverName(), QStringLiteral("db.local"));
        QCOMPARE(d.port().value_or(-1), 5432);
        QCOMPARE(d.databaseName(), QStringLiteral("app"));
        QCOMPARE(d.toJson()
                     .value(QLatin1String("Settings"))
                     .toObject()
                     .value(QLatin1String("PostgreSqlSettings"))
                     .toObject()
                     .value(QLatin1String("SslMode"))
                     .toString(),
                 QStringLiteral("require"));
        QCOMPARE(d.toJson().value(QLatin1String("Virtual")), QJsonValue(false));
    }

    void dataProviderUnknownVariantKept()
    {
        const auto d = DataProvider::fromJson(parse(
            "{'Engine':'newdb','Virtual':true,'Settings':{'NewDbSettings':{'ServerName':'n','Port':1}}}"));
        QCOMPARE(d.settingsVariant, QStringLiteral("NewDbSettings"));
        QVERIFY(!d.settingsVariantKnown);
        QCOMPARE(d.serverName(), QStringLiteral("n"));
        QCOMPARE(*d.isVirtual, true);
        QVERIFY(
            d.toJson().value(QLatin1String("Settings")).toObject().contains(QLatin1String("NewDbSettings")));
    }

    void instanceProfile()
    {
        const auto p = InstanceProfile::fromJson(
            parse("{'InstanceProfileArn':'arn:ip','InstanceProfileName':'ip',"
                  "'PubliclyAccessible':false,'NetworkType':'DUAL','VpcSecurityGroups':['sg-1','sg-2'],"
                  "'InstanceProfileCreationTime':'2025-02-03T04:05:06.7+01:00','KmsKeyArn':'arn:k'}"));
        QCOMPARE(p.networkType, QStringLiteral("DUAL"));
        QCOMPARE(p.publiclyAccessible.value_or(true), false);
        QCOMPARE(p.vpcSecurityGroups, (QStringList{QStringLiteral("sg-1"), QStringLiteral("sg-2")}));
        QCOMPARE(p.instanceProfileCreationTime, QDateTime(QDate(2025, 2, 3), QTime(3, 5, 6, 700), Qt::UTC));
        QCOMPARE(InstanceProfile::fromJson(p.toJson()).toJson(), p.toJson());
        // Absent: the model default (true) is the caller's business; we report "unknown".
        QVERIFY(!InstanceProfile::fromJson(QJsonObject()).publiclyAccessible.has_value());
    }

    void requestsFromDocExample()
    {
        const QJsonArray reqs =
            parse("{'Requests':["
                  "{'MigrationProjectArn':'arn:p','RequestIdentifier':'r1','Status':'SUCCESS'},"
                  "{'MigrationProjectArn':'arn:p','Progress':{'ProgressPercent':50.0,'ProgressStep':'IN_"
                  "PROGRESS',"
                  "'TotalObjects':9007199254740993,'ProcessedObject':{'Name':'t1','Type':'table','"
                  "EndpointType':'TARGET'}},"
                  "'RequestIdentifier':'r2','Status':'IN_PROGRESS'},"
                  "{'Error':{'defaultErrorDetails':{'Message':'The database user in your target secret does "
                  "not have sufficient privileges.'}},"
                  "'MigrationProjectArn':'arn:p','RequestIdentifier':'r3','Status':'FAILED'}]}")
                .value(QLatin1String("Requests"))
                .toArray();
        const auto r1 = SchemaConversionRequest::fromJson(reqs[0].toObject());
        const auto r2 = SchemaConversionRequest::fromJson(reqs[1].toObject());
        const auto r3 = SchemaConversionRequest::fromJson(reqs[2].toObject());
        QCOMPARE(r1.state(), SchemaConversionRequest::State::Success);
        QVERIFY(r1.isTerminal());
        QCOMPARE(r2.state(), SchemaConversionRequest::State::InProgress);
        QVERIFY(!r2.isTerminal());
        QVERIFY(r2.progress.has_value());
        QCOMPARE(r2.progress->progressPercent.value_or(-1), 50.0);
        QCOMPARE(r2.progress->progressStep, QStringLiteral("IN_PROGRESS"));
        QCOMPARE(r2.progress->totalObjects.value_or(0), Q_INT64_C(9007199254740993));
        QCOMPARE(r2.progress->processedObject->endpointType, QStringLiteral("TARGET"));
        QCOMPARE(r3.state(), SchemaConversionRequest::State::Failed);
        QVERIFY(r3.isTerminal());
        QCOMPARE(r3.error->variant, ErrorDetails::Variant::Default);
        QCOMPARE(
            r3.error->message,
            QStringLiteral("The database user in your target secret does not have sufficient privileges."));
        QCOMPARE(SchemaConversionRequest::fromJson(r3.toJson()).toJson(), r3.toJson());
        QVERIFY(r3.toJson()
                    .value(QLatin1String("Error"))
                    .toObject()
                    .contains(QLatin1String("defaultErrorDetails")));
    }

    void int64TotalObjectsBeyondInt32()
    {
        const auto p = Progress::fromJson(parse("{'TotalObjects':5000000000}"));
        QCOMPARE(p.totalObjects.value_or(0), Q_INT64_C(5000000000));
        QCOMPARE(p.toJson().value(QLatin1String("TotalObjects")).toInteger(), Q_INT64_C(5000000000));
    }

    void nanAndInfinityStrings()
    {
        const auto nan = Progress::fromJson(parse("{'ProgressPercent':'NaN'}"));
        QVERIFY(nan.progressPercent && std::isnan(*nan.progressPercent));
        QCOMPARE(nan.toJson().value(QLatin1String("ProgressPercent")).toString(), QStringLiteral("NaN"));
        const auto inf = Progress::fromJson(parse("{'ProgressPercent':'-Infinity'}"));
        QVERIFY(inf.progressPercent && std::isinf(*inf.progressPercent) && *inf.progressPercent < 0);
        const auto junk = Progress::fromJson(parse("{'ProgressPercent':'fifty'}"));
        QVERIFY(!junk.progressPercent);
    }

    void unknownStatusAndErrorVariant()
    {
        const auto r = SchemaConversionRequest::fromJson(
            parse("{'Status':'PAUSED','Error':{'fancyErrorDetails':{'Message':'m','Code':7}}}"));
        QCOMPARE(r.state(), SchemaConversionRequest::State::Unknown);
        QVERIFY(!r.isTerminal());
        QCOMPARE(r.error->variant, ErrorDetails::Variant::Unknown);
        QCOMPARE(r.error->unknownVariantName, QStringLiteral("fancyErrorDetails"));
        QCOMPARE(r.error->message, QStringLiteral("m"));
        QVERIFY(
            r.toJson().value(QLatin1String("Error")).toObject().contains(QLatin1String("fancyErrorDetails")));
        QCOMPARE(SchemaConversionRequest::fromJson(parse("{'Status':'CANCELED'}")).state(),
                 SchemaConversionRequest::State::Canceled);
        QVERIFY(!SchemaConversionRequest::fromJson(parse("{'Status':'CANCELING'}")).isTerminal());
    }

    void filterShape()
    {
        Filter f{QStringLiteral("request-id"), {QStringLiteral("abc")}};
        const QJsonObject o = f.toJson();
        QCOMPARE(QJsonDocument(o).toJson(QJsonDocument::Compact),
                 jq("{'Name':'request-id','Values':['abc']}"));
        QCOMPARE(Filter::fromJson(o).values, f.values);
    }
};

QTEST_GUILESS_MAIN(TestDmsTypes)
#include "tst_dmstypes.moc"
