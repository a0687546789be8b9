#include "DmsSigningVector.h"
#include "SimAuthVerifier.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigV4Signer.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace dmsx;

namespace {

// The fixed inputs every vector of the suites assumes (tests/data/sigv4/README.md).
const char SuiteAccessKey[] = "AKIDEXAMPLE";
const char SuiteSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const char VanillaToken[] = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

// The single known-wrong expected file; the README explains it. Keeping it a full path
// means no other case can ever be excused.
const char KnownWrongSreq[] = "aws4_testsuite/get-vanilla-with-session-token";

// A lost case folder must not shrink the suite silently: the counts of both suites as copied.
constexpr qsizetype BotocoreCases = 34;
constexpr qsizetype AwsCAuthCases = 38;

// The repository's copy of the suites; DMSX_SOURCE_DIR is set for every test by tests/CMakeLists.txt.
QString sigv4Dir()
{
    const QString source = qEnvironmentVariable("DMSX_SOURCE_DIR");
    if (source.isEmpty())
        return QString();
    return QDir(source).filePath(QStringLiteral("tests/data/sigv4"));
}

bool readFile(const QString& path, QByteArray* out)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    *out = f.readAll();
    return true;
}

// Expected files sometimes end with one newline that is not part of the value.
QByteArray expectedFile(const QString& path)
{
    QByteArray data;
    if (!readFile(path, &data))
        return QByteArray("<missing file ") + path.toUtf8() + '>';
    if (data.endsWith('\n'))
        data.chop(1);
    return data;
}

QByteArray afterPrefix(const QByteArray& text, const QByteArray& prefix)
{
    const qsizetype at = text.indexOf(prefix);
    if (at < 0)
        return QByteArray();
    qsizetype end = text.indexOf(',', at);
    if (end < 0)
        end = text.size();
    return text.mid(at + prefix.size(), end - at - prefix.size()).trimmed();
}

QByteArray authorizationLine(const QByteArray& signedRequest)
{
    for (const QByteArray& line : signedRequest.split('\n')) {
        if (line.startsWith("Authorization:"))
            return line;
    }
    return QByteArray();
}

QDateTime suiteTime()
{
    return QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), Qt::UTC);
}

SigningParams suiteParams()
{
    SigningParams p;
    p.credentials.accessKeyId = QString::fromLatin1(SuiteAccessKey);
    p.credentials.secretAccessKey = QString::fromLatin1(SuiteSecret);
    p.region = QStringLiteral("us-east-1");
    p.service = QStringLiteral("service");
    p.time = suiteTime();
    return p;
}

// The long STS example token: botocore keeps it in post-sts-token/readme.txt as its
// last non-empty line.
QString stsToken(const QString& suiteRoot)
{
    QByteArray readme;
    if (!readFile(QDir(suiteRoot).filePath(QStringLiteral("aws4_testsuite/post-sts-token/readme.txt")),
                  &readme))
        return QString();
    const QList<QByteArray> lines = readme.trimmed().split('\n');
    return QString::fromUtf8(lines.last().trimmed());
}

HttpRequestData dmsRequest()
{
    return DmsSigningVector::request();
}

SigningParams dmsParams()
{
    return DmsSigningVector::params();
}

// Case folders of one layout, sorted: botocore cases hold <name>.req (also nested, as in
// normalize-path/ and post-sts-token/), aws-c-auth cases hold request.txt and context.json.
QStringList suiteCaseDirs(const QString& root, bool botocore)
{
    QStringList dirs;
    if (root.isEmpty())
        return dirs;
    const QString top =
        QDir(root).filePath(botocore ? QStringLiteral("aws4_testsuite") : QStringLiteral("aws-c-auth-v4"));
    QDirIterator it(top, QDir::Dirs | QDir::NoDotAndDotDot,
                    botocore ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    while (it.hasNext()) {
        const QDir dir(it.next());
        const bool isCase = botocore ? QFile::exists(dir.filePath(dir.dirName() + QStringLiteral(".req")))
                                     : QFile::exists(dir.filePath(QStringLiteral("request.txt"))) &&
                                           QFile::exists(dir.filePath(QStringLiteral("context.json")));
        if (isCase)
            dirs << dir.path();
    }
    dirs.sort();
    return dirs;
}

QByteArray lastLine(const QByteArray& text)
{
    return text.mid(text.lastIndexOf('\n') + 1);
}

} // namespace

