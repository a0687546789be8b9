#include "SimScenario.h"

#include "SimFaultCodes.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace dmsx {

namespace {

Fault scenarioFault(const QString& message)
{
    return Fault::make(FaultKind::Configuration, SimFaultCode::InvalidScenario, message);
}

// Resource ids look like AWS ones (26 upper-case characters) and are derived from the
// name, so the same scenario always produces the same ARNs.
QString resourceId(const QString& type, const QString& name)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const QByteArray digest =
        QCryptographicHash::hash((type + QLatin1Char('/') + name).toUtf8(), QCryptographicHash::Sha256);
    QString id;
    for (int i = 0; i < 26; ++i)
        id.append(QLatin1Char(alphabet[static_cast<unsigned char>(digest.at(i)) % 32]));
    return id;
}

QDateTime parseTime(const QJsonValue& v, const QDateTime& fallback)
{
    if (!v.isString())
        return fallback;
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : fallback;
}

QStringList stringList(const QJsonValue& v)
{
    QStringList out;
    if (v.isString())
        out << v.toString();
    const QJsonArray array = v.toArray();
    for (const QJsonValue& item : array)
        out << item.toString();
    return out;
}

int defaultPort(const QString& engine)
{
    if (engine == u"oracle")
        return 1521;
    if (engine == u"sqlserver")
        return 1433;
    if (engine == u"mysql" || engine == u"aurora" || engine == u"mariadb")
        return 3306;
    if (engine == u"postgres" || engine == u"aurora-postgresql")
        return 5432;
    if (engine == u"db2" || engine == u"db2-zos")
        return 50000;
    if (engine == u"redshift")
        return 5439;
    if (engine == u"sybase")
        return 5000;
    if (engine == u"docdb" || engine == u"mongodb")
        return 27017;
    return 0;
}

} // namespace

QString SimScenario::arn(const QString& resourceType, const QString& name) const
{
    return QStringLiteral("arn:aws:dms:") + region + QLatin1Char(':') + accountId + QLatin1Char(':') +
           resourceType + QLatin1Char(':') + resourceId(resourceType, name);
}

QList<SimKeyPair> SimScenario::demoKeyPairs(const QDateTime& now)
{
    QList<SimKeyPair> pairs;
    SimKeyPair longTerm;
    longTerm.credentials.accessKeyId = QStringLiteral("AKIADEMOEXTPACK00001");
    longTerm.credentials.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator1");
    pairs << longTerm;
    SimKeyPair temporary;
    temporary.credentials.accessKeyId = QStringLiteral("ASIADEMOEXTPACK00002");
    temporary.credentials.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator2");
    temporary.credentials.sessionToken = QStringLiteral("DemoSessionTokenForTheDmsExtPackSimulator2");
    temporary.credentials.expiration = now.addYears(10);
    pairs << temporary;
    SimKeyPair expired;
    expired.credentials.accessKeyId = QStringLiteral("ASIADEMOEXTPACK00003");
    expired.credentials.secretAccessKey = QStringLiteral("DemoSecretKey/ForTheDmsExtPackSimulator3");
    expired.credentials.sessionToken = QStringLiteral("DemoSessionTokenForTheDmsExtPackSimulator3");
    expired.credentials.expiration = now.addSecs(-3600);
    pairs << expired;
    return pairs;
}

