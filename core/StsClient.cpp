#include "StsClient.h"

#include "AwsErrorParser.h"
#include "AwsJsonTransport.h"
#include "AwsTime.h"
#include "CaBundle.h"
#include "EnvironmentProxyFactory.h"
#include "Partition.h"
#include "Redactor.h"
#include "Version.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUuid>
#include <QXmlStreamReader>

namespace dmsx {

// Debug lines are opt-in, as for the DMS transport (--debug).
Q_LOGGING_CATEGORY(lcSts, "dmsx.sts", QtInfoMsg)

namespace {

const QString kVersion = QStringLiteral("2011-06-15");

HeaderList headersOf(const QNetworkReply* reply)
{
    HeaderList out;
    const auto pairs = reply->rawHeaderPairs();
    for (const auto& p : pairs)
        out.append(qMakePair(p.first, p.second));
    return out;
}

Fault transportFault(QNetworkReply::NetworkError error, const QString& text, bool sent)
{
    QString code;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        code = QStringLiteral("ConnectionRefused");
        break;
    case QNetworkReply::HostNotFoundError:
        code = QStringLiteral("HostNotFound");
        break;
    case QNetworkReply::TimeoutError:
        code = QStringLiteral("Timeout");
        break;
    case QNetworkReply::RemoteHostClosedError:
        code = QStringLiteral("ConnectionReset");
        break;
    case QNetworkReply::SslHandshakeFailedError:
        code = QStringLiteral("TlsVerificationFailed");
        break;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        code = QStringLiteral("ProxyAuthenticationRequired");
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        code = QStringLiteral("ProxyConnectionFailed");
        break;
    default:
        code = QStringLiteral("NetworkUnreachable");
        break;
    }
    Fault f = Fault::make(FaultKind::Transport, code, text);
    f.requestWasSent = sent;
    return f;
}

} // namespace

