#pragma once

#include "SimAuthVerifier.h"
#include "SimCallContext.h"
#include "SimReply.h"
#include "sigv4/HttpRequestData.h"

#include <QJsonObject>
#include <QString>

namespace dmsx {

// S3 in the simulator: GetBucketVersioning (GET /?versioning) and GetBucketLocation (GET /?location)
// over REST-XML, virtual-hosted (Host bucket.s3.REGION.amazonaws.com or bucket.localhost) or path
// style (/bucket?versioning), SigV4 with service "s3" and x-amz-content-sha256, S3's XML errors and
// x-amz-bucket-region, from the scenario's buckets (sim/README.md, docs/protocol.md §10.1).
class SimS3Service
{
public:
    // Signed for "s3", or an unsigned GET that asks ?versioning or ?location.
    static bool accepts(const HttpRequestData& request);

    // Fills `log` with what the request log may show (never a secret).
    SimReply handle(const HttpRequestData& request, const SimCallContext& context, QJsonObject* log) const;

    // <Error><Code/><Message/>...<RequestId/><HostId/></Error>, with S3's request id headers.
    static SimReply error(int status, const QString& code, const QString& message, const QString& requestId,
                          const QByteArray& extraXml = QByteArray());

private:
    SimAuthVerifier m_verifier;
};

} // namespace dmsx
