// The simulator's IAM Identity Center sign-in over real loopback HTTP: SSO OIDC's RegisterClient,
// StartDeviceAuthorization and CreateToken through every outcome a client polling for a token
// meets (pending, slow_down, approved, denied, expired device code, bad client secret, refresh
// ok and expired), the approval endpoints that stand in for the browser, and the tables' bounds.
#include "DmsSimulator.h"
#include "base/Clock.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

using namespace dmsx;

namespace {

const QDateTime kStart(QDate(2026, 1, 9), QTime(12, 30, 0), Qt::UTC);
const QString kDeviceGrant = QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");
const QString kStartUrl = QStringLiteral("https://d-1234567890.awsapps.com/start");

struct Reply
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QByteArray errorType; // x-amzn-ErrorType
    QByteArray contentType;
    QString error() const { return json.value(QLatin1String("error")).toString(); }
    QString string(const char* name) const { return json.value(QLatin1String(name)).toString(); }
};

struct Client
{
    QString id;
    QString secret;
};

struct Authorization
{
    QString deviceCode;
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete;
};

} // namespace

class TestSimSsoOidc : public QObject
{
    Q_OBJECT

private:
    ManualClock m_clock{kStart};
    std::unique_ptr<DmsSimulator> m_sim;
    QNetworkAccessManager m_nam;
    QUrl m_base;

    void start(const QJsonObject& ssoOidc)
    {
        m_clock.set(kStart);
        m_sim = std::make_unique<DmsSimulator>(&m_clock);
        QJsonObject scenario;
        scenario.insert(QStringLiteral("ssoOidc"), ssoOidc);
        QVERIFY(m_sim->loadScenario(scenario));
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
        m_base = m_sim->serverUrl();
    }

    Reply wait(QNetworkReply* reply)
    {
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        Reply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.json = QJsonDocument::fromJson(r.body).object();
        r.errorType = reply->rawHeader("x-amzn-ErrorType");
        r.contentType = reply->rawHeader("Content-Type");
        reply->deleteLater();
        return r;
    }

    Reply post(const QString& path, const QByteArray& body)
    {
        QUrl url = m_base;
        url.setPath(path);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return wait(m_nam.post(request, body));
    }

