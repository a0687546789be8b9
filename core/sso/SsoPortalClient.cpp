#include "sso/SsoPortalClient.h"

#include "base/AwsTime.h"
#include "base/Clock.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "config/CaBundle.h"
#include "config/EndpointResolver.h"
#include "net/AwsErrorParser.h"
#include "net/NetworkFaults.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>

#include <memory>

namespace dmsx {

namespace {

Fault invalidAnswer(const QString& operation)
{
    Fault f = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                          QStringLiteral("%1 answered something that is not its JSON").arg(operation));
    f.operation = operation;
    return f;
}

QJsonObject parseObject(const QByteArray& body, bool* ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    *ok = error.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

// Follows nextToken page after page, up to kMaxPages, collecting the items.
template <typename Item> struct Pager : std::enable_shared_from_this<Pager<Item>>
{
    std::function<void(const QString& nextToken, std::function<void(const Result<QByteArray>&)>)> fetch;
    std::function<Result<QList<Item>>(const QByteArray&, QString*)> parse;
    std::function<void(const Result<QList<Item>>&)> done;
    QString operation;
    QList<Item> items;
    int pages = 0;

    void next(const QString& token)
    {
        auto self = this->shared_from_this();
        fetch(token, [self](const Result<QByteArray>& page) {
            if (!page.ok()) {
                self->done(page.fault());
                return;
            }
            QString nextToken;
            const Result<QList<Item>> parsed = self->parse(page.value(), &nextToken);
            if (!parsed.ok()) {
                self->done(parsed.fault());
                return;
            }
            self->items += parsed.value();
            if (nextToken.isEmpty()) {
                self->done(self->items);
                return;
            }
            if (++self->pages >= SsoPortalClient::kMaxPages) {
                Fault f = Fault::make(FaultKind::Protocol, FaultCode::TooManyPages,
                                      QStringLiteral("%1 did not end after %2 pages")
                                          .arg(self->operation)
                                          .arg(SsoPortalClient::kMaxPages));
                f.operation = self->operation;
                self->done(f);
                return;
            }
            self->next(nextToken);
        });
    }
};

} // namespace

SsoPortalClient::SsoPortalClient(const QString& ssoRegion, const QString& portalEndpoint,
                                 QNetworkAccessManager* nam, const QString& caBundlePath)
    : m_ssoRegion(ssoRegion), m_portalEndpoint(portalEndpoint), m_nam(nam), m_caBundlePath(caBundlePath)
{}

Result<QUrl> SsoPortalClient::baseUrl() const
{
    if (!m_portalEndpoint.isEmpty())
        return QUrl(m_portalEndpoint);
    // The region becomes a host name: "us-east-1.evil.example/x" must not pick another server.
    if (!EndpointResolver::isValidHostLabel(m_ssoRegion))
        return Fault::make(FaultKind::Configuration, FaultCode::SsoRegionInvalid,
                           QStringLiteral("sso_region \"%1\" is not a region name").arg(m_ssoRegion));
    return QUrl(QStringLiteral("https://portal.sso.%1.amazonaws.com").arg(m_ssoRegion));
}

Result<QList<SsoPortalClient::Account>> SsoPortalClient::parseAccounts(const QByteArray& body,
                                                                       QString* nextToken)
{
    bool ok = false;
    const QJsonObject o = parseObject(body, &ok);
    const QJsonValue list = o.value(QLatin1String("accountList"));
    if (!ok || !(list.isArray() || list.isUndefined() || list.isNull()))
        return invalidAnswer(QStringLiteral("ListAccounts"));
    QList<Account> out;
    for (const QJsonValue& v : list.toArray()) {
        const QJsonObject a = v.toObject();
        Account account{a.value(QLatin1String("accountId")).toString(),
                        a.value(QLatin1String("accountName")).toString(),
                        a.value(QLatin1String("emailAddress")).toString()};
        if (account.accountId.isEmpty())
            return invalidAnswer(QStringLiteral("ListAccounts"));
        out.append(account);
    }
    *nextToken = o.value(QLatin1String("nextToken")).toString();
    return out;
}

Result<QList<SsoPortalClient::Role>> SsoPortalClient::parseRoles(const QByteArray& body, QString* nextToken)
{
    bool ok = false;
    const QJsonObject o = parseObject(body, &ok);
    const QJsonValue list = o.value(QLatin1String("roleList"));
    if (!ok || !(list.isArray() || list.isUndefined() || list.isNull()))
        return invalidAnswer(QStringLiteral("ListAccountRoles"));
    QList<Role> out;
    for (const QJsonValue& v : list.toArray()) {
        const QJsonObject r = v.toObject();
        Role role{r.value(QLatin1String("roleName")).toString(),
                  r.value(QLatin1String("accountId")).toString()};
        if (role.roleName.isEmpty())
            return invalidAnswer(QStringLiteral("ListAccountRoles"));
        out.append(role);
    }
    *nextToken = o.value(QLatin1String("nextToken")).toString();
    return out;
}

void SsoPortalClient::listAccounts(const QString& accessToken, QObject* context,
                                   std::function<void(const Result<QList<Account>>&)> done) const
{
    auto pager = std::make_shared<Pager<Account>>();
    pager->operation = QStringLiteral("ListAccounts");
    pager->parse = &SsoPortalClient::parseAccounts;
    pager->done = std::move(done);
    const SsoPortalClient client = *this;
    pager->fetch = [client, accessToken, context](const QString& token, PageHandler page) {
        QList<std::pair<QString, QString>> query{{QStringLiteral("max_result"), QString::number(kPageSize)}};
        if (!token.isEmpty())
            query.append({QStringLiteral("next_token"), token});
        client.getPage(QStringLiteral("/assignment/accounts"), query, QStringLiteral("ListAccounts"),
                       accessToken, context, std::move(page));
    };
    pager->next(QString());
}

void SsoPortalClient::listAccountRoles(const QString& accessToken, const QString& accountId, QObject* context,
                                       std::function<void(const Result<QList<Role>>&)> done) const
{
    auto pager = std::make_shared<Pager<Role>>();
    pager->operation = QStringLiteral("ListAccountRoles");
    pager->parse = &SsoPortalClient::parseRoles;
    pager->done = std::move(done);
    const SsoPortalClient client = *this;
    pager->fetch = [client, accessToken, accountId, context](const QString& token, PageHandler page) {
        QList<std::pair<QString, QString>> query{{QStringLiteral("account_id"), accountId},
                                                 {QStringLiteral("max_result"), QString::number(kPageSize)}};
        if (!token.isEmpty())
            query.append({QStringLiteral("next_token"), token});
        client.getPage(QStringLiteral("/assignment/roles"), query, QStringLiteral("ListAccountRoles"),
                       accessToken, context, std::move(page));
    };
    pager->next(QString());
}

void SsoPortalClient::getPage(const QString& path, const QList<std::pair<QString, QString>>& query,
                              const QString& operation, const QString& accessToken, QObject* context,
                              PageHandler done) const
{
    auto later = [context, done](const Result<QByteArray>& r) {
        QMetaObject::invokeMethod(
            context, [done, r] { done(r); }, Qt::QueuedConnection);
    };
    const Result<QUrl> base = baseUrl();
    if (!base.ok()) {
        later(base.fault());
        return;
    }
    QUrl url = base.value();
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    // Encoded here, every reserved character included: a next token may hold '+', '&' or '='.
    QStringList pairs;
    for (const auto& [key, value] : query)
        pairs << key + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(value));
    url.setQuery(pairs.join(QLatin1Char('&')), QUrl::StrictMode);
    const QString endpoint =
        url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString());

    QNetworkRequest request(url);
    request.setRawHeader("x-amz-sso_bearer_token", accessToken.toUtf8());
    request.setRawHeader("User-Agent", DMSX_USER_AGENT);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(kRequestTimeoutMs);
    // Qt would follow a redirect with the bearer token to whatever host it names.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (!m_caBundlePath.isEmpty() && url.scheme() == QLatin1String("https")) {
        const Result<QList<QSslCertificate>> certs = CaBundle::load(m_caBundlePath);
        if (!certs.ok()) {
            later(certs.fault());
            return;
        }
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(certs.value());
        request.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = m_nam->get(request);
    QPointer<QNetworkReply> guarded(reply);
    QObject::connect(context, &QObject::destroyed, reply, [guarded] {
        if (guarded) {
            guarded->disconnect();
            guarded->abort();
            guarded->deleteLater();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, done, operation, endpoint] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        const QString requestId = QString::fromLatin1(reply->rawHeader("x-amzn-RequestId"));
        if (status == 0) {
            NetworkFaults::Situation situation;
            situation.abortMeansTimeout = true; // setTransferTimeout
            Fault f = NetworkFaults::fromReply(reply, situation);
            f.message = Redactor::redact(f.message);
            f.operation = operation;
            f.endpoint = endpoint;
            f.requestWasSent = false;
            done(f);
            return;
        }
        if (status >= 300 && status < 400) {
            Fault f = Fault::make(FaultKind::Protocol, FaultCode::SsoPortalRedirected,
                                  QStringLiteral("The SSO portal answered HTTP %1 with a redirect; it was "
                                                 "not followed and the token was not sent there")
                                      .arg(status));
            f.detail = QStringLiteral("no redirect followed");
            f.operation = operation;
            f.endpoint = endpoint;
            f.httpStatus = status;
            f.requestId = requestId;
            done(f);
            return;
        }
        if (status != 200) {
            HeaderList headers;
            const auto pairs = reply->rawHeaderPairs();
            for (const auto& p : pairs)
                headers.append({p.first, p.second});
            Fault f = AwsErrorParser::parse(status, headers, body, SystemClock::instance()->nowUtc());
            f.operation = operation;
            f.endpoint = endpoint;
            if (f.code == FaultCode::UnauthorizedException)
                f.kind = FaultKind::Credentials;
            f.message = Redactor::redact(f.message);
            f.rawBody.clear();
            done(f);
            return;
        }
        if (body.size() > kMaxAnswerBytes) {
            Fault f = Fault::make(
                FaultKind::Protocol, FaultCode::ResponseTooLarge,
                QStringLiteral("%1 answered more than %2 bytes").arg(operation).arg(kMaxAnswerBytes));
            f.operation = operation;
            f.endpoint = endpoint;
            f.httpStatus = status;
            done(f);
            return;
        }
        done(body);
    });
}

} // namespace dmsx