Result<SimScenario> SimScenario::fromJson(const QJsonObject& json, const QDateTime& now)
{
    SimScenario s;
    s.region = json.value(QLatin1String("region")).toString(s.region);
    s.accountId = json.value(QLatin1String("accountId")).toString(s.accountId);
    s.errorTypeStyle = json.value(QLatin1String("errorTypeStyle")).toString(s.errorTypeStyle);
    if (s.errorTypeStyle != u"bare" && s.errorTypeStyle != u"namespaced" && s.errorTypeStyle != u"coral")
        return scenarioFault(QStringLiteral("errorTypeStyle must be bare, namespaced or coral"));
    s.defaultCompletionSeconds =
        json.value(QLatin1String("defaultCompletionSeconds")).toDouble(s.defaultCompletionSeconds);
    const QDateTime defaultCreation = now.addDays(-30);

    if (json.contains(QLatin1String("credentials"))) {
        const QJsonArray creds = json.value(QLatin1String("credentials")).toArray();
        for (const QJsonValue& v : creds) {
            const QJsonObject o = v.toObject();
            SimKeyPair k;
            k.credentials.accessKeyId = o.value(QLatin1String("accessKeyId")).toString();
            k.credentials.secretAccessKey = o.value(QLatin1String("secretAccessKey")).toString();
            k.credentials.sessionToken = o.value(QLatin1String("sessionToken")).toString();
            if (o.contains(QLatin1String("expiresInSeconds")))
                k.credentials.expiration =
                    now.addSecs(o.value(QLatin1String("expiresInSeconds")).toInteger());
            else
                k.credentials.expiration = parseTime(o.value(QLatin1String("expiration")), QDateTime());
            if (!k.credentials.isValid())
                return scenarioFault(
                    QStringLiteral("credentials entries need accessKeyId and secretAccessKey"));
            s.keyPairs << k;
        }
    } else {
        s.keyPairs = demoKeyPairs(now);
    }

    const QJsonArray providers = json.value(QLatin1String("dataProviders")).toArray();
    for (const QJsonValue& v : providers) {
        const QJsonObject o = v.toObject();
        SimDataProvider p;
        p.name = o.value(QLatin1String("name")).toString();
        p.engine = o.value(QLatin1String("engine")).toString();
        if (p.name.isEmpty() || p.engine.isEmpty())
            return scenarioFault(QStringLiteral("dataProviders entries need name and engine"));
        p.arn = o.value(QLatin1String("arn")).toString(s.arn(QStringLiteral("data-provider"), p.name));
        p.isVirtual = o.value(QLatin1String("virtual")).toBool(false);
        p.serverName = o.value(QLatin1String("serverName")).toString();
        p.port = o.value(QLatin1String("port")).toInt(p.serverName.isEmpty() ? 0 : defaultPort(p.engine));
        p.databaseName = o.value(QLatin1String("databaseName")).toString();
        p.sslMode = o.value(QLatin1String("sslMode")).toString();
        p.description = o.value(QLatin1String("description")).toString();
        p.creationTime = parseTime(o.value(QLatin1String("creationTime")), defaultCreation);
        s.dataProviders << p;
    }

    const QJsonArray profiles = json.value(QLatin1String("instanceProfiles")).toArray();
    for (const QJsonValue& v : profiles) {
        const QJsonObject o = v.toObject();
        SimInstanceProfile p;
        p.name = o.value(QLatin1String("name")).toString();
        if (p.name.isEmpty())
            return scenarioFault(QStringLiteral("instanceProfiles entries need a name"));
        p.arn = o.value(QLatin1String("arn")).toString(s.arn(QStringLiteral("instance-profile"), p.name));
        p.availabilityZone = o.value(QLatin1String("availabilityZone")).toString();
        p.kmsKeyArn = o.value(QLatin1String("kmsKeyArn")).toString();
        p.publiclyAccessible = o.value(QLatin1String("publiclyAccessible")).toBool(true);
        p.networkType = o.value(QLatin1String("networkType")).toString(QStringLiteral("IPV4"));
        p.description = o.value(QLatin1String("description")).toString();
        p.subnetGroupIdentifier = o.value(QLatin1String("subnetGroupIdentifier")).toString();
        p.vpcSecurityGroups = stringList(o.value(QLatin1String("vpcSecurityGroups")));
        p.creationTime = parseTime(o.value(QLatin1String("creationTime")), defaultCreation);
        s.instanceProfiles << p;
    }

    const QJsonArray projects = json.value(QLatin1String("projects")).toArray();
    for (const QJsonValue& v : projects) {
        const QJsonObject o = v.toObject();
        SimProject p;
        p.name = o.value(QLatin1String("name")).toString();
        if (p.name.isEmpty())
            return scenarioFault(QStringLiteral("projects entries need a name"));
        p.arn = o.value(QLatin1String("arn")).toString(s.arn(QStringLiteral("migration-project"), p.name));
        p.creationTime = parseTime(o.value(QLatin1String("creationTime")), defaultCreation);
        p.sourceProviders = stringList(o.value(QLatin1String("sourceDataProviders")));
        p.targetProviders = stringList(o.value(QLatin1String("targetDataProviders")));
        for (const QString& name : p.sourceProviders + p.targetProviders) {
            if (!s.findProvider(name))
                return scenarioFault(
                    QStringLiteral("project %1 names unknown data provider %2").arg(p.name, name));
        }
        p.instanceProfile = o.value(QLatin1String("instanceProfile")).toString();
        if (!p.instanceProfile.isEmpty() && !s.findInstanceProfile(p.instanceProfile))
            return scenarioFault(QStringLiteral("project %1 names unknown instance profile %2")
                                     .arg(p.name, p.instanceProfile));
        p.description = o.value(QLatin1String("description")).toString();
        p.s3BucketPath = o.value(QLatin1String("s3BucketPath")).toString();
        p.s3BucketRoleArn = o.value(QLatin1String("s3BucketRoleArn")).toString();
        p.secretsManagerSecretId = o.value(QLatin1String("secretsManagerSecretId")).toString();
        p.secretsManagerAccessRoleArn = o.value(QLatin1String("secretsManagerAccessRoleArn")).toString();
        const QJsonValue rules = o.value(QLatin1String("transformationRules"));
        p.transformationRules =
            rules.isString() ? rules.toString()
            : rules.isObject()
                ? QString::fromUtf8(QJsonDocument(rules.toObject()).toJson(QJsonDocument::Compact))
                : QString();
        p.totalObjects = o.value(QLatin1String("totalObjects")).toInteger(250);
        p.completionSeconds = o.value(QLatin1String("completionSeconds")).toDouble(0);
        const QJsonObject startFault = o.value(QLatin1String("startFault")).toObject();
        p.startFaultCode = startFault.value(QLatin1String("code")).toString();
        p.startFaultMessage = startFault.value(QLatin1String("message")).toString();
        p.startFaultStatus = startFault.value(QLatin1String("status")).toInt(400);
        p.asyncFailure = o.value(QLatin1String("asyncFailure")).toString();
        s.projects << p;
    }

    s.faults = json.value(QLatin1String("faults"));
    s.refuseStartWhileRunning = json.value(QLatin1String("refuseStartWhileRunning")).toBool(false);
    s.loadedAt = now;
    Result<SimAccountResources> resources = SimAccountResources::fromJson(json, s.region, s.accountId, now);
    if (!resources)
        return resources.fault();
    s.resources = resources.value();
    const int generate = json.value(QLatin1String("generateProjects")).toInt(0);
    if (generate < 0)
        return scenarioFault(QStringLiteral("generateProjects must not be negative"));
    s.generateProjects(generate, now,
                       static_cast<quint32>(json.value(QLatin1String("seed")).toInt(20160101)));
    return s;
}

