// SsoPortalClient against the in-process simulator over loopback: every page of ListAccounts and
// ListAccountRoles is followed, a rejected token is a credentials fault without the token in it,
// and a portal that never ends its listing is stopped after kMaxPages.
#include "DmsSimulator.h"
#include "ScriptedHttpServer.h"
#include "base/FaultCodes.h"
#include "sso/SsoPortalClient.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QtTest>

#include <optional>

using namespace dmsx;

namespace {

const QString kToken = QStringLiteral("SsoPortalClientTestBearerToken0123456789");

QJsonObject scenario()
{
    QJsonArray accounts;
    // More than one page of kPageSize.
    for (int i = 0; i < SsoPortalClient::kPageSize + 30; ++i)
        accounts.append(QJsonObject{
            {QStringLiteral("accountId"), QStringLiteral("1000%1").arg(i, 8, 10, QLatin1Char('0'))},
            {QStringLiteral("roles"), QJsonArray{QStringLiteral("ReadOnly")}}});
    accounts.append(QJsonObject{
        {QStringLiteral("accountId"), QStringLiteral("111122223333")},
        {QStringLiteral("accountName"), QStringLiteral("dba-production")},
        {QStringLiteral("emailAddress"), QStringLiteral("aws-production@example.com")},
        {QStringLiteral("roles"), QJsonArray{QStringLiteral("DmsOperator"), QStringLiteral("PowerUser"),
                                             QStringLiteral("ReadOnly")}}});
    QJsonObject sso{
        {QStringLiteral("tokens"), QJsonArray{QJsonObject{{QStringLiteral("accessToken"), kToken},
                                                          {QStringLiteral("expiresInSeconds"), 3600}}}}};
    return QJsonObject{{QStringLiteral("sso"), sso},
                       {QStringLiteral("ssoOidc"), QJsonObject{{QStringLiteral("accounts"), accounts}}}};
}

} // namespace

class TestSsoPortalClient : public QObject
{
    Q_OBJECT
private:
    DmsSimulator m_sim;
    QNetworkAccessManager m_nam;

    SsoPortalClient client()
    {
        return SsoPortalClient(QStringLiteral("us-east-1"), m_sim.serverUrl().toString(), &m_nam);
    }

