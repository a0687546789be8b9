#include "net/PendingCall.h"

#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "base/Version.h"
#include "net/AwsErrorParser.h"
#include "net/AwsTransport.h"
#include "net/NetworkFaults.h"
#include "net/OneShotBodyDevice.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUuid>

#include <utility>

namespace dmsx {

namespace {

// How much of a response Qt's network thread may hold before this object has read it.
constexpr qint64 kReadWindowBytes = 256 * 1024;

HeaderList headersOf(const QNetworkReply* reply)
{
    HeaderList out;
    const auto pairs = reply->rawHeaderPairs();
    out.reserve(pairs.size());
    for (const auto& p : pairs)
        out.append(qMakePair(p.first, p.second));
    return out;
}

Fault transportFault(const QString& code, const QString& message, bool sent)
{
    Fault f = Fault::make(FaultKind::Transport, code, message);
    f.requestWasSent = sent;
    return f;
}

// "2 s" for whole seconds (how the options are given), else "1500 ms".
QString durationText(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}

// The proxy QNAM will use for `url`, as "host:port"; empty for a direct connection. Needed
// because QNAM reports a refused plain-HTTP proxy as an ordinary ConnectionRefusedError.
QString proxyFor(QNetworkAccessManager* nam, const QUrl& url)
{
    QNetworkProxy proxy = nam->proxy();
    if (proxy.type() == QNetworkProxy::DefaultProxy) {
        QNetworkProxyFactory* factory = nam->proxyFactory();
        const QList<QNetworkProxy> list = factory
                                              ? factory->queryProxy(QNetworkProxyQuery(url))
                                              : QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
        proxy = list.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : list.first();
    }
    if (proxy.type() == QNetworkProxy::NoProxy || proxy.type() == QNetworkProxy::DefaultProxy)
        return {};
    return proxy.hostName() + QLatin1Char(':') + QString::number(proxy.port());
}

} // namespace

PendingCall::PendingCall(AwsTransport* transport, const QString& operation, const QJsonObject& input,
                         const CallOptions& options)
    : QObject(transport), m_transport(transport), m_operation(operation),
      m_invocationId(QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_idempotent(options.idempotent.value_or(AwsTransport::isIdempotent(operation))),
      m_attemptTimeoutMs(options.attemptTimeoutMs > 0 ? options.attemptTimeoutMs
                                                      : transport->m_config.attemptTimeoutMs),
      m_maxAttempts(qMax(1, transport->m_config.maxAttempts)), m_groupKey(options.groupKey),
      m_background(options.background), m_actionKey(options.actionKey), m_subjectName(options.subjectName),
      m_requiredOutputMember(options.requiredOutputMember), m_bodyReader(options.bodyReader), m_input(input)
{
    for (QTimer* t : {&m_connectTimer, &m_readTimer, &m_attemptTimer, &m_backoffTimer})
        t->setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] { onTimeout(int(TimeoutPhase::Connect)); });
    connect(&m_readTimer, &QTimer::timeout, this, [this] { onTimeout(int(TimeoutPhase::Read)); });
    connect(&m_attemptTimer, &QTimer::timeout, this, [this] { onTimeout(int(TimeoutPhase::Attempt)); });
    connect(&m_backoffTimer, &QTimer::timeout, this, &PendingCall::startAttempt);
    AwsProtocol::Request request = transport->protocol().buildRequest(operation, input);
    m_body = std::move(request.body);
    m_contentType = std::move(request.contentType);
    m_extraHeaders = std::move(request.extraHeaders);
    m_method = std::move(request.method);
    m_query = std::move(request.query);
}

PendingCall::~PendingCall()
{
    dropReply();
}

