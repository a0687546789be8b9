#pragma once

#include "base/Clock.h"
#include "base/Result.h"
#include "credentials/AwsCredentials.h"
#include "credentials/CallerIdentity.h"
#include "net/AwsTransport.h"
#include "net/RetryStrategy.h"
#include "net/TransportConfig.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

// AWS STS, typed: its awsQuery protocol (AwsQueryProtocol: a form-encoded POST signed with
// service "sts", answered in XML) over the shared AwsTransport, so signing, retries, clock skew,
// CA bundle, proxies, fault shape and the call observers (the request history) are the DMS
// transport's.
class StsClient : public QObject
{
    Q_OBJECT
public:
    struct AssumeRoleParams
    {
        QString roleArn;
        QString roleSessionName;
        QString externalId;      // empty: not sent
        int durationSeconds = 0; // 0: not sent (STS default, one hour)
        QString serialNumber;    // MFA device; sent with tokenCode
        QString tokenCode;
    };

    struct AssumeRoleResult
    {
        AwsCredentials credentials; // expiration set; source left for the caller
        QString assumedRoleArn;
        QString assumedRoleId;
    };

    using Params = QList<QPair<QString, QString>>;
    using BodyHandler = std::function<void(const Result<QHash<QString, QString>>&)>;
    using IdentityHandler = std::function<void(const Result<CallerIdentity>&)>;
    using AssumeRoleHandler = std::function<void(const Result<AssumeRoleResult>&)>;

    // config.signingName is forced to "sts"; targetPrefix is unused. config.credentials is asked
    // before every attempt.
    StsClient(TransportConfig config, QNetworkAccessManager* nam, const Clock* clock = nullptr,
              RetryStrategy::RandomSource random = {}, QObject* parent = nullptr);
    ~StsClient() override;

    // https://sts.<region>.<dnsSuffix of the region's partition>
    static QUrl regionalEndpoint(const QString& region);

    // Handlers are called exactly once, never synchronously, and never after `context` is gone.
    void getCallerIdentity(QObject* context, IdentityHandler done);
    void assumeRole(const AssumeRoleParams& params, QObject* context, AssumeRoleHandler done);

    // The generic call: the response flattened to element paths below the root, e.g.
    // "AssumeRoleResult/Credentials/AccessKeyId" -> text.
    void call(const QString& action, const Params& params, QObject* context, BodyHandler done);

    // awsQuery body: Action, Version, then params, each percent-encoded (RFC 3986 unreserved kept).
    static QByteArray encodeForm(const QString& action, const Params& params);
    // An STS XML error document (<ErrorResponse><Error><Code>...) into a Fault; a body that is not
    // that XML gives a Protocol fault "NonXmlResponse" with the status kept.
    static Fault parseError(int httpStatus, const QByteArray& body);
    // Flattens a success document; nullopt when it is not well-formed XML.
    static std::optional<QHash<QString, QString>> flatten(const QByteArray& xml);

    const TransportConfig& config() const { return m_transport.config(); }
    ClockSkewTracker& clockSkew() { return m_transport.clockSkew(); }
    AwsTransport* transport() { return &m_transport; }
    // Told about every STS call (see AwsTransport::addObserver).
    void addObserver(CallObserver* observer) { m_transport.addObserver(observer); }
    void removeObserver(CallObserver* observer) { m_transport.removeObserver(observer); }

private:
    AwsTransport m_transport;
};

} // namespace dmsx
