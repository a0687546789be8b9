#pragma once

#include "base/Result.h"
#include "net/CallOptions.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace dmsx {

class AwsProtocol;
class TransportPool;

// DescribeSecret's answer, as far as the checks need it. Never the secret's value.
struct SecretDescription
{
    QString arn;
    QString name;
    QString kmsKeyId;      // empty: the AWS managed key aws/secretsmanager
    QDateTime deletedDate; // valid when the secret is scheduled for deletion
};

// Secrets Manager's DescribeSecret (awsJson 1.1, target prefix "secretsmanager"), regional.
class SecretsManagerClient
{
public:
    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    SecretsManagerClient(TransportPool* pool, QString region, QString customUrl = QString(),
                         bool fips = false, bool dualStack = false);
    ~SecretsManagerClient();

    // Sent to the region of the secret's ARN, or the client's region for a name.
    void describeSecret(const QString& secretId, QObject* context, Handler<SecretDescription> done,
                        const CallOptions& options = {});

    static Result<SecretDescription> parseDescription(const QJsonObject& output);

private:
    TransportPool* m_pool;
    QString m_region;
    QString m_customUrl;
    bool m_fips;
    bool m_dualStack;
    std::shared_ptr<const AwsProtocol> m_protocol;
};

} // namespace dmsx