void PendingCall::dropReply()
{
    m_connectTimer.stop();
    m_readTimer.stop();
    m_attemptTimer.stop();
    if (m_reply) {
        QNetworkReply* reply = m_reply;
        m_reply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

Fault PendingCall::decorate(Fault f) const
{
    const TransportConfig& cfg = m_transport->m_config;
    f.operation = m_operation;
    f.endpoint = QString::fromUtf8(AwsTransport::hostHeader(cfg.endpoint));
    f.attempts = m_attempt;
    f.time = m_transport->m_clock->nowUtc();
    f.message = Redactor::redact(f.message);
    f.detail = Redactor::redact(f.detail);
    return f;
}

CallEvent PendingCall::baseEvent() const
{
    CallEvent e;
    e.invocationId = m_invocationId;
    e.operation = m_operation;
    e.groupKey = m_groupKey;
    e.background = m_background;
    e.actionKey = m_actionKey;
    e.subjectName = m_subjectName;
    e.input = m_transport->protocol().forObservers(m_input);
    e.region = m_transport->m_config.region;
    e.endpointHost = QString::fromUtf8(AwsTransport::hostHeader(m_transport->m_config.endpoint));
    e.startedAt = m_startedAt;
    return e;
}

// Observers hear about the call before any byte can leave, so a crash while it is in flight
// still leaves a trace of it.
void PendingCall::notifyStarted()
{
    if (m_startNotified)
        return;
    m_startNotified = true;
    m_startedAt = m_transport->m_clock->nowUtc();
    const QList<CallObserver*> observers = m_transport->m_observers;
    if (observers.isEmpty())
        return;
    const CallEvent e = baseEvent();
    for (CallObserver* o : observers)
        o->callStarted(e);
}

void PendingCall::startAttempt()
{
    if (isFinished())
        return;
    notifyStarted();
    AwsTransport* t = m_transport;
    const TransportConfig& cfg = t->m_config;
    ++m_attempt;
    m_requestSent = false;
    m_timedOut = TimeoutPhase::None;
    m_tooLargeAt = -1;
    m_response.clear();
    m_sslErrors.clear();

    if (t->m_configFault) {
        finishWith(decorate(*t->m_configFault));
        return;
    }
    if (!t->m_nam) {
        finishWith(decorate(Fault::make(FaultKind::Configuration, FaultCode::InvalidConfiguration,
                                        QStringLiteral("No network access manager"))));
        return;
    }
    Result<AwsCredentials> creds =
        cfg.credentials ? cfg.credentials()
                        : Result<AwsCredentials>(Fault::make(FaultKind::Credentials, FaultCode::NoCredentials,
                                                             QStringLiteral("No credentials provider")));
    if (!creds.ok() && creds.fault().kind == FaultKind::Credentials && cfg.refreshCredentials &&
        !m_awaitedCredentials) {
        // Expired (or not loaded yet): wait for the source once rather than fail a call that new
        // credentials would let through. Nothing was attempted.
        m_awaitedCredentials = true;
        --m_attempt;
        QPointer<PendingCall> self(this);
        cfg.refreshCredentials(this, [self](const Result<AwsCredentials>& refreshed) {
            if (!self || self->isFinished())
                return;
            if (!refreshed.ok()) {
                Fault f = refreshed.fault();
                f.requestWasSent = false;
                self->finishWith(self->decorate(f));
                return;
            }
            self->startAttempt();
        });
        return;
    }
    if (!creds.ok() || !creds->isValid()) {
        Fault f = creds.ok() ? Fault::make(FaultKind::Credentials, FaultCode::NoCredentials,
                                           QStringLiteral("The credentials have no access key id or secret"))
                             : creds.fault();
        f.requestWasSent = false;
        finishWith(decorate(f));
        return;
    }
    // Whatever shape the secrets end up in (an echoed error body, a log line), the redactor knows them.
    Redactor::registerSecret(creds->secretAccessKey);
    if (!creds->sessionToken.isEmpty())
        Redactor::registerSecret(creds->sessionToken);

    emit attemptStarted(m_attempt, m_maxAttempts);
    if (isFinished())
        return; // cancelled from a slot

    const AwsProtocol& protocol = t->protocol();
    const bool get = m_method == "GET";
    QUrl url = cfg.endpoint;
    QByteArray query = url.query(QUrl::FullyEncoded).toUtf8();
    if (!m_query.isEmpty()) {
        query = query.isEmpty() ? m_query : query + '&' + m_query;
        url.setQuery(QString::fromUtf8(query), QUrl::StrictMode);
    }

    HttpRequestData req;
    req.method = m_method;
    // The path as it goes on the wire (what AWS encodes once more), not a decoded one: for a
    // custom endpoint under /dms%20gw/ the canonical path is /dms%2520gw/. S3 encodes only once,
    // so it gets the decoded path.
    req.path = protocol.normalizesPath() ? url.path(QUrl::FullyEncoded).toUtf8() : url.path().toUtf8();
    if (req.path.isEmpty())
        req.path = "/";
    req.query = query;
    req.headers = {{"host", AwsTransport::hostHeader(url)}};
    if (!get)
        req.headers += HeaderList{{"content-type", m_contentType}};
    req.headers += m_extraHeaders;
    if (!get)
        req.headers += HeaderList{{"content-length", QByteArray::number(m_body.size())}};
    req.headers += HeaderList{
        {"amz-sdk-invocation-id", m_invocationId.toLatin1()},
        {"amz-sdk-request",
         "attempt=" + QByteArray::number(m_attempt) + "; max=" + QByteArray::number(m_maxAttempts)},
    };
    req.body = m_body;

    SigningParams params;
    params.credentials = creds.value();
    params.region = cfg.region;
    params.service = cfg.signingName;
    params.normalizePath = protocol.normalizesPath();
    params.signBody = protocol.signsPayloadHash();
    // Re-signed on every attempt with the skew-corrected time: that is what makes a retry after
    // a clock-skew rejection succeed.
    params.time = t->m_skew.correctedNow(*t->m_clock);
    const SigningOutput signedOut = t->m_signer.sign(req, params);

    QNetworkRequest request(url);
    for (const auto& h : signedOut.signedRequest.headers)
        request.setRawHeader(h.first, h.second);
    request.setRawHeader("User-Agent", DMSX_USER_AGENT); // never signed (docs/protocol.md §1.2)
    // Signed POSTs must not be replayed to another host, cached, or multiplexed in ways that
    // change the headers we signed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (t->m_caCertificates && cfg.endpoint.scheme() == QLatin1String("https")) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(*t->m_caCertificates);
        request.setSslConfiguration(ssl);
    }

    // What --debug shows to answer a support question: the names of the signed headers, never
    // their values, the signature or the keys.
    qCDebug(lcTransport).noquote() << QStringLiteral("%1: %2 %3, signed headers %4, invocation %5")
                                          .arg(attemptLabel(), QString::fromLatin1(m_method),
                                               Redactor::redact(url.toString()),
                                               QString::fromLatin1(signedOut.signedHeaders), m_invocationId);

    m_proxy = proxyFor(t->m_nam, url);
    m_roundTrip.start();
    QNetworkReply* reply = nullptr;
    if (get) {
        reply = t->m_nam->get(request);
    } else if (m_idempotent) {
        reply = t->m_nam->post(request, m_body);
    } else {
        auto* body = new OneShotBodyDevice(m_body);
        reply = t->m_nam->post(request, body);
        body->setParent(reply);
    }
    m_reply = reply;
    connect(reply, &QNetworkReply::requestSent, this, [this] {
        m_requestSent = true;
        m_anyRequestSent = true;
        m_connectTimer.stop();
        noteProgress();
        limitReadBuffer();
    });
    connect(reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError>& errors) { m_sslErrors.append(errors); });
    connect(reply, &QNetworkReply::finished, this, &PendingCall::onReplyFinished);
    QMetaObject::invokeMethod(this, &PendingCall::limitReadBuffer, Qt::QueuedConnection);
    // readyRead, not downloadProgress: Qt chokes the latter to a few signals a second, enough
    // time for a loopback server to send hundreds of megabytes.
    connect(reply, &QNetworkReply::metaDataChanged, this, &PendingCall::takeResponseData);
    connect(reply, &QNetworkReply::readyRead, this, &PendingCall::takeResponseData);
    if (cfg.connectTimeoutMs > 0)
        m_connectTimer.start(cfg.connectTimeoutMs);
    if (m_attemptTimeoutMs > 0)
        m_attemptTimer.start(m_attemptTimeoutMs);
}

