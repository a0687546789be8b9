#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace dmsx {

// One AWS partition as the endpoint rules see it (docs/protocol.md §2.3). The table is compiled in
// because the SDKs ship it the same way: a new region of a known partition still resolves
// through the regex, so the table only needs updating for a new partition.
struct Partition
{
    QString id;                 // "aws", "aws-cn", ...
    QString regionRegex;        // JavaScript syntax, anchored
    QString dnsSuffix;          // "amazonaws.com"
    QString dualStackDnsSuffix; // "api.aws"
    bool supportsFips = true;
    bool supportsDualStack = true;
    QStringList regions; // real regions only, for pickers; the "<id>-global" pseudo-region is not listed

    // The "<id>-global" pseudo-region every partition has (DMS does not use it, but it still
    // maps onto its partition).
    QString globalRegion() const { return id + QStringLiteral("-global"); }
    bool hasRegion(const QString& region) const;

    // Every partition in lookup order.
    static const QList<Partition>& all();
    // The partition with this id, or nullptr.
    static const Partition* byId(const QString& id);
    // The lookup of docs/protocol.md §2.3: exact region list match, then the first regex match in table
    // order, else "aws". Never fails: an unknown region is assumed to be commercial.
    // Another table can be passed so tests can reach rules today's data never triggers.
    static const Partition& forRegion(const QString& region, const QList<Partition>& table = all());
};

} // namespace dmsx
