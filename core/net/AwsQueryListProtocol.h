#pragma once

#include "net/AwsQueryProtocol.h"

namespace dmsx {

// awsQuery as IAM speaks it, where answers hold lists: like AwsQueryProtocol, but each list
// element <member> is numbered in its key ("SimulatePrincipalPolicyResult/EvaluationResults/
// member.2/EvalDecision"), so no element of a list is lost.
class AwsQueryListProtocol : public AwsQueryProtocol
{
public:
    using AwsQueryProtocol::AwsQueryProtocol;
    Result<QJsonObject> parseSuccess(const QByteArray& body, const HeaderList& headers) const override;

    // The document flattened with numbered members; nullopt when it is not well-formed XML.
    static std::optional<QHash<QString, QString>> flattenLists(const QByteArray& xml);
};

} // namespace dmsx