void SimScenario::generateProjects(int count, const QDateTime& now, quint32 seed)
{
    struct Pair
    {
        const char* source;
        const char* target;
    };
    static const Pair pairs[] = {
        {"oracle", "aurora-postgresql"},
        {"oracle", "postgres"},
        {"sqlserver", "aurora-postgresql"},
        {"sqlserver", "postgres"},
        {"sqlserver", "mysql"},
        {"oracle", "mysql"},
        {"mysql", "aurora-postgresql"},
        {"postgres", "mysql"},
        {"db2", "aurora-postgresql"},
        {"db2", "postgres"},
    };
    static const char* const teams[] = {"billing", "hr",     "crm",       "inventory", "payroll",
                                        "orders",  "ledger", "analytics", "logistics", "claims"};
    QRandomGenerator rng(seed);
    if (count > 0 && instanceProfiles.isEmpty()) {
        for (int i = 1; i <= 3; ++i) {
            SimInstanceProfile p;
            p.name = QStringLiteral("sc-profile-%1").arg(i);
            p.arn = arn(QStringLiteral("instance-profile"), p.name);
            p.availabilityZone = region + QLatin1Char(static_cast<char>('a' + i - 1));
            p.networkType = QStringLiteral("IPV4");
            p.publiclyAccessible = false;
            p.subnetGroupIdentifier = QStringLiteral("sc-subnets-%1").arg(i);
            p.vpcSecurityGroups << QStringLiteral("sg-0demo%1").arg(i, 4, 10, QLatin1Char('0'));
            p.creationTime = now.addDays(-90 + i);
            instanceProfiles << p;
        }
    }
    const int firstIndex = projects.size();
    for (int i = 0; i < count; ++i) {
        const Pair& pair = pairs[rng.bounded(int(std::size(pairs)))];
        const QString team = QLatin1String(teams[rng.bounded(int(std::size(teams)))]);
        const QString base = QStringLiteral("%1-%2-to-%3-%4")
                                 .arg(team, QLatin1String(pair.source), QLatin1String(pair.target))
                                 .arg(firstIndex + i + 1, 3, 10, QLatin1Char('0'));
        SimDataProvider src;
        src.name = base + QStringLiteral("-source");
        src.arn = arn(QStringLiteral("data-provider"), src.name);
        src.engine = QLatin1String(pair.source);
        src.serverName = team + QStringLiteral("-db%1.corp.example.com").arg(i + 1);
        src.port = defaultPort(src.engine);
        src.databaseName = team.toUpper();
        src.creationTime = now.addSecs(-qint64(rng.bounded(400 * 86400)) - 86400);
        SimDataProvider tgt;
        tgt.name = base + QStringLiteral("-target");
        tgt.arn = arn(QStringLiteral("data-provider"), tgt.name);
        tgt.engine = QLatin1String(pair.target);
        tgt.isVirtual = rng.bounded(10) == 0; // about one in ten targets is virtual, as in real accounts
        if (!tgt.isVirtual) {
            tgt.serverName =
                team + QStringLiteral("-%1.cluster-cdemo.%2.rds.amazonaws.com").arg(i + 1).arg(region);
            tgt.port = defaultPort(tgt.engine);
            tgt.databaseName = team;
        }
        tgt.creationTime = src.creationTime.addSecs(3600);
        dataProviders << src << tgt;

        SimProject p;
        p.name = base;
        p.arn = arn(QStringLiteral("migration-project"), p.name);
        p.creationTime = tgt.creationTime.addSecs(qint64(rng.bounded(86400)));
        p.sourceProviders << src.name;
        p.targetProviders << tgt.name;
        p.instanceProfile = instanceProfiles.at(int(rng.bounded(int(instanceProfiles.size())))).name;
        p.description = QStringLiteral("Generated %1 to %2 project").arg(src.engine, tgt.engine);
        p.s3BucketPath = QStringLiteral("s3://sc-demo-bucket/%1").arg(p.name);
        p.s3BucketRoleArn = QStringLiteral("arn:aws:iam::%1:role/dms-sc-s3-role").arg(accountId);
        p.secretsManagerSecretId =
            QStringLiteral("arn:aws:secretsmanager:%1:%2:secret:%3-secret").arg(region, accountId, p.name);
        p.secretsManagerAccessRoleArn =
            QStringLiteral("arn:aws:iam::%1:role/dms-sc-secrets-role").arg(accountId);
        p.totalObjects = 20 + rng.bounded(2000);
        projects << p;
    }
}