class TestSigV4 : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void suiteCase_data();
    void suiteCase();

    void dmsVector_data();
    void dmsVector();
    void dmsClientHeadersAreSignedExceptTransportOnes();
    void headersTheSignerAddsReplaceStaleOnes();
    void wellFormedRequestDateWins();
    void omittedTokenIsAttachedAfterSigning();
    void signerCarriesNoStateBetweenRequests();
    void changedScopeOrKeysSignLikeAFreshSigner();
    void secretNeverAppearsInOutputs();

    void parseRejectsGarbage_data();
    void parseRejectsGarbage();
    void parseHandlesCrlfFoldingSpacesAndBody();
    void headerHelpers();

private:
    int m_suiteRowsPassed = 0;
};

void TestSigV4::initTestCase()
{
    // Checked here rather than in suiteCase_data(): a QFAIL there leaves a data-less test
    // function that QTest then aborts on, and a missing suite must fail cleanly and loudly.
    const QString root = sigv4Dir();
    if (root.isEmpty() || !QDir(root).exists())
        QFAIL(qPrintable(QStringLiteral("SigV4 suites not found at '") + root +
                         QStringLiteral("'; DMSX_SOURCE_DIR must name the repository (set by ctest)")));
    const QStringList botocore = suiteCaseDirs(root, true);
    const QStringList awsc = suiteCaseDirs(root, false);
    qInfo("SigV4 suites in %s: %lld rows (%lld botocore + %lld aws-c-auth)", qPrintable(root),
          static_cast<long long>(botocore.size() + awsc.size()), static_cast<long long>(botocore.size()),
          static_cast<long long>(awsc.size()));
    QVERIFY2(botocore.size() >= BotocoreCases, "aws4_testsuite lost case folders");
    QVERIFY2(awsc.size() >= AwsCAuthCases, "aws-c-auth-v4 lost case folders");
}

void TestSigV4::cleanupTestCase()
{
    qInfo("%d SigV4 suite rows ran and passed", m_suiteRowsPassed);
}

void TestSigV4::suiteCase_data()
{
    QTest::addColumn<QString>("caseDir");
    QTest::addColumn<bool>("botocore");

    // Walking at run time means a case folder added to the suite becomes a row by itself.
    const QString root = sigv4Dir();
    for (const bool botocore : {true, false}) {
        for (const QString& dir : suiteCaseDirs(root, botocore))
            QTest::newRow(qPrintable(QDir(root).relativeFilePath(dir))) << dir << botocore;
    }
}