// One logical STS call with its attempts. Owned by the client; deletes itself when done.
class StsClient::Call : public QObject
{
public:
    Call(StsClient* client, const QString& action, const Params& params, QObject* context, BodyHandler done)
        : QObject(client), m_client(client), m_action(action), m_body(encodeForm(action, params)),
          m_context(context), m_done(std::move(done)),
          m_invocationId(QUuid::createUuid().toString(QUuid::WithoutBraces)),
          m_maxAttempts(qMax(1, client->m_config.maxAttempts))
    {
        m_backoff.setSingleShot(true);
        m_timeout.setSingleShot(true);
        connect(&m_backoff, &QTimer::timeout, this, &Call::startAttempt);
        connect(&m_timeout, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            if (m_reply)
                m_reply->abort();
        });
        if (context)
            connect(context, &QObject::destroyed, this, [this] {
                m_done = nullptr;
                abandon();
            });
    }

    ~Call() override { dropReply(); }

    void startAttempt()
    {
        const TransportConfig& cfg = m_client->m_config;
        ++m_attempt;
        m_timedOut = false;
        m_sent = false;
        if (m_client->m_configFault) {
            finish(decorate(*m_client->m_configFault));
            return;
        }
        Result<AwsCredentials> creds =
            cfg.credentials
                ? cfg.credentials()
                : Result<AwsCredentials>(Fault::make(FaultKind::Credentials, QStringLiteral("NoCredentials"),
                                                     QStringLiteral("No credentials provider")));
        if (!creds.ok() || !creds->isValid()) {
            Fault f = creds.ok()
                          ? Fault::make(FaultKind::Credentials, QStringLiteral("NoCredentials"),
                                        QStringLiteral("The credentials have no access key id or secret"))
                          : creds.fault();
            f.requestWasSent = false;
            finish(decorate(f));
            return;
        }
        Redactor::registerSecret(creds->secretAccessKey);
        Redactor::registerSecret(creds->sessionToken);

        HttpRequestData req;
        req.path = cfg.endpoint.path(QUrl::FullyDecoded).toUtf8();
        if (req.path.isEmpty())
            req.path = "/";
        req.query = cfg.endpoint.query(QUrl::FullyEncoded).toUtf8();
        req.headers = {
            {"host", AwsJsonTransport::hostHeader(cfg.endpoint)},
            {"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
            {"content-length", QByteArray::number(m_body.size())},
            {"amz-sdk-invocation-id", m_invocationId.toLatin1()},
            {"amz-sdk-request",
             "attempt=" + QByteArray::number(m_attempt) + "; max=" + QByteArray::number(m_maxAttempts)},
        };
        req.body = m_body;
        SigningParams params;
        params.credentials = creds.value();
        params.region = cfg.region;
        params.service = QStringLiteral("sts");
        params.time = m_client->m_skew.correctedNow(*m_client->m_clock);
        const SigningOutput signedOut = m_client->m_signer.sign(req, params);

        QNetworkRequest request(cfg.endpoint);
        for (const auto& h : signedOut.signedRequest.headers)
            request.setRawHeader(h.first, h.second);
        request.setRawHeader("User-Agent", DMSX_USER_AGENT);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (m_client->m_caCertificates && cfg.endpoint.scheme() == QLatin1String("https")) {
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            ssl.setCaCertificates(*m_client->m_caCertificates);
            request.setSslConfiguration(ssl);
        }
        qCDebug(lcSts).noquote() << "call" << m_action << "attempt" << m_attempt << "of" << m_maxAttempts
                                 << "to" << QString::fromUtf8(AwsJsonTransport::hostHeader(cfg.endpoint));
        m_sentAt = m_client->m_clock->nowUtc();
        m_reply = m_client->m_nam->post(request, m_body);
        connect(m_reply, &QNetworkReply::requestSent, this, [this] { m_sent = true; });
        connect(m_reply, &QNetworkReply::finished, this, &Call::onFinished);
        if (cfg.attemptTimeoutMs > 0)
            m_timeout.start(cfg.attemptTimeoutMs);
    }

private:
    void onFinished()
    {
        QNetworkReply* reply = m_reply;
        if (!reply)
            return;
        m_timeout.stop();
        m_reply.clear();
        reply->disconnect(this);
        reply->deleteLater();
        const QDateTime receivedAt = m_client->m_clock->nowUtc();
        const qint64 roundTripMs = m_sentAt.msecsTo(receivedAt);
        const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const int status = statusAttr.isValid() ? statusAttr.toInt() : 0;
        const HeaderList headers = headersOf(reply);
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        const QString requestId = AwsErrorParser::requestIdFrom(headers);

        if (m_timedOut || status == 0) {
            Fault f = m_timedOut ? Fault::make(FaultKind::Transport, QStringLiteral("Timeout"),
                                               QStringLiteral("No complete response within %1 ms")
                                                   .arg(m_client->m_config.attemptTimeoutMs))
                                 : transportFault(reply->error(), reply->errorString(), m_sent);
            f.requestWasSent = m_sent;
            handleFault(f, false);
            return;
        }
        const bool hasAge = AwsErrorParser::hasHeader(headers, "age");
        const QDateTime headerDate =
            ClockSkewTracker::parseHttpDate(AwsErrorParser::headerValue(headers, "date"));
        if (status >= 200 && status < 300) {
            m_client->m_skew.update(headerDate, receivedAt, roundTripMs, hasAge, false);
            std::optional<QHash<QString, QString>> flat = flatten(body);
            if (!flat) {
                Fault f = Fault::make(
                    FaultKind::Protocol, QStringLiteral("NonXmlResponse"),
                    QStringLiteral("The STS response is not XML (%1)")
                        .arg(QString::fromUtf8(AwsErrorParser::headerValue(headers, "content-type"))));
                f.httpStatus = status;
                f.requestId = requestId;
                f.rawBody = body;
                handleFault(f, false);
                return;
            }
            m_client->m_retry.recordSuccess();
            finish(*flat);
            return;
        }
        Fault f = parseError(status, body);
        if (f.requestId.isEmpty())
            f.requestId = requestId;
        f.retryAfterMs = AwsErrorParser::retryAfterMsFrom(headers, receivedAt);
        f.serverTime = headerDate;
        const bool corrected = m_client->m_skew.update(headerDate, receivedAt, roundTripMs, hasAge, true);
        handleFault(f, corrected);
    }

    Fault decorate(Fault f) const
    {
        f.operation = m_action;
        f.endpoint = QString::fromUtf8(AwsJsonTransport::hostHeader(m_client->m_config.endpoint));
        f.attempts = m_attempt;
        f.time = m_client->m_clock->nowUtc();
        f.message = Redactor::redact(f.message);
        f.detail = Redactor::redact(f.detail);
        f.rawBody = Redactor::redact(f.rawBody);
        return f;
    }

    void handleFault(Fault fault, bool corrected)
    {
        fault = decorate(fault);
        const RetryClass cls = RetryStrategy::classify(fault, corrected);
        qint64 delayMs = 0;
        if (cls != RetryClass::None && m_attempt < m_maxAttempts &&
            m_client->m_retry.acquireRetry(cls, fault, m_attempt - 1, &delayMs)) {
            qCInfo(lcSts).noquote() << m_action << "attempt" << m_attempt << "failed with" << fault.code
                                    << "status" << fault.httpStatus << "- retrying in" << delayMs << "ms";
            m_backoff.start(int(qBound(qint64(0), delayMs, qint64(3600 * 1000))));
            return;
        }
        finish(fault);
    }

    void finish(Result<QHash<QString, QString>> result)
    {
        dropReply();
        m_backoff.stop();
        if (!result.ok())
            qCInfo(lcSts).noquote() << m_action << "failed:" << result.fault().code << "status"
                                    << result.fault().httpStatus << "request id" << result.fault().requestId;
        BodyHandler done = std::move(m_done);
        m_done = nullptr;
        deleteLater();
        if (done && m_context)
            done(result);
    }

    void abandon()
    {
        dropReply();
        m_backoff.stop();
        deleteLater();
    }

    void dropReply()
    {
        m_timeout.stop();
        if (m_reply) {
            QNetworkReply* r = m_reply;
            m_reply.clear();
            r->disconnect(this);
            r->abort();
            r->deleteLater();
        }
    }

    StsClient* m_client;
    QString m_action;
    QByteArray m_body;
    QPointer<QObject> m_context;
    BodyHandler m_done;
    QString m_invocationId;
    int m_maxAttempts;
    int m_attempt = 0;
    bool m_sent = false;
    bool m_timedOut = false;
    QDateTime m_sentAt;
    QPointer<QNetworkReply> m_reply;
    QTimer m_backoff;
    QTimer m_timeout;
};

