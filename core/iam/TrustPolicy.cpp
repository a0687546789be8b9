#include "iam/TrustPolicy.h"

#include "base/FaultCodes.h"
#include "config/Partition.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace dmsx {

namespace {

QStringList stringsOf(const QJsonValue& v)
{
    QStringList out;
    if (v.isString())
        out << v.toString();
    else if (v.isArray())
        for (const QJsonValue& e : v.toArray())
            if (e.isString())
                out << e.toString();
    return out;
}

bool coversAssumeRole(const QJsonObject& statement)
{
    for (const QString& a : stringsOf(statement.value(QLatin1String("Action")))) {
        const QString action = a.toLower();
        if (action == u"*" || action == u"sts:*" || action == u"sts:assumerole")
            return true;
    }
    return false;
}

// The principals a statement names: "*" for everyone, else its Service entries.
QStringList principalsOf(const QJsonObject& statement)
{
    const QJsonValue principal = statement.value(QLatin1String("Principal"));
    if (principal.isString())
        return principal.toString() == u"*" ? QStringList{QStringLiteral("*")} : QStringList();
    const QJsonObject o = principal.toObject();
    QStringList out = stringsOf(o.value(QLatin1String("Service")));
    if (stringsOf(o.value(QLatin1String("AWS"))).contains(QStringLiteral("*")))
        out << QStringLiteral("*");
    return out;
}

} // namespace

Result<TrustPolicy> TrustPolicy::parse(const QString& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        Fault f = Fault::make(FaultKind::Protocol, FaultCode::InvalidResponse,
                              QStringLiteral("The role's trust policy is not a JSON policy document"));
        return f;
    }
    const QJsonValue statements = doc.object().value(QLatin1String("Statement"));
    TrustPolicy policy;
    if (statements.isArray())
        policy.m_statements = statements.toArray();
    else if (statements.isObject())
        policy.m_statements = QJsonArray{statements};
    return policy;
}

QStringList TrustPolicy::dmsPrincipals(const QString& region)
{
    const Partition& p = Partition::forRegion(region);
    QStringList out{QStringLiteral("dms.amazonaws.com")};
    if (!region.isEmpty())
        out << QStringLiteral("dms.") + region + u'.' + p.dnsSuffix;
    if (p.dnsSuffix != QLatin1String("amazonaws.com"))
        out << QStringLiteral("dms.") + p.dnsSuffix;
    return out;
}

bool TrustPolicy::trustsDms(const QString& region) const
{
    const QStringList dms = dmsPrincipals(region);
    bool allowed = false;
    for (const QJsonValue& v : m_statements) {
        const QJsonObject s = v.toObject();
        if (!coversAssumeRole(s))
            continue;
        bool names = false;
        for (const QString& principal : principalsOf(s))
            if (principal == u"*" || dms.contains(principal, Qt::CaseInsensitive))
                names = true;
        if (!names)
            continue;
        const QString effect = s.value(QLatin1String("Effect")).toString();
        if (effect == u"Deny")
            return false; // a Deny wins over any Allow
        if (effect == u"Allow")
            allowed = true;
    }
    return allowed;
}

QStringList TrustPolicy::allowedServices() const
{
    QStringList out;
    for (const QJsonValue& v : m_statements) {
        const QJsonObject s = v.toObject();
        if (s.value(QLatin1String("Effect")).toString() == u"Allow" && coversAssumeRole(s))
            for (const QString& p : principalsOf(s))
                if (!out.contains(p))
                    out << p;
    }
    return out;
}

} // namespace dmsx
