// Integration test of the real dms-sim executable over loopback: every operation, paging,
// association lifecycles, each auth failure, each injected fault, HTTPS and shutdown.
#include "sigv4/SigV4Signer.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <QUuid>

#include <memory>

using namespace dmsx;

namespace {

const QString kDemoKey = QStringLiteral("AKIADEMOEXTPACK00001");
const QString kDemoSecret = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");

AwsCredentials demoCredentials()
{
    AwsCredentials c;
    c.accessKeyId = kDemoKey;
    c.secretAccessKey = kDemoSecret;
    return c;
}

struct Reply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QByteArray contentType;
    QByteArray requestId;
    QByteArray date;
    QByteArray retryAfter;
    QString type() const { return json.value(QLatin1String("__type")).toString(); }
    QString message() const
    {
        return json.contains(QLatin1String("message")) ? json.value(QLatin1String("message")).toString()
                                                       : json.value(QLatin1String("Message")).toString();
    }
};

struct CallOptions
{
    AwsCredentials credentials = demoCredentials();
    QDateTime signingTime; // default: now
    QString region = QStringLiteral("us-east-1");
    QByteArray target;  // default: AmazonDMSv20160101.<operation>
    QByteArray rawBody; // default: the JSON body
    bool sign = true;
    QByteArray invocationId;
    QByteArray sdkRequest;
    QSslConfiguration ssl;
    bool useSsl = false;
};

struct Sim
{
    std::unique_ptr<QProcess> process;
    QUrl url;
};

} // namespace

class TestSimulator : public QObject
{
    Q_OBJECT

private:
    QString m_bin;
    QList<QProcess*> m_processes;
    QNetworkAccessManager m_nam;
    SigV4Signer m_signer;
    QUrl m_demoUrl; // one long-running simulator with the demo scenario, time scale 1

