// Timestamps from the wire: RFC 3339 as DMS and STS write them, epoch seconds (awsJson), HTTP
// dates (Date, Retry-After) and the SSO cache's expiresAt forms. A time that parses must also
// come back unchanged from AwsTime's own format (abort() otherwise).
#include "FuzzInput.h"
#include "base/AwsTime.h"
#include "credentials/SsoTokenCache.h"
#include "net/ClockSkewTracker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QString text = QString::fromUtf8(input.bytes());

    const QDateTime t = AwsTime::parseIso8601(text);
    if (t.isValid()) {
        const QDateTime again = AwsTime::parseIso8601(AwsTime::formatIso8601(t));
        if (again != t) {
            std::fprintf(stderr, "AwsTime round trip changed the time\n");
            std::abort();
        }
    }
    (void)ClockSkewTracker::parseHttpDate(input.bytes());
    (void)SsoTokenCache::parseExpiresAt(text);
    if (size == sizeof(double)) {
        double seconds = 0;
        std::memcpy(&seconds, data, sizeof seconds);
        (void)AwsTime::fromEpochSeconds(seconds);
    }
    // A JSON scalar as a member would carry it: a number or a string.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + input.bytes() + "]");
    if (doc.isArray() && !doc.array().isEmpty())
        (void)AwsTime::fromJson(doc.array().first());
    return 0;
}
