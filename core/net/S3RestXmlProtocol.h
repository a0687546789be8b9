#pragma once

#include "net/AwsProtocol.h"

#include <QHash>

#include <optional>

namespace dmsx {

// S3's REST-XML protocol for the bucket reads the prerequisite checks make (docs/protocol.md
// §2.8): a signed GET of the bucket's sub-resource (?versioning, ?location), the payload hash in
// x-amz-content-sha256, the path signed as it is. The bucket is in the endpoint the transport is
// given (virtual-hosted: https://BUCKET.s3.REGION.amazonaws.com, path style: .../BUCKET).
// A success document becomes a flat object: the root's own text under the root's name
// ("LocationConstraint"), each element below it under its path ("Status"), and the
// x-amz-bucket-region header as "BucketRegion".
class S3RestXmlProtocol : public AwsProtocol
{
public:
    Request buildRequest(const QString& operation, const QJsonObject& input) const override;
    Result<QJsonObject> parseSuccess(const QByteArray& body, const HeaderList& headers) const override;
    Fault parseError(int httpStatus, const HeaderList& headers, const QByteArray& body,
                     const QDateTime& receivedAt) const override;
    bool normalizesPath() const override { return false; }
    bool signsPayloadHash() const override { return true; }

    // The document as parseSuccess flattens it; nullopt when it is not well-formed XML.
    static std::optional<QHash<QString, QString>> flatten(const QByteArray& xml);
    // An S3 error (<Error><Code>...), or one made from the status when the body has none (HEAD,
    // a 301 without a document). The bucket's region, from x-amz-bucket-region or the document's
    // <Region>, goes in `detail` as "region REGION" (bucketRegionOf reads it back).
    static Fault parseErrorDocument(int httpStatus, const HeaderList& headers, const QByteArray& body);
    // The bucket's region an S3 error named; empty when it named none.
    static QString bucketRegionOf(const Fault& fault);
};

} // namespace dmsx
