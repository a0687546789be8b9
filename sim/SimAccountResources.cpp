#include "SimAccountResources.h"

#include "SimFaultCodes.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace dmsx {

namespace {

Fault scenarioFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, SimFaultCode::InvalidScenario, message);
}

QByteArray digest(const QString& text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

// Derived from the name, so the same scenario always gives the same ids.
QString uuidFor(const QString& name)
{
    const QByteArray hex = digest(QStringLiteral("kms/") + name).toHex().left(32);
    return QString::fromLatin1(hex.left(8) + '-' + hex.mid(8, 4) + '-' + hex.mid(12, 4) + '-' +
                               hex.mid(16, 4) + '-' + hex.mid(20, 12));
}

QString charsFor(const QString& seed, int length, const char* alphabet)
{
    const QByteArray d = digest(seed);
    const QByteArray chars(alphabet);
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(chars.at(static_cast<unsigned char>(d.at(i % d.size())) % chars.size()));
    return out;
}

QStringList stringList(const QJsonValue& v)
{
    QStringList out;
    const QJsonArray array = v.toArray();
    for (const QJsonValue& item : array)
        out << item.toString();
    return out;
}

QDateTime parseTime(const QJsonValue& v)
{
    if (!v.isString())
        return QDateTime();
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

// "deletedDate": ISO time, or "deletionInDays": N days from now.
QDateTime scheduledTime(const QJsonObject& o, const QString& absoluteKey, const QDateTime& now)
{
    if (o.contains(absoluteKey))
        return parseTime(o.value(absoluteKey));
    if (o.contains(QLatin1String("deletionInDays")))
        return now.addDays(o.value(QLatin1String("deletionInDays")).toInt(7));
    return QDateTime();
}

QString partitionOf(const QString& region)
{
    if (region.startsWith(QLatin1String("cn-")))
        return QStringLiteral("aws-cn");
    if (region.startsWith(QLatin1String("us-gov-")))
        return QStringLiteral("aws-us-gov");
    return QStringLiteral("aws");
}

QString secretNameOf(const QString& idOrArn)
{
    const qsizetype at = idOrArn.indexOf(QLatin1String(":secret:"));
    return at < 0 ? idOrArn : idOrArn.mid(at + 8);
}

} // namespace

QString SimAccountResources::defaultTrustPolicy(const QString& region)
{
    QJsonObject principal;
    principal.insert(
        QStringLiteral("Service"),
        QJsonArray{QStringLiteral("dms.amazonaws.com"), QStringLiteral("dms.%1.amazonaws.com").arg(region)});
    QJsonObject statement;
    statement.insert(QStringLiteral("Effect"), QStringLiteral("Allow"));
    statement.insert(QStringLiteral("Principal"), principal);
    statement.insert(QStringLiteral("Action"), QStringLiteral("sts:AssumeRole"));
    QJsonObject policy;
    policy.insert(QStringLiteral("Version"), QStringLiteral("2012-10-17"));
    policy.insert(QStringLiteral("Statement"), QJsonArray{statement});
    return QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact));
}

QString SimAccountResources::defaultKmsKeyArn(const QString& region, const QString& accountId)
{
    return QStringLiteral("arn:%1:kms:%2:%3:key/%4")
        .arg(partitionOf(region), region, accountId, uuidFor(QStringLiteral("dms-sc-default")));
}

QString SimAccountResources::bucketOfPath(const QString& s3BucketPath)
{
    QString rest = s3BucketPath;
    if (rest.startsWith(QLatin1String("s3://")))
        rest = rest.mid(5);
    else if (rest.startsWith(QLatin1String("arn:")) && rest.contains(QLatin1String(":s3:::")))
        rest = rest.mid(rest.indexOf(QLatin1String(":s3:::")) + 6);
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    return slash < 0 ? rest : rest.left(slash);
}

QString SimAccountResources::roleNameOfArn(const QString& roleArn)
{
    return roleArn.mid(roleArn.lastIndexOf(QLatin1Char('/')) + 1);
}

SimBucket SimAccountResources::implicitBucket(const QString& name)
{
    SimBucket b;
    b.name = name;
    b.versioning = QStringLiteral("Enabled");
    return b;
}

