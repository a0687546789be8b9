#include "SimFaultInjector.h"

#include "SimFaultCodes.h"
#include "base/FaultCodes.h"

#include <QJsonObject>

namespace dmsx {

Result<void> SimFaultInjector::setConfig(const QJsonValue& config)
{
    QJsonArray array;
    if (config.isObject())
        array = config.toObject().value(QLatin1String("faults")).toArray();
    else if (config.isArray())
        array = config.toArray();
    else if (!config.isNull() && !config.isUndefined())
        return Fault::make(FaultKind::Usage, SimFaultCode::InvalidFaultConfig,
                           QStringLiteral("expected {\"faults\":[...]} or an array"));
    static const QStringList types = {QStringLiteral("throttle"),      QStringLiteral("latency"),
                                      QStringLiteral("serverError"),   QStringLiteral("connectionReset"),
                                      QStringLiteral("truncatedBody"), QStringLiteral("html502"),
                                      QStringLiteral("repeatMarker"),  QStringLiteral("endlessMarkers"),
                                      QStringLiteral("pageSize"),      QStringLiteral("emptyAnswer")};
    QList<Rule> rules;
    for (const QJsonValue& v : std::as_const(array)) {
        const QJsonObject o = v.toObject();
        Rule r;
        r.type = o.value(QLatin1String("type")).toString();
        if (!types.contains(r.type))
            return Fault::make(FaultKind::Usage, SimFaultCode::InvalidFaultConfig,
                               QStringLiteral("unknown fault type '%1'").arg(r.type));
        const QJsonValue ops = o.value(QLatin1String("operations"));
        const QJsonArray opsArray = ops.isString() ? QJsonArray{ops} : ops.toArray();
        for (const QJsonValue& op : opsArray)
            r.operations << op.toString();
        r.after = o.value(QLatin1String("after")).toInt(0);
        r.count = o.value(QLatin1String("count")).toInt(-1);
        r.everyNth = o.value(QLatin1String("everyNth")).toInt(0);
        r.probability = o.value(QLatin1String("probability")).toDouble(0);
        r.rng.seed(static_cast<quint32>(o.value(QLatin1String("seed")).toInt(1)));
        r.retryAfterMs = o.value(QLatin1String("retryAfterMs")).toInteger(-1);
        r.ms = o.value(QLatin1String("ms")).toInt(0);
        r.processed = o.value(QLatin1String("processed")).toBool(true);
        r.records = qBound(1, o.value(QLatin1String("records")).toInt(1), 100);
        if (r.type == u"throttle") {
            r.status = o.value(QLatin1String("status")).toInt(400);
            r.code = o.value(QLatin1String("code")).toString(FaultCode::ThrottlingException);
            r.message = o.value(QLatin1String("message")).toString(QStringLiteral("Rate exceeded"));
        } else if (r.type == u"serverError") {
            r.status = o.value(QLatin1String("status")).toInt(500);
            r.code = o.value(QLatin1String("code"))
                         .toString(r.status == 503 ? FaultCode::ServiceUnavailableException
                                                   : FaultCode::InternalFailure);
            r.message = o.value(QLatin1String("message"))
                            .toString(r.status == 503 ? QStringLiteral("Service is unavailable")
                                                      : QStringLiteral("An internal error occurred"));
        }
        rules << r;
    }
    m_rules = rules;
    m_config = config.isNull() || config.isUndefined() ? QJsonValue(QJsonArray()) : QJsonValue(array);
    return {};
}

SimFaultDecision SimFaultInjector::decide(const QString& operation)
{
    SimFaultDecision d;
    for (Rule& r : m_rules) {
        if (!r.operations.isEmpty() && !r.operations.contains(operation))
            continue;
        ++r.matched;
        if (r.matched <= r.after || (r.count >= 0 && r.fired >= r.count))
            continue;
        if (r.type == u"latency") {
            ++r.fired;
            d.latencyMs += r.ms;
            if (d.rule.isEmpty())
                d.rule = r.type;
            continue;
        }
        if (d.action != SimFaultDecision::Action::None)
            continue; // the first firing rule answers; later ones still count the request
        bool fire = true;
        if (r.type == u"throttle") {
            if (r.everyNth > 0)
                fire = (r.matched - r.after) % r.everyNth == 0;
            else if (r.probability > 0)
                fire = r.rng.generateDouble() < r.probability;
        }
        if (!fire)
            continue;
        ++r.fired;
        d.rule = r.type;
        d.status = r.status;
        d.code = r.code;
        d.message = r.message;
        d.retryAfterMs = r.retryAfterMs;
        d.processed = r.processed;
        d.records = r.records;
        if (r.type == u"throttle" || r.type == u"serverError")
            d.action = SimFaultDecision::Action::Error;
        else if (r.type == u"connectionReset")
            d.action = SimFaultDecision::Action::ConnectionReset;
        else if (r.type == u"truncatedBody")
            d.action = SimFaultDecision::Action::TruncatedBody;
        else if (r.type == u"repeatMarker")
            d.action = SimFaultDecision::Action::RepeatMarker;
        else if (r.type == u"endlessMarkers")
            d.action = SimFaultDecision::Action::EndlessMarkers;
        else if (r.type == u"pageSize")
            d.action = SimFaultDecision::Action::PageSize;
        else if (r.type == u"emptyAnswer")
            d.action = SimFaultDecision::Action::EmptyAnswer;
        else
            d.action = SimFaultDecision::Action::Html502;
    }
    return d;
}

} // namespace dmsx
