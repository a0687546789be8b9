// The buffer-reusing SigV4Signer::sign(request, params, SigningOutput*) overload: a
// reused output must carry no state from the previous signing, and values a caller
// still holds from a previous output must never change.
#include "DmsSigningVector.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigV4Signer.h"

#include <QTest>

using namespace dmsx;

namespace {

HttpRequestData dmsRequest()
{
    return DmsSigningVector::request();
}

SigningParams dmsParams()
{
    return DmsSigningVector::params();
}

struct Case
{
    const char* name;
    HttpRequestData request;
    SigningParams params;
};

// Requests that differ in every way the output depends on: header count, added and
// replaced headers, an Authorization already present, path, query, body and scope.
QList<Case> cases()
{
    QList<Case> list;
    list.append({"dms", dmsRequest(), dmsParams()});

    Case token{"dms with token", dmsRequest(), dmsParams()};
    token.params.credentials.sessionToken = QString(300, QLatin1Char('T'));
    list.append(token);

    Case omitted{"token omitted", dmsRequest(), dmsParams()};
    omitted.params.credentials.sessionToken = QStringLiteral("SESSION");
    omitted.params.omitSessionToken = true;
    omitted.request.headers.append(qMakePair(QByteArray("x-amz-security-token"), QByteArray("stale")));
    list.append(omitted);

    Case replaced{"replaced headers", dmsRequest(), dmsParams()};
    replaced.params.credentials.sessionToken = QStringLiteral("SESSION2");
    replaced.params.signBody = true;
    replaced.request.headers.prepend(qMakePair(QByteArray("Authorization"), QByteArray("old")));
    replaced.request.headers.append(qMakePair(QByteArray("X-Amz-Date"), QByteArray("not-a-date")));
    replaced.request.headers.append(qMakePair(QByteArray("X-Amz-Security-Token"), QByteArray("a")));
    replaced.request.headers.append(qMakePair(QByteArray("x-amz-date"), QByteArray("again")));
    replaced.request.headers.append(qMakePair(QByteArray("X-Amz-Security-Token"), QByteArray("b")));
    replaced.request.headers.append(qMakePair(QByteArray("authorization"), QByteArray("older")));
    list.append(replaced);

    Case small{"one header, path and query", HttpRequestData(), dmsParams()};
    small.request.method = "GET";
    small.request.path = "/a/./b/../c d";
    small.request.query = "z=1&a=%41&b";
    small.request.headers.append(qMakePair(QByteArray("Host"), QByteArray("example.amazonaws.com")));
    small.params.region = QStringLiteral("eu-west-1");
    small.params.service = QStringLiteral("service");
    small.params.time = QDateTime(QDate(2015, 8, 30), QTime(12, 36, 0), Qt::UTC);
    list.append(small);

    Case dated{"request carries its date", dmsRequest(), dmsParams()};
    dated.request.headers.append(qMakePair(QByteArray("X-Amz-Date"), QByteArray("20150830T123600Z")));
    dated.request.headers.append(qMakePair(QByteArray("user-agent"), QByteArray("unsigned")));
    list.append(dated);
    return list;
}

void compareOutputs(const SigningOutput& actual, const SigningOutput& expected)
{
    QCOMPARE(actual.canonicalRequest, expected.canonicalRequest);
    QCOMPARE(actual.stringToSign, expected.stringToSign);
    QCOMPARE(actual.signature, expected.signature);
    QCOMPARE(actual.signedHeaders, expected.signedHeaders);
    QCOMPARE(actual.authorization, expected.authorization);
    QCOMPARE(actual.signedRequest.method, expected.signedRequest.method);
    QCOMPARE(actual.signedRequest.path, expected.signedRequest.path);
    QCOMPARE(actual.signedRequest.query, expected.signedRequest.query);
    QCOMPARE(actual.signedRequest.body, expected.signedRequest.body);
    QCOMPARE(actual.signedRequest.headers, expected.signedRequest.headers);
}

} // namespace

class TestSigV4Reuse : public QObject
{
    Q_OBJECT

private slots:
    void reusedOutputIsAnchoredToTheDmsVector();
    void reusedOutputMatchesAFreshOne();
    void heldValuesDoNotChange();
    void resignsItsOwnOutputInPlace();
};

// The same vector tst_sigv4 checks for the by-value sign(), through the reuse overload
// after an unrelated signing has filled the output.
void TestSigV4Reuse::reusedOutputIsAnchoredToTheDmsVector()
{
    SigV4Signer signer;
    SigningOutput out;
    const Case other = cases().at(3);
    signer.sign(other.request, other.params, &out);
    signer.sign(dmsRequest(), dmsParams(), &out);
    QCOMPARE(out.signature, QByteArray("88d491b96ea2942f314a585fe44897b1b89432ef26404264497ee3b378413551"));
    QCOMPARE(out.signedHeaders, QByteArray("content-type;host;x-amz-date;x-amz-target"));
    QCOMPARE(out.signedRequest.header("Authorization"), out.authorization);
}

// Every case after every other, in both directions, so outputs grow and shrink.
void TestSigV4Reuse::reusedOutputMatchesAFreshOne()
{
    const QList<Case> all = cases();
    SigV4Signer signer;
    SigningOutput reused;
    for (const Case& before : all) {
        for (const Case& c : all) {
            signer.sign(before.request, before.params, &reused);
            signer.sign(c.request, c.params, &reused);
            SigV4Signer fresh;
            const SigningOutput expected = fresh.sign(c.request, c.params);
            compareOutputs(reused, expected);
            if (QTest::currentTestFailed()) {
                qWarning("after '%s', signing '%s'", before.name, c.name);
                return;
            }
        }
    }
}

// A caller that keeps the previous output (or hands its headers to a QNetworkRequest)
// must see those values unchanged when the output object is signed into again.
void TestSigV4Reuse::heldValuesDoNotChange()
{
    const QList<Case> all = cases();
    SigV4Signer signer;
    SigningOutput out;
    signer.sign(all.at(1).request, all.at(1).params, &out);
    const SigningOutput held = out;
    const QByteArray heldAuthorization = out.signedRequest.header("Authorization");
    const QByteArray heldCanonical = out.canonicalRequest;

    signer.sign(all.at(0).request, all.at(0).params, &out);
    QVERIFY(out.authorization != held.authorization);

    SigV4Signer fresh;
    compareOutputs(held, fresh.sign(all.at(1).request, all.at(1).params));
    QCOMPARE(heldAuthorization, held.authorization);
    QCOMPARE(heldCanonical, held.canonicalRequest);
}

void TestSigV4Reuse::resignsItsOwnOutputInPlace()
{
    const QList<Case> all = cases();
    SigV4Signer signer;
    SigningOutput out;
    signer.sign(all.at(3).request, all.at(3).params, &out);
    const HttpRequestData previous = out.signedRequest;
    SigningParams later = all.at(3).params;
    later.time = later.time.addSecs(60);
    signer.sign(out.signedRequest, later, &out);

    SigV4Signer fresh;
    compareOutputs(out, fresh.sign(previous, later));
}

QTEST_GUILESS_MAIN(TestSigV4Reuse)
#include "tst_sigv4reuse.moc"