void TestSigV4::suiteCase()
{
    QFETCH(QString, caseDir);
    QFETCH(bool, botocore);

    const QDir dir(caseDir);
    const QString name = dir.dirName();
    const QString root = sigv4Dir();
    const QString relative = QDir(root).relativeFilePath(caseDir);

    SigningParams params = suiteParams();
    QByteArray raw;
    if (botocore) {
        QVERIFY(readFile(dir.filePath(name + QStringLiteral(".req")), &raw));
        if (name == u"get-vanilla-with-session-token") {
            params.credentials.sessionToken = QString::fromLatin1(VanillaToken);
        } else if (name == u"post-sts-header-before" || name == u"post-sts-header-after") {
            params.credentials.sessionToken = stsToken(root);
            QVERIFY(params.credentials.sessionToken.startsWith(u"AQoDYXdzEPT"));
            params.omitSessionToken = name == u"post-sts-header-after";
        }
    } else {
        QVERIFY(readFile(dir.filePath(QStringLiteral("request.txt")), &raw));
        QByteArray json;
        QVERIFY(readFile(dir.filePath(QStringLiteral("context.json")), &json));
        QJsonParseError error;
        const QJsonObject ctx = QJsonDocument::fromJson(json, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject creds = ctx.value(u"credentials").toObject();
        params.credentials.accessKeyId = creds.value(u"access_key_id").toString();
        params.credentials.secretAccessKey = creds.value(u"secret_access_key").toString();
        params.credentials.sessionToken = creds.value(u"token").toString();
        params.region = ctx.value(u"region").toString();
        params.service = ctx.value(u"service").toString();
        params.time = QDateTime::fromString(ctx.value(u"timestamp").toString(), Qt::ISODate);
        QVERIFY(params.time.isValid());
        params.normalizePath = ctx.value(u"normalize").toBool(true);
        params.signBody = ctx.value(u"sign_body").toBool(false);
        params.omitSessionToken = ctx.value(u"omit_session_token").toBool(false);
    }

    HttpRequestData request;
    QString parseError;
    QVERIFY2(HttpRequestData::parse(raw, &request, &parseError), qPrintable(parseError));

    SigV4Signer signer;
    const SigningOutput out = signer.sign(request, params);

    QByteArray expectedSignature;
    QByteArray expectedAuthz;
    if (botocore) {
        QCOMPARE(out.canonicalRequest, expectedFile(dir.filePath(name + QStringLiteral(".creq"))));
        QCOMPARE(out.stringToSign, expectedFile(dir.filePath(name + QStringLiteral(".sts"))));
        expectedAuthz = expectedFile(dir.filePath(name + QStringLiteral(".authz")));
        expectedSignature = afterPrefix(expectedAuthz, "Signature=");
        QCOMPARE(out.signature, expectedSignature);
        QCOMPARE(out.signedHeaders, afterPrefix(expectedAuthz, "SignedHeaders="));
        QCOMPARE(out.authorization, expectedAuthz);

        const QByteArray sreqLine =
            authorizationLine(expectedFile(dir.filePath(name + QStringLiteral(".sreq"))));
        QVERIFY(!sreqLine.isEmpty());
        if (relative == QLatin1String(KnownWrongSreq)) {
            // README: this .sreq carries get-vanilla's signature; everything else in the line is right.
            const QByteArray vanillaAuthz = expectedFile(
                QDir(root).filePath(QStringLiteral("aws4_testsuite/get-vanilla/get-vanilla.authz")));
            const QByteArray sreqSignature = afterPrefix(sreqLine, "Signature=");
            QCOMPARE(sreqSignature, afterPrefix(vanillaAuthz, "Signature="));
            QVERIFY(sreqSignature.startsWith("5fa00fa3"));
            QVERIFY(sreqSignature != out.signature);
            QCOMPARE(out.signature,
                     QByteArray("07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
            QCOMPARE(sreqLine.left(sreqLine.indexOf("Signature=")),
                     QByteArray("Authorization: ") +
                         out.authorization.left(out.authorization.indexOf("Signature=")));
        } else {
            QCOMPARE(sreqLine, QByteArray("Authorization: ") + out.authorization);
        }
    } else {
        QCOMPARE(out.canonicalRequest,
                 expectedFile(dir.filePath(QStringLiteral("header-canonical-request.txt"))));
        QCOMPARE(out.stringToSign, expectedFile(dir.filePath(QStringLiteral("header-string-to-sign.txt"))));
        expectedSignature = expectedFile(dir.filePath(QStringLiteral("header-signature.txt")));
        QCOMPARE(out.signature, expectedSignature);
        const QByteArray sreqLine =
            authorizationLine(expectedFile(dir.filePath(QStringLiteral("header-signed-request.txt"))));
        QVERIFY(!sreqLine.isEmpty());
        QCOMPARE(QByteArray("Authorization:") + out.authorization, sreqLine);
        expectedAuthz = sreqLine.mid(int(sizeof("Authorization:") - 1));
    }

    // The signed request carries what a server needs to verify it.
    QCOMPARE(out.signedRequest.header("authorization"), out.authorization);
    QCOMPARE(out.signedRequest.header("x-amz-date"), QByteArray("20150830T123600Z"));
    if (!params.credentials.sessionToken.isEmpty())
        QCOMPARE(out.signedRequest.header("x-amz-security-token"), params.credentials.sessionToken.toUtf8());
    QCOMPARE(out.signedHeaders.contains("x-amz-security-token"),
             !params.credentials.sessionToken.isEmpty() && !params.omitSessionToken);
    QCOMPARE(out.signedRequest.hasHeader("x-amz-content-sha256"), params.signBody);

    // The simulator's verifier recomputes the same signature from the signed request. It
    // always normalises (every service but S3 does), so unnormalised vectors are skipped.
    if (params.normalizePath) {
        const SimAuthVerifier verifier;
        QByteArray creq;
        QByteArray sts;
        const QByteArray verified = verifier.expectedSignature(
            out.signedRequest, out.signedHeaders, params.credentials.secretAccessKey,
            params.credentials.accessKeyId, params.region, params.service, &creq, &sts);
        QCOMPARE(creq, out.canonicalRequest);
        QCOMPARE(sts, out.stringToSign);
        QCOMPARE(verified, expectedSignature);
        // A wrong secret must not verify.
        QVERIFY(verifier.expectedSignature(out.signedRequest, out.signedHeaders, QStringLiteral("wrong"),
                                           params.credentials.accessKeyId, params.region,
                                           params.service) != expectedSignature);
    }
    ++m_suiteRowsPassed;
}

void TestSigV4::dmsVector_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QByteArray>("signedHeaders");
    QTest::addColumn<QByteArray>("stsHash");
    QTest::addColumn<QByteArray>("signature");

    // docs/protocol.md §1.3, worked DMS vector.
    QTest::newRow("long-term keys")
        << QString() << QByteArray("content-type;host;x-amz-date;x-amz-target")
        << QByteArray("1c0eaec919271b5e3f631c98fb349eb9f060bae21b9d79d52ab4c01dfd8e6946")
        << QByteArray("88d491b96ea2942f314a585fe44897b1b89432ef26404264497ee3b378413551");
    QTest::newRow("session token")
        << QStringLiteral("EXAMPLE-SESSION-TOKEN")
        << QByteArray("content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
        << QByteArray("4e408029ff5285993329ccee8925aa28c9679ef188c32920d8f36caec2f4d294")
        << QByteArray("fcd9349d82d47a5dccc68500043bbfea13a69e5173e6003250a32755ac4bf828");
}

void TestSigV4::dmsVector()
{
    QFETCH(QString, token);
    QFETCH(QByteArray, signedHeaders);
    QFETCH(QByteArray, stsHash);
    QFETCH(QByteArray, signature);

    SigningParams params = dmsParams();
    params.credentials.sessionToken = token;
    SigV4Signer signer;
    const SigningOutput out = signer.sign(dmsRequest(), params);

    if (token.isEmpty()) {
        QCOMPARE(out.canonicalRequest,
                 QByteArray("POST\n/\n\n"
                            "content-type:application/x-amz-json-1.1\n"
                            "host:dms.us-east-1.amazonaws.com\n"
                            "x-amz-date:20260109T123000Z\n"
                            "x-amz-target:AmazonDMSv20160101.StartExtensionPackAssociation\n"
                            "\n"
                            "content-type;host;x-amz-date;x-amz-target\n"
                            "51a0b71015fd5741d9480b6b888f85f19694f0ad0ee8c250ecfcc547fa2e8ce4"));
    }
    // The canonical request's hash line is the body hash, whatever the headers.
    QCOMPARE(lastLine(out.canonicalRequest),
             QByteArray("51a0b71015fd5741d9480b6b888f85f19694f0ad0ee8c250ecfcc547fa2e8ce4"));
    QCOMPARE(out.signedHeaders, signedHeaders);
    QCOMPARE(out.stringToSign,
             QByteArray("AWS4-HMAC-SHA256\n20260109T123000Z\n20260109/us-east-1/dms/aws4_request\n") +
                 stsHash);
    QCOMPARE(out.signature, signature);
    QCOMPARE(out.authorization, QByteArray("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260109/us-east-1/dms/"
                                           "aws4_request, SignedHeaders=") +
                                    signedHeaders + ", Signature=" + signature);
}

void TestSigV4::dmsClientHeadersAreSignedExceptTransportOnes()
{
    HttpRequestData r = dmsRequest();
    r.headers.append(qMakePair(QByteArray("Content-Length"), QByteArray::number(r.body.size())));
    r.headers.append(
        qMakePair(QByteArray("amz-sdk-invocation-id"), QByteArray("3f1b5a52-1f0e-4c43-9d7e-0f3f1c2b9e11")));
    r.headers.append(qMakePair(QByteArray("amz-sdk-request"), QByteArray("attempt=1; max=3")));
    // Never signed (docs/protocol.md §1.2): proxies and the transport may change them.
    const QList<QByteArray> unsignedNames = {"User-Agent",
                                             "Connection",
                                             "Expect",
                                             "Keep-Alive",
                                             "TE",
                                             "Transfer-Encoding",
                                             "Upgrade",
                                             "Proxy-Authorization",
                                             "Sec-Fetch-Mode",
                                             "X-Amzn-Trace-Id",
                                             "Cache-Control",
                                             "Pragma",
                                             "Max-Forwards",
                                             "From",
                                             "Referer",
                                             "Trailer"};
    for (const QByteArray& name : unsignedNames)
        r.headers.append(qMakePair(name, QByteArray("x")));
    r.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("stale")));

    SigningParams params = dmsParams();
    params.credentials.sessionToken = QStringLiteral("EXAMPLE-SESSION-TOKEN");
    params.signBody = true;
    SigV4Signer signer;
    const SigningOutput out = signer.sign(r, params);
    QCOMPARE(out.signedHeaders,
             QByteArray("amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
                        "x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target"));
    for (const QByteArray& name : unsignedNames) {
        QVERIFY2(!out.canonicalRequest.contains(QByteArray('\n' + name.toLower() + ':')), name.constData());
        QVERIFY2(out.signedRequest.hasHeader(name), name.constData());
    }
    QCOMPARE(out.signedRequest.header("x-amz-content-sha256"),
             QByteArray("51a0b71015fd5741d9480b6b888f85f19694f0ad0ee8c250ecfcc547fa2e8ce4"));
    // The stale Authorization is replaced, not duplicated.
    int authorizations = 0;
    for (const auto& h : out.signedRequest.headers)
        authorizations += h.first.compare("authorization", Qt::CaseInsensitive) == 0 ? 1 : 0;
    QCOMPARE(authorizations, 1);
    QCOMPARE(out.signedRequest.header("Authorization"), out.authorization);
    // A transport header changed by a proxy must not break verification.
    const SimAuthVerifier verifier;
    HttpRequestData relayed = out.signedRequest;
    relayed.setHeader("Connection", "close");
    relayed.setHeader("User-Agent", "something-else");
    QCOMPARE(verifier.expectedSignature(relayed, out.signedHeaders, params.credentials.secretAccessKey,
                                        params.credentials.accessKeyId, params.region, params.service),
             out.signature);
    // ...but a signed one must.
    relayed.setHeader("amz-sdk-request", "attempt=2; max=3");
    QVERIFY(verifier.expectedSignature(relayed, out.signedHeaders, params.credentials.secretAccessKey,
                                       params.credentials.accessKeyId, params.region,
                                       params.service) != out.signature);
}

// The headers sign() adds replace what the request already holds under those names, where
// the caller put them (the first occurrence), and later duplicates are dropped.
void TestSigV4::headersTheSignerAddsReplaceStaleOnes()
{
    HttpRequestData r = dmsRequest();
    r.headers.prepend(qMakePair(QByteArray("Authorization"), QByteArray("old")));
    r.headers.append(qMakePair(QByteArray("x-amz-date"), QByteArray("not-a-date")));
    r.headers.append(qMakePair(QByteArray("X-Amz-Security-Token"), QByteArray("stale-a")));
    r.headers.append(qMakePair(QByteArray("X-Amz-Date"), QByteArray("20150830T123600Z")));
    r.headers.append(qMakePair(QByteArray("x-amz-security-token"), QByteArray("stale-b")));
    r.headers.append(qMakePair(QByteArray("X-Amz-Content-Sha256"), QByteArray("stale")));
    r.headers.append(qMakePair(QByteArray("authorization"), QByteArray("older")));
    SigningParams params = dmsParams();
    params.credentials.sessionToken = QStringLiteral("EXAMPLE-SESSION-TOKEN");
    params.signBody = true;

    const SigningOutput out = SigV4Signer().sign(r, params);
    const QByteArray bodyHash = "51a0b71015fd5741d9480b6b888f85f19694f0ad0ee8c250ecfcc547fa2e8ce4";
    const HeaderList expected = {
        {"Authorization", out.authorization},
        {"Content-Type", "application/x-amz-json-1.1"},
        {"Host", "dms.us-east-1.amazonaws.com"},
        {"X-Amz-Target", "AmazonDMSv20160101.StartExtensionPackAssociation"},
        {"x-amz-date", "20260109T123000Z"},
        {"X-Amz-Security-Token", "EXAMPLE-SESSION-TOKEN"},
        {"X-Amz-Content-Sha256", bodyHash},
    };
    QCOMPARE(out.signedRequest.headers, expected);
    // The DMS vector with a token, plus the body hash header.
    QCOMPARE(out.signedHeaders, QByteArray("content-type;host;x-amz-content-sha256;x-amz-date;"
                                           "x-amz-security-token;x-amz-target"));
    QVERIFY(out.canonicalRequest.contains(QByteArray("\nx-amz-content-sha256:" + bodyHash + '\n')));
    QVERIFY(out.canonicalRequest.contains("\nx-amz-date:20260109T123000Z\n"));
    QVERIFY(!out.canonicalRequest.contains("stale"));
    QVERIFY(out.authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260109/us-east-1/dms/"));
}

// The botocore vectors carry their X-Amz-Date; the signer keeps it and scopes to its day.
void TestSigV4::wellFormedRequestDateWins()
{
    HttpRequestData r = dmsRequest();
    r.headers.append(qMakePair(QByteArray("X-Amz-Date"), QByteArray("20150830T123600Z")));
    const SigningOutput out = SigV4Signer().sign(r, dmsParams());
    QCOMPARE(out.signedRequest.header("x-amz-date"), QByteArray("20150830T123600Z"));
    QVERIFY(out.stringToSign.startsWith("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/dms/"));
    QVERIFY(out.authorization.contains("Credential=AKIDEXAMPLE/20150830/us-east-1/dms/aws4_request,"));
}

void TestSigV4::omittedTokenIsAttachedAfterSigning()
{
    HttpRequestData r = dmsRequest();
    r.headers.append(qMakePair(QByteArray("x-amz-security-token"), QByteArray("stale")));
    SigningParams params = dmsParams();
    params.credentials.sessionToken = QStringLiteral("SESSION");
    params.omitSessionToken = true;
    const SigningOutput out = SigV4Signer().sign(r, params);
    // Signed as with long-term keys (docs/protocol.md §1.3 vector), the token sent anyway.
    QCOMPARE(out.signature, QByteArray("88d491b96ea2942f314a585fe44897b1b89432ef26404264497ee3b378413551"));
    QCOMPARE(out.signedHeaders, QByteArray("content-type;host;x-amz-date;x-amz-target"));
    QCOMPARE(out.signedRequest.header("x-amz-security-token"), QByteArray("SESSION"));
    QCOMPARE(out.signedRequest.headers.at(out.signedRequest.headers.size() - 2),
             qMakePair(QByteArray("X-Amz-Security-Token"), QByteArray("SESSION")));
    QCOMPARE(out.signedRequest.headers.last(), qMakePair(QByteArray("Authorization"), out.authorization));
}

// One signer serves every call of a transport: what it signed before, and the keys it cached
// for it, must not change what it signs next.
void TestSigV4::signerCarriesNoStateBetweenRequests()
{
    struct Case
    {
        const char* name;
        HttpRequestData request;
        SigningParams params;
    };
    QList<Case> cases;
    cases.append({"dms", dmsRequest(), dmsParams()});
    Case token{"dms with token", dmsRequest(), dmsParams()};
    token.params.credentials.sessionToken = QString(300, QLatin1Char('T'));
    cases.append(token);
    Case omitted{"token omitted", dmsRequest(), dmsParams()};
    omitted.params.credentials.sessionToken = QStringLiteral("SESSION");
    omitted.params.omitSessionToken = true;
    cases.append(omitted);
    Case signBody{"body signed, stale Authorization", dmsRequest(), dmsParams()};
    signBody.params.signBody = true;
    signBody.request.headers.prepend(qMakePair(QByteArray("Authorization"), QByteArray("old")));
    cases.append(signBody);
    Case small{"path and query, other scope", HttpRequestData(), dmsParams()};
    small.request.method = "GET";
    small.request.path = "/a/./b/../c d";
    small.request.query = "z=1&a=%41&b";
    small.request.headers.append(qMakePair(QByteArray("Host"), QByteArray("example.amazonaws.com")));
    small.params.region = QStringLiteral("eu-west-1");
    small.params.service = QStringLiteral("service");
    small.params.time = QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), Qt::UTC);
    cases.append(small);
    Case dated{"request carries its date", dmsRequest(), dmsParams()};
    dated.request.headers.append(qMakePair(QByteArray("X-Amz-Date"), QByteArray("20150830T123600Z")));
    dated.request.headers.append(qMakePair(QByteArray("user-agent"), QByteArray("unsigned")));
    cases.append(dated);

    // Every case after every other, in both directions.
    const SigV4Signer signer;
    for (const Case& before : cases) {
        for (const Case& c : cases) {
            signer.sign(before.request, before.params);
            const SigningOutput actual = signer.sign(c.request, c.params);
            const SigningOutput expected = SigV4Signer().sign(c.request, c.params);
            const QByteArray context = QByteArray("after '") + before.name + "', signing '" + c.name + '\'';
            QVERIFY2(actual.canonicalRequest == expected.canonicalRequest, context.constData());
            QVERIFY2(actual.stringToSign == expected.stringToSign, context.constData());
            QVERIFY2(actual.signature == expected.signature, context.constData());
            QVERIFY2(actual.signedHeaders == expected.signedHeaders, context.constData());
            QVERIFY2(actual.authorization == expected.authorization, context.constData());
            QVERIFY2(actual.signedRequest.headers == expected.signedRequest.headers, context.constData());
            QVERIFY2(actual.signedRequest.body == c.request.body, context.constData());
        }
    }
}

