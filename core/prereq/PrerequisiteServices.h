#pragma once

#include "config/ServiceEndpointResolver.h"
#include "iam/IamClient.h"
#include "kms/KmsClient.h"
#include "net/CallObserver.h"
#include "net/TransportConfig.h"
#include "net/TransportPool.h"
#include "s3/S3Client.h"
#include "secretsmanager/SecretsManagerClient.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace dmsx {

class DmsConnection;
struct EffectiveClientConfig;

// The S3, IAM, Secrets Manager and KMS clients the prerequisite checks read through, made from
// the same connection as the DMS client: its credentials, CA bundle, proxy and timeouts, its
// observers (the request history), and each service's own endpoint (docs/protocol.md §2.8).
class PrerequisiteServices
{
public:
    struct Settings
    {
        QString region;
        bool fips = false;
        bool dualStack = false;
        // Each service's custom endpoint; empty: the service's rules.
        QString s3Url;
        QString iamUrl;
        QString secretsManagerUrl;
        QString kmsUrl;
        // The DMS endpoint is on this computer (a simulator, a tunnel): a service with no
        // endpoint of its own is not called at all (PrereqServiceEndpointNotSet).
        bool dmsOnLoopback = false;
    };

    // `clock`: not owned; null is the system clock (TransportPool).
    PrerequisiteServices(const Settings& settings, TransportConfig base, QNetworkAccessManager* nam,
                         QList<CallObserver*> observers = {}, const Clock* clock = nullptr);
    ~PrerequisiteServices();

    // From an open connection; nullptr when it is not open.
    static std::unique_ptr<PrerequisiteServices> fromConnection(DmsConnection& connection);
    static Settings settingsFrom(const EffectiveClientConfig& config);

    const Settings& settings() const { return m_settings; }
    S3Client& s3() { return *m_s3; }
    IamClient& iam() { return *m_iam; }
    SecretsManagerClient& secretsManager() { return *m_secretsManager; }
    KmsClient& kms() { return *m_kms; }

    // Why `service` is not to be called (PrereqServiceEndpointNotSet), or nothing.
    std::optional<Fault> notCallable(AwsService service) const;

private:
    Settings m_settings;
    TransportPool m_pool;
    std::unique_ptr<S3Client> m_s3;
    std::unique_ptr<IamClient> m_iam;
    std::unique_ptr<SecretsManagerClient> m_secretsManager;
    std::unique_ptr<KmsClient> m_kms;
};

} // namespace dmsx