    QUrl startSim(const QStringList& args, QProcess** out = nullptr)
    {
        auto* p = new QProcess(this);
        p->setProgram(m_bin);
        p->setArguments(QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} + args);
        p->setProcessChannelMode(QProcess::SeparateChannels);
        p->start();
        m_processes << p;
        if (!p->waitForStarted(10000))
            return QUrl();
        QByteArray line;
        while (!line.contains('\n') && p->waitForReadyRead(10000))
            line += p->readAllStandardOutput();
        const QByteArray first = line.left(line.indexOf('\n'));
        if (out)
            *out = p;
        if (!first.startsWith("listening on "))
            return QUrl();
        return QUrl(QString::fromLatin1(first.mid(13)));
    }

    Reply call(const QUrl& url, const QString& operation, const QJsonObject& body,
               const CallOptions& options = CallOptions())
    {
        HttpRequestData data;
        data.method = "POST";
        data.path = "/";
        data.setHeader("host", QStringLiteral("%1:%2").arg(url.host()).arg(url.port()).toLatin1());
        data.setHeader("content-type", "application/x-amz-json-1.1");
        data.setHeader("x-amz-target", options.target.isEmpty() ? "AmazonDMSv20160101." + operation.toLatin1()
                                                                : options.target);
        if (!options.invocationId.isEmpty())
            data.setHeader("amz-sdk-invocation-id", options.invocationId);
        if (!options.sdkRequest.isEmpty())
            data.setHeader("amz-sdk-request", options.sdkRequest);
        data.body =
            options.rawBody.isNull() ? QJsonDocument(body).toJson(QJsonDocument::Compact) : options.rawBody;
        HttpRequestData toSend = data;
        if (options.sign) {
            SigningParams params;
            params.credentials = options.credentials;
            params.region = options.region;
            params.service = QStringLiteral("dms");
            params.time =
                options.signingTime.isValid() ? options.signingTime : QDateTime::currentDateTimeUtc();
            toSend = m_signer.sign(data, params).signedRequest;
        }
        QNetworkRequest request(url);
        for (const auto& h : std::as_const(toSend.headers)) {
            if (h.first.compare("host", Qt::CaseInsensitive) != 0)
                request.setRawHeader(h.first, h.second);
        }
        if (options.useSsl)
            request.setSslConfiguration(options.ssl);
        QNetworkReply* reply = m_nam.post(request, toSend.body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        Reply r;
        r.error = reply->error();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.json = QJsonDocument::fromJson(r.body).object();
        r.contentType = reply->rawHeader("Content-Type");
        r.requestId = reply->rawHeader("x-amzn-RequestId");
        r.date = reply->rawHeader("Date");
        r.retryAfter = reply->rawHeader("x-amz-retry-after");
        reply->deleteLater();
        return r;
    }

    QJsonObject control(const QUrl& base, const QByteArray& method, const QString& path,
                        const QByteArray& body = QByteArray())
    {
        QUrl url = base;
        url.setPath(path);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = m_nam.sendCustomRequest(request, method, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return o;
    }

    void setFaults(const QUrl& base, const QByteArray& json)
    {
        const QJsonObject o = control(base, "POST", QStringLiteral("/__sim/faults"), json);
        QVERIFY2(o.contains(QLatin1String("faults")), QJsonDocument(o).toJson().constData());
    }

    static QDateTime parseHttpDate(const QByteArray& value)
    {
        QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(value),
                                              QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        t.setTimeZone(QTimeZone::utc());
        return t;
    }

    // Sends raw bytes of a signed request and returns every byte received until the server closes.
    QByteArray rawExchange(const QUrl& url, const QString& operation, bool* closed)
    {
        HttpRequestData data;
        data.setHeader("host", QStringLiteral("%1:%2").arg(url.host()).arg(url.port()).toLatin1());
        data.setHeader("content-type", "application/x-amz-json-1.1");
        data.setHeader("x-amz-target", "AmazonDMSv20160101." + operation.toLatin1());
        data.body = "{}";
        SigningParams params;
        params.credentials = demoCredentials();
        params.region = QStringLiteral("us-east-1");
        params.service = QStringLiteral("dms");
        params.time = QDateTime::currentDateTimeUtc();
        const HttpRequestData signedRequest = m_signer.sign(data, params).signedRequest;
        QByteArray out = "POST / HTTP/1.1\r\n";
        for (const auto& h : signedRequest.headers)
            out += h.first + ": " + h.second + "\r\n";
        out += "Content-Length: " + QByteArray::number(signedRequest.body.size()) + "\r\n\r\n" +
               signedRequest.body;
        QTcpSocket socket;
        socket.connectToHost(url.host(), quint16(url.port()));
        if (!socket.waitForConnected(10000))
            return QByteArray("connect failed");
        socket.write(out);
        QByteArray received;
        *closed = false;
        QEventLoop loop;
        // Stops at a complete response (the server keeps the connection alive) or at close.
        connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
            received += socket.readAll();
            const qsizetype headerEnd = received.indexOf("\r\n\r\n");
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("Content-Length: (\\d+)"))
                                                  .match(QString::fromLatin1(received.left(headerEnd)));
            if (headerEnd > 0 && m.hasMatch() &&
                received.size() - headerEnd - 4 >= m.captured(1).toLongLong())
                loop.quit();
        });
        connect(&socket, &QTcpSocket::disconnected, &loop, [&] {
            *closed = true;
            loop.quit();
        });
        connect(&socket, &QTcpSocket::errorOccurred, &loop, [&] {
            *closed = true;
            loop.quit();
        });
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        received += socket.readAll();
        return received;
    }

    QJsonArray allPages(const QUrl& url, const QString& operation, const QString& listKey, QJsonObject body,
                        QStringList* markers = nullptr)
    {
        QJsonArray all;
        for (int page = 0; page < 100; ++page) {
            const Reply r = call(url, operation, body);
            if (r.status != 200)
                return QJsonArray();
            const QJsonArray items = r.json.value(listKey).toArray();
            for (const QJsonValue& v : items)
                all.append(v);
            const QString marker = r.json.value(QLatin1String("Marker")).toString();
            if (marker.isEmpty())
                break;
            if (markers)
                markers->append(marker);
            body.insert(QStringLiteral("Marker"), marker);
        }
        return all;
    }

    Reply startAssociation(const QUrl& url, const QString& project)
    {
        QJsonObject body;
        body.insert(QStringLiteral("MigrationProjectIdentifier"), project);
        return call(url, QStringLiteral("StartExtensionPackAssociation"), body);
    }

    QJsonObject pollUntilDone(const QUrl& url, const QString& project, const QString& requestId,
                              QSet<QString>* statuses)
    {
        QJsonObject body;
        body.insert(QStringLiteral("MigrationProjectIdentifier"), project);
        QJsonObject filter;
        filter.insert(QStringLiteral("Name"), QStringLiteral("request-id"));
        filter.insert(QStringLiteral("Values"), QJsonArray{requestId});
        body.insert(QStringLiteral("Filters"), QJsonArray{filter});
        for (int i = 0; i < 400; ++i) {
            const Reply r = call(url, QStringLiteral("DescribeExtensionPackAssociations"), body);
            const QJsonArray requests = r.json.value(QLatin1String("Requests")).toArray();
            if (requests.size() != 1)
                return QJsonObject();
            const QJsonObject request = requests.first().toObject();
            const QString status = request.value(QLatin1String("Status")).toString();
            statuses->insert(status);
            if (status == u"SUCCESS" || status == u"FAILED")
                return request;
            QTest::qWait(25);
        }
        return QJsonObject();
    }