template <typename T>
const T* SimScenario::findIn(const QList<T>& list, QHash<QString, qsizetype>& index, qsizetype& indexed,
                             const QString& nameOrArn)
{
    if (indexed > list.size()) { // the scenario was replaced
        index.clear();
        indexed = 0;
    }
    for (; indexed < list.size(); ++indexed) {
        // First entry wins, as the linear search did.
        index.insert(list.at(indexed).arn, indexed);
        if (!index.contains(list.at(indexed).name))
            index.insert(list.at(indexed).name, indexed);
    }
    const auto it = index.constFind(nameOrArn);
    return it == index.constEnd() ? nullptr : &list.at(*it);
}

const SimDataProvider* SimScenario::findProvider(const QString& nameOrArn) const
{
    return findIn(dataProviders, m_providerIndex, m_providersIndexed, nameOrArn);
}

const SimInstanceProfile* SimScenario::findInstanceProfile(const QString& nameOrArn) const
{
    return findIn(instanceProfiles, m_profileIndex, m_profilesIndexed, nameOrArn);
}

const SimProject* SimScenario::findProject(const QString& nameOrArn) const
{
    return findIn(projects, m_projectIndex, m_projectsIndexed, nameOrArn);
}

namespace {

bool secretMatches(const SimSecret& s, const QString& id)
{
    // A partial ARN (without the six-character suffix) names the secret too, as in AWS.
    return id == s.name || id == s.arn || id == s.arn.left(s.arn.size() - 7);
}

bool keyMatches(const SimKmsKey& k, const QString& id)
{
    if (id == k.keyId || id == k.arn)
        return true;
    for (const QString& alias : k.aliases) {
        if (id == alias || id.endsWith(QLatin1Char(':') + alias))
            return true;
    }
    return false;
}

} // namespace

