// The simulator's IAM Identity Center sign-in over real loopback HTTP: SSO OIDC's RegisterClient,
// StartDeviceAuthorization and CreateToken through every outcome a client polling for a token
// meets (pending, slow_down, approved, denied, expired device code, bad client secret, refresh
// ok and expired), the approval endpoints that stand in for the browser, and the tables' bounds;
// then the portal a signed-in client uses: ListAccounts and ListAccountRoles paged, GetRoleCredentials
// for an issued token (whose key pair DMS accepts), and Logout ending the whole sign-in.
#include "DmsSimulator.h"
#include "base/Clock.h"
#include "dms/DmsClient.h"
#include "net/AwsJsonTransport.h"

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

    // A portal call as the SDKs make it: the bearer token in its header, the parameters in the query.
    Reply portal(const QByteArray& method, const QString& path, const QString& token,
                 const QList<QPair<QString, QString>>& parameters = {})
    {
        QUrl url = m_base;
        url.setPath(path);
        QUrlQuery query;
        for (const auto& p : parameters)
            query.addQueryItem(p.first, QString::fromLatin1(QUrl::toPercentEncoding(p.second)));
        url.setQuery(query);
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("x-amz-sso_bearer_token", token.toUtf8());
        return wait(m_nam.sendCustomRequest(request, method, QByteArray()));
    }

    // RegisterClient, StartDeviceAuthorization, approval and CreateToken: a signed-in client.
    Reply signIn(const Client& client)
    {
        const Authorization a = startAuthorization(client);
        if (!m_sim->approveDeviceAuthorization(a.userCode))
            return Reply();
        return poll(client, a.deviceCode);
    }

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

    // The page the browser opens shows the code with Allow and Deny; only Allow (what its button
    // posts) answers, so a prefetch or a reload of the page never signs anyone in.
    void verificationPageShowsTheCodeAndWaitsForAllow()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        const Reply page = get(a.verificationUriComplete);
        QCOMPARE(page.status, 200);
        QVERIFY(page.contentType.startsWith("text/html"));
        QVERIFY2(page.body.contains(QByteArray(">" + a.userCode.toUtf8() + "<")), page.body.constData());
        QVERIFY(page.body.contains(">Allow</button>"));
        QVERIFY(page.body.contains(">Deny</button>"));
        QVERIFY(page.body.contains("'/__sim/sso/approve'"));
        QVERIFY(page.body.contains("'/__sim/sso/deny'"));
        QVERIFY(page.body.contains("'Content-Type': 'application/json'"));
        verifyError(poll(client, a.deviceCode), 400, "AuthorizationPendingException",
                    "authorization_pending");
        QCOMPARE(get(a.verificationUriComplete).status, 200);

        QCOMPARE(control(QStringLiteral("/__sim/sso/approve"), a.userCode).status, 200);
        QCOMPARE(poll(client, a.deviceCode).status, 200);
        const Reply answered = get(a.verificationUriComplete);
        QCOMPARE(answered.status, 400);
        QVERIFY(!answered.body.contains(">Allow</button>"));
        QVERIFY(answered.body.contains("name=\"user_code\""));

        // Without a code (the verificationUri): a field to type it in.
        const Reply blank = get(QUrl(a.verificationUri));
        QCOMPARE(blank.status, 200);
        QVERIFY(blank.body.contains("name=\"user_code\""));
    }

    // The code comes from the address bar: whatever it holds is shown as text, never as markup.
    void verificationPageEscapesTheCode()
    {
        start(QJsonObject{{QStringLiteral("interval"), 0}});
        QUrl url = m_base;
        url.setPath(QStringLiteral("/__sim/sso/device"));
        QUrlQuery query;
        query.addQueryItem(
            QStringLiteral("user_code"),
            QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("<script>alert(1)</script>&\"'"))));
        url.setQuery(query);
        const Reply page = get(url);
        QCOMPARE(page.status, 400);
        QVERIFY2(!page.body.contains("<script>alert"), page.body.constData());
        QVERIFY2(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;"),
                 page.body.constData());
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

    void listAccountsAndRolesPaged()
    {
        QJsonArray accounts;
        for (int i = 0; i < 25; ++i)
            accounts.append(QJsonObject{
                {QStringLiteral("accountId"), QStringLiteral("1111222233%1").arg(i, 2, 10, QLatin1Char('0'))},
                {QStringLiteral("accountName"), QStringLiteral("team-%1").arg(i)},
                {QStringLiteral("emailAddress"), QStringLiteral("team-%1@example.com").arg(i)},
                {QStringLiteral("roles"),
                 QJsonArray{QStringLiteral("ReadOnly"), QStringLiteral("DmsOperator")}}});
        start(QJsonObject{{QStringLiteral("interval"), 0}, {QStringLiteral("accounts"), accounts}});
        const QString token = signIn(registerClient()).string("accessToken");
        QVERIFY(!token.isEmpty());

        // Default page of 20, then the rest; nextToken only while more remain.
        const Reply first = portal("GET", QStringLiteral("/assignment/accounts"), token);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.contentType, QByteArrayLiteral("application/json"));
        const QJsonArray page1 = first.json.value(QLatin1String("accountList")).toArray();
        QCOMPARE(page1.size(), SimSsoService::kDefaultPageSize);
        const QJsonObject account0 = page1.first().toObject();
        QCOMPARE(account0.value(QLatin1String("accountId")).toString(), QStringLiteral("111122223300"));
        QCOMPARE(account0.value(QLatin1String("accountName")).toString(), QStringLiteral("team-0"));
        QCOMPARE(account0.value(QLatin1String("emailAddress")).toString(),
                 QStringLiteral("team-0@example.com"));
        const QString next = first.string("nextToken");
        QVERIFY(!next.isEmpty());
        const Reply second = portal("GET", QStringLiteral("/assignment/accounts"), token,
                                    {{QStringLiteral("next_token"), next}});
        QCOMPARE(second.status, 200);
        const QJsonArray page2 = second.json.value(QLatin1String("accountList")).toArray();
        QCOMPARE(page2.size(), 5);
        QCOMPARE(page2.last().toObject().value(QLatin1String("accountId")).toString(),
                 QStringLiteral("111122223324"));
        QVERIFY(!second.json.contains(QLatin1String("nextToken")));

        const Reply small = portal("GET", QStringLiteral("/assignment/accounts"), token,
                                   {{QStringLiteral("max_result"), QStringLiteral("10")}});
        QCOMPARE(small.json.value(QLatin1String("accountList")).toArray().size(), 10);
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), token,
                        {{QStringLiteral("max_result"), QStringLiteral("0")}})
                     .status,
                 400);
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), token,
                        {{QStringLiteral("next_token"), QStringLiteral("garbage")}})
                     .status,
                 400);

        const Reply roles = portal("GET", QStringLiteral("/assignment/roles"), token,
                                   {{QStringLiteral("account_id"), QStringLiteral("111122223307")},
                                    {QStringLiteral("max_result"), QStringLiteral("1")}});
        QCOMPARE(roles.status, 200);
        const QJsonArray roles1 = roles.json.value(QLatin1String("roleList")).toArray();
        QCOMPARE(roles1.size(), 1);
        QCOMPARE(roles1.first().toObject().value(QLatin1String("roleName")).toString(),
                 QStringLiteral("ReadOnly"));
        QCOMPARE(roles1.first().toObject().value(QLatin1String("accountId")).toString(),
                 QStringLiteral("111122223307"));
        // A listing's token is no token of another listing.
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), token,
                        {{QStringLiteral("next_token"), roles.string("nextToken")}})
                     .status,
                 400);
        const Reply roles2 = portal("GET", QStringLiteral("/assignment/roles"), token,
                                    {{QStringLiteral("account_id"), QStringLiteral("111122223307")},
                                     {QStringLiteral("next_token"), roles.string("nextToken")}});
        QCOMPARE(roles2.json.value(QLatin1String("roleList"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("roleName")),
                 QJsonValue(QStringLiteral("DmsOperator")));
        QCOMPARE(portal("GET", QStringLiteral("/assignment/roles"), token).status, 400); // no account_id
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), QString()).status, 401);
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), QStringLiteral("made-up")).status,
                 401);
    }

    void issuedTokenGetsRoleCredentialsDmsAccepts()
    {
        start(QJsonObject{
            {QStringLiteral("interval"), 0},
            {QStringLiteral("accounts"),
             QJsonArray{QJsonObject{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                                    {QStringLiteral("accountName"), QStringLiteral("dba-prod")},
                                    {QStringLiteral("roles"), QJsonArray{QStringLiteral("DmsOperator")}}}}}});
        const QString token = signIn(registerClient()).string("accessToken");
        const Reply creds = portal("GET", QStringLiteral("/federation/credentials"), token,
                                   {{QStringLiteral("role_name"), QStringLiteral("DmsOperator")},
                                    {QStringLiteral("account_id"), QStringLiteral("111122223333")}});
        QCOMPARE(creds.status, 200);
        const QJsonObject rc = creds.json.value(QLatin1String("roleCredentials")).toObject();
        QVERIFY(rc.value(QLatin1String("accessKeyId")).toString().startsWith(QLatin1String("ASIA")));
        QCOMPARE(portal("GET", QStringLiteral("/federation/credentials"), token,
                        {{QStringLiteral("role_name"), QStringLiteral("Admin")},
                         {QStringLiteral("account_id"), QStringLiteral("111122223333")}})
                     .status,
                 403);

        // The key pair signs a DMS call the simulator accepts.
        AwsCredentials keys;
        keys.accessKeyId = rc.value(QLatin1String("accessKeyId")).toString();
        keys.secretAccessKey = rc.value(QLatin1String("secretAccessKey")).toString();
        keys.sessionToken = rc.value(QLatin1String("sessionToken")).toString();
        keys.expiration =
            QDateTime::fromMSecsSinceEpoch(rc.value(QLatin1String("expiration")).toInteger(), Qt::UTC);
        TransportConfig config;
        config.endpoint = m_base;
        config.region = m_sim->region();
        config.credentials = [keys] { return Result<AwsCredentials>(keys); };
        config.environment = QProcessEnvironment();
        AwsJsonTransport transport(config, &m_nam, &m_clock, [] { return 0.0; });
        DmsClient client(&transport);
        QEventLoop loop;
        std::optional<Result<Page<MigrationProject>>> listed;
        client.describeMigrationProjects({}, std::nullopt, QString(), &loop,
                                         [&](const Result<Page<MigrationProject>>& r) {
                                             listed = r;
                                             loop.quit();
                                         });
        if (!listed)
            loop.exec();
        QVERIFY2(listed->ok(), listed->ok() ? "" : qPrintable(listed->fault().message));

        // An issued token is good until its expiry on the server clock.
        m_clock.advanceMs(28801LL * 1000);
        QCOMPARE(portal("GET", QStringLiteral("/federation/credentials"), token,
                        {{QStringLiteral("role_name"), QStringLiteral("DmsOperator")},
                         {QStringLiteral("account_id"), QStringLiteral("111122223333")}})
                     .status,
                 401);
    }

    void logoutEndsTheSignIn()
    {
        start(QJsonObject{
            {QStringLiteral("interval"), 0},
            {QStringLiteral("accounts"),
             QJsonArray{QJsonObject{{QStringLiteral("accountId"), QStringLiteral("111122223333")},
                                    {QStringLiteral("roles"), QJsonArray{QStringLiteral("DmsOperator")}}}}}});
        const Client client = registerClient();
        const Reply first = signIn(client);
        const Reply refreshed = refresh(client, first.string("refreshToken"));
        QCOMPARE(refreshed.status, 200);
        const QString token = refreshed.string("accessToken");
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), token).status, 200);

        QCOMPARE(portal("GET", QStringLiteral("/logout"), token).status, 400); // Logout is a POST
        const Reply out = portal("POST", QStringLiteral("/logout"), token);
        QCOMPARE(out.status, 200);
        QVERIFY(out.body.isEmpty());
        // Every token of that sign-in is gone: both access tokens and the refresh token.
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), token).status, 401);
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), first.string("accessToken")).status,
                 401);
        verifyError(refresh(client, refreshed.string("refreshToken")), 400, "InvalidGrantException",
                    "invalid_grant");
        QCOMPARE(portal("POST", QStringLiteral("/logout"), token).status, 401);

        // Another sign-in of the same client is untouched by it.
        const Reply other = signIn(client);
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), other.string("accessToken")).status,
                 200);

        // The scenario's fixed tokens sign out too.
        m_sim = std::make_unique<DmsSimulator>(&m_clock);
        QVERIFY(m_sim->loadScenario(QJsonDocument::fromJson(R"({"sso": {"tokens": [{"accessToken": "FIXED"}],
            "accounts": [{"accountId": "111122223333", "roles": ["ReadOnly"]}]}})")
                                        .object()));
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
        m_base = m_sim->serverUrl();
        const Reply fixedRoles = portal("GET", QStringLiteral("/assignment/roles"), QStringLiteral("FIXED"),
                                        {{QStringLiteral("account_id"), QStringLiteral("111122223333")}});
        QCOMPARE(fixedRoles.json.value(QLatin1String("roleList")).toArray().size(), 1);
        QCOMPARE(portal("POST", QStringLiteral("/logout"), QStringLiteral("FIXED")).status, 200);
        QCOMPARE(portal("GET", QStringLiteral("/assignment/accounts"), QStringLiteral("FIXED")).status, 401);

        const QByteArray log = QJsonDocument(m_sim->requestLog()).toJson();
        QVERIFY(log.contains("\"Logout\""));
        QVERIFY(log.contains("\"ListAccountRoles\""));
        QVERIFY(!log.contains("FIXED"));
    }

    void demoScenarioSignsInWithoutABrowser()
    {
        m_clock.set(kStart);
        m_sim = std::make_unique<DmsSimulator>(&m_clock);
        QVERIFY(m_sim->loadDemoScenario());
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
        m_base = m_sim->serverUrl();
        const Client client = registerClient();
        const Authorization a = startAuthorization(client);
        verifyError(poll(client, a.deviceCode), 400, "AuthorizationPendingException",
                    "authorization_pending");
        const Reply token = poll(client, a.deviceCode);
        QCOMPARE(token.status, 200);
        const QString accessToken = token.string("accessToken");

        const Reply accounts = portal("GET", QStringLiteral("/assignment/accounts"), accessToken);
        QStringList names;
        for (const QJsonValue& v : accounts.json.value(QLatin1String("accountList")).toArray())
            names << v.toObject().value(QLatin1String("accountName")).toString();
        QCOMPARE(names, (QStringList{QStringLiteral("dba-production"), QStringLiteral("dba-staging")}));
        const Reply roles = portal("GET", QStringLiteral("/assignment/roles"), accessToken,
                                   {{QStringLiteral("account_id"), QStringLiteral("444455556666")}});
        QCOMPARE(roles.json.value(QLatin1String("roleList")).toArray().size(), 3);
        QCOMPARE(portal("GET", QStringLiteral("/federation/credentials"), accessToken,
                        {{QStringLiteral("role_name"), QStringLiteral("DmsOperator")},
                         {QStringLiteral("account_id"), QStringLiteral("111122223333")}})
                     .status,
                 200);
    }
};

QTEST_GUILESS_MAIN(TestSimSsoOidc)
#include "tst_simssooidc.moc"
