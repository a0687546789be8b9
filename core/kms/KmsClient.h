#pragma once

#include "base/Result.h"
#include "net/CallOptions.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace dmsx {

class AwsProtocol;
class TransportPool;

struct KeyDescription
{
    QString keyId;
    QString arn;
    QString keyState;   // Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, ...
    QString keyManager; // AWS or CUSTOMER
    bool enabled = false;
    bool isUsable() const { return enabled && keyState == QLatin1String("Enabled"); }
};

// KMS's DescribeKey (awsJson 1.1, target prefix "TrentService"), regional.
class KmsClient
{
public:
    template <typename T> using Handler = std::function<void(const Result<T>&)>;

    KmsClient(TransportPool* pool, QString region, QString customUrl = QString(), bool fips = false,
              bool dualStack = false);
    ~KmsClient();

    // `keyId` is a key id, key ARN, alias name or alias ARN; sent to the ARN's region if it has one,
    // else to `region` (empty: the client's).
    void describeKey(const QString& keyId, const QString& region, QObject* context,
                     Handler<KeyDescription> done, const CallOptions& options = {});
    // Where keyId is: its ARN's region, else `fallback`.
    static QString regionOf(const QString& keyId, const QString& fallback);

    static Result<KeyDescription> parseDescription(const QJsonObject& output);

private:
    TransportPool* m_pool;
    QString m_region;
    QString m_customUrl;
    bool m_fips;
    bool m_dualStack;
    std::shared_ptr<const AwsProtocol> m_protocol;
};

} // namespace dmsx
