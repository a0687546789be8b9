// SigningKeyCache: the derived key and signature against the AWS suite and against Qt's own
// HMAC, which entries the cache keeps, and that it never serves a key to the wrong identity.
#include "sigv4/SigningKeyCache.h"

#include <QMessageAuthenticationCode>
#include <QTest>

using namespace dmsx;

namespace {

struct Identity
{
    QString accessKeyId = QStringLiteral("AKIDEXAMPLE");
    QString secret = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    QByteArray date = "20150830";
    QString region = QStringLiteral("us-east-1");
    QString service = QStringLiteral("service");
};

// get-vanilla of the AWS SigV4 suite.
const QByteArray VanillaStringToSign =
    "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
    "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63";
const QByteArray VanillaSignature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

QByteArray sign(SigningKeyCache& cache, const Identity& id,
                const QByteArray& stringToSign = VanillaStringToSign)
{
    return cache.signature(id.accessKeyId, id.secret, id.date, id.region, id.service, stringToSign);
}

// The derivation of docs/protocol.md §1.3 with Qt's HMAC, independent of OpenSSL.
QByteArray reference(const Identity& id, const QByteArray& stringToSign = VanillaStringToSign)
{
    auto hmac = [](const QByteArray& key, const QByteArray& data) {
        return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
    };
    QByteArray key = hmac("AWS4" + id.secret.toUtf8(), id.date);
    key = hmac(key, id.region.toUtf8());
    key = hmac(key, id.service.toUtf8());
    key = hmac(key, "aws4_request");
    return hmac(key, stringToSign).toHex();
}

} // namespace

class TestSigningKeyCache : public QObject
{
    Q_OBJECT
private slots:
    void signsTheSuiteVector();
    void oneEntryPerIdentity();
    void rotatedSecretGetsAFreshKey();
    void nonAsciiInputsAreUtf8();
    void boundedAndClearable();
};

void TestSigningKeyCache::signsTheSuiteVector()
{
    SigningKeyCache cache;
    QCOMPARE(reference(Identity()), VanillaSignature);
    QCOMPARE(sign(cache, Identity()), VanillaSignature);
    // Served from the cache the second time, and still right.
    QCOMPARE(sign(cache, Identity()), VanillaSignature);
    QCOMPARE(cache.size(), std::size_t(1));
    // The key signs any string, not only the one it was first used for.
    QCOMPARE(sign(cache, Identity(), "other"), reference(Identity(), "other"));
    QCOMPARE(cache.size(), std::size_t(1));
}

void TestSigningKeyCache::oneEntryPerIdentity()
{
    SigningKeyCache cache;
    const Identity base;
    QCOMPARE(sign(cache, base), VanillaSignature);

    QList<Identity> others;
    Identity id = base;
    id.date = "20150831";
    others << id;
    id = base;
    id.region = QStringLiteral("eu-west-1");
    others << id;
    id = base;
    id.service = QStringLiteral("dms");
    others << id;
    id = base;
    id.accessKeyId = QStringLiteral("AKIDOTHER");
    others << id;

    std::size_t expectedSize = 1;
    for (const Identity& other : others) {
        QCOMPARE(sign(cache, other), reference(other));
        QCOMPARE(cache.size(), ++expectedSize);
    }
    // Going back to earlier identities finds their entries, not only the latest one.
    QCOMPARE(sign(cache, base), VanillaSignature);
    for (const Identity& other : others)
        QCOMPARE(sign(cache, other), reference(other));
    QCOMPARE(cache.size(), expectedSize);
}

void TestSigningKeyCache::rotatedSecretGetsAFreshKey()
{
    SigningKeyCache cache;
    Identity rotated;
    QCOMPARE(sign(cache, rotated), VanillaSignature);
    rotated.secret = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ");
    const QByteArray signature = sign(cache, rotated);
    QVERIFY(signature != VanillaSignature);
    QCOMPARE(signature, reference(rotated));
    QCOMPARE(cache.size(), std::size_t(2));
}

void TestSigningKeyCache::nonAsciiInputsAreUtf8()
{
    SigningKeyCache cache;
    Identity id;
    id.secret = QStringLiteral("s\u00e9cr\u00e8t-\U0001F511-") + QString(300, QLatin1Char('k'));
    id.region = QStringLiteral("r\u00e9gion");
    id.accessKeyId = QStringLiteral("AKID\u00c9");
    QCOMPARE(sign(cache, id), reference(id));
    QCOMPARE(sign(cache, id), reference(id));
}

void TestSigningKeyCache::boundedAndClearable()
{
    SigningKeyCache cache;
    for (int i = 0; i < int(SigningKeyCache::MaxKeys) * 2 + 5; ++i) {
        Identity id;
        id.accessKeyId = QStringLiteral("AKID%1").arg(i);
        id.secret += QString::number(i);
        QCOMPARE(sign(cache, id), reference(id));
        QVERIFY(cache.size() <= SigningKeyCache::MaxKeys);
        QVERIFY(cache.size() >= 1);
    }
    cache.clear();
    QCOMPARE(cache.size(), std::size_t(0));
    QCOMPARE(sign(cache, Identity()), VanillaSignature);
    QCOMPARE(cache.size(), std::size_t(1));
}

QTEST_GUILESS_MAIN(TestSigningKeyCache)
#include "tst_signingkeycache.moc"