    Reply post(const QString& path, const QJsonObject& body)
    {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    Reply get(const QUrl& url) { return wait(m_nam.get(QNetworkRequest(url))); }

    Client registerClient(const QJsonArray& scopes = {QStringLiteral("sso:account:access")})
    {
        QJsonObject in{{QStringLiteral("clientName"), QStringLiteral("dms-extpack")},
                       {QStringLiteral("clientType"), QStringLiteral("public")}};
        if (!scopes.isEmpty())
            in.insert(QStringLiteral("scopes"), scopes);
        const Reply r = post(QStringLiteral("/client/register"), in);
        if (r.status != 200)
            qWarning() << "RegisterClient:" << r.status << r.body;
        return {r.string("clientId"), r.string("clientSecret")};
    }

    Authorization startAuthorization(const Client& client)
    {
        const Reply r = post(QStringLiteral("/device_authorization"),
                             QJsonObject{{QStringLiteral("clientId"), client.id},
                                         {QStringLiteral("clientSecret"), client.secret},
                                         {QStringLiteral("startUrl"), kStartUrl}});
        if (r.status != 200)
            qWarning() << "StartDeviceAuthorization:" << r.status << r.body;
        return {r.string("deviceCode"), r.string("userCode"), QUrl(r.string("verificationUri")),
                QUrl(r.string("verificationUriComplete"))};
    }

    Reply poll(const Client& client, const QString& deviceCode)
    {
        return post(QStringLiteral("/token"), QJsonObject{{QStringLiteral("clientId"), client.id},
                                                          {QStringLiteral("clientSecret"), client.secret},
                                                          {QStringLiteral("grantType"), kDeviceGrant},
                                                          {QStringLiteral("deviceCode"), deviceCode}});
    }

    Reply refresh(const Client& client, const QString& refreshToken)
    {
        return post(QStringLiteral("/token"),
                    QJsonObject{{QStringLiteral("clientId"), client.id},
                                {QStringLiteral("clientSecret"), client.secret},
                                {QStringLiteral("grantType"), QStringLiteral("refresh_token")},
                                {QStringLiteral("refreshToken"), refreshToken}});
    }

    Reply control(const QString& path, const QString& userCode)
    {
        return post(path, QJsonObject{{QStringLiteral("userCode"), userCode}});
    }

    static void verifyError(const Reply& r, int status, const char* exception, const char* oauthError)
    {
        QCOMPARE(r.status, status);
        QCOMPARE(r.error(), QString::fromLatin1(oauthError));
        QVERIFY(!r.string("error_description").isEmpty());
        QCOMPARE(r.errorType,
                 QByteArray(exception) + ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/");
        QCOMPARE(r.contentType, QByteArrayLiteral("application/json"));
    }

private slots:
    void registerClientAnswersAsAws()
    {
        start(QJsonObject());
        const Reply r =
            post(QStringLiteral("/client/register"),
                 QJsonObject{{QStringLiteral("clientName"), QStringLiteral("dms-extpack")},
                             {QStringLiteral("clientType"), QStringLiteral("public")},
                             {QStringLiteral("scopes"), QJsonArray{QStringLiteral("sso:account:access")}}});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.string("clientId").isEmpty());
        QVERIFY(!r.string("clientSecret").isEmpty());
        QCOMPARE(r.json.value(QLatin1String("clientIdIssuedAt")).toInteger(), kStart.toSecsSinceEpoch());
        QVERIFY(r.json.value(QLatin1String("clientSecretExpiresAt")).toInteger() > kStart.toSecsSinceEpoch());

        verifyError(post(QStringLiteral("/client/register"),
                         QJsonObject{{QStringLiteral("clientType"), QStringLiteral("public")}}),
                    400, "InvalidRequestException", "invalid_request");
        verifyError(post(QStringLiteral("/client/register"),
                         QJsonObject{{QStringLiteral("clientName"), QStringLiteral("x")},
                                     {QStringLiteral("clientType"), QStringLiteral("confidential")}}),
                    400, "InvalidClientMetadataException", "invalid_client_metadata");
        verifyError(post(QStringLiteral("/client/register"), QByteArrayLiteral("not json")), 400,
                    "InvalidRequestException", "invalid_request");
        verifyError(
            post(QStringLiteral("/client/register"), QByteArray(SimSsoOidcService::kMaxBodyBytes + 1, ' ')),
            400, "InvalidRequestException", "invalid_request");
    }

    void pendingUntilApprovedThenOneToken()
    {
        start(QJsonObject{{QStringLiteral("interval"), 1}, {QStringLiteral("deviceCodeSeconds"), 300}});
        const Client client = registerClient();
        const Reply started = post(QStringLiteral("/device_authorization"),
                                   QJsonObject{{QStringLiteral("clientId"), client.id},
                                               {QStringLiteral("clientSecret"), client.secret},
                                               {QStringLiteral("startUrl"), kStartUrl}});
        QCOMPARE(started.status, 200);
        QCOMPARE(started.json.value(QLatin1String("interval")).toInt(), 1);
        QCOMPARE(started.json.value(QLatin1String("expiresIn")).toInt(), 300);
        const QString userCode = started.string("userCode");
        QVERIFY2(QRegularExpression(QStringLiteral("^[B-Z]{4}-[B-Z]{4}$")).match(userCode).hasMatch(),
                 qPrintable(userCode));
        QUrl expected = m_base;
        expected.setPath(QStringLiteral("/__sim/sso/device"));
        QCOMPARE(QUrl(started.string("verificationUri")), expected);
        const QUrl complete(started.string("verificationUriComplete"));
        QCOMPARE(QUrlQuery(complete).queryItemValue(QStringLiteral("user_code")), userCode);

        const QString deviceCode = started.string("deviceCode");
        verifyError(poll(client, deviceCode), 400, "AuthorizationPendingException", "authorization_pending");
        verifyError(poll(client, deviceCode), 400, "AuthorizationPendingException", "authorization_pending");
        QCOMPARE(control(QStringLiteral("/__sim/sso/approve"), userCode).status, 200);

        const Reply token = poll(client, deviceCode);
        QCOMPARE(token.status, 200);
        QVERIFY(!token.string("accessToken").isEmpty());
        QCOMPARE(token.string("tokenType"), QStringLiteral("Bearer"));
        QCOMPARE(token.json.value(QLatin1String("expiresIn")).toInt(), 28800);
        QVERIFY(!token.string("refreshToken").isEmpty());
        // A device code gives one token; the code it came with is no longer pending.
        verifyError(poll(client, deviceCode), 400, "InvalidGrantException", "invalid_grant");
        QCOMPARE(control(QStringLiteral("/__sim/sso/approve"), userCode).status, 400);

        // The log tells what was asked, never a token, code or secret.
        const QByteArray log = QJsonDocument(m_sim->requestLog()).toJson();
        QVERIFY(log.contains("\"CreateToken\""));
        QVERIFY(log.contains("\"StartDeviceAuthorization\""));
        for (const QString& secret :
             {client.secret, deviceCode, userCode, token.string("accessToken"), token.string("refreshToken")})
            QVERIFY(!log.contains(secret.toUtf8()));
    }

    void refreshTokenOnlyForAccountAccessScope()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        const Client legacy = registerClient(QJsonArray());
        const Authorization a = startAuthorization(legacy);
        QVERIFY(m_sim->approveDeviceAuthorization(a.userCode));
        const Reply token = poll(legacy, a.deviceCode);
        QCOMPARE(token.status, 200);
        QVERIFY(!token.json.contains(QLatin1String("refreshToken")));
    }

