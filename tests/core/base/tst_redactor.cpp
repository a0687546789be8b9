#include "base/Redactor.h"

#include <QTest>
#include <QUrl>

#include <thread>
#include <vector>

using namespace dmsx;

namespace {
const QString kSecret = QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
const QString kToken =
    QStringLiteral("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6example+token=");
// All lower case and digits: the bare-key pattern (which wants mixed case) does not catch it.
const QString kLowerSecret = QStringLiteral("abcdefghij0123456789abcdefghij0123456789");
const QString kBearer = QStringLiteral("aoaAAAAAGhhZ2VzdHJpbmctdG9rZW4tdmFsdWU");
const QString kPassword = QStringLiteral("hunter2-proxy");
const QString kKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
const QString kSignature = QStringLiteral("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
} // namespace

class TestRedactor : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { Redactor::clearRegisteredSecrets(); }

    void removesSecretShapes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("mustVanish");
        QTest::addColumn<QString>("mustStay");

        QTest::newRow("ini secret")
            << QStringLiteral("aws_secret_access_key = %1\nregion = us-east-1").arg(kSecret) << kSecret
            << QStringLiteral("region = us-east-1");
        QTest::newRow("env secret") << QStringLiteral("AWS_SECRET_ACCESS_KEY=%1 make").arg(kSecret) << kSecret
                                    << QStringLiteral("make");
        QTest::newRow("json SecretAccessKey")
            << QStringLiteral(R"({"AccessKeyId":"x","SecretAccessKey":"%1","Expiration":"2026"})")
                   .arg(kSecret)
            << kSecret << QStringLiteral(R"("Expiration":"2026")");
        QTest::newRow("bare 40-char secret")
            << QStringLiteral("the key %1 leaked").arg(kSecret) << kSecret << QStringLiteral("leaked");
        QTest::newRow("security token header")
            << QStringLiteral("x-amz-security-token: %1\r\nhost: dms").arg(kToken) << kToken
            << QStringLiteral("host: dms");
        QTest::newRow("security token query")
            << QStringLiteral("/?X-Amz-Security-Token=%1&X-Amz-Date=20260101T000000Z").arg(kToken) << kToken
            << QStringLiteral("X-Amz-Date=20260101T000000Z");
        QTest::newRow("json SessionToken") << QStringLiteral(R"({"SessionToken": "%1"})").arg(kToken)
                                           << kToken << QStringLiteral("SessionToken");
        QTest::newRow("ini session token") << QStringLiteral("aws_session_token=%1").arg(kToken) << kToken
                                           << QStringLiteral("aws_session_token");
        QTest::newRow("authorization header")
            << QStringLiteral(
                   "Authorization: AWS4-HMAC-SHA256 Credential=%1/20260101/us-east-1/dms/aws4_request, "
                   "SignedHeaders=host;x-amz-date, Signature=%2\r\nX-Amz-Date: 20260101T000000Z")
                   .arg(kKeyId, kSignature)
            << QStringLiteral("SignedHeaders=host") << QStringLiteral("X-Amz-Date: 20260101T000000Z");
        QTest::newRow("json authorization")
            << QStringLiteral(R"({"authorization":"AWS4-HMAC-SHA256 Credential=x, Signature=%1","a":1})")
                   .arg(kSignature)
            << kSignature << QStringLiteral(R"("a":1)");
        QTest::newRow("signature alone") << QStringLiteral("... Signature=%1, done").arg(kSignature)
                                         << kSignature << QStringLiteral("done");
        QTest::newRow("xml SessionToken")
            << QStringLiteral("<Credentials><SessionToken>%1</SessionToken><Expiration>2026</Expiration>")
                   .arg(kToken)
            << kToken << QStringLiteral("<Expiration>2026</Expiration>");
        QTest::newRow("xml SecretAccessKey")
            << QStringLiteral("<SecretAccessKey>%1</SecretAccessKey><AccessKeyId>").arg(kLowerSecret)
            << kLowerSecret << QStringLiteral("</SecretAccessKey><AccessKeyId>");
        QTest::newRow("AWS_SECRET_KEY env")
            << QStringLiteral("AWS_SECRET_KEY=%1 make").arg(kLowerSecret) << kLowerSecret
            << QStringLiteral("AWS_SECRET_KEY=[REDACTED] make");
        QTest::newRow("secret= 40 chars")
            << QStringLiteral("secret=%1&x=1").arg(kLowerSecret) << kLowerSecret << QStringLiteral("&x=1");
        QTest::newRow("sso bearer header")
            << QStringLiteral("x-amz-sso_bearer_token: %1\r\nhost: portal").arg(kBearer) << kBearer
            << QStringLiteral("host: portal");
        QTest::newRow("json accessToken")
            << QStringLiteral(R"({"accessToken": "%1", "region": "us-east-1"})").arg(kBearer) << kBearer
            << QStringLiteral(R"("region": "us-east-1")");
        // The SSO OIDC answers and the token cache (sso/): every member that lets someone sign in
        // as the user.
        QTest::newRow("json refreshToken")
            << QStringLiteral(R"({"refreshToken":"%1","tokenType":"Bearer"})").arg(kBearer) << kBearer
            << QStringLiteral(R"("tokenType":"Bearer")");
        QTest::newRow("json clientSecret")
            << QStringLiteral(R"({"clientId":"abc","clientSecret":"%1"})").arg(kBearer) << kBearer
            << QStringLiteral(R"("clientId":"abc")");
        QTest::newRow("json deviceCode")
            << QStringLiteral(R"({"deviceCode":"%1","userCode":"ABCD-EFGH"})").arg(kBearer) << kBearer
            << QStringLiteral(R"("userCode":"ABCD-EFGH")");
        QTest::newRow("form refresh_token")
            << QStringLiteral("grant_type=refresh_token&refresh_token=%1&x=1").arg(kBearer) << kBearer
            << QStringLiteral("&x=1");
        QTest::newRow("url password")
            << QStringLiteral("proxy http://bob:%1@proxy.local:3128 refused").arg(kPassword) << kPassword
            << QStringLiteral("http://bob:[REDACTED]@proxy.local:3128 refused");
        QTest::newRow("presigned url signature")
            << QStringLiteral("https://h/?X-Amz-Signature=%1&b=2").arg(kSignature) << kSignature
            << QStringLiteral("&b=2");
    }
    void removesSecretShapes()
    {
        QFETCH(QString, input);
        QFETCH(QString, mustVanish);
        QFETCH(QString, mustStay);
        QVERIFY(input.contains(mustVanish));
        const QString out = Redactor::redact(input);
        QVERIFY2(!out.contains(mustVanish), qPrintable(out));
        QVERIFY2(out.contains(mustStay), qPrintable(out));
        QVERIFY2(out.contains(Redactor::placeholder()), qPrintable(out));
        // The access key id never survives whole either.
        QVERIFY(!out.contains(kKeyId));
    }

    void masksAccessKeyIds()
    {
        QCOMPARE(Redactor::maskAccessKeyId(kKeyId),
                 QStringLiteral("AKIA") + QChar(0x2026) + QStringLiteral("MPLE"));
        QCOMPARE(Redactor::maskAccessKeyId(QStringLiteral("short")), QString(QChar(0x2026)));
        const QString out =
            Redactor::redact(QStringLiteral("keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A in use"));
        QCOMPARE(out, QStringLiteral("keys AKIA") + QChar(0x2026) + QStringLiteral("MPLE and ASIA") +
                          QChar(0x2026) + QStringLiteral("VV7A in use"));
    }

    void registeredSecretsInAnyShape()
    {
        const QString odd = QStringLiteral("plain-words-secret-value");
        QCOMPARE(Redactor::redact(QStringLiteral("x %1 y").arg(odd)), QStringLiteral("x %1 y").arg(odd));
        Redactor::registerSecret(odd);
        Redactor::registerSecret(kSecret);
        QCOMPARE(Redactor::redact(QStringLiteral("x %1 y").arg(odd)), QStringLiteral("x [REDACTED] y"));
        // JSON-escaped and percent-encoded copies of a registered secret go too.
        QString escaped = kSecret;
        escaped.replace(QLatin1Char('/'), QLatin1String("\\/"));
        QVERIFY(!Redactor::redact(QStringLiteral("{\"v\":\"%1\"}").arg(escaped))
                     .contains(QLatin1String("EXAMPLEKEY")));
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(kSecret));
        QVERIFY(!Redactor::redact(QStringLiteral("q=%1").arg(encoded)).contains(QLatin1String("EXAMPLEKEY")));
        // Too-short values are refused: they would shred ordinary words.
        Redactor::registerSecret(QStringLiteral("the"));
        QCOMPARE(Redactor::redact(QStringLiteral("the end")), QStringLiteral("the end"));
        Redactor::clearRegisteredSecrets();
        QCOMPARE(Redactor::redact(QStringLiteral("x %1 y").arg(odd)), QStringLiteral("x %1 y").arg(odd));
    }

    void registeredSecretPercentEncodedAnyWay_data()
    {
        QTest::addColumn<QString>("encoded");
        const QString upper = QString::fromLatin1(QUrl::toPercentEncoding(kSecret));
        QTest::newRow("upper-case hex") << upper;
        QTest::newRow("lower-case hex") << QString(upper).replace(QLatin1String("%2F"), QLatin1String("%2f"));
        QTest::newRow("only some encoded")
            << QString(kSecret).replace(QLatin1String("K7MDENG/"), QLatin1String("K7MDENG%2F"));
        QTest::newRow("every character encoded")
            << QString::fromLatin1(kSecret.toLatin1().toPercentEncoding(QByteArray(), kSecret.toLatin1()));
        QTest::newRow("encoded twice")
            << QString(upper).replace(QLatin1String("%2F"), QLatin1String("%252F"));
        const QString spaced = QStringLiteral("pass phrase with spaces é");
        QTest::newRow("form-encoded, non-ASCII") << QString::fromLatin1(QUrl::toPercentEncoding(spaced))
                                                        .replace(QLatin1String("%20"), QLatin1String("+"));
    }
    void registeredSecretPercentEncodedAnyWay()
    {
        QFETCH(QString, encoded);
        Redactor::registerSecret(kSecret);
        Redactor::registerSecret(QStringLiteral("pass phrase with spaces é"));
        const QString out = Redactor::redact(QStringLiteral("GET /?k=%1&next=1").arg(encoded));
        QCOMPARE(out, QStringLiteral("GET /?k=[REDACTED]&next=1"));
    }

    void registryIsBoundedAndReplacedPerOwner()
    {
        // Hourly refreshes over a long session must not grow the registry without end.
        for (int i = 0; i < 500; ++i)
            Redactor::registerSecret(QStringLiteral("refreshed-secret-%1").arg(i, 4, 10, QLatin1Char('0')));
        QCOMPARE(Redactor::registeredSecretCount(), Redactor::kMaxUnownedSecrets);
        // The newest are kept; the oldest were dropped.
        QCOMPARE(Redactor::redact(QStringLiteral("refreshed-secret-0499")), QStringLiteral("[REDACTED]"));
        QCOMPARE(Redactor::redact(QStringLiteral("refreshed-secret-0000")),
                 QStringLiteral("refreshed-secret-0000"));
        // One still in use is moved away from the bound when registered again.
        Redactor::registerSecret(QStringLiteral("refreshed-secret-0436"));
        Redactor::registerSecret(QStringLiteral("one-more-secret"));
        QCOMPARE(Redactor::redact(QStringLiteral("refreshed-secret-0436")), QStringLiteral("[REDACTED]"));
        QCOMPARE(Redactor::redact(QStringLiteral("refreshed-secret-0437")),
                 QStringLiteral("refreshed-secret-0437"));
        Redactor::clearRegisteredSecrets();
        QCOMPARE(Redactor::registeredSecretCount(), 0);

        // A provider's refresh replaces its previous credentials.
        Redactor::registerSecrets(QStringLiteral("sso"),
                                  {QStringLiteral("first-secret-key"), QStringLiteral("first-token")});
        Redactor::registerSecrets(QStringLiteral("sso"),
                                  {QStringLiteral("second-secret-key"), QStringLiteral("second-token")});
        Redactor::registerSecrets(QStringLiteral("process"), {QStringLiteral("process-secret")});
        QCOMPARE(Redactor::registeredSecretCount(), 3);
        QCOMPARE(Redactor::redact(QStringLiteral("first-secret-key second-token process-secret")),
                 QStringLiteral("first-secret-key [REDACTED] [REDACTED]"));
    }

    void registeredCopyIsTheRegistrysOwn()
    {
        // The registry copies the secret: wiping its copy leaves the caller's string alone, and the
        // caller changing its string in place does not change what is redacted.
        QString mine = QStringLiteral("caller-owned-secret");
        Redactor::registerSecret(mine);
        Redactor::clearRegisteredSecrets();
        QCOMPARE(mine, QStringLiteral("caller-owned-secret"));
        Redactor::registerSecret(mine);
        mine[0] = QLatin1Char('X');
        QCOMPARE(Redactor::redact(QStringLiteral("a caller-owned-secret b")),
                 QStringLiteral("a [REDACTED] b"));
    }

    void idempotent_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("mixed") << QStringLiteral(
                                      "Authorization: AWS4-HMAC-SHA256 Credential=%1/x, Signature=%2\n"
                                      "aws_secret_access_key=%3\nx-amz-security-token: %4\nkey %1")
                                      .arg(kKeyId, kSignature, kSecret, kToken);
        QTest::newRow("new shapes")
            << QStringLiteral("<SessionToken>%1</SessionToken> AWS_SECRET_KEY=%2 secret=%2 "
                              "x-amz-sso_bearer_token: %3 {\"accessToken\":\"%3\"} http://u:%4@h")
                   .arg(kToken, kLowerSecret, kBearer, kPassword);
        QTest::newRow("json") << QStringLiteral(
                                     R"({"SecretAccessKey":"%1","SessionToken":"%2","AccessKeyId":"%3"})")
                                     .arg(kSecret, kToken, kKeyId);
        // Found by fuzz_redactor: masking the id left 40 key characters that only a second pass
        // took for a secret key.
        QTest::newRow("key id then 40 key characters")
            << QStringLiteral("AKIAIOSFODNN7EXAMYLE/20261109/APLE/20261190/udms/awsRfiC");
    }
    void idempotent()
    {
        QFETCH(QString, input);
        const QString once = Redactor::redact(input);
        QVERIFY(once != input);
        QCOMPARE(Redactor::redact(once), once);
    }

    void ordinaryTextUntouched_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("message") << QStringLiteral("The security token included in the request is expired");
        QTest::newRow("authorization prose")
            << QStringLiteral("User arn:aws:iam::123456789012:user/bob is not authorized to perform: "
                              "dms:ListMigrationProjects on resource: *");
        QTest::newRow("signature prose")
            << QStringLiteral("Signature expired: 20260101T000000Z is now earlier than "
                              "20260101T001000Z (20260101T002500Z - 15 min.)");
        QTest::newRow("sha1 hex") << QStringLiteral("commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 merged");
        QTest::newRow("request id") << QStringLiteral("request id 8c0c9c28-5a43-4b8a-9c1d-3f2a1b0c9d8e");
        QTest::newRow("arn") << QStringLiteral(
            "arn:aws:dms:us-east-1:123456789012:migration-project:EXAMPLEABCDEFGHIJKLMNOPQRSTUVWXYZ12");
        QTest::newRow("wrong-secret explanation")
            << QStringLiteral("AWS computed a different signature: usually the secret access key does not "
                              "belong to the access key id.");
        QTest::newRow("signature word") << QStringLiteral("signature = mismatch; secret: not shown");
        QTest::newRow("url without password")
            << QStringLiteral("see https://docs.aws.amazon.com:443/dms@x and http://host:8080/a@b");
        QTest::newRow("access token prose")
            << QStringLiteral("The access token has expired; run aws sso login.");
        QTest::newRow("unicode") << QStringLiteral("Projet « migration » prêt ✓");
        QTest::newRow("empty") << QString();
    }
    void ordinaryTextUntouched()
    {
        QFETCH(QString, input);
        QCOMPARE(Redactor::redact(input), input);
    }

    void concurrentRegistration()
    {
        // Registration from one thread while others redact must neither crash nor lose a secret.
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([t] {
                // 4 x 15 stays within the registry's bound, so none of them may be dropped.
                for (int i = 0; i < 15; ++i) {
                    Redactor::registerSecret(QStringLiteral("concurrent-secret-%1-%2").arg(t).arg(i));
                    Redactor::redact(QStringLiteral("text concurrent-secret-0-0 more"));
                }
            });
        }
        for (auto& th : threads)
            th.join();
        for (int t = 0; t < 4; ++t) {
            for (int i = 0; i < 15; i += 3) {
                const QString secret = QStringLiteral("concurrent-secret-%1-%2").arg(t).arg(i);
                QVERIFY(!Redactor::redact(QStringLiteral("x %1 y").arg(secret)).contains(secret));
            }
        }
    }

    void byteArrayOverload()
    {
        const QByteArray in = QStringLiteral("aws_secret_access_key=%1 é").arg(kSecret).toUtf8();
        const QByteArray out = Redactor::redact(in);
        QVERIFY(!out.contains(kSecret.toUtf8()));
        QVERIFY(out.contains(QStringLiteral("é").toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