// The cache behind the signer (tst_signingkeycache) must never serve a key to another date,
// region, service, key id or secret.
void TestSigV4::changedScopeOrKeysSignLikeAFreshSigner()
{
    const SigV4Signer signer;
    const HttpRequestData request = dmsRequest();
    const SigningParams base = dmsParams();
    const SigningOutput first = signer.sign(request, base);
    QCOMPARE(first.signature, QByteArray("88d491b96ea2942f314a585fe44897b1b89432ef26404264497ee3b378413551"));

    QList<SigningParams> changed;
    SigningParams p = base;
    p.time = base.time.addDays(1);
    changed << p;
    p = base;
    p.region = QStringLiteral("eu-west-1");
    changed << p;
    p = base;
    p.service = QStringLiteral("dms2");
    changed << p;
    p = base;
    p.credentials.accessKeyId = QStringLiteral("AKIDOTHER");
    changed << p;
    p = base;
    p.credentials.secretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ");
    changed << p;
    for (qsizetype i = 0; i < changed.size(); ++i) {
        const QByteArray authorization = signer.sign(request, changed.at(i)).authorization;
        QVERIFY2(authorization != first.authorization, qPrintable(QString::number(i)));
        QCOMPARE(authorization, SigV4Signer().sign(request, changed.at(i)).authorization);
    }
    // A rotated secret changes the signature itself, not only the Credential.
    QVERIFY(signer.sign(request, changed.last()).signature != first.signature);
    // A later time on the same day: same key, a new date in the string to sign.
    p = base;
    p.time = base.time.addSecs(3600);
    QCOMPARE(signer.sign(request, p).signature, SigV4Signer().sign(request, p).signature);
    QCOMPARE(signer.sign(request, base).signature, first.signature);
}