StsClient::StsClient(TransportConfig config, QNetworkAccessManager* nam, const Clock* clock,
                     RetryStrategy::RandomSource random, QObject* parent)
    : QObject(parent), m_config(std::move(config)), m_nam(nam),
      m_clock(clock ? clock : SystemClock::instance()), m_retry(m_config.maxAttempts, std::move(random))
{
    m_config.signingName = QStringLiteral("sts");
    m_skew.setDisabled(m_config.disableClockSkewCorrection);
    if (!m_config.caBundlePath.isEmpty()) {
        auto certs = CaBundle::load(m_config.caBundlePath);
        if (certs.ok())
            m_caCertificates = certs.value();
        else
            m_configFault = certs.fault();
    }
    if (!m_config.endpoint.isValid() || m_config.endpoint.host().isEmpty() ||
        (m_config.endpoint.scheme() != QLatin1String("https") &&
         m_config.endpoint.scheme() != QLatin1String("http"))) {
        Fault f = Fault::make(FaultKind::Configuration, QStringLiteral("InvalidEndpoint"),
                              QStringLiteral("The STS endpoint is not an http(s) URL: %1")
                                  .arg(m_config.endpoint.toDisplayString(QUrl::RemoveUserInfo)));
        f.requestWasSent = false;
        m_configFault = f;
    }
    if (!m_nam) {
        m_configFault = Fault::make(FaultKind::Configuration, QStringLiteral("InvalidConfiguration"),
                                    QStringLiteral("No network access manager"));
    } else if (m_config.applyProxySettings) {
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        m_nam->setProxyFactory(
            new EnvironmentProxyFactory(ProxyConfig::fromEnvironment(m_config.environment)));
    }
}

StsClient::~StsClient() = default;

QUrl StsClient::regionalEndpoint(const QString& region)
{
    const Partition& p = Partition::forRegion(region);
    return QUrl(QStringLiteral("https://sts.") + region + u'.' + p.dnsSuffix);
}

QByteArray StsClient::encodeForm(const QString& action, const Params& params)
{
    QByteArray out =
        "Action=" + QUrl::toPercentEncoding(action) + "&Version=" + QUrl::toPercentEncoding(kVersion);
    for (const auto& p : params)
        out += '&' + QUrl::toPercentEncoding(p.first) + '=' + QUrl::toPercentEncoding(p.second);
    return out;
}

std::optional<QHash<QString, QString>> StsClient::flatten(const QByteArray& xml)
{
    QXmlStreamReader reader(xml);
    QHash<QString, QString> out;
    QStringList path;
    QString text;
    bool sawRoot = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            if (sawRoot)
                path.append(reader.name().toString());
            sawRoot = true;
            text.clear();
        } else if (reader.isCharacters()) {
            text += reader.text();
        } else if (reader.isEndElement()) {
            if (!path.isEmpty()) {
                const QString key = path.join(u'/');
                if (!out.contains(key))
                    out.insert(key, text.trimmed());
                path.removeLast();
            }
            text.clear();
        }
    }
    if (reader.hasError() || !sawRoot)
        return std::nullopt;
    return out;
}

