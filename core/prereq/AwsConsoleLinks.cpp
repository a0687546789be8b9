#include "prereq/AwsConsoleLinks.h"

#include "config/Partition.h"

#include <QUrl>

namespace dmsx {

namespace {

QString encoded(const QString& text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

} // namespace

QString AwsConsoleLinks::consoleBase(const QString& region)
{
    const QString partition = Partition::forRegion(region).id;
    if (partition == u"aws")
        return QStringLiteral("https://console.aws.amazon.com");
    if (partition == u"aws-cn")
        return QStringLiteral("https://console.amazonaws.cn");
    if (partition == u"aws-us-gov")
        return QStringLiteral("https://console.amazonaws-us-gov.com");
    return QString();
}

QString AwsConsoleLinks::migrationProjects(const QString& region)
{
    const QString base = consoleBase(region);
    return base.isEmpty()
               ? base
               : base + QStringLiteral("/dms/v2/home?region=%1#migrationProjects").arg(encoded(region));
}

QString AwsConsoleLinks::dataProviders(const QString& region)
{
    const QString base = consoleBase(region);
    return base.isEmpty()
               ? base
               : base + QStringLiteral("/dms/v2/home?region=%1#dataProviders").arg(encoded(region));
}

QString AwsConsoleLinks::s3BucketProperties(const QString& bucket, const QString& region)
{
    const QString base = consoleBase(region);
    return base.isEmpty() ? base
                          : base + QStringLiteral("/s3/buckets/%1?region=%2&tab=properties")
                                       .arg(encoded(bucket), encoded(region));
}

QString AwsConsoleLinks::iamRole(const QString& roleName, const QString& region)
{
    const QString base = consoleBase(region);
    return base.isEmpty() ? base
                          : base + QStringLiteral("/iam/home#/roles/details/%1?section=trust_relationships")
                                       .arg(encoded(roleName));
}

QString AwsConsoleLinks::secret(const QString& secretId, const QString& region)
{
    const QString base = consoleBase(region);
    return base.isEmpty() ? base
                          : base + QStringLiteral("/secretsmanager/secret?name=%1&region=%2")
                                       .arg(encoded(secretId), encoded(region));
}

QString AwsConsoleLinks::kmsKey(const QString& keyId, const QString& region)
{
    const QString base = consoleBase(region);
    return base.isEmpty()
               ? base
               : base +
                     QStringLiteral("/kms/home?region=%1#/kms/keys/%2").arg(encoded(region), encoded(keyId));
}

} // namespace dmsx