void TestSigV4::secretNeverAppearsInOutputs()
{
    SigningParams params = dmsParams();
    params.credentials.sessionToken = QStringLiteral("EXAMPLE-SESSION-TOKEN");
    SigV4Signer signer;
    const SigningOutput out = signer.sign(dmsRequest(), params);
    const QByteArray secret = params.credentials.secretAccessKey.toUtf8();
    QVERIFY(!out.canonicalRequest.contains(secret));
    QVERIFY(!out.stringToSign.contains(secret));
    QVERIFY(!out.authorization.contains(secret));
    for (const auto& h : out.signedRequest.headers)
        QVERIFY(!h.second.contains(secret));
}

void TestSigV4::parseRejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no spaces") << QByteArray("garbage");
    QTest::newRow("binary") << QByteArray("\x01\x02\x03 \xff HTTP/1.1\n");
    QTest::newRow("no version") << QByteArray("GET /\nHost:x\n");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/9.9\n");
    QTest::newRow("target not a path") << QByteArray("GET example.com HTTP/1.1\n");
    QTest::newRow("empty method") << QByteArray(" / HTTP/1.1\n");
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\nHost example.com\n");
    QTest::newRow("header with empty name") << QByteArray("GET / HTTP/1.1\n:value\n");
    QTest::newRow("header name with space") << QByteArray("GET / HTTP/1.1\nMy Header:value\n");
    QTest::newRow("continuation first") << QByteArray("GET / HTTP/1.1\n  folded\nHost:x\n");
}