void PendingCall::noteProgress()
{
    const int readTimeoutMs = m_transport->m_config.readTimeoutMs;
    if (m_reply && m_requestSent && readTimeoutMs > 0)
        m_readTimer.start(readTimeoutMs);
}

void PendingCall::onTimeout(int phase)
{
    if (!m_reply)
        return;
    m_timedOut = TimeoutPhase(phase);
    m_reply->abort(); // finished() follows synchronously or soon; onReplyFinished reports Timeout
}

void PendingCall::limitReadBuffer()
{
    // QNetworkAccessManager reads on its own thread; without a limit it takes in a flood far past
    // the cap before readyRead is seen here. The limit reaches that thread only once the request
    // has been handed to it, which a POST does a turn of the event loop after post() (later when
    // a one-shot body is buffered first): it is set on the next turn, and again when the request
    // has been sent, before any answer. Each read in takeResponseData frees the window again.
    const qint64 cap = m_transport->m_config.maxResponseBytes;
    if (m_reply && cap > 0)
        m_reply->setReadBufferSize(qMin<qint64>(cap + 1, kReadWindowBytes));
}

void PendingCall::takeResponseData()
{
    if (!m_reply || m_tooLargeAt >= 0)
        return;
    // Moved out at every readyRead: Qt's thread stops reading once its window is full and resumes
    // only when the window is read, so waiting for the whole body here would stall.
    m_response.append(m_reply->readAll());
    noteProgress();
    const qint64 cap = m_transport->m_config.maxResponseBytes;
    if (cap <= 0)
        return;
    bool lengthOk = false;
    const qint64 declared = m_reply->rawHeader("Content-Length").toLongLong(&lengthOk);
    const qint64 received = m_response.size();
    if (received <= cap && !(lengthOk && declared > cap))
        return;
    m_tooLargeAt = received;
    m_response.clear();
    m_response.squeeze();
    m_reply->abort(); // finished() follows; onReplyFinished reports ResponseTooLarge
}

