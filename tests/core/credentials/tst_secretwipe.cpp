// SecretWipe and the session-only credentials that rely on it: a sole owner's buffer is really
// overwritten, and a buffer shared with someone else is never written into.
#include "credentials/SecretWipe.h"
#include "credentials/SessionCredentials.h"

#include <QObject>
#include <QTest>

#include <memory>
#include <optional>

using namespace dmsx;

namespace {

const QString kSecret = QStringLiteral("SessionOnlySecretKey/ForTheWipeTest00001");
const QString kToken = QStringLiteral("SessionOnlyTokenForTheWipeTest0123456789");

bool allZero(const QString& s)
{
    for (QChar c : s) {
        if (c.unicode() != 0)
            return false;
    }
    return true;
}

} // namespace

class TestSecretWipe : public QObject
{
    Q_OBJECT
private slots:
    void soleOwnerIsOverwrittenInPlace()
    {
        QString s = SecretWipe::privateCopy(kSecret);
        QVERIFY(s.isDetached());
        const QChar* buffer = s.constData();
        QVERIFY(SecretWipe::overwrite(s));
        QCOMPARE(s.constData(), buffer); // the very buffer that held the secret, not a detached copy
        QCOMPARE(s.size(), kSecret.size());
        QVERIFY(allZero(s));
    }

    void sharedBufferIsLeftToItsOtherHolders()
    {
        QString mine = SecretWipe::privateCopy(kSecret);
        const QString theirs = mine; // implicitly shared
        QVERIFY(!SecretWipe::overwrite(mine));
        QCOMPARE(theirs, kSecret);
        SecretWipe::wipe(mine);
        QVERIFY(mine.isNull());
        QCOMPARE(theirs, kSecret);
        QVERIFY(theirs.isDetached()); // now the only holder
    }

    void privateCopySharesNothing()
    {
        const QString copy = SecretWipe::privateCopy(kSecret);
        QCOMPARE(copy, kSecret);
        QVERIFY(copy.constData() != kSecret.constData());
        QVERIFY(SecretWipe::privateCopy(QString()).isNull());
    }

    void sessionCredentialsKeepTheirOwnCopies()
    {
        AwsCredentials typed;
        typed.accessKeyId = QStringLiteral("AKIASESSIONONLY00001");
        typed.secretAccessKey = SecretWipe::privateCopy(kSecret);
        typed.sessionToken = SecretWipe::privateCopy(kToken);
        QVERIFY(typed.secretAccessKey.isDetached());

        auto session = std::make_unique<SessionCredentials>(QStringLiteral("dev"));
        session->set(typed);
        // Shared with the session object, the caller's buffer could be wiped by neither of them.
        QVERIFY(typed.secretAccessKey.isDetached());
        QVERIFY(typed.sessionToken.isDetached());

        QObject context;
        std::optional<Result<AwsCredentials>> fetched;
        session->fetch(&context, [&](const Result<AwsCredentials>& r) { fetched = r; });
        QVERIFY(QTest::qWaitFor([&] { return fetched.has_value(); }, 5000));
        QVERIFY(fetched->ok());
        QVERIFY2(fetched->value().secretAccessKey == kSecret, "wrong secret");
        QVERIFY(fetched->value().secretAccessKey.constData() != typed.secretAccessKey.constData());

        // Clearing (and destroying) the session leaves every other holder whole.
        session->clear();
        QVERIFY(!session->isSet());
        session.reset();
        QVERIFY2(typed.secretAccessKey == kSecret, "the caller's secret was changed");
        QVERIFY2(typed.sessionToken == kToken, "the caller's token was changed");
        QVERIFY2(fetched->value().secretAccessKey == kSecret, "a delivered secret was changed");
        QVERIFY2(fetched->value().sessionToken == kToken, "a delivered token was changed");
    }
};

QTEST_GUILESS_MAIN(TestSecretWipe)
#include "tst_secretwipe.moc"
