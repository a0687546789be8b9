#include "credentials/StsClient.h"

#include "base/AwsTime.h"
#include "base/FaultCodes.h"
#include "base/Redactor.h"
#include "config/Partition.h"
#include "net/AwsQueryProtocol.h"
#include "net/PendingCall.h"

#include <QPointer>

namespace dmsx {

namespace {

const QString kVersion = QStringLiteral("2011-06-15");

TransportConfig stsConfig(TransportConfig config)
{
    config.signingName = QStringLiteral("sts");
    return config;
}

} // namespace

StsClient::StsClient(TransportConfig config, QNetworkAccessManager* nam, const Clock* clock,
                     RetryStrategy::RandomSource random, QObject* parent)
    : QObject(parent), m_transport(stsConfig(std::move(config)), std::make_shared<AwsQueryProtocol>(kVersion),
                                   nam, clock, std::move(random))
{}

StsClient::~StsClient() = default;

QUrl StsClient::regionalEndpoint(const QString& region)
{
    const Partition& p = Partition::forRegion(region);
    return QUrl(QStringLiteral("https://sts.") + region + u'.' + p.dnsSuffix);
}

QByteArray StsClient::encodeForm(const QString& action, const Params& params)
{
    return AwsQueryProtocol::encodeForm(action, kVersion, params);
}

std::optional<QHash<QString, QString>> StsClient::flatten(const QByteArray& xml)
{
    return AwsQueryProtocol::flatten(xml);
}

Fault StsClient::parseError(int httpStatus, const QByteArray& body)
{
    return AwsQueryProtocol::parseErrorDocument(httpStatus, body);
}

void StsClient::call(const QString& action, const Params& params, QObject* context, BodyHandler done)
{
    QJsonObject input;
    for (const auto& p : params)
        input.insert(p.first, p.second);
    PendingCall* pending = m_transport.call(action, input);
    QPointer<QObject> guard(context);
    if (context) // nobody waits for the answer any more: stop the call
        connect(context, &QObject::destroyed, pending, &PendingCall::cancel);
    connect(pending, &PendingCall::finished, this, [pending, guard, hasContext = context != nullptr, done] {
        if (!done || (hasContext && !guard))
            return;
        const Result<QJsonObject>& r = pending->result();
        if (!r.ok()) {
            done(r.fault());
            return;
        }
        QHash<QString, QString> flat;
        const QJsonObject& o = r.value();
        for (auto it = o.begin(); it != o.end(); ++it)
            flat.insert(it.key(), it.value().toString());
        done(flat);
    });
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
                 done(Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                                  QStringLiteral("GetCallerIdentity answered without an Arn")));
                 return;
             }
             if (m_transport.config().credentials) {
                 const Result<AwsCredentials> c = m_transport.config().credentials();
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
        // Each refresh replaces the previous role credentials rather than adding to them.
        Redactor::registerSecrets(QStringLiteral("sts:assume-role"),
                                  {out.credentials.secretAccessKey, out.credentials.sessionToken});
        if (!out.credentials.isValid() || out.credentials.sessionToken.isEmpty() ||
            !out.credentials.expiration.isValid()) {
            done(Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                             QStringLiteral("AssumeRole answered without complete credentials")));
            return;
        }
        out.credentials.expiration = out.credentials.expiration.toUTC();
        done(out);
    });
}

} // namespace dmsx