void PendingCall::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_connectTimer.stop();
    m_readTimer.stop();
    m_attemptTimer.stop();
    m_reply.clear();
    reply->deleteLater();
    reply->disconnect(this);

    AwsTransport* t = m_transport;
    const qint64 roundTripMs = m_roundTrip.elapsed();
    const QDateTime receivedAt = t->m_clock->nowUtc();
    const QNetworkReply::NetworkError error = reply->error();
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttr.isValid() ? statusAttr.toInt() : 0;
    const HeaderList headers = headersOf(reply);
    QByteArray body = std::exchange(m_response, QByteArray());
    if (reply->isOpen())
        body.append(reply->readAll());
    const QString requestId = AwsErrorParser::requestIdFrom(headers);

    // Timeouts first: an aborted reply can carry a status line already received.
    if (m_timedOut != TimeoutPhase::None) {
        const QString host = QString::fromUtf8(AwsTransport::hostHeader(t->m_config.endpoint));
        QString message;
        if (m_timedOut == TimeoutPhase::Connect && !m_requestSent) {
            message = QStringLiteral("No connection to %1 within %2 (connect timeout)")
                          .arg(host, durationText(t->m_config.connectTimeoutMs));
        } else if (m_timedOut == TimeoutPhase::Read) {
            message = QStringLiteral("No data from %1 for %2 after the request was sent (read timeout)")
                          .arg(host, durationText(t->m_config.readTimeoutMs));
        } else {
            message = QStringLiteral("No complete response from %1 within %2 (attempt timeout)")
                          .arg(host, durationText(m_attemptTimeoutMs));
        }
        Fault f = transportFault(FaultCode::Timeout, message, m_requestSent);
        f.detail = message.section(QLatin1Char('('), -1).chopped(1);
        f.httpStatus = status;
        f.requestId = requestId;
        handleFault(f, false);
        return;
    }

    if (m_tooLargeAt >= 0) {
        const qint64 cap = t->m_config.maxResponseBytes;
        Fault f =
            Fault::make(FaultKind::Protocol, FaultCode::ResponseTooLarge,
                        QStringLiteral("The answer exceeded %1 bytes (%2 received when it was abandoned)")
                            .arg(cap)
                            .arg(m_tooLargeAt));
        f.detail = cap % (1024 * 1024) == 0 ? QStringLiteral("%1 MiB").arg(cap / (1024 * 1024))
                                            : QStringLiteral("%1 bytes").arg(cap);
        f.httpStatus = status;
        f.requestId = requestId;
        m_tooLargeAt = -1;
        handleFault(f, false);
        return;
    }

    if (error == QNetworkReply::ProxyAuthenticationRequiredError || status == 407) {
        Fault f = transportFault(FaultCode::ProxyAuthenticationRequired, reply->errorString(), false);
        f.detail = QStringLiteral("via proxy %1").arg(m_proxy);
        f.httpStatus = status;
        handleFault(f, false);
        return;
    }

    const bool gotResponse = status > 0;
    const bool cutShort =
        error == QNetworkReply::RemoteHostClosedError || error == QNetworkReply::ProtocolFailure;
    if (!gotResponse || (cutShort && status >= 200 && status < 300)) {
        NetworkFaults::Situation situation;
        situation.requestSent = m_requestSent;
        situation.gotResponse = gotResponse;
        situation.proxy = m_proxy;
        situation.sslErrors = m_sslErrors;
        Fault f = NetworkFaults::fromReply(reply, situation);
        f.httpStatus = status;
        f.requestId = requestId;
        f.rawBody = body;
        handleFault(f, false);
        return;
    }

    // We have a status line: the server took the request.
    m_requestSent = true;
    m_anyRequestSent = true;
    const bool hasAge = AwsErrorParser::hasHeader(headers, "age");
    const QDateTime headerDate =
        ClockSkewTracker::parseHttpDate(AwsErrorParser::headerValue(headers, "date"));

    if (status >= 200 && status < 300) {
        t->m_skew.update(headerDate, receivedAt, roundTripMs, hasAge, false);
        // A body shorter than its Content-Length is cut, whatever the socket said.
        const QByteArray lengthHeader = AwsErrorParser::headerValue(headers, "content-length");
        bool lengthOk = false;
        const qint64 declared = lengthHeader.toLongLong(&lengthOk);
        const bool encoded = AwsErrorParser::hasHeader(headers, "content-encoding");
        const bool cut = lengthOk && !encoded && declared > body.size();
        m_deferredOutput.reset();
        if (!cut && m_bodyReader)
            m_deferredOutput = m_bodyReader(body);
        // A body the reader took is the caller's already: nothing to parse.
        Result<QJsonObject> parsed =
            cut ? Result<QJsonObject>(
                      Fault::make(FaultKind::Protocol, FaultCode::TruncatedResponse,
                                  QStringLiteral("Received %1 of %2 bytes").arg(body.size()).arg(declared)))
            : m_deferredOutput ? Result<QJsonObject>(QJsonObject())
                               : t->protocol().parseSuccess(body, headers);
        if (parsed.ok() && !m_requiredOutputMember.isEmpty() &&
            parsed.value().value(m_requiredOutputMember).toString().isEmpty())
            parsed = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                                 QStringLiteral("The response has no %1").arg(m_requiredOutputMember));
        if (!parsed.ok()) {
            Fault f = parsed.fault();
            f.httpStatus = status;
            f.requestId = requestId;
            f.rawBody = body;
            f.serverTime = headerDate;
            handleFault(f, false);
            return;
        }
        t->m_retry.recordSuccess();
        m_lastHttpStatus = status;
        m_lastRequestId = requestId;
        qCDebug(lcTransport).noquote()
            << QStringLiteral("%1: HTTP %2 in %3 ms, request id %4")
                   .arg(attemptLabel())
                   .arg(status)
                   .arg(roundTripMs)
                   .arg(requestId.isEmpty() ? QStringLiteral("(none)") : requestId);
        finishWith(std::move(parsed));
        return;
    }

    Fault f = t->protocol().parseError(status, headers, body, receivedAt);
    if (f.requestId.isEmpty())
        f.requestId = requestId;
    // For errors the SDK prefers the ServerTime the parser found over the Date header.
    const QDateTime serverTime = f.serverTime.isValid() ? f.serverTime : headerDate;
    const bool corrected = t->m_skew.update(serverTime, receivedAt, roundTripMs, hasAge, true);
    handleFault(f, corrected);
}

