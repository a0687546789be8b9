// AWS error answers (awsJson 1.1, docs/protocol.md §4.1): code, message, request id, Retry-After
// and the server's Date, as AwsErrorParser and the awsJson protocol read them.
#include "FuzzInput.h"
#include "net/AwsErrorParser.h"
#include "net/AwsJsonProtocol.h"
#include "net/ClockSkewTracker.h"

#include <QDateTime>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const fuzz::FuzzInput::Response r = input.response();
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1767962400, Qt::UTC);

    static const AwsJsonProtocol protocol(QStringLiteral("AmazonDMSv20160101"));
    (void)protocol.parseError(r.status, r.headers, r.body, now);
    (void)AwsErrorParser::parse(r.status, r.headers, r.body, QDateTime());
    (void)AwsErrorParser::retryAfterMsFrom(r.headers, now);
    (void)AwsErrorParser::requestIdFrom(r.headers);
    (void)AwsErrorParser::sanitizeErrorCode(QString::fromUtf8(r.body));
    (void)ClockSkewTracker::parseHttpDate(AwsErrorParser::headerValue(r.headers, "date"));
    (void)protocol.parseSuccess(r.body, r.headers);
    return 0;
}