SimIamRole SimAccountResources::implicitRole(const QString& arnOrName, const QString& region,
                                             const QString& accountId, const QDateTime& now)
{
    SimIamRole r;
    r.name = roleNameOfArn(arnOrName);
    if (arnOrName.startsWith(QLatin1String("arn:"))) {
        r.arn = arnOrName;
        const qsizetype at = arnOrName.indexOf(QLatin1String(":role/"));
        if (at >= 0)
            r.path = arnOrName.mid(at + 5, arnOrName.size() - (at + 5) - r.name.size());
    } else {
        r.arn = QStringLiteral("arn:%1:iam::%2:role/%3").arg(partitionOf(region), accountId, r.name);
    }
    r.trustPolicy = defaultTrustPolicy(region);
    r.roleId = QStringLiteral("AROA") +
               charsFor(QStringLiteral("role/") + r.arn, 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    r.creationTime = now.addDays(-60);
    r.creationTime.setTime(
        QTime(r.creationTime.time().hour(), r.creationTime.time().minute(), r.creationTime.time().second()));
    return r;
}

SimSecret SimAccountResources::implicitSecret(const QString& idOrArn, const QString& region,
                                              const QString& accountId, const QDateTime& now)
{
    SimSecret s;
    s.name = secretNameOf(idOrArn);
    const QString partial = idOrArn.startsWith(QLatin1String("arn:"))
                                ? idOrArn
                                : QStringLiteral("arn:%1:secretsmanager:%2:%3:secret:%4")
                                      .arg(partitionOf(region), region, accountId, s.name);
    s.arn = partial + QLatin1Char('-') +
            charsFor(QStringLiteral("secret/") + partial, 6,
                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    s.kmsKeyId = defaultKmsKeyArn(region, accountId);
    s.creationTime = now.addDays(-60);
    return s;
}

SimKmsKey SimAccountResources::implicitKey(const QString& keyIdOrArn, const QString& region,
                                           const QString& accountId, const QDateTime& now)
{
    SimKmsKey k;
    if (keyIdOrArn.startsWith(QLatin1String("arn:")) && keyIdOrArn.contains(QLatin1String(":key/"))) {
        k.arn = keyIdOrArn;
        k.keyId = keyIdOrArn.mid(keyIdOrArn.lastIndexOf(QLatin1Char('/')) + 1);
    } else if (keyIdOrArn.startsWith(QLatin1String("alias/")) ||
               keyIdOrArn.contains(QLatin1String(":alias/"))) {
        const QString alias = keyIdOrArn.mid(keyIdOrArn.indexOf(QLatin1String("alias/")));
        k.aliases << alias;
        k.keyId = uuidFor(alias);
        k.awsManaged = alias.startsWith(QLatin1String("alias/aws/"));
    } else {
        k.keyId = keyIdOrArn;
    }
    if (k.arn.isEmpty())
        k.arn =
            QStringLiteral("arn:%1:kms:%2:%3:key/%4").arg(partitionOf(region), region, accountId, k.keyId);
    k.creationTime = now.addDays(-90);
    return k;
}

Result<SimAccountResources> SimAccountResources::fromJson(const QJsonObject& scenario, const QString& region,
                                                          const QString& accountId, const QDateTime& now)
{
    SimAccountResources r;
    const QJsonArray buckets = scenario.value(QLatin1String("s3Buckets")).toArray();
    for (const QJsonValue& v : buckets) {
        const QJsonObject o = v.toObject();
        SimBucket b = implicitBucket(o.value(QLatin1String("name")).toString());
        if (b.name.isEmpty())
            return scenarioFault(QStringLiteral("s3Buckets entries need a \"name\""));
        b.exists = o.value(QLatin1String("exists")).toBool(true);
        b.region = o.value(QLatin1String("region")).toString();
        const QString versioning = o.value(QLatin1String("versioning")).toString(QStringLiteral("Enabled"));
        if (versioning != u"Enabled" && versioning != u"Suspended" && versioning != u"never")
            return scenarioFault(
                QStringLiteral("bucket %1: versioning must be Enabled, Suspended or never").arg(b.name));
        b.versioning = versioning == u"never" ? QString() : versioning;
        r.buckets << b;
    }
    const QJsonArray roles = scenario.value(QLatin1String("iamRoles")).toArray();
    for (const QJsonValue& v : roles) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QLatin1String("arn")).toString(o.value(QLatin1String("name")).toString());
        if (id.isEmpty())
            return scenarioFault(QStringLiteral("iamRoles entries need an \"arn\" or a \"name\""));
        SimIamRole role = implicitRole(id, region, accountId, now);
        role.exists = o.value(QLatin1String("exists")).toBool(true);
        const QJsonValue trust = o.value(QLatin1String("trustPolicy"));
        if (trust.isObject())
            role.trustPolicy =
                QString::fromUtf8(QJsonDocument(trust.toObject()).toJson(QJsonDocument::Compact));
        else if (trust.isString())
            role.trustPolicy = trust.toString();
        else if (o.contains(QLatin1String("trustedServices"))) {
            QJsonObject policy = QJsonDocument::fromJson(role.trustPolicy.toUtf8()).object();
            QJsonObject statement = policy.value(QLatin1String("Statement")).toArray().first().toObject();
            statement.insert(
                QStringLiteral("Principal"),
                QJsonObject{{QStringLiteral("Service"), o.value(QLatin1String("trustedServices"))}});
            policy.insert(QStringLiteral("Statement"), QJsonArray{statement});
            role.trustPolicy = QString::fromUtf8(QJsonDocument(policy).toJson(QJsonDocument::Compact));
        }
        role.maxSessionDuration = o.value(QLatin1String("maxSessionDuration")).toInt(role.maxSessionDuration);
        role.description = o.value(QLatin1String("description")).toString();
        role.deniedActions = stringList(o.value(QLatin1String("deniedActions")));
        role.explicitlyDeniedActions = stringList(o.value(QLatin1String("explicitlyDeniedActions")));
        r.roles << role;
    }
    const QJsonArray secrets = scenario.value(QLatin1String("secrets")).toArray();
    for (const QJsonValue& v : secrets) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QLatin1String("arn")).toString(o.value(QLatin1String("name")).toString());
        if (id.isEmpty())
            return scenarioFault(QStringLiteral("secrets entries need an \"arn\" or a \"name\""));
        SimSecret s = implicitSecret(id, region, accountId, now);
        s.exists = o.value(QLatin1String("exists")).toBool(true);
        if (o.contains(QLatin1String("kmsKeyId")))
            s.kmsKeyId = o.value(QLatin1String("kmsKeyId")).toString(); // null: aws/secretsmanager
        s.deletedDate = scheduledTime(o, QStringLiteral("deletedDate"), now);
        s.description = o.value(QLatin1String("description")).toString();
        r.secrets << s;
    }
    const QJsonArray keys = scenario.value(QLatin1String("kmsKeys")).toArray();
    for (const QJsonValue& v : keys) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QLatin1String("arn")).toString(o.value(QLatin1String("keyId")).toString());
        if (id.isEmpty())
            return scenarioFault(QStringLiteral("kmsKeys entries need a \"keyId\" or an \"arn\""));
        SimKmsKey k = implicitKey(id, region, accountId, now);
        k.exists = o.value(QLatin1String("exists")).toBool(true);
        k.state = o.value(QLatin1String("state")).toString(QStringLiteral("Enabled"));
        if (k.state != u"Enabled" && k.state != u"Disabled" && k.state != u"PendingDeletion")
            return scenarioFault(
                QStringLiteral("key %1: state must be Enabled, Disabled or PendingDeletion").arg(id));
        k.aliases += stringList(o.value(QLatin1String("aliases")));
        if (k.state == u"PendingDeletion") {
            k.deletionDate = scheduledTime(o, QStringLiteral("deletionDate"), now);
            if (!k.deletionDate.isValid())
                k.deletionDate = now.addDays(7);
        }
        k.description = o.value(QLatin1String("description")).toString();
        r.keys << k;
    }
    const QJsonArray denials = scenario.value(QLatin1String("accessDenied")).toArray();
    for (const QJsonValue& v : denials) {
        const QJsonObject o = v.toObject();
        SimAccessDenial d{o.value(QLatin1String("action")).toString(),
                          o.value(QLatin1String("resource")).toString(),
                          o.value(QLatin1String("accessKeyId")).toString()};
        if (!d.action.contains(QLatin1Char(':')))
            return scenarioFault(QStringLiteral("accessDenied entries need an \"action\" like iam:GetRole"));
        r.denials << d;
    }
    const QJsonArray credentials = scenario.value(QLatin1String("credentials")).toArray();
    for (const QJsonValue& v : credentials) {
        const QJsonObject o = v.toObject();
        const QStringList actions = stringList(o.value(QLatin1String("deniedActions")));
        for (const QString& action : actions)
            r.denials << SimAccessDenial{action, QString(), o.value(QLatin1String("accessKeyId")).toString()};
    }
    return r;
}

bool SimAccountResources::denied(const QString& accessKeyId, const QString& action,
                                 const QStringList& resources) const
{
    const QString service = action.left(action.indexOf(QLatin1Char(':')));
    for (const SimAccessDenial& d : denials) {
        if (!d.accessKeyId.isEmpty() && d.accessKeyId != accessKeyId)
            continue;
        const bool actionMatches = d.action.compare(action, Qt::CaseInsensitive) == 0 || d.action == u"*" ||
                                   d.action.compare(service + QStringLiteral(":*"), Qt::CaseInsensitive) == 0;
        if (actionMatches && (d.resource.isEmpty() || resources.contains(d.resource)))
            return true;
    }
    return false;
}

} // namespace dmsx
