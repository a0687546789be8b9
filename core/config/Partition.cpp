#include "config/Partition.h"

#include <QRegularExpression>

#include <vector>

namespace dmsx {

namespace {

QList<Partition> buildTable()
{
    // Source: JS @aws-sdk/core 3.981.1 partitions.js (reproduced in docs/protocol.md §2.3/§2.5).
    // Regexes keep the JavaScript spelling; QRegularExpression without
    // UseUnicodePropertiesOption treats \w as ASCII, exactly like JavaScript.
    QList<Partition> t;
    t.append({QStringLiteral("aws"),
              QStringLiteral(R"(^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$)"),
              QStringLiteral("amazonaws.com"),
              QStringLiteral("api.aws"),
              true,
              true,
              {QStringLiteral("af-south-1"),     QStringLiteral("ap-east-1"),
               QStringLiteral("ap-east-2"),      QStringLiteral("ap-northeast-1"),
               QStringLiteral("ap-northeast-2"), QStringLiteral("ap-northeast-3"),
               QStringLiteral("ap-south-1"),     QStringLiteral("ap-south-2"),
               QStringLiteral("ap-southeast-1"), QStringLiteral("ap-southeast-2"),
               QStringLiteral("ap-southeast-3"), QStringLiteral("ap-southeast-4"),
               QStringLiteral("ap-southeast-5"), QStringLiteral("ap-southeast-6"),
               QStringLiteral("ap-southeast-7"), QStringLiteral("ca-central-1"),
               QStringLiteral("ca-west-1"),      QStringLiteral("eu-central-1"),
               QStringLiteral("eu-central-2"),   QStringLiteral("eu-north-1"),
               QStringLiteral("eu-south-1"),     QStringLiteral("eu-south-2"),
               QStringLiteral("eu-west-1"),      QStringLiteral("eu-west-2"),
               QStringLiteral("eu-west-3"),      QStringLiteral("il-central-1"),
               QStringLiteral("me-central-1"),   QStringLiteral("me-south-1"),
               QStringLiteral("me-west-1"),      QStringLiteral("mx-central-1"),
               QStringLiteral("sa-east-1"),      QStringLiteral("sa-west-1"),
               QStringLiteral("us-east-1"),      QStringLiteral("us-east-2"),
               QStringLiteral("us-west-1"),      QStringLiteral("us-west-2")}});
    t.append({QStringLiteral("aws-cn"),
              QStringLiteral(R"(^cn\-\w+\-\d+$)"),
              QStringLiteral("amazonaws.com.cn"),
              QStringLiteral("api.amazonwebservices.com.cn"),
              true,
              true,
              {QStringLiteral("cn-north-1"), QStringLiteral("cn-northwest-1")}});
    t.append({QStringLiteral("aws-eusc"),
              QStringLiteral(R"(^eusc\-(de)\-\w+\-\d+$)"),
              QStringLiteral("amazonaws.eu"),
              QStringLiteral("api.amazonwebservices.eu"),
              true,
              true,
              {QStringLiteral("eusc-de-east-1")}});
    t.append({QStringLiteral("aws-iso"),
              QStringLiteral(R"(^us\-iso\-\w+\-\d+$)"),
              QStringLiteral("c2s.ic.gov"),
              QStringLiteral("api.aws.ic.gov"),
              true,
              true,
              {QStringLiteral("us-iso-east-1"), QStringLiteral("us-iso-west-1")}});
    t.append({QStringLiteral("aws-iso-b"),
              QStringLiteral(R"(^us\-isob\-\w+\-\d+$)"),
              QStringLiteral("sc2s.sgov.gov"),
              QStringLiteral("api.aws.scloud"),
              true,
              true,
              {QStringLiteral("us-isob-east-1"), QStringLiteral("us-isob-west-1")}});
    t.append({QStringLiteral("aws-iso-e"),
              QStringLiteral(R"(^eu\-isoe\-\w+\-\d+$)"),
              QStringLiteral("cloud.adc-e.uk"),
              QStringLiteral("api.cloud-aws.adc-e.uk"),
              true,
              true,
              {QStringLiteral("eu-isoe-west-1")}});
    t.append({QStringLiteral("aws-iso-f"),
              QStringLiteral(R"(^us\-isof\-\w+\-\d+$)"),
              QStringLiteral("csp.hci.ic.gov"),
              QStringLiteral("api.aws.hci.ic.gov"),
              true,
              true,
              {QStringLiteral("us-isof-east-1"), QStringLiteral("us-isof-south-1")}});
    t.append({QStringLiteral("aws-us-gov"),
              QStringLiteral(R"(^us\-gov\-\w+\-\d+$)"),
              QStringLiteral("amazonaws.com"),
              QStringLiteral("api.aws"),
              true,
              true,
              {QStringLiteral("us-gov-east-1"), QStringLiteral("us-gov-west-1")}});
    return t;
}

// Compiled once, in table order, so forRegion() does not rebuild regexes on every call.
const std::vector<QRegularExpression>& compiledRegexes()
{
    static const std::vector<QRegularExpression> regexes = [] {
        std::vector<QRegularExpression> v;
        for (const Partition& p : Partition::all())
            v.emplace_back(p.regionRegex);
        return v;
    }();
    return regexes;
}

} // namespace

bool Partition::hasRegion(const QString& region) const
{
    return region == globalRegion() || regions.contains(region);
}

const QList<Partition>& Partition::all()
{
    static const QList<Partition> table = buildTable();
    return table;
}

const Partition* Partition::byId(const QString& id)
{
    for (const Partition& p : all()) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

const Partition& Partition::forRegion(const QString& region, const QList<Partition>& table)
{
    for (const Partition& p : table) {
        if (p.hasRegion(region))
            return p;
    }
    const bool builtIn = &table == &all();
    for (qsizetype i = 0; i < table.size(); ++i) {
        const bool matched = builtIn ? compiledRegexes().at(size_t(i)).match(region).hasMatch()
                                     : QRegularExpression(table.at(i).regionRegex).match(region).hasMatch();
        if (matched)
            return table.at(i);
    }
    for (const Partition& p : table) {
        if (p.id == u"aws")
            return p;
    }
    return *byId(QStringLiteral("aws"));
}

} // namespace dmsx