QString PendingCall::attemptLabel() const
{
    return QStringLiteral("%1 attempt %2 of %3").arg(m_operation).arg(m_attempt).arg(m_maxAttempts);
}

void PendingCall::handleFault(Fault fault, bool clockSkewCorrected)
{
    fault = decorate(fault);
    if (lcTransport().isDebugEnabled()) {
        const QString answer = fault.httpStatus > 0
                                   ? QStringLiteral("HTTP %1 %2").arg(fault.httpStatus).arg(fault.code)
                                   : QStringLiteral("no answer, %1").arg(fault.code);
        qCDebug(lcTransport).noquote()
            << QStringLiteral("%1: %2 (%3) in %4 ms, request id %5")
                   .arg(attemptLabel(), answer, fault.message)
                   .arg(m_roundTrip.elapsed())
                   .arg(fault.requestId.isEmpty() ? QStringLiteral("(none)") : fault.requestId);
    }
    const RetryClass cls = RetryStrategy::classify(fault, clockSkewCorrected);
    bool allowed = cls != RetryClass::None;
    // A non-idempotent call is retried only when the answer proves it was not processed
    // (throttled, rejected for clock skew) or it never left this machine.
    const bool provablyUnprocessed = cls == RetryClass::Throttling || !fault.requestWasSent ||
                                     (clockSkewCorrected && ClockSkewTracker::isClockSkewError(fault));
    const bool ambiguous =
        fault.requestWasSent && (fault.kind == FaultKind::Transport || fault.kind == FaultKind::Protocol ||
                                 fault.kind == FaultKind::Cancelled || fault.httpStatus >= 500);
    if (!m_idempotent && !provablyUnprocessed)
        allowed = false;

    qint64 delayMs = 0;
    const bool attemptsLeft = m_attempt < m_maxAttempts;
    if (allowed && attemptsLeft && m_transport->m_retry.acquireRetry(cls, fault, m_attempt - 1, &delayMs)) {
        qCInfo(lcTransport).noquote()
            << QStringLiteral("%1: retry after %2 ms (%3)")
                   .arg(attemptLabel())
                   .arg(delayMs)
                   .arg(cls == RetryClass::Throttling ? QStringLiteral("throttled")
                                                      : QStringLiteral("transient"));
        emit retrying(m_attempt + 1, delayMs, fault);
        const QList<CallObserver*> observers = m_transport->m_observers;
        if (!observers.isEmpty()) {
            const CallEvent e = baseEvent();
            for (CallObserver* o : observers)
                o->callRetrying(e, m_attempt + 1, delayMs, fault);
        }
        m_backoffTimer.start(static_cast<int>(qBound(qint64(0), delayMs, qint64(3600 * 1000))));
        return;
    }
    QString why;
    if (cls == RetryClass::None)
        why = QStringLiteral("%1 is not retried").arg(fault.code);
    else if (!allowed)
        why = QStringLiteral("%1 is never sent again once it may have reached AWS").arg(m_operation);
    else if (!attemptsLeft)
        why = QStringLiteral("no attempts left");
    else
        why = QStringLiteral("the retry quota is spent (%1 left)").arg(m_transport->m_retry.quota());
    qCInfo(lcTransport).noquote() << QStringLiteral("%1: give up, %2").arg(attemptLabel(), why);
    if (!m_idempotent && ambiguous)
        fault.requestMayHaveBeenProcessed = true;
    // Classified once retrying is over, by the code as sent: the retry rules above read it as a
    // service answer (a signature rejected for clock skew heals), the caller as keys to fix.
    if (fault.kind == FaultKind::Service && AwsErrorParser::rejectsCredentials(fault.code))
        fault.kind = FaultKind::Credentials;
    finishWith(fault);
}

