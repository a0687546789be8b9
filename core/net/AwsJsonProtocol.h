#pragma once

#include "net/AwsProtocol.h"

namespace dmsx {

// awsJson 1.1 (docs/protocol.md §1, §5): the input as a compact JSON body, the operation in
// X-Amz-Target, JSON answers and JSON error documents.
class AwsJsonProtocol : public AwsProtocol
{
public:
    explicit AwsJsonProtocol(QString targetPrefix);

    Request buildRequest(const QString& operation, const QJsonObject& input) const override;
    Result<QJsonObject> parseSuccess(const QByteArray& body, const HeaderList& headers) const override;
    Fault parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                     const QDateTime& receivedAt) const override;

private:
    QString m_targetPrefix;
};

} // namespace dmsx
