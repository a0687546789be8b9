#pragma once

#include "AwsCredentials.h"
#include "CallerIdentity.h"
#include "Clock.h"
#include "ClockSkewTracker.h"
#include "Result.h"
#include "RetryStrategy.h"
#include "SigV4Signer.h"
#include "TransportConfig.h"

#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

Q_DECLARE_LOGGING_CATEGORY(lcSts)

// AWS STS over its own protocol, awsQuery: a form-encoded POST (Action=...&Version=2011-06-15)
// signed with service "sts", answered in XML. Same signer, retry rules, clock-skew handling and
// fault shape as the DMS transport, so the fault catalogue explains STS errors the same way.
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

    const TransportConfig& config() const { return m_config; }
    ClockSkewTracker& clockSkew() { return m_skew; }

private:
    class Call;
    friend class Call;

    TransportConfig m_config;
    QNetworkAccessManager* m_nam;
    const Clock* m_clock;
    RetryStrategy m_retry;
    ClockSkewTracker m_skew;
    SigV4Signer m_signer;
    std::optional<QList<QSslCertificate>> m_caCertificates;
    std::optional<Fault> m_configFault;
};

} // namespace dmsx