void PendingCall::cancel()
{
    if (isFinished())
        return;
    m_backoffTimer.stop();
    const bool sentNow = m_reply && m_requestSent;
    dropReply();
    Fault f =
        Fault::make(FaultKind::Cancelled, FaultCode::Cancelled, QStringLiteral("Cancelled by the user"));
    f.requestWasSent = m_anyRequestSent;
    if (!m_idempotent && sentNow)
        f.requestMayHaveBeenProcessed = true;
    finishWith(decorate(f));
}

void PendingCall::finishWith(Result<QJsonObject> result)
{
    if (isFinished())
        return;
    m_backoffTimer.stop();
    dropReply();
    if (!result.ok()) {
        const Fault& f = result.fault();
        qCInfo(lcTransport).noquote()
            << m_operation << "failed:" << f.code << "status" << f.httpStatus << "request id" << f.requestId
            << "attempts" << f.attempts << "message" << Redactor::redact(f.message);
    }
    m_result.emplace(std::move(result));
    notifyStarted(); // cancelled before the first attempt: still one start and one end
    const QList<CallObserver*> observers = m_transport->m_observers;
    if (!observers.isEmpty()) {
        CallEvent e = baseEvent();
        e.finishedAt = m_transport->m_clock->nowUtc();
        e.attempts = m_attempt;
        if (m_result->ok()) {
            if (m_deferredOutput)
                e.deferredOutput = m_deferredOutput;
            else
                e.output = m_transport->protocol().forObservers(m_result->value());
            e.httpStatus = m_lastHttpStatus;
            e.requestId = m_lastRequestId;
        } else {
            e.fault = m_result->fault();
            e.httpStatus = e.fault->httpStatus;
            e.requestId = e.fault->requestId;
        }
        for (CallObserver* o : observers)
            o->callFinished(e);
    }
    emit finished();
    deleteLater();
}

} // namespace dmsx
