// The answers the prerequisite checks read (S3's REST-XML, IAM's awsQuery lists and the trust
// policy JSON inside them, Secrets Manager's and KMS's awsJson): success documents, error
// documents and the typed results made from them.
#include "FuzzInput.h"
#include "iam/IamClient.h"
#include "iam/TrustPolicy.h"
#include "kms/KmsClient.h"
#include "net/AwsJsonProtocol.h"
#include "net/AwsQueryListProtocol.h"
#include "net/S3RestXmlProtocol.h"
#include "secretsmanager/SecretsManagerClient.h"

#include <QDateTime>
#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const fuzz::FuzzInput::Response r = input.response();
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1767962400, Qt::UTC);

    static const S3RestXmlProtocol s3;
    (void)s3.parseSuccess(r.body, r.headers);
    (void)S3RestXmlProtocol::bucketRegionOf(s3.parseError(r.status, r.headers, r.body, now));

    static const AwsQueryListProtocol iam(QStringLiteral("2010-05-08"));
    if (const Result<QJsonObject> flat = iam.parseSuccess(r.body, r.headers); flat.ok()) {
        (void)IamClient::parseEvaluationResults(flat.value());
        if (const Result<IamRole> role = IamClient::parseRole(flat.value()); role.ok())
            if (const Result<TrustPolicy> policy = TrustPolicy::parse(role->trustPolicy); policy.ok())
                (void)policy->trustsDms(QStringLiteral("us-east-1"));
    }
    (void)iam.parseError(r.status, r.headers, r.body, now);

    if (const Result<TrustPolicy> policy = TrustPolicy::parse(QString::fromUtf8(input.bytes())); policy.ok()) {
        (void)policy->trustsDms(QStringLiteral("cn-north-1"));
        (void)policy->allowedServices();
    }

    static const AwsJsonProtocol json(QStringLiteral("secretsmanager"));
    if (const Result<QJsonObject> o = json.parseSuccess(r.body, r.headers); o.ok()) {
        (void)SecretsManagerClient::parseDescription(o.value());
        (void)KmsClient::parseDescription(o.value());
    }
    return 0;
}