Fault StsClient::parseError(int httpStatus, const QByteArray& body)
{
    const std::optional<QHash<QString, QString>> flat = flatten(body);
    Fault f;
    if (!flat || !flat->contains(QStringLiteral("Error/Code"))) {
        f = Fault::make(FaultKind::Protocol, QStringLiteral("NonXmlResponse"),
                        QStringLiteral("STS answered HTTP %1 without an XML error document").arg(httpStatus));
    } else {
        f = Fault::make(FaultKind::Service, flat->value(QStringLiteral("Error/Code")),
                        Redactor::redact(flat->value(QStringLiteral("Error/Message"))));
        f.requestId = flat->value(QStringLiteral("RequestId"));
        const QString type = flat->value(QStringLiteral("Error/Type"));
        if (!type.isEmpty())
            f.detail = QStringLiteral("error type ") + type;
    }
    f.httpStatus = httpStatus;
    f.rawBody = Redactor::redact(body);
    return f;
}

void StsClient::call(const QString& action, const Params& params, QObject* context, BodyHandler done)
{
    auto* c = new Call(this, action, params, context, std::move(done));
    QTimer::singleShot(0, c, &Call::startAttempt);
}

void StsClient::getCallerIdentity(QObject* context, IdentityHandler done)
{
    call(QStringLiteral("GetCallerIdentity"), {}, context,
         [this, done](const Result<QHash<QString, QString>>& r) {
             if (!r.ok()) {
                 done(r.fault());
                 return;
             }
             CallerIdentity id;
             id.account = r->value(QStringLiteral("GetCallerIdentityResult/Account"));
             id.arn = r->value(QStringLiteral("GetCallerIdentityResult/Arn"));
             id.userId = r->value(QStringLiteral("GetCallerIdentityResult/UserId"));
             if (id.arn.isEmpty()) {
                 done(Fault::make(FaultKind::Protocol, QStringLiteral("InvalidResponse"),
                                  QStringLiteral("GetCallerIdentity answered without an Arn")));
                 return;
             }
             if (m_config.credentials) {
                 const Result<AwsCredentials> c = m_config.credentials();
                 if (c.ok())
                     id.credentialsSource = c->source;
             }
             done(id);
         });
}

void StsClient::assumeRole(const AssumeRoleParams& params, QObject* context, AssumeRoleHandler done)
{
    Params p{{QStringLiteral("RoleArn"), params.roleArn},
             {QStringLiteral("RoleSessionName"), params.roleSessionName}};
    if (params.durationSeconds > 0)
        p.append({QStringLiteral("DurationSeconds"), QString::number(params.durationSeconds)});
    if (!params.externalId.isEmpty())
        p.append({QStringLiteral("ExternalId"), params.externalId});
    if (!params.serialNumber.isEmpty()) {
        p.append({QStringLiteral("SerialNumber"), params.serialNumber});
        p.append({QStringLiteral("TokenCode"), params.tokenCode});
    }
    call(QStringLiteral("AssumeRole"), p, context, [done](const Result<QHash<QString, QString>>& r) {
        if (!r.ok()) {
            done(r.fault());
            return;
        }
        const QString c = QStringLiteral("AssumeRoleResult/Credentials/");
        AssumeRoleResult out;
        out.credentials.accessKeyId = r->value(c + QStringLiteral("AccessKeyId"));
        out.credentials.secretAccessKey = r->value(c + QStringLiteral("SecretAccessKey"));
        out.credentials.sessionToken = r->value(c + QStringLiteral("SessionToken"));
        out.credentials.expiration = AwsTime::parseIso8601(r->value(c + QStringLiteral("Expiration")));
        out.assumedRoleArn = r->value(QStringLiteral("AssumeRoleResult/AssumedRoleUser/Arn"));
        out.assumedRoleId = r->value(QStringLiteral("AssumeRoleResult/AssumedRoleUser/AssumedRoleId"));
        Redactor::registerSecret(out.credentials.secretAccessKey);
        Redactor::registerSecret(out.credentials.sessionToken);
        if (!out.credentials.isValid() || out.credentials.sessionToken.isEmpty() ||
            !out.credentials.expiration.isValid()) {
            done(Fault::make(FaultKind::Protocol, QStringLiteral("InvalidResponse"),
                             QStringLiteral("AssumeRole answered without complete credentials")));
            return;
        }
        out.credentials.expiration = out.credentials.expiration.toUTC();
        done(out);
    });
}

} // namespace dmsx
