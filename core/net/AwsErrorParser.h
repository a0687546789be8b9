#pragma once

#include "base/Fault.h"
#include "sigv4/HttpRequestData.h"

#include <QByteArray>
#include <QDateTime>

namespace dmsx {

// Turns an awsJson 1.1 error response into a Fault the way the JS SDK reads it (docs/protocol.md §4.1).
class AwsErrorParser
{
public:
    // Code: body __type, else a body key equal to "code" in any case, else the x-amzn-ErrorType
    // header, cleaned up (cut at ',', then ':', keep what follows '#'); "Unknown" when there is none.
    // A body that is not JSON gives kind Protocol, code "NonJsonResponse", status kept.
    // Also fills message (redacted), httpStatus, requestId, rawBody, retryAfterMs, serverTime and
    // detail (extra members such as resourceArn). `now` stamps the fault and turns an HTTP-date
    // Retry-After into a delay.
    static Fault parse(int httpStatus, const HeaderList& headers, const QByteArray& body,
                       const QDateTime& now);

    // The clean-up of step 2 of docs/protocol.md §4.1, exposed for the transport and tests.
    static QString sanitizeErrorCode(const QString& raw);
    // True for the codes by which AWS (DMS or STS) refuses the keys themselves: expired, unknown or
    // wrongly signed. They are the user's credentials to fix, as much as missing ones are.
    static bool rejectsCredentials(const QString& code);
    // First header with this name, case-insensitively; empty when absent.
    static QByteArray headerValue(const HeaderList& headers, const QByteArray& name);
    static bool hasHeader(const HeaderList& headers, const QByteArray& name);
    static QString requestIdFrom(const HeaderList& headers);
    // x-amz-retry-after (ms), else Retry-After (seconds or HTTP-date relative to now); -1 if none.
    static qint64 retryAfterMsFrom(const HeaderList& headers, const QDateTime& now);
};

} // namespace dmsx
