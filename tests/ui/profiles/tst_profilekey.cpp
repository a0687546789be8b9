// ProfileKey: the saved "KIND:NAME" form (it must read back what earlier versions of the window
// wrote), refusal of anything else, and its use as item data.
#include "profiles/ProfileKey.h"

#include <QComboBox>
#include <QtTest>

using namespace dmsx::ui;
using Kind = ProfileKey::Kind;

class TestProfileKey : public QObject
{
    Q_OBJECT

private slots:
    void savedFormIsStable_data()
    {
        QTest::addColumn<ProfileKey>("key");
        QTest::addColumn<QString>("saved");
        QTest::newRow("demo") << ProfileKey::demo(QStringLiteral("demo")) << QStringLiteral("demo:demo");
        QTest::newRow("app") << ProfileKey::app(QStringLiteral("ops")) << QStringLiteral("app:ops");
        QTest::newRow("aws") << ProfileKey::aws(QStringLiteral("default")) << QStringLiteral("aws:default");
        QTest::newRow("environment") << ProfileKey::environment() << QStringLiteral("env:");
        QTest::newRow("session") << ProfileKey::session(QStringLiteral("offline"))
                                 << QStringLiteral("session:offline");
        // Profile names are the user's: anything after the first colon is the name.
        QTest::newRow("colon in the name")
            << ProfileKey::aws(QStringLiteral("team:dev")) << QStringLiteral("aws:team:dev");
        QTest::newRow("space in the name")
            << ProfileKey::app(QStringLiteral("my ops")) << QStringLiteral("app:my ops");
    }

    void savedFormIsStable()
    {
        QFETCH(ProfileKey, key);
        QFETCH(QString, saved);
        QVERIFY(key.isValid());
        QCOMPARE(key.toString(), saved);
        QCOMPARE(ProfileKey::fromString(saved), key);
        QCOMPARE(ProfileKey::fromString(key.toString()), key);
    }

    void kindAndName()
    {
        const ProfileKey app = ProfileKey::fromString(QStringLiteral("app:ops"));
        QCOMPARE(app.kind(), Kind::App);
        QCOMPARE(app.name(), QStringLiteral("ops"));
        QCOMPARE(app.chainProfile(), QStringLiteral("ops"));
        QCOMPARE(ProfileKey::aws(QStringLiteral("dev")).chainProfile(), QStringLiteral("dev"));
        // In-memory keys are not looked up by the credential chain under their name.
        QVERIFY(ProfileKey::demo(QStringLiteral("demo")).chainProfile().isEmpty());
        QVERIFY(ProfileKey::session(QStringLiteral("s")).chainProfile().isEmpty());
        QVERIFY(ProfileKey::environment().chainProfile().isEmpty());
        QVERIFY(ProfileKey::demo(QStringLiteral("demo")).isInMemory());
        QVERIFY(ProfileKey::session(QStringLiteral("s")).isInMemory());
        QVERIFY(!app.isInMemory());
        QVERIFY(!ProfileKey::environment().isInMemory());
        QVERIFY(ProfileKey::environment().name().isEmpty());
    }

    void badInputIsNoKey_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* text : {"", ":", "demo", "app", ":ops", "demo:", "app:", "aws:", "session:", "env:x",
                                 "bogus:x", "DEMO:demo", "App:ops", " app:ops", "app :ops", "environment:"})
            QTest::newRow(*text ? text : "empty") << QString::fromLatin1(text);
    }

    void badInputIsNoKey()
    {
        QFETCH(QString, text);
        const ProfileKey key = ProfileKey::fromString(text);
        QVERIFY(!key.isValid());
        QCOMPARE(key.kind(), Kind::None);
        QCOMPARE(key, ProfileKey());
        QVERIFY(key.toString().isEmpty());
    }

    void equalityTakesKindAndName()
    {
        QCOMPARE(ProfileKey::app(QStringLiteral("x")), ProfileKey(Kind::App, QStringLiteral("x")));
        QVERIFY(ProfileKey::app(QStringLiteral("x")) != ProfileKey::aws(QStringLiteral("x")));
        QVERIFY(ProfileKey::app(QStringLiteral("x")) != ProfileKey::app(QStringLiteral("X")));
        QVERIFY(ProfileKey::session(QStringLiteral("x")) != ProfileKey::demo(QStringLiteral("x")));
        // The environment has no name, whatever is passed.
        QCOMPARE(ProfileKey(Kind::Environment, QStringLiteral("ignored")), ProfileKey::environment());
    }

    // The window's profile list holds keys as item data and finds them again by value.
    void worksAsItemData()
    {
        QComboBox box;
        box.addItem(QStringLiteral("ops (app profile)"),
                    QVariant::fromValue(ProfileKey::app(QStringLiteral("ops"))));
        box.addItem(QStringLiteral("ops (~/.aws)"),
                    QVariant::fromValue(ProfileKey::aws(QStringLiteral("ops"))));
        box.addItem(QStringLiteral("Environment"), QVariant::fromValue(ProfileKey::environment()));
        QCOMPARE(box.findData(QVariant::fromValue(ProfileKey::aws(QStringLiteral("ops")))), 1);
        QCOMPARE(box.findData(QVariant::fromValue(ProfileKey::environment())), 2);
        QCOMPARE(box.findData(QVariant::fromValue(ProfileKey::app(QStringLiteral("dev")))), -1);
        QCOMPARE(box.findData(QStringLiteral("app:ops")), -1); // a string is not a key
        box.setCurrentIndex(1);
        QCOMPARE(box.currentData().value<ProfileKey>(), ProfileKey::aws(QStringLiteral("ops")));
    }
};

QTEST_MAIN(TestProfileKey)
#include "tst_profilekey.moc"