std::optional<SimBucket> SimScenario::findBucket(const QString& name) const
{
    for (const SimBucket& b : resources.buckets) {
        if (b.name == name)
            return b.exists ? std::optional<SimBucket>(b) : std::nullopt;
    }
    for (const SimProject& p : projects) {
        if (!name.isEmpty() && SimAccountResources::bucketOfPath(p.s3BucketPath) == name)
            return SimAccountResources::implicitBucket(name);
    }
    return std::nullopt;
}

std::optional<SimIamRole> SimScenario::findRole(const QString& nameOrArn) const
{
    const QString name = SimAccountResources::roleNameOfArn(nameOrArn);
    for (const SimIamRole& r : resources.roles) {
        if (r.name == name)
            return r.exists ? std::optional<SimIamRole>(r) : std::nullopt;
    }
    for (const SimProject& p : projects) {
        for (const QString& arn : {p.s3BucketRoleArn, p.secretsManagerAccessRoleArn}) {
            if (!arn.isEmpty() && SimAccountResources::roleNameOfArn(arn) == name)
                return SimAccountResources::implicitRole(arn, region, accountId, loadedAt);
        }
    }
    return std::nullopt;
}

std::optional<SimSecret> SimScenario::findSecret(const QString& idOrArn) const
{
    for (const SimSecret& s : resources.secrets) {
        if (secretMatches(s, idOrArn))
            return s.exists ? std::optional<SimSecret>(s) : std::nullopt;
    }
    for (const SimProject& p : projects) {
        if (p.secretsManagerSecretId.isEmpty())
            continue;
        const SimSecret s =
            SimAccountResources::implicitSecret(p.secretsManagerSecretId, region, accountId, loadedAt);
        if (secretMatches(s, idOrArn))
            return s;
    }
    return std::nullopt;
}

std::optional<SimKmsKey> SimScenario::findKey(const QString& keyIdArnOrAlias) const
{
    for (const SimKmsKey& k : resources.keys) {
        if (keyMatches(k, keyIdArnOrAlias))
            return k.exists ? std::optional<SimKmsKey>(k) : std::nullopt;
    }
    // Keys the secrets use exist and are enabled unless declared otherwise, and so does every
    // account's AWS managed key for Secrets Manager.
    QStringList used{SimAccountResources::defaultKmsKeyArn(region, accountId),
                     QStringLiteral("alias/aws/secretsmanager")};
    for (const SimSecret& s : resources.secrets)
        used << s.kmsKeyId;
    for (const QString& id : std::as_const(used)) {
        if (id.isEmpty())
            continue;
        const SimKmsKey k = SimAccountResources::implicitKey(id, region, accountId, loadedAt);
        if (keyMatches(k, keyIdArnOrAlias))
            return k;
    }
    return std::nullopt;
}

} // namespace dmsx
