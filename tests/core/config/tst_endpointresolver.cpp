#include "config/EndpointResolver.h"
#include "config/Partition.h"
#include "config/ServiceEndpointResolver.h"

#include <QTest>

using namespace dmsx;

namespace {

Result<ResolvedEndpoint> resolve(const QString& region, bool fips = false, bool dualStack = false,
                                 const QString& endpoint = QString())
{
    EndpointParams p;
    p.region = region;
    p.useFips = fips;
    p.useDualStack = dualStack;
    p.endpoint = endpoint;
    return EndpointResolver::resolve(p);
}

} // namespace

class TestEndpointResolver : public QObject
{
    Q_OBJECT
private slots:
    // Every hostname of docs/protocol.md §2.4: 8 regions x 4 variants.
    void hostnameTable_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<bool>("fips");
        QTest::addColumn<bool>("dualStack");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("partition");

        struct Row
        {
            const char* region;
            const char* partition;
            const char* hosts[4]; // default, FIPS, DualStack, FIPS+DualStack
        };
        const Row rows[] = {
            {"us-east-1",
             "aws",
             {"dms.us-east-1.amazonaws.com", "dms-fips.us-east-1.amazonaws.com", "dms.us-east-1.api.aws",
              "dms-fips.us-east-1.api.aws"}},
            {"cn-north-1",
             "aws-cn",
             {"dms.cn-north-1.amazonaws.com.cn", "dms-fips.cn-north-1.amazonaws.com.cn",
              "dms.cn-north-1.api.amazonwebservices.com.cn",
              "dms-fips.cn-north-1.api.amazonwebservices.com.cn"}},
            {"us-gov-west-1",
             "aws-us-gov",
             {"dms.us-gov-west-1.amazonaws.com", "dms.us-gov-west-1.amazonaws.com",
              "dms.us-gov-west-1.api.aws", "dms-fips.us-gov-west-1.api.aws"}},
            {"us-iso-east-1",
             "aws-iso",
             {"dms.us-iso-east-1.c2s.ic.gov", "dms.us-iso-east-1.c2s.ic.gov",
              "dms.us-iso-east-1.api.aws.ic.gov", "dms-fips.us-iso-east-1.api.aws.ic.gov"}},
            {"us-isob-east-1",
             "aws-iso-b",
             {"dms.us-isob-east-1.sc2s.sgov.gov", "dms.us-isob-east-1.sc2s.sgov.gov",
              "dms.us-isob-east-1.api.aws.scloud", "dms-fips.us-isob-east-1.api.aws.scloud"}},
            {"eu-isoe-west-1",
             "aws-iso-e",
             {"dms.eu-isoe-west-1.cloud.adc-e.uk", "dms-fips.eu-isoe-west-1.cloud.adc-e.uk",
              "dms.eu-isoe-west-1.api.cloud-aws.adc-e.uk", "dms-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk"}},
            {"us-isof-south-1",
             "aws-iso-f",
             {"dms.us-isof-south-1.csp.hci.ic.gov", "dms-fips.us-isof-south-1.csp.hci.ic.gov",
              "dms.us-isof-south-1.api.aws.hci.ic.gov", "dms-fips.us-isof-south-1.api.aws.hci.ic.gov"}},
            {"eusc-de-east-1",
             "aws-eusc",
             {"dms.eusc-de-east-1.amazonaws.eu", "dms-fips.eusc-de-east-1.amazonaws.eu",
              "dms.eusc-de-east-1.api.amazonwebservices.eu",
              "dms-fips.eusc-de-east-1.api.amazonwebservices.eu"}},
        };
        const char* variants[4] = {"default", "fips", "dualstack", "fips+dualstack"};
        for (const Row& r : rows) {
            for (int v = 0; v < 4; ++v) {
                QTest::addRow("%s/%s", r.region, variants[v])
                    << QString::fromLatin1(r.region) << (v == 1 || v == 3) << (v == 2 || v == 3)
                    << QString::fromLatin1(r.hosts[v]) << QString::fromLatin1(r.partition);
            }
        }
    }
    void hostnameTable()
    {
        QFETCH(QString, region);
        QFETCH(bool, fips);
        QFETCH(bool, dualStack);
        QFETCH(QString, host);
        QFETCH(QString, partition);

        const Result<ResolvedEndpoint> r = resolve(region, fips, dualStack);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->host, host);
        QCOMPARE(r->url.toString(), QStringLiteral("https://") + host + u'/');
        QCOMPARE(r->hostHeader(), host);
        QCOMPARE(r->signingRegion, region);
        QCOMPARE(r->signingName, QStringLiteral("dms"));
        QCOMPARE(r->partitionId, partition);
        QCOMPARE(r->fips, fips);
        QCOMPARE(r->dualStack, dualStack);
        QVERIFY(!r->custom);
    }

    // Every region of docs/protocol.md §2.5 resolves to dms.<r>.amazonaws.com and is listed in the aws
    // partition.
    void awsRegions_data()
    {
        QTest::addColumn<QString>("region");
        const char* regions[] = {"af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1",
                                 "ap-northeast-2", "ap-northeast-3", "ap-south-1",     "ap-south-2",
                                 "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
                                 "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1",
                                 "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-north-1",
                                 "eu-south-1",     "eu-south-2",     "eu-west-1",      "eu-west-2",
                                 "eu-west-3",      "il-central-1",   "me-central-1",   "me-south-1",
                                 "me-west-1",      "mx-central-1",   "sa-east-1",      "sa-west-1",
                                 "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2"};
        for (const char* r : regions)
            QTest::newRow(r) << QString::fromLatin1(r);
    }
    void awsRegions()
    {
        QFETCH(QString, region);
        const Result<ResolvedEndpoint> r = resolve(region);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->url.toString(),
                 QStringLiteral("https://dms.") + region + QStringLiteral(".amazonaws.com/"));
        QCOMPARE(r->partitionId, QStringLiteral("aws"));
        QVERIFY(Partition::byId(QStringLiteral("aws"))->regions.contains(region));
    }

    void partitionListing()
    {
        QStringList ids;
        for (const Partition& p : Partition::all())
            ids << p.id;
        QCOMPARE(ids, QStringList({QStringLiteral("aws"), QStringLiteral("aws-cn"),
                                   QStringLiteral("aws-eusc"), QStringLiteral("aws-iso"),
                                   QStringLiteral("aws-iso-b"), QStringLiteral("aws-iso-e"),
                                   QStringLiteral("aws-iso-f"), QStringLiteral("aws-us-gov")}));
        QCOMPARE(Partition::byId(QStringLiteral("aws"))->regions.size(), 36);
        QCOMPARE(Partition::byId(QStringLiteral("aws-cn"))->regions,
                 QStringList({QStringLiteral("cn-north-1"), QStringLiteral("cn-northwest-1")}));
        QCOMPARE(Partition::byId(QStringLiteral("aws-us-gov"))->regions,
                 QStringList({QStringLiteral("us-gov-east-1"), QStringLiteral("us-gov-west-1")}));
        // Every listed region maps back onto its own partition by exact match.
        for (const Partition& p : Partition::all()) {
            QVERIFY(!p.regions.isEmpty());
            for (const QString& r : p.regions)
                QCOMPARE(Partition::forRegion(r).id, p.id);
            QCOMPARE(Partition::forRegion(p.globalRegion()).id, p.id);
        }
        QVERIFY(Partition::byId(QStringLiteral("nope")) == nullptr);
    }

    // Regions not in any list fall through to the regexes, in table order, then to aws.
    void partitionByRegex_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("partition");
        QTest::addColumn<QString>("host");
        QTest::newRow("unknown prefix") << "xx-foo-1"
                                        << "aws"
                                        << "dms.xx-foo-1.amazonaws.com";
        QTest::newRow("new commercial") << "eu-foo-7"
                                        << "aws"
                                        << "dms.eu-foo-7.amazonaws.com";
        QTest::newRow("new china") << "cn-foo-9"
                                   << "aws-cn"
                                   << "dms.cn-foo-9.amazonaws.com.cn";
        QTest::newRow("new eusc") << "eusc-de-west-2"
                                  << "aws-eusc"
                                  << "dms.eusc-de-west-2.amazonaws.eu";
        QTest::newRow("eusc other country") << "eusc-fr-west-2"
                                            << "aws"
                                            << "dms.eusc-fr-west-2.amazonaws.com";
        QTest::newRow("new iso") << "us-iso-south-3"
                                 << "aws-iso"
                                 << "dms.us-iso-south-3.c2s.ic.gov";
        QTest::newRow("new iso-b") << "us-isob-south-3"
                                   << "aws-iso-b"
                                   << "dms.us-isob-south-3.sc2s.sgov.gov";
        QTest::newRow("new iso-e") << "eu-isoe-north-2"
                                   << "aws-iso-e"
                                   << "dms.eu-isoe-north-2.cloud.adc-e.uk";
        QTest::newRow("new iso-f") << "us-isof-west-4"
                                   << "aws-iso-f"
                                   << "dms.us-isof-west-4.csp.hci.ic.gov";
        QTest::newRow("new gov") << "us-gov-foo-1"
                                 << "aws-us-gov"
                                 << "dms.us-gov-foo-1.amazonaws.com";
        QTest::newRow("no digits") << "localregion"
                                   << "aws"
                                   << "dms.localregion.amazonaws.com";
        QTest::newRow("unicode digit is not \\d") << QStringLiteral("cn-foo-\u0663") << "aws" << QString();
    }
    void partitionByRegex()
    {
        QFETCH(QString, region);
        QFETCH(QString, partition);
        QFETCH(QString, host);
        QCOMPARE(Partition::forRegion(region).id, partition);
        if (host.isEmpty())
            return;
        const Result<ResolvedEndpoint> r = resolve(region);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->host, host);
        QCOMPARE(r->partitionId, partition);
    }

    // docs/protocol.md §2.1: fips- / -fips turn FIPS on and are stripped.
    void fipsPreprocessing_data()
    {
        QTest::addColumn<QString>("configured");
        QTest::addColumn<bool>("dualStack");
        QTest::addColumn<QString>("signingRegion");
        QTest::addColumn<QString>("host");
        QTest::newRow("suffix") << "us-east-1-fips" << false << "us-east-1"
                                << "dms-fips.us-east-1.amazonaws.com";
        QTest::newRow("prefix") << "fips-us-west-2" << false << "us-west-2"
                                << "dms-fips.us-west-2.amazonaws.com";
        QTest::newRow("aws-fips") << "aws-fips" << false << "us-east-1"
                                  << "dms-fips.us-east-1.amazonaws.com";
        QTest::newRow("fips-aws-global") << "fips-aws-global" << false << "us-east-1"
                                         << "dms-fips.us-east-1.amazonaws.com";
        QTest::newRow("fips-dkr-") << "fips-dkr-us-east-2" << false << "us-east-2"
                                   << "dms-fips.us-east-2.amazonaws.com";
        QTest::newRow("fips-prod-") << "fips-prod-eu-west-1" << false << "eu-west-1"
                                    << "dms-fips.eu-west-1.amazonaws.com";
        QTest::newRow("gov suffix") << "us-gov-west-1-fips" << false << "us-gov-west-1"
                                    << "dms.us-gov-west-1.amazonaws.com";
        QTest::newRow("china suffix") << "cn-north-1-fips" << false << "cn-north-1"
                                      << "dms-fips.cn-north-1.amazonaws.com.cn";
        QTest::newRow("suffix + dualstack") << "us-east-1-fips" << true << "us-east-1"
                                            << "dms-fips.us-east-1.api.aws";
    }
    void fipsPreprocessing()
    {
        QFETCH(QString, configured);
        QFETCH(bool, dualStack);
        QFETCH(QString, signingRegion);
        QFETCH(QString, host);
        const Result<PreprocessedRegion> pre = EndpointResolver::preprocessRegion(configured);
        QVERIFY(pre.ok());
        QCOMPARE(pre->region, signingRegion);
        QVERIFY(pre->impliesFips);

        const Result<ResolvedEndpoint> r = resolve(configured, false, dualStack);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QCOMPARE(r->host, host);
        QCOMPARE(r->signingRegion, signingRegion);
        QVERIFY(r->fips);
    }
    void plainRegionDoesNotImplyFips()
    {
        // "fips" inside a name is not a prefix or suffix.
        const Result<PreprocessedRegion> pre =
            EndpointResolver::preprocessRegion(QStringLiteral("us-fipsy-1"));
        QVERIFY(pre.ok());
        QVERIFY(!pre->impliesFips);
        QCOMPARE(pre->region, QStringLiteral("us-fipsy-1"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<bool>("fips");
        QTest::addColumn<bool>("dualStack");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("message");
        const QString custom = QStringLiteral("http://localhost:4566");
        QTest::newRow("missing region")
            << QString() << false << false << QString() << "Invalid Configuration: Missing Region";
        QTest::newRow("missing region with fips")
            << QString() << true << true << QString() << "Invalid Configuration: Missing Region";
        QTest::newRow("custom + fips") << "us-east-1" << true << false << custom
                                       << "Invalid Configuration: FIPS and custom endpoint are not supported";
        QTest::newRow("custom + fips + dualstack")
            << "us-east-1" << true << true << custom
            << "Invalid Configuration: FIPS and custom endpoint are not supported";
        QTest::newRow("custom + fips from region")
            << "us-east-1-fips" << false << false << custom
            << "Invalid Configuration: FIPS and custom endpoint are not supported";
        QTest::newRow("custom + dualstack")
            << "us-east-1" << false << true << custom
            << "Invalid Configuration: Dualstack and custom endpoint are not supported";
        QTest::newRow("region with dot")
            << "us-east-1.evil.com" << false << false << QString()
            << "Region not accepted: region=\"us-east-1.evil.com\" is not a valid "
               "hostname component.";
        QTest::newRow("region with slash")
            << "us-east-1/x" << false << false << QString()
            << "Region not accepted: region=\"us-east-1/x\" is not a valid hostname "
               "component.";
        QTest::newRow("region with space")
            << "us east 1" << false << false << QString()
            << "Region not accepted: region=\"us east 1\" is not a valid hostname "
               "component.";
        QTest::newRow("leading dash") << "-us-east-1" << false << false << QString()
                                      << "Region not accepted: region=\"-us-east-1\" is not a valid hostname "
                                         "component.";
        QTest::newRow("only fips-")
            << "fips-" << false << false << QString()
            << "Region not accepted: region=\"fips-\" is not a valid hostname component.";
        QTest::newRow("too long") << QString(64, u'a') << false << false << QString()
                                  << QStringLiteral("Region not accepted: region=\"") + QString(64, u'a') +
                                         QStringLiteral("\" is not a valid hostname component.");
        QTest::newRow("bad region even with custom endpoint")
            << "bad.region" << false << false << custom
            << "Region not accepted: region=\"bad.region\" is not a valid hostname component.";
        QTest::newRow("custom not a URL")
            << "us-east-1" << false << false << "localhost:4566"
            << "Invalid Configuration: custom endpoint \"localhost:4566\" is not an "
               "absolute http:// or https:// URL";
        QTest::newRow("custom ftp")
            << "us-east-1" << false << false << "ftp://example.com"
            << "Invalid Configuration: custom endpoint \"ftp://example.com\" is not an "
               "absolute http:// or https:// URL";
    }
    void errors()
    {
        QFETCH(QString, region);
        QFETCH(bool, fips);
        QFETCH(bool, dualStack);
        QFETCH(QString, endpoint);
        QFETCH(QString, message);
        const Result<ResolvedEndpoint> r = resolve(region, fips, dualStack, endpoint);
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(r.fault().message, message);
    }

    // Today's data supports FIPS and dual-stack everywhere; a synthetic table reaches the rules anyway.
    void unsupportedPartitionErrors_data()
    {
        QTest::addColumn<bool>("supportsFips");
        QTest::addColumn<bool>("supportsDualStack");
        QTest::addColumn<bool>("fips");
        QTest::addColumn<bool>("dualStack");
        QTest::addColumn<QString>("message");
        const QString both =
            QStringLiteral("FIPS and DualStack are enabled, but this partition does not support one or both");
        QTest::newRow("both, no fips") << false << true << true << true << both;
        QTest::newRow("both, no dualstack") << true << false << true << true << both;
        QTest::newRow("fips only") << false << true << true << false
                                   << "FIPS is enabled but this partition does not support FIPS";
        QTest::newRow("dualstack only")
            << true << false << false << true
            << "DualStack is enabled but this partition does not support DualStack";
        QTest::newRow("plain still works") << false << false << false << false << QString();
    }
    void unsupportedPartitionErrors()
    {
        QFETCH(bool, supportsFips);
        QFETCH(bool, supportsDualStack);
        QFETCH(bool, fips);
        QFETCH(bool, dualStack);
        QFETCH(QString, message);
        QList<Partition> table = Partition::all();
        table[0].supportsFips = supportsFips;
        table[0].supportsDualStack = supportsDualStack;
        EndpointParams p;
        p.region = QStringLiteral("us-east-1");
        p.useFips = fips;
        p.useDualStack = dualStack;
        const Result<ResolvedEndpoint> r = EndpointResolver::resolve(p, table);
        if (message.isEmpty()) {
            QVERIFY(r.ok());
            QCOMPARE(r->host, QStringLiteral("dms.us-east-1.amazonaws.com"));
            return;
        }
        QVERIFY(!r.ok());
        QCOMPARE(r.fault().kind, FaultKind::Configuration);
        QCOMPARE(r.fault().message, message);
        // The default table is untouched.
        QVERIFY(EndpointResolver::resolve(p).ok());
    }

    void customEndpoint_data()
    {
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("hostHeader");
        QTest::addColumn<QString>("partition");
        QTest::newRow("local http with port") << "eu-west-1"
                                              << "http://localhost:4566"
                                              << "localhost"
                                              << "localhost:4566"
                                              << "aws";
        QTest::newRow("https with path kept") << "cn-north-1"
                                              << "https://vpce-123.dms.cn-north-1.vpce.amazonaws.com.cn/base/"
                                              << "vpce-123.dms.cn-north-1.vpce.amazonaws.com.cn"
                                              << "vpce-123.dms.cn-north-1.vpce.amazonaws.com.cn"
                                              << "aws-cn";
        QTest::newRow("default https port dropped from Host") << "us-gov-west-1"
                                                              << "https://proxy.example:443"
                                                              << "proxy.example"
                                                              << "proxy.example"
                                                              << "aws-us-gov";
        QTest::newRow("loopback ip") << "us-east-1"
                                     << "http://127.0.0.1:8080"
                                     << "127.0.0.1"
                                     << "127.0.0.1:8080"
                                     << "aws";
        QTest::newRow("no region") << QString() << "http://127.0.0.1:8080"
                                   << "127.0.0.1"
                                   << "127.0.0.1:8080" << QString();
    }
    void customEndpoint()
    {
        QFETCH(QString, region);
        QFETCH(QString, endpoint);
        QFETCH(QString, host);
        QFETCH(QString, hostHeader);
        QFETCH(QString, partition);
        const Result<ResolvedEndpoint> r = resolve(region, false, false, endpoint);
        QVERIFY2(r.ok(), qPrintable(r.fault().message));
        QVERIFY(r->custom);
        QCOMPARE(r->url.toString(), endpoint); // exactly as given
        QCOMPARE(r->host, host);
        QCOMPARE(r->hostHeader(), hostHeader);
        // The signing scope does not follow the custom host.
        QCOMPARE(r->signingRegion, region);
        QCOMPARE(r->signingName, QStringLiteral("dms"));
        QCOMPARE(r->partitionId, partition);
        QVERIFY(!r->fips);
        QVERIFY(!r->dualStack);
    }

    void hostLabel_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("valid");
        QTest::newRow("region") << "us-east-1" << true;
        QTest::newRow("single char") << "a" << true;
        QTest::newRow("63 chars") << QString(63, u'x') << true;
        QTest::newRow("64 chars") << QString(64, u'x') << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("trailing dash") << "us-east-" << false;
        QTest::newRow("underscore") << "us_east_1" << false;
        QTest::newRow("non-ascii") << QStringLiteral("us-\u00e9ast-1") << false;
    }
    void hostLabel()
    {
        QFETCH(QString, label);
        QFETCH(bool, valid);
        QCOMPARE(EndpointResolver::isValidHostLabel(label), valid);
    }

    // S3, Secrets Manager and KMS are regional; IAM has one endpoint per partition, signed for
    // that partition's IAM region (docs/protocol.md §2.8).
    void serviceEndpoints_data()
    {
        QTest::addColumn<int>("service");
        QTest::addColumn<QString>("region");
        QTest::addColumn<bool>("fips");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("signingRegion");
        QTest::addColumn<QString>("signingName");
        const int s3 = int(AwsService::S3), iam = int(AwsService::Iam), sm = int(AwsService::SecretsManager),
                  kms = int(AwsService::Kms);
        QTest::newRow("s3") << s3 << "eu-west-1" << false << "https://s3.eu-west-1.amazonaws.com/"
                            << "eu-west-1"
                            << "s3";
        QTest::newRow("s3 china") << s3 << "cn-north-1" << false << "https://s3.cn-north-1.amazonaws.com.cn/"
                                  << "cn-north-1"
                                  << "s3";
        QTest::newRow("iam") << iam << "eu-west-1" << false << "https://iam.amazonaws.com/"
                             << "us-east-1"
                             << "iam";
        QTest::newRow("iam fips") << iam << "us-east-2" << true << "https://iam-fips.amazonaws.com/"
                                  << "us-east-1"
                                  << "iam";
        QTest::newRow("iam china") << iam << "cn-northwest-1" << false
                                   << "https://iam.cn-north-1.amazonaws.com.cn/"
                                   << "cn-north-1"
                                   << "iam";
        QTest::newRow("iam govcloud")
            << iam << "us-gov-east-1" << false << "https://iam.us-gov.amazonaws.com/"
            << "us-gov-west-1"
            << "iam";
        QTest::newRow("secretsmanager")
            << sm << "ap-south-1" << false << "https://secretsmanager.ap-south-1.amazonaws.com/"
            << "ap-south-1"
            << "secretsmanager";
        QTest::newRow("kms fips") << kms << "us-west-2" << true << "https://kms-fips.us-west-2.amazonaws.com/"
                                  << "us-west-2"
                                  << "kms";
    }
    void serviceEndpoints()
    {
        QFETCH(int, service);
        QFETCH(QString, region);
        QFETCH(bool, fips);
        QFETCH(QString, url);
        QFETCH(QString, signingRegion);
        QFETCH(QString, signingName);
        const Result<ServiceEndpoint> e =
            ServiceEndpointResolver::resolve(AwsService(service), region, QString(), fips);
        QVERIFY2(e.ok(), qPrintable(e.fault().message));
        QCOMPARE(e->url.toString(), url);
        QCOMPARE(e->signingRegion, signingRegion);
        QCOMPARE(e->signingName, signingName);
        QVERIFY(!e->custom);

        // A custom endpoint is used as given and signed as the rules would sign.
        const Result<ServiceEndpoint> custom = ServiceEndpointResolver::resolve(
            AwsService(service), region, QStringLiteral("http://127.0.0.1:9"), fips);
        QVERIFY(custom.ok());
        QCOMPARE(custom->url.toString(), QStringLiteral("http://127.0.0.1:9"));
        QCOMPARE(custom->signingRegion, signingRegion);
        QVERIFY(custom->custom);
    }

    void s3BucketAddressing()
    {
        const ServiceEndpoint aws =
            ServiceEndpointResolver::resolve(AwsService::S3, QStringLiteral("us-west-2")).value();
        QCOMPARE(ServiceEndpointResolver::s3BucketUrl(aws, QStringLiteral("my-bucket")).toString(),
                 QStringLiteral("https://my-bucket.s3.us-west-2.amazonaws.com/"));
        // A dot would break the wildcard certificate: path style.
        QCOMPARE(ServiceEndpointResolver::s3BucketUrl(aws, QStringLiteral("my.bucket")).toString(),
                 QStringLiteral("https://s3.us-west-2.amazonaws.com/my.bucket"));
        const ServiceEndpoint loopback =
            ServiceEndpointResolver::resolve(AwsService::S3, QStringLiteral("us-west-2"),
                                             QStringLiteral("http://127.0.0.1:8080"))
                .value();
        QCOMPARE(ServiceEndpointResolver::s3BucketUrl(loopback, QStringLiteral("my-bucket")).toString(),
                 QStringLiteral("http://127.0.0.1:8080/my-bucket"));
        const ServiceEndpoint named =
            ServiceEndpointResolver::resolve(AwsService::S3, QStringLiteral("us-west-2"),
                                             QStringLiteral("https://s3.internal.example"))
                .value();
        QCOMPARE(ServiceEndpointResolver::s3BucketUrl(named, QStringLiteral("my-bucket")).toString(),
                 QStringLiteral("https://my-bucket.s3.internal.example/"));
        QVERIFY(!ServiceEndpointResolver::isValidBucketName(QStringLiteral("My_Bucket")));
        QVERIFY(!ServiceEndpointResolver::isValidBucketName(QStringLiteral("ab")));
        QVERIFY(!ServiceEndpointResolver::resolve(AwsService::Kms, QStringLiteral("bad region")).ok());
    }
};

QTEST_GUILESS_MAIN(TestEndpointResolver)
#include "tst_endpointresolver.moc"