    void completeVerificationUriApprovesLikeABrowser()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        const Reply page = get(a.verificationUriComplete);
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
        QCOMPARE(poll(client, a.deviceCode).status, 200);
        QCOMPARE(get(a.verificationUriComplete).status, 400); // answered already
    }

    void slowDownPollsComeFirst()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("slowDownPolls"), 2}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        QVERIFY(m_sim->approveDeviceAuthorization(a.userCode));
        verifyError(poll(client, a.deviceCode), 400, "SlowDownException", "slow_down");
        verifyError(poll(client, a.deviceCode), 400, "SlowDownException", "slow_down");
        QCOMPARE(poll(client, a.deviceCode).status, 200);
    }

    void deniedEndsInAccessDenied()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        verifyError(poll(client, a.deviceCode), 400, "AuthorizationPendingException",
                    "authorization_pending");
        QCOMPARE(control(QStringLiteral("/__sim/sso/deny"), a.userCode).status, 200);
        verifyError(poll(client, a.deviceCode), 400, "AccessDeniedException", "access_denied");
        // A denied code cannot be approved afterwards.
        QVERIFY(!m_sim->approveDeviceAuthorization(a.userCode));
        verifyError(poll(client, a.deviceCode), 400, "AccessDeniedException", "access_denied");

        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("denyAll"), true}});
        const Client other = registerClient();
        const Authorization b = startAuthorization(other);
        verifyError(poll(other, b.deviceCode), 400, "AccessDeniedException", "access_denied");
    }

    void expiredDeviceCode()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("expireDeviceCode"), true}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        QCOMPARE(control(QStringLiteral("/__sim/sso/approve"), a.userCode).status, 400);
        verifyError(poll(client, a.deviceCode), 400, "ExpiredTokenException", "expired_token");

        // Without the switch: the code lives deviceCodeSeconds on the server clock.
        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("deviceCodeSeconds"), 60}});
        const Client late = registerClient();
        const Authorization b = startAuthorization(late);
        verifyError(poll(late, b.deviceCode), 400, "AuthorizationPendingException", "authorization_pending");
        m_clock.advanceMs(61 * 1000);
        QVERIFY(!m_sim->approveDeviceAuthorization(b.userCode));
        verifyError(poll(late, b.deviceCode), 400, "ExpiredTokenException", "expired_token");
    }

    void badClientSecret()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        const Client client = registerClient();
        const Client wrong{client.id, client.secret + QLatin1Char('x')};
        verifyError(post(QStringLiteral("/device_authorization"),
                         QJsonObject{{QStringLiteral("clientId"), wrong.id},
                                     {QStringLiteral("clientSecret"), wrong.secret},
                                     {QStringLiteral("startUrl"), kStartUrl}}),
                    401, "InvalidClientException", "invalid_client");
        const Authorization a = startAuthorization(client);
        QVERIFY(m_sim->approveDeviceAuthorization(a.userCode));
        verifyError(poll(wrong, a.deviceCode), 401, "InvalidClientException", "invalid_client");
        verifyError(poll(Client{QStringLiteral("unknown"), client.secret}, a.deviceCode), 401,
                    "InvalidClientException", "invalid_client");
        // Another client's device code is no grant of this one.
        const Client other = registerClient();
        verifyError(poll(other, a.deviceCode), 400, "InvalidGrantException", "invalid_grant");
        verifyError(post(QStringLiteral("/token"),
                         QJsonObject{{QStringLiteral("clientId"), client.id},
                                     {QStringLiteral("clientSecret"), client.secret},
                                     {QStringLiteral("grantType"), QStringLiteral("password")}}),
                    400, "UnsupportedGrantTypeException", "unsupported_grant_type");
        verifyError(post(QStringLiteral("/token"), QJsonObject{{QStringLiteral("clientId"), client.id}}), 400,
                    "InvalidRequestException", "invalid_request");
        // The right secret still works after all that.
        QCOMPARE(poll(client, a.deviceCode).status, 200);
    }

    void refreshRotatesAndExpires()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0},
                          {QStringLiteral("accessTokenSeconds"), 600},
                          {QStringLiteral("refreshTokenSeconds"), 3600}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        QVERIFY(m_sim->approveDeviceAuthorization(a.userCode));
        const Reply first = poll(client, a.deviceCode);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json.value(QLatin1String("expiresIn")).toInt(), 600);

        m_clock.advanceMs(700 * 1000); // the access token has expired; the refresh token has not
        const Reply second = refresh(client, first.string("refreshToken"));
        QCOMPARE(second.status, 200);
        QVERIFY(!second.string("accessToken").isEmpty());
        QVERIFY(second.string("accessToken") != first.string("accessToken"));
        QVERIFY(!second.string("refreshToken").isEmpty());
        QVERIFY(second.string("refreshToken") != first.string("refreshToken"));
        // Spent once rotated, and bound to its client.
        verifyError(refresh(client, first.string("refreshToken")), 400, "InvalidGrantException",
                    "invalid_grant");
        verifyError(refresh(registerClient(), second.string("refreshToken")), 400, "InvalidGrantException",
                    "invalid_grant");
        verifyError(refresh(Client{client.id, QStringLiteral("wrong")}, second.string("refreshToken")), 401,
                    "InvalidClientException", "invalid_client");

        m_clock.advanceMs(3601 * 1000);
        verifyError(refresh(client, second.string("refreshToken")), 400, "InvalidGrantException",
                    "invalid_grant");
    }

    void refreshTokenExpiredSwitch()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("refreshTokenExpired"), true}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        QVERIFY(m_sim->approveDeviceAuthorization(a.userCode));
        const Reply token = poll(client, a.deviceCode);
        QCOMPARE(token.status, 200);
        verifyError(refresh(client, token.string("refreshToken")), 400, "InvalidGrantException",
                    "invalid_grant");
    }

    void autoApproveAfterFirstPoll()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("autoApprove"), true}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        verifyError(poll(client, a.deviceCode), 400, "AuthorizationPendingException",
                    "authorization_pending");
        QCOMPARE(poll(client, a.deviceCode).status, 200);
    }

    void approveEndpointRefusesUnknownCodesAndNonJson()
    {
        start(QJsonObject());
        QCOMPARE(control(QStringLiteral("/__sim/sso/approve"), QStringLiteral("BCDF-GHJK")).status, 400);
        QCOMPARE(control(QStringLiteral("/__sim/sso/deny"), QStringLiteral("BCDF-GHJK")).status, 400);
        QCOMPARE(post(QStringLiteral("/__sim/sso/approve"), QByteArrayLiteral("{}")).status, 400);
        QUrl url = m_base;
        url.setPath(QStringLiteral("/__sim/sso/approve"));
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        QCOMPARE(wait(m_nam.post(request, QByteArrayLiteral("{\"userCode\":\"BCDF-GHJK\"}"))).status, 415);
    }

    void scenarioValuesAreChecked()
    {
        DmsSimulator sim(&m_clock);
        for (const char* bad :
             {R"({"ssoOidc": 3})", R"({"ssoOidc": {"interval": -1}})",
              R"({"ssoOidc": {"accessTokenSeconds": "long"}})", R"({"ssoOidc": {"deviceCodeSeconds": 0}})"})
            QVERIFY2(!sim.loadScenario(QJsonDocument::fromJson(bad).object()), bad);
    }

    void tablesStayBounded()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        const Client first = registerClient();
        for (int i = 0; i < SimSsoOidcService::kMaxClients; ++i)
            registerClient();
        // The oldest registration made room for the newest.
        verifyError(post(QStringLiteral("/device_authorization"),
                         QJsonObject{{QStringLiteral("clientId"), first.id},
                                     {QStringLiteral("clientSecret"), first.secret},
                                     {QStringLiteral("startUrl"), kStartUrl}}),
                    401, "InvalidClientException", "invalid_client");
        const Client last = registerClient();
        QVERIFY(!startAuthorization(last).deviceCode.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSimSsoOidc)
#include "tst_simssooidc.moc"