void TestSigV4::parseRejectsGarbage()
{
    QFETCH(QByteArray, raw);
    HttpRequestData out;
    out.method = "UNTOUCHED";
    QString error;
    QVERIFY(!HttpRequestData::parse(raw, &out, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(out.method, QByteArray("UNTOUCHED"));
}

void TestSigV4::parseHandlesCrlfFoldingSpacesAndBody()
{
    HttpRequestData r;
    QString error;
    const QByteArray raw = "PUT /a path/with HTTP/1.1 inside?x=1&y HTTP/1.1\r\n"
                           "Host: example.com \r\n"
                           "X-Folded:one\r\n"
                           "\t two\r\n"
                           "   three\r\n"
                           "Empty:\r\n"
                           "\r\n"
                           "line1\r\nline2\r\n";
    QVERIFY2(HttpRequestData::parse(raw, &r, &error), qPrintable(error));
    QCOMPARE(r.method, QByteArray("PUT"));
    QCOMPARE(r.path, QByteArray("/a path/with HTTP/1.1 inside"));
    QCOMPARE(r.query, QByteArray("x=1&y"));
    QCOMPARE(r.headers.size(), 3);
    QCOMPARE(r.headers.at(0).first, QByteArray("Host"));
    QCOMPARE(r.headers.at(0).second, QByteArray(" example.com "));
    QCOMPARE(r.header("x-folded"), QByteArray("one two three"));
    QVERIFY(r.hasHeader("EMPTY"));
    QCOMPARE(r.header("empty"), QByteArray());
    QCOMPARE(r.body, QByteArray("line1\r\nline2\r\n"));

    // No blank line: no body; LF only.
    QVERIFY(HttpRequestData::parse("GET / HTTP/1.1\nHost:x", &r, &error));
    QCOMPARE(r.body, QByteArray());
    QCOMPARE(r.query, QByteArray());
    QCOMPARE(r.header("host"), QByteArray("x"));
}

void TestSigV4::headerHelpers()
{
    HttpRequestData r;
    r.headers = {{"A", "1"}, {"b", "2"}, {"a", "3"}};
    QCOMPARE(r.header("a"), QByteArray("1"));
    QVERIFY(r.hasHeader("B"));
    QVERIFY(!r.hasHeader("c"));
    r.setHeader("A", "x");
    QCOMPARE(r.headers.size(), 2);
    QCOMPARE(r.headers.at(0), qMakePair(QByteArray("A"), QByteArray("x")));
    r.setHeader("C", "y");
    QCOMPARE(r.headers.last(), qMakePair(QByteArray("C"), QByteArray("y")));
    r.removeHeader("B");
    QVERIFY(!r.hasHeader("b"));
    QCOMPARE(r.headers.size(), 2);
}

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
