// STS answers (awsQuery, XML): success documents flattened to element paths, error documents
// into Faults, through StsClient and the awsQuery protocol it sends with.
#include "FuzzInput.h"
#include "credentials/StsClient.h"
#include "net/AwsQueryProtocol.h"

#include <QDateTime>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const fuzz::FuzzInput::Response r = input.response();
    (void)StsClient::flatten(input.bytes());
    (void)StsClient::parseError(r.status, r.body);
    static const AwsQueryProtocol protocol(QStringLiteral("2011-06-15"));
    (void)protocol.parseSuccess(r.body, r.headers);
    (void)protocol.parseError(r.status, r.headers, r.body,
                              QDateTime::fromSecsSinceEpoch(1767962400, Qt::UTC));
    return 0;
}
