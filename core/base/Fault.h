#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace dmsx {

// What kind of failure a Fault is; decides the CLI exit code and how the UI presents it.
enum class FaultKind
{
    Service,           // AWS (or the simulator) answered with an error document
    Transport,         // connection, DNS, TLS, proxy, timeout: no usable answer
    Protocol,          // an answer came but could not be understood (HTML, truncated, not JSON)
    Credentials,       // no or unusable credentials
    Configuration,     // endpoint/region/config problems found before sending
    Usage,             // the caller asked for something impossible
    Cancelled,         // the user cancelled
    AssociationFailed, // the extension pack request itself ended FAILED or CANCELED
};

// An error as a value. Carries everything support needs; the words shown to people
// live in FaultCatalogue, not here.
struct Fault
{
    FaultKind kind = FaultKind::Service;
    QString code;    // AWS error code (cleaned) or one of ours; the known ones are in base/FaultCodes.h
    QString message; // message as received, already redacted
    int httpStatus = 0;
    QString requestId;  // x-amzn-RequestId
    QString operation;  // e.g. "StartExtensionPackAssociation"
    QString endpoint;   // host[:port] the request went to
    QDateTime time;     // when the fault was observed (UTC)
    int attempts = 0;   // attempts made for the logical call
    QString detail;     // extra diagnostic (TLS certificate subject/issuer, proxy, …)
    QByteArray rawBody; // the raw response body (diagnostics only; redacted before display)
    bool requestMayHaveBeenProcessed = false; // true when a non-idempotent call's outcome is ambiguous
    bool requestWasSent = true; // false when the failure happened before any byte reached the server
    qint64 retryAfterMs = -1;   // server hint (x-amz-retry-after ms, or Retry-After), -1 if none
    QDateTime serverTime;       // from the response Date header (or ServerTime member), if any
    // A sign-in fault of an IAM Identity Center profile the app stores (not in ~/.aws/config, so
    // no command line can sign it in): the advice is the window's "Sign in", `detail` the profile.
    bool appSsoProfile = false;

    static Fault make(FaultKind kind, const QString& code, const QString& message = QString())
    {
        Fault f;
        f.kind = kind;
        f.code = code;
        f.message = message;
        f.time = QDateTime::currentDateTimeUtc();
        return f;
    }
};

} // namespace dmsx
