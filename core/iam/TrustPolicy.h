#pragma once

#include "base/Result.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace dmsx {

// A role's trust policy (its AssumeRolePolicyDocument), read as far as the prerequisite checks
// need: which service principals an Allow statement lets call sts:AssumeRole, and whether a Deny
// takes that away. Conditions are not evaluated; a statement with one still counts.
class TrustPolicy
{
public:
    // The JSON text (already URL-decoded); a Protocol fault when it is not a policy document.
    static Result<TrustPolicy> parse(const QString& json);

    // The service principals AWS documents for DMS Schema Conversion in `region`'s partition
    // (docs/protocol.md §2.8): dms.amazonaws.com and dms.<region>.<dnsSuffix>.
    static QStringList dmsPrincipals(const QString& region);
    // Whether DMS may assume the role: one of dmsPrincipals (or "*") is allowed sts:AssumeRole and
    // not denied it.
    bool trustsDms(const QString& region) const;
    // Every service principal an Allow statement names, for the finding's words.
    QStringList allowedServices() const;

private:
    QJsonArray m_statements;
};

} // namespace dmsx