private slots:
    void initTestCase()
    {
        m_bin = qEnvironmentVariable("DMSX_SIM_BIN");
        if (m_bin.isEmpty())
            QSKIP("DMSX_SIM_BIN is not set (the dms-sim target does not exist)");
        m_demoUrl = startSim({});
        QVERIFY2(m_demoUrl.isValid() && m_demoUrl.scheme() == u"http", "dms-sim did not print its URL first");
        QCOMPARE(m_demoUrl.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(m_demoUrl.port() > 0);
    }

    void cleanupTestCase()
    {
        for (QProcess* p : std::as_const(m_processes)) {
            if (p->state() != QProcess::NotRunning) {
                p->kill();
                p->waitForFinished(5000);
            }
        }
    }

    void everyResponseHasRequestIdAndDate()
    {
        const Reply ok = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        const Reply bad = call(m_demoUrl, QStringLiteral("Nope"), QJsonObject());
        for (const Reply& r : {ok, bad}) {
            QVERIFY(!QUuid::fromString(QString::fromLatin1(r.requestId)).isNull());
            const QDateTime date = parseHttpDate(r.date);
            QVERIFY2(date.isValid(), r.date.constData());
            QVERIFY(qAbs(date.secsTo(QDateTime::currentDateTimeUtc())) < 300);
        }
        QVERIFY(ok.requestId != bad.requestId);
        QCOMPARE(ok.contentType, QByteArray("application/x-amz-json-1.1"));
    }

    void describeInstanceProfiles()
    {
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        QCOMPARE(r.status, 200);
        const QJsonArray profiles = r.json.value(QLatin1String("InstanceProfiles")).toArray();
        QCOMPARE(profiles.size(), 3);
        const QJsonObject first = profiles.first().toObject();
        QCOMPARE(first.value(QLatin1String("InstanceProfileName")).toString(),
                 QStringLiteral("sc-profile-private"));
        QVERIFY(first.value(QLatin1String("InstanceProfileArn"))
                    .toString()
                    .startsWith(QLatin1String("arn:aws:dms:us-east-1:111122223333:instance-profile:")));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$"))
                    .match(first.value(QLatin1String("InstanceProfileCreationTime")).toString())
                    .hasMatch());
        QJsonObject filter{{QStringLiteral("Name"), QStringLiteral("instance-profile-identifier")},
                           {QStringLiteral("Values"), QJsonArray{QStringLiteral("sc-profile-dualstack")}}};
        const Reply filtered = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"),
                                    QJsonObject{{QStringLiteral("Filters"), QJsonArray{filter}}});
        const QJsonArray one = filtered.json.value(QLatin1String("InstanceProfiles")).toArray();
        QCOMPARE(one.size(), 1);
        QCOMPARE(one.first().toObject().value(QLatin1String("NetworkType")).toString(),
                 QStringLiteral("DUAL"));
    }

    void describeDataProvidersSettingsUnion()
    {
        QJsonObject filter{
            {QStringLiteral("Name"), QStringLiteral("data-provider-identifier")},
            {QStringLiteral("Values"), QJsonArray{QStringLiteral("ora-erp"), QStringLiteral("virtual-pg")}}};
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeDataProviders"),
                             QJsonObject{{QStringLiteral("Filters"), QJsonArray{filter}}});
        QCOMPARE(r.status, 200);
        const QJsonArray providers = r.json.value(QLatin1String("DataProviders")).toArray();
        QCOMPARE(providers.size(), 2);
        const QJsonObject oracle = providers.at(0).toObject();
        QCOMPARE(oracle.value(QLatin1String("Engine")).toString(), QStringLiteral("oracle"));
        QCOMPARE(oracle.value(QLatin1String("Virtual")).toBool(true), false);
        const QJsonObject settings = oracle.value(QLatin1String("Settings")).toObject();
        QCOMPARE(settings.keys(), QStringList{QStringLiteral("OracleSettings")});
        const QJsonObject os = settings.value(QLatin1String("OracleSettings")).toObject();
        QCOMPARE(os.value(QLatin1String("ServerName")).toString(),
                 QStringLiteral("erp-ora.corp.example.com"));
        QCOMPARE(os.value(QLatin1String("Port")).toInt(), 1521);
        QCOMPARE(os.value(QLatin1String("DatabaseName")).toString(), QStringLiteral("ERP"));
        const QJsonObject virt = providers.at(1).toObject();
        QCOMPARE(virt.value(QLatin1String("Virtual")).toBool(), true);
        QCOMPARE(virt.value(QLatin1String("Settings")).toObject().keys(),
                 QStringList{QStringLiteral("PostgreSqlSettings")});
        // All providers of the demo: every source engine the extension packs cover is present.
        const QJsonArray all = allPages(m_demoUrl, QStringLiteral("DescribeDataProviders"),
                                        QStringLiteral("DataProviders"), QJsonObject());
        QSet<QString> engines;
        for (const QJsonValue& v : all)
            engines.insert(v.toObject().value(QLatin1String("Engine")).toString());
        for (const char* e : {"oracle", "sqlserver", "mysql", "postgres", "db2", "aurora-postgresql"})
            QVERIFY2(engines.contains(QLatin1String(e)), e);
    }

    void describeMigrationProjectsFilters_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("expected");
        QTest::newRow("project name") << "migration-project-identifier"
                                      << "erp-migration" << 1;
        QTest::newRow("instance profile") << "instance-profile-identifier"
                                          << "sc-profile-dualstack" << 3;
        QTest::newRow("any provider") << "data-provider-identifier"
                                      << "ora-erp" << 3;
        QTest::newRow("source provider") << "source-data-provider-identifier"
                                         << "ora-erp" << 3;
        QTest::newRow("target provider") << "target-data-provider-identifier"
                                         << "ora-erp" << 0;
        QTest::newRow("target provider 2") << "target-data-provider-identifier"
                                           << "apg-erp" << 2;
    }

    void describeMigrationProjectsFilters()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(int, expected);
        QJsonObject filter{{QStringLiteral("Name"), name}, {QStringLiteral("Values"), QJsonArray{value}}};
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"),
                             QJsonObject{{QStringLiteral("Filters"), QJsonArray{filter}}});
        QCOMPARE(r.status, 200);
        const QJsonArray projects = r.json.value(QLatin1String("MigrationProjects")).toArray();
        QCOMPARE(projects.size(), expected);
        if (name == u"migration-project-identifier") {
            const QJsonObject p = projects.first().toObject();
            // The same project by ARN.
            const QString arn = p.value(QLatin1String("MigrationProjectArn")).toString();
            QJsonObject byArn{{QStringLiteral("Name"), name}, {QStringLiteral("Values"), QJsonArray{arn}}};
            const Reply r2 = call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"),
                                  QJsonObject{{QStringLiteral("Filters"), QJsonArray{byArn}}});
            QCOMPARE(r2.json.value(QLatin1String("MigrationProjects")).toArray().size(), 1);
            QCOMPARE(p.value(QLatin1String("SourceDataProviderDescriptors"))
                         .toArray()
                         .first()
                         .toObject()
                         .value(QLatin1String("DataProviderName"))
                         .toString(),
                     QStringLiteral("ora-erp"));
            QVERIFY(p.value(QLatin1String("SchemaConversionApplicationAttributes"))
                        .toObject()
                        .contains(QLatin1String("S3BucketPath")));
        }
    }

    void pagingWithOpaqueMarkers()
    {
        const QUrl url = startSim({QStringLiteral("--projects"), QStringLiteral("250")});
        QVERIFY(url.isValid());
        QStringList markers;
        const QJsonArray all = allPages(url, QStringLiteral("DescribeMigrationProjects"),
                                        QStringLiteral("MigrationProjects"), QJsonObject(), &markers);
        QCOMPARE(all.size(), 250);
        QCOMPARE(markers.size(), 2); // default page size 100
        QSet<QString> arns;
        for (const QJsonValue& v : all)
            arns.insert(v.toObject().value(QLatin1String("MigrationProjectArn")).toString());
        QCOMPARE(arns.size(), 250);
        for (const QString& m : std::as_const(markers)) {
            bool numeric = false;
            m.toInt(&numeric);
            QVERIFY(!numeric);
        }
        // Two requests for the same page give different markers: clients cannot rely on content.
        const Reply a = call(url, QStringLiteral("DescribeMigrationProjects"), QJsonObject());
        const Reply b = call(url, QStringLiteral("DescribeMigrationProjects"), QJsonObject());
        QVERIFY(a.json.value(QLatin1String("Marker")).toString() !=
                b.json.value(QLatin1String("Marker")).toString());

        QStringList smallMarkers;
        const QJsonArray small =
            allPages(url, QStringLiteral("DescribeMigrationProjects"), QStringLiteral("MigrationProjects"),
                     QJsonObject{{QStringLiteral("MaxRecords"), 20}}, &smallMarkers);
        QCOMPARE(small.size(), 250);
        QCOMPARE(smallMarkers.size(), 12);

        // A marker belongs to its operation; garbage markers are rejected.
        const Reply wrongOp = call(url, QStringLiteral("DescribeDataProviders"),
                                   QJsonObject{{QStringLiteral("Marker"), markers.first()}});
        QCOMPARE(wrongOp.status, 400);
        QVERIFY(wrongOp.type().endsWith(QLatin1String("ValidationException")));
        const Reply garbage = call(url, QStringLiteral("DescribeMigrationProjects"),
                                   QJsonObject{{QStringLiteral("Marker"), QStringLiteral("not-a-marker")}});
        QCOMPARE(garbage.status, 400);
        const Reply tooMany = call(url, QStringLiteral("DescribeMigrationProjects"),
                                   QJsonObject{{QStringLiteral("MaxRecords"), 500}});
        QCOMPARE(tooMany.status, 400);
        QVERIFY(tooMany.type().endsWith(QLatin1String("ValidationException")));
    }

    void protocolErrors()
    {
        const Reply unknown = call(m_demoUrl, QStringLiteral("DescribeEverything"), QJsonObject());
        QCOMPARE(unknown.status, 400);
        QCOMPARE(unknown.type(), QStringLiteral("com.amazon.coral.service#UnknownOperationException"));

        CallOptions wrongPrefix;
        wrongPrefix.target = "AmazonDMSv20990101.DescribeMigrationProjects";
        QVERIFY(call(m_demoUrl, QString(), QJsonObject(), wrongPrefix)
                    .type()
                    .endsWith(QLatin1String("UnknownOperationException")));

        CallOptions malformed;
        malformed.rawBody = "{\"Filters\": [";
        const Reply ser =
            call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject(), malformed);
        QCOMPARE(ser.status, 400);
        QVERIFY(ser.type().endsWith(QLatin1String("#SerializationException")));
        QVERIFY(!ser.message().isEmpty());

        CallOptions wrongType;
        wrongType.rawBody = "{\"MaxRecords\": \"twenty\"}";
        QVERIFY(call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject(), wrongType)
                    .type()
                    .endsWith(QLatin1String("SerializationException")));

        const Reply missing = call(m_demoUrl, QStringLiteral("StartExtensionPackAssociation"), QJsonObject());
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.type(), QStringLiteral("com.amazon.coral.validate#ValidationException"));
        QVERIFY(missing.message().contains(QLatin1String("migrationProjectIdentifier")));

        const Reply tooLong = startAssociation(m_demoUrl, QString(256, QLatin1Char('x')));
        QCOMPARE(tooLong.status, 400);
        QVERIFY(tooLong.message().contains(QLatin1String("255")));

        const Reply missingDescribe =
            call(m_demoUrl, QStringLiteral("DescribeExtensionPackAssociations"), QJsonObject());
        QVERIFY(missingDescribe.type().endsWith(QLatin1String("ValidationException")));

        QJsonObject badFilter{{QStringLiteral("Name"), QStringLiteral("engine")},
                              {QStringLiteral("Values"), QJsonArray{QStringLiteral("oracle")}}};
        QVERIFY(call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"),
                     QJsonObject{{QStringLiteral("Filters"), QJsonArray{badFilter}}})
                    .type()
                    .endsWith(QLatin1String("ValidationException")));
    }

    void startFaults_data()
    {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown project") << "no-such-project"
                                         << "ResourceNotFoundFault";
        QTest::newRow("virtual target") << "erp-assessment-virtual"
                                        << "InvalidResourceStateFault";
        QTest::newRow("access denied") << "payments-migration"
                                       << "AccessDeniedFault";
        QTest::newRow("invalid state") << "procurement-migration"
                                       << "InvalidResourceStateFault";
        QTest::newRow("already exists") << "orders-migration"
                                        << "ResourceAlreadyExistsFault";
        QTest::newRow("kms") << "treasury-migration"
                             << "KMSKeyNotAccessibleFault";
        QTest::newRow("quota") << "warehouse-migration"
                               << "ResourceQuotaExceededFault";
        QTest::newRow("s3 missing") << "logistics-migration"
                                    << "S3ResourceNotFoundFault";
        QTest::newRow("s3 denied") << "pricing-migration"
                                   << "S3AccessDeniedFault";
        QTest::newRow("dependency") << "assets-migration"
                                    << "FailedDependencyFault";
    }

    void startFaults()
    {
        QFETCH(QString, project);
        QFETCH(QString, code);
        const Reply r = startAssociation(m_demoUrl, project);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.type(), code);
        QVERIFY(!r.message().isEmpty());
        if (code == u"ResourceAlreadyExistsFault")
            QVERIFY(r.json.value(QLatin1String("resourceArn"))
                        .toString()
                        .contains(QLatin1String(":migration-project:")));
    }

    void secondStartWhileInProgressIsQueuedOrRefused()
    {
        const Reply first = startAssociation(m_demoUrl, QStringLiteral("ledger-history-migration"));
        QCOMPARE(first.status, 200);
        const QString id = first.json.value(QLatin1String("RequestIdentifier")).toString();
        QVERIFY(!QUuid::fromString(id).isNull());
        // As AWS documents: queued behind the running one.
        const Reply queued = startAssociation(m_demoUrl, QStringLiteral("ledger-history-migration"));
        QCOMPARE(queued.status, 200);
        const QString queuedId = queued.json.value(QLatin1String("RequestIdentifier")).toString();
        QVERIFY(queuedId != id);

        // The demo scenario with the refusal option: ResourceAlreadyExistsFault naming the project.
        QFile demo(QFINDTESTDATA("../sim/scenarios/demo.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        QJsonObject refusing = QJsonDocument::fromJson(demo.readAll()).object();
        refusing.insert(QStringLiteral("refuseStartWhileRunning"), true);
        QTemporaryDir dir;
        QFile scenario(dir.filePath(QStringLiteral("refusing.json")));
        QVERIFY(scenario.open(QIODevice::WriteOnly));
        scenario.write(QJsonDocument(refusing).toJson());
        scenario.close();
        const QUrl refusingUrl = startSim({QStringLiteral("--scenario"), scenario.fileName()});
        QVERIFY(refusingUrl.isValid());
        QCOMPARE(startAssociation(refusingUrl, QStringLiteral("ledger-history-migration")).status, 200);
        const Reply second = startAssociation(refusingUrl, QStringLiteral("ledger-history-migration"));
        QCOMPARE(second.status, 400);
        QCOMPARE(second.type(), QStringLiteral("ResourceAlreadyExistsFault"));
        QVERIFY(second.json.value(QLatin1String("resourceArn"))
                    .toString()
                    .contains(QLatin1String(":migration-project:")));

        // The status filter sees it as not finished; SUCCESS finds nothing yet.
        QJsonObject body{
            {QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("ledger-history-migration")}};
        QJsonObject done{{QStringLiteral("Name"), QStringLiteral("status")},
                         {QStringLiteral("Values"), QJsonArray{QStringLiteral("SUCCESS")}}};
        body.insert(QStringLiteral("Filters"), QJsonArray{done});
        const Reply none = call(m_demoUrl, QStringLiteral("DescribeExtensionPackAssociations"), body);
        QCOMPARE(none.status, 200);
        QCOMPARE(none.json.value(QLatin1String("Requests")).toArray().size(), 0);
        QJsonObject running{{QStringLiteral("Name"), QStringLiteral("status")},
                            {QStringLiteral("Values"),
                             QJsonArray{QStringLiteral("RECEIVED"), QStringLiteral("IN_PROGRESS")}}};
        body.insert(QStringLiteral("Filters"), QJsonArray{running});
        const QJsonArray found = call(m_demoUrl, QStringLiteral("DescribeExtensionPackAssociations"), body)
                                     .json.value(QLatin1String("Requests"))
                                     .toArray();
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.first().toObject().value(QLatin1String("RequestIdentifier")).toString(), id);
        QCOMPARE(found.last().toObject().value(QLatin1String("Status")).toString(),
                 QStringLiteral("RECEIVED"));

        const Reply unknownProject =
            call(m_demoUrl, QStringLiteral("DescribeExtensionPackAssociations"),
                 QJsonObject{{QStringLiteral("MigrationProjectIdentifier"), QStringLiteral("nope")}});
        QCOMPARE(unknownProject.type(), QStringLiteral("ResourceNotFoundFault"));
    }

    void lifecycleToSuccessAndFailure()
    {
        const QUrl url = startSim({QStringLiteral("--time-scale"), QStringLiteral("200")});
        QVERIFY(url.isValid());
        const Reply ok = startAssociation(url, QStringLiteral("erp-migration"));
        QCOMPARE(ok.status, 200);
        QSet<QString> statuses;
        const QJsonObject success =
            pollUntilDone(url, QStringLiteral("erp-migration"),
                          ok.json.value(QLatin1String("RequestIdentifier")).toString(), &statuses);
        QCOMPARE(success.value(QLatin1String("Status")).toString(), QStringLiteral("SUCCESS"));
        QVERIFY(success.value(QLatin1String("MigrationProjectArn"))
                    .toString()
                    .contains(QLatin1String("migration-project")));
        QVERIFY(!success.contains(QLatin1String("Error")));

        const Reply bad = startAssociation(url, QStringLiteral("payroll-migration"));
        QCOMPARE(bad.status, 200);
        statuses.clear();
        const QJsonObject failed =
            pollUntilDone(url, QStringLiteral("payroll-migration"),
                          bad.json.value(QLatin1String("RequestIdentifier")).toString(), &statuses);
        QCOMPARE(failed.value(QLatin1String("Status")).toString(), QStringLiteral("FAILED"));
        QVERIFY(failed.value(QLatin1String("Error"))
                    .toObject()
                    .value(QLatin1String("defaultErrorDetails"))
                    .toObject()
                    .value(QLatin1String("Message"))
                    .toString()
                    .contains(QLatin1String("privileges")));
        // Finished: a new request on the same project is accepted (a reinstall).
        QCOMPARE(startAssociation(url, QStringLiteral("erp-migration")).status, 200);
    }

    void authFailures_data()
    {
        QTest::addColumn<QString>("accessKey");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("skewSeconds");
        QTest::addColumn<QString>("region");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("messageStart");
        const QString secret2 = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator2");
        const QString token2 = QStringLiteral("DemoSessionTokenForTheDmsExtPackSimulator2");
        QTest::newRow("unknown key") << "AKIAUNKNOWN000000000" << kDemoSecret << "" << 0 << "us-east-1"
                                     << "UnrecognizedClientException"
                                     << "The security token included in the request is invalid.";
        QTest::newRow("wrong secret")
            << kDemoKey << "WrongSecret/ForTheDmsExtPackSimulator111"
            << "" << 0 << "us-east-1"
            << "InvalidSignatureException"
            << "The request signature we calculated does not match the signature you provided";
        QTest::newRow("expired") << kDemoKey << kDemoSecret << "" << -20 * 60 << "us-east-1"
                                 << "InvalidSignatureException"
                                 << "Signature expired: ";
        QTest::newRow("future") << kDemoKey << kDemoSecret << "" << 20 * 60 << "us-east-1"
                                << "InvalidSignatureException"
                                << "Signature not yet current: ";
        QTest::newRow("wrong region") << kDemoKey << kDemoSecret << "" << 0 << "eu-west-1"
                                      << "InvalidSignatureException"
                                      << "Credential should be scoped to a valid region";
        QTest::newRow("temporary key without token")
            << "ASIADEMOEXTPACK00002" << secret2 << "" << 0 << "us-east-1"
            << "UnrecognizedClientException"
            << "The security token included in the request is invalid.";
        QTest::newRow("temporary key wrong token")
            << "ASIADEMOEXTPACK00002" << secret2 << "WrongToken" << 0 << "us-east-1"
            << "UnrecognizedClientException"
            << "The security token included in the request is invalid.";
        QTest::newRow("expired token") << "ASIADEMOEXTPACK00003"
                                       << "DemoSecretKey/ForTheDmsExtPackSimulator3"
                                       << "DemoSessionTokenForTheDmsExtPackSimulator3" << 0 << "us-east-1"
                                       << "ExpiredTokenException"
                                       << "The security token included in the request is expired";
        QTest::newRow("temporary key ok") << "ASIADEMOEXTPACK00002" << secret2 << token2 << 0 << "us-east-1"
                                          << ""
                                          << "";
        QTest::newRow("within skew window") << kDemoKey << kDemoSecret << "" << 10 * 60 << "us-east-1"
                                            << ""
                                            << "";
    }

    void authFailures()
    {
        QFETCH(QString, accessKey);
        QFETCH(QString, secret);
        QFETCH(QString, token);
        QFETCH(int, skewSeconds);
        QFETCH(QString, region);
        QFETCH(QString, code);
        QFETCH(QString, messageStart);
        CallOptions o;
        o.credentials.accessKeyId = accessKey;
        o.credentials.secretAccessKey = secret;
        o.credentials.sessionToken = token;
        o.signingTime = QDateTime::currentDateTimeUtc().addSecs(skewSeconds);
        o.region = region;
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject(), o);
        if (code.isEmpty()) {
            QCOMPARE(r.status, 200);
            return;
        }
        QCOMPARE(r.status, 403);
        QVERIFY2(r.type().endsWith(QLatin1Char('#') + code), qPrintable(r.type()));
        QVERIFY2(r.message().startsWith(messageStart), qPrintable(r.message()));
        QVERIFY(!r.body.contains(secret.toUtf8()));
        if (!token.isEmpty())
            QVERIFY(!r.body.contains(token.toUtf8()));
    }

    void missingAuthorization()
    {
        CallOptions o;
        o.sign = false;
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject(), o);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.type(), QStringLiteral("com.amazon.coral.service#MissingAuthenticationTokenException"));
    }

    void serverClockOffset()
    {
        const QUrl url = startSim({QStringLiteral("--clock-offset"), QStringLiteral("3600")});
        QVERIFY(url.isValid());
        const Reply skewed = call(url, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        QCOMPARE(skewed.status, 403);
        QVERIFY(skewed.message().startsWith(QLatin1String("Signature expired")));
        const QDateTime serverTime = parseHttpDate(skewed.date);
        const qint64 offset = QDateTime::currentDateTimeUtc().secsTo(serverTime);
        QVERIFY2(offset > 3500 && offset < 3700, QByteArray::number(offset).constData());
        // Re-signing with the server's time (what a client's skew correction does) succeeds.
        CallOptions corrected;
        corrected.signingTime = QDateTime::currentDateTimeUtc().addSecs(offset);
        QCOMPARE(call(url, QStringLiteral("DescribeInstanceProfiles"), QJsonObject(), corrected).status, 200);
    }

    void requestLogHasNoSecrets()
    {
        control(m_demoUrl, "DELETE", QStringLiteral("/__sim/requests"));
        CallOptions o;
        o.invocationId = "3f1c1e0e-0000-4000-8000-000000000001";
        o.sdkRequest = "attempt=1; max=3";
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject(), o).status, 200);
        CallOptions wrong = o;
        wrong.credentials.secretAccessKey = QStringLiteral("WrongSecret/ForTheDmsExtPackSimulator111");
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeDataProviders"), QJsonObject(), wrong).status, 403);

        QUrl logUrl = m_demoUrl;
        logUrl.setPath(QStringLiteral("/__sim/requests"));
        QNetworkReply* reply = m_nam.get(QNetworkRequest(logUrl));
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray raw = reply->readAll();
        reply->deleteLater();
        const QJsonArray log =
            QJsonDocument::fromJson(raw).object().value(QLatin1String("requests")).toArray();
        QCOMPARE(log.size(), 2);
        const QJsonObject first = log.at(0).toObject();
        QCOMPARE(first.value(QLatin1String("operation")).toString(),
                 QStringLiteral("DescribeInstanceProfiles"));
        QCOMPARE(first.value(QLatin1String("amzSdkRequest")).toString(), QStringLiteral("attempt=1; max=3"));
        QCOMPARE(first.value(QLatin1String("amzSdkInvocationId")).toString(),
                 QStringLiteral("3f1c1e0e-0000-4000-8000-000000000001"));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{8}T\\d{6}Z$"))
                    .match(first.value(QLatin1String("xAmzDate")).toString())
                    .hasMatch());
        QCOMPARE(first.value(QLatin1String("signatureValid")).toBool(), true);
        const QJsonObject second = log.at(1).toObject();
        QCOMPARE(second.value(QLatin1String("signatureValid")).toBool(true), false);
        QCOMPARE(second.value(QLatin1String("authError")).toString(),
                 QStringLiteral("InvalidSignatureException"));
        QVERIFY(!raw.contains("Signature="));
        QVERIFY(!raw.contains("AWS4-HMAC-SHA256"));
        QVERIFY(!raw.contains(kDemoSecret.toUtf8()));
    }

    void throttlingEveryNth()
    {
        setFaults(m_demoUrl,
                  R"({"faults":[{"type":"throttle","everyNth":2,"operations":["DescribeInstanceProfiles"],
                                 "retryAfterMs":250}]})");
        QList<int> statuses;
        for (int i = 0; i < 4; ++i)
            statuses << call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject()).status;
        QCOMPARE(statuses, (QList<int>{200, 400, 200, 400}));
        const Reply fifth = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        QCOMPARE(fifth.status, 200);
        const Reply sixth = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        QCOMPARE(sixth.status, 400);
        QVERIFY(sixth.type().endsWith(QLatin1String("ThrottlingException")));
        QCOMPARE(sixth.message(), QStringLiteral("Rate exceeded"));
        QCOMPARE(sixth.retryAfter, QByteArray("250"));
        // Targeted: other operations are untouched.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeDataProviders"), QJsonObject()).status, 200);
        setFaults(
            m_demoUrl,
            R"({"faults":[{"type":"throttle","everyNth":1,"status":429,"code":"TooManyRequestsException"}]})");
        const Reply r429 = call(m_demoUrl, QStringLiteral("DescribeDataProviders"), QJsonObject());
        QCOMPARE(r429.status, 429);
        QVERIFY(r429.type().endsWith(QLatin1String("TooManyRequestsException")));
        setFaults(m_demoUrl, "[]");
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeDataProviders"), QJsonObject()).status, 200);
    }

    void throttlingProbabilityIsDeterministic()
    {
        auto pattern = [&] {
            setFaults(m_demoUrl, R"({"faults":[{"type":"throttle","probability":0.5,"seed":7}]})");
            QList<int> out;
            for (int i = 0; i < 16; ++i)
                out << call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject()).status;
            return out;
        };
        const QList<int> a = pattern();
        const QList<int> b = pattern();
        setFaults(m_demoUrl, "[]");
        QCOMPARE(a, b);
        QVERIFY(a.contains(200));
        QVERIFY(a.contains(400));
    }

    void serverErrorBurst()
    {
        setFaults(m_demoUrl, R"({"faults":[{"type":"serverError","status":503,"count":2,
                                 "operations":["DescribeMigrationProjects"]}]})");
        const Reply first = call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject());
        QCOMPARE(first.status, 503);
        QVERIFY(first.type().contains(QLatin1String("ServiceUnavailable")));
        QVERIFY(!first.requestId.isEmpty());
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject()).status, 503);
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeMigrationProjects"), QJsonObject()).status, 200);
        setFaults(m_demoUrl, R"([{"type":"serverError","count":1}])");
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject()).status, 500);
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject()).status, 200);
        setFaults(m_demoUrl, "[]");
    }

    void html502()
    {
        setFaults(m_demoUrl, R"([{"type":"html502","count":1}])");
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        QCOMPARE(r.status, 502);
        QCOMPARE(r.contentType, QByteArray("text/html"));
        QVERIFY(r.body.contains("<html>"));
        QVERIFY(r.json.isEmpty());
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject()).status, 200);
        setFaults(m_demoUrl, "[]");
    }

    void latencyStillAnswers()
    {
        setFaults(m_demoUrl, R"([{"type":"latency","ms":50,"count":1}])");
        control(m_demoUrl, "DELETE", QStringLiteral("/__sim/requests"));
        QCOMPARE(call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject()).status, 200);
        const QJsonArray log = control(m_demoUrl, "GET", QStringLiteral("/__sim/requests"))
                                   .value(QLatin1String("requests"))
                                   .toArray();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().toObject().value(QLatin1String("fault")).toString(), QStringLiteral("latency"));
        setFaults(m_demoUrl, "[]");
    }

    void connectionReset()
    {
        setFaults(m_demoUrl, R"([{"type":"connectionReset","count":1}])");
        bool closed = false;
        const QByteArray got = rawExchange(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), &closed);
        QVERIFY(closed);
        QCOMPARE(got, QByteArray());
        // Only once: the next request is answered.
        const QByteArray next = rawExchange(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), &closed);
        QVERIFY2(next.startsWith("HTTP/1.1 200"), next.left(40).constData());
        setFaults(m_demoUrl, "[]");
    }

    void truncatedBody()
    {
        setFaults(m_demoUrl,
                  R"([{"type":"truncatedBody","count":1,"operations":["DescribeInstanceProfiles"]}])");
        bool closed = false;
        const QByteArray got = rawExchange(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), &closed);
        QVERIFY(closed);
        QVERIFY(got.startsWith("HTTP/1.1 200"));
        const qsizetype headerEnd = got.indexOf("\r\n\r\n");
        QVERIFY(headerEnd > 0);
        const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("Content-Length: (\\d+)"))
                                              .match(QString::fromLatin1(got.left(headerEnd)));
        QVERIFY(m.hasMatch());
        const qsizetype bodyBytes = got.size() - headerEnd - 4;
        QVERIFY(bodyBytes > 0);
        QVERIFY(m.captured(1).toLongLong() > bodyBytes);
        // Through QNetworkAccessManager it is an error, not a silently short body.
        setFaults(m_demoUrl, R"([{"type":"truncatedBody","operations":["DescribeInstanceProfiles"]}])");
        const Reply r = call(m_demoUrl, QStringLiteral("DescribeInstanceProfiles"), QJsonObject());
        QVERIFY(r.error != QNetworkReply::NoError);
        setFaults(m_demoUrl, "[]");
    }

    void badFaultConfigIsRejected()
    {
        const QJsonObject o =
            control(m_demoUrl, "POST", QStringLiteral("/__sim/faults"), R"([{"type":"meteorStrike"}])");
        QVERIFY(o.value(QLatin1String("error")).toString().contains(QLatin1String("meteorStrike")));
    }

    void https()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QTemporaryDir dir;
        const QString caFile = dir.filePath(QStringLiteral("ca.pem"));
        const QUrl url = startSim({QStringLiteral("--https"), QStringLiteral("--ca-out"), caFile});
        QCOMPARE(url.scheme(), QStringLiteral("https"));
        QFile f(caFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QSslCertificate> ca = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
        QCOMPARE(ca.size(), 1);

        // Verification ON and our CA trusted: works.
        CallOptions trusted;
        trusted.useSsl = true;
        trusted.ssl = QSslConfiguration::defaultConfiguration();
        trusted.ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        trusted.ssl.setCaCertificates(trusted.ssl.caCertificates() + ca);
        const Reply ok = call(url, QStringLiteral("DescribeInstanceProfiles"), QJsonObject(), trusted);
        QCOMPARE(ok.error, QNetworkReply::NoError);
        QCOMPARE(ok.status, 200);

        // Without our CA the same request fails verification: the check above is real.
        CallOptions untrusted;
        untrusted.useSsl = true;
        untrusted.ssl = QSslConfiguration::defaultConfiguration();
        untrusted.ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        m_nam.clearConnectionCache();
        const Reply refused = call(url, QStringLiteral("DescribeInstanceProfiles"), QJsonObject(), untrusted);
        QCOMPARE(refused.error, QNetworkReply::SslHandshakeFailedError);

        // localhost is in the certificate too.
        QUrl byName = url;
        byName.setHost(QStringLiteral("localhost"));
        m_nam.clearConnectionCache();
        QCOMPARE(call(byName, QStringLiteral("DescribeInstanceProfiles"), QJsonObject(), trusted).status,
                 200);
    }

    void exitsOnTerminate()
    {
        QProcess* p = nullptr;
        QVERIFY(startSim({}, &p).isValid());
        p->terminate(); // SIGTERM
        QVERIFY(p->waitForFinished(10000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 0);
    }

    void badArgumentsFail()
    {
        QProcess p;
        p.start(m_bin, {QStringLiteral("--listen"), QStringLiteral("nonsense")});
        QVERIFY(p.waitForFinished(10000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(p.readAllStandardError().contains("--listen"));
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