    template <typename T> static std::optional<Result<T>> wait(std::optional<Result<T>>& out)
    {
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 30000))
            return std::nullopt;
        return out;
    }

    int logged(const QString& operation) const
    {
        int n = 0;
        for (const QJsonValue& v : m_sim.requestLog())
            if (v.toObject().value(QStringLiteral("operation")).toString() == operation)
                ++n;
        return n;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_sim.loadScenario(scenario()).ok());
        QVERIFY(m_sim.listen(QHostAddress::LocalHost, 0).ok());
        m_nam.setProxy(QNetworkProxy::NoProxy);
    }
    void init() { m_sim.clearRequestLog(); }

    void listsEveryAccountAcrossPages()
    {
        std::optional<Result<QList<SsoPortalClient::Account>>> out;
        QObject context;
        client().listAccounts(kToken, &context,
                              [&](const Result<QList<SsoPortalClient::Account>>& r) { out = r; });
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 30000));
        QVERIFY2(out->ok(), qPrintable(out->fault().message));
        QCOMPARE(out->value().size(), SsoPortalClient::kPageSize + 31);
        QCOMPARE(logged(QStringLiteral("ListAccounts")), 2);
        bool found = false;
        for (const SsoPortalClient::Account& a : out->value()) {
            if (a.accountId == QLatin1String("111122223333")) {
                found = true;
                QCOMPARE(a.accountName, QStringLiteral("dba-production"));
                QCOMPARE(a.emailAddress, QStringLiteral("aws-production@example.com"));
            }
        }
        QVERIFY(found);
    }

    void listsTheRolesOfAnAccount()
    {
        std::optional<Result<QList<SsoPortalClient::Role>>> out;
        QObject context;
        client().listAccountRoles(kToken, QStringLiteral("111122223333"), &context,
                                  [&](const Result<QList<SsoPortalClient::Role>>& r) { out = r; });
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 30000));
        QVERIFY2(out->ok(), qPrintable(out->fault().message));
        QStringList names;
        for (const SsoPortalClient::Role& r : out->value()) {
            names << r.roleName;
            QCOMPARE(r.accountId, QStringLiteral("111122223333"));
        }
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("DmsOperator"), QStringLiteral("PowerUser"),
                                     QStringLiteral("ReadOnly")}));
    }

    void rejectedTokenIsACredentialsFaultWithoutTheToken()
    {
        const QString wrong = QStringLiteral("NotAValidPortalTokenAtAll0123456789");
        std::optional<Result<QList<SsoPortalClient::Account>>> out;
        QObject context;
        client().listAccounts(wrong, &context,
                              [&](const Result<QList<SsoPortalClient::Account>>& r) { out = r; });
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 30000));
        QVERIFY(!out->ok());
        QCOMPARE(out->fault().code, QString(FaultCode::UnauthorizedException));
        QCOMPARE(out->fault().kind, FaultKind::Credentials);
        QCOMPARE(out->fault().operation, QStringLiteral("ListAccounts"));
        QVERIFY(!out->fault().message.contains(wrong));
        QVERIFY(!out->fault().detail.contains(wrong));
    }

    void endlessListingStopsAtTheBound()
    {
        // A portal that always has a next page.
        ScriptedHttpServer server(
            {scriptedHttp(200, "{\"accountList\":[{\"accountId\":\"123456789012\"}],\"nextToken\":\"again\"}",
                          "application/json")});
        SsoPortalClient endless(QStringLiteral("us-east-1"),
                                QStringLiteral("http://127.0.0.1:%1").arg(server.port()), &m_nam);
        std::optional<Result<QList<SsoPortalClient::Account>>> out;
        QObject context;
        endless.listAccounts(kToken, &context,
                             [&](const Result<QList<SsoPortalClient::Account>>& r) { out = r; });
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 60000));
        QVERIFY(!out->ok());
        QCOMPARE(out->fault().code, QString(FaultCode::TooManyPages));
        QCOMPARE(server.requests.size(), SsoPortalClient::kMaxPages);
    }

    void parsesPagesStrictly()
    {
        QString next;
        QVERIFY(!SsoPortalClient::parseAccounts("not json", &next).ok());
        QVERIFY(!SsoPortalClient::parseAccounts("{\"accountList\":{}}", &next).ok());
        QVERIFY(!SsoPortalClient::parseAccounts("{\"accountList\":[{\"accountName\":\"x\"}]}", &next).ok());
        QVERIFY(!SsoPortalClient::parseRoles("{\"roleList\":[{}]}", &next).ok());
        const auto roles = SsoPortalClient::parseRoles(
            "{\"roleList\":[{\"roleName\":\"R\",\"accountId\":\"1\"}],\"nextToken\":\"t+/=\"}", &next);
        QVERIFY(roles.ok());
        QCOMPARE(roles->size(), 1);
        QCOMPARE(next, QStringLiteral("t+/="));
    }

    void destroyedContextGetsNoAnswer()
    {
        bool answered = false;
        {
            QObject context;
            client().listAccounts(kToken, &context,
                                  [&](const Result<QList<SsoPortalClient::Account>>&) { answered = true; });
        }
        // Whatever was in flight is aborted with the context; a later call still works.
        std::optional<Result<QList<SsoPortalClient::Role>>> out;
        QObject context;
        client().listAccountRoles(kToken, QStringLiteral("111122223333"), &context,
                                  [&](const Result<QList<SsoPortalClient::Role>>& r) { out = r; });
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 30000));
        QVERIFY(!answered);
    }
};

QTEST_MAIN(TestSsoPortalClient)
#include "tst_ssoportalclient.moc"
