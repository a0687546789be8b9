#pragma once

#include "base/Result.h"
#include "config/Partition.h"

#include <QString>
#include <QUrl>

namespace dmsx {

// Inputs of the DMS endpoint rule set (docs/protocol.md §2.1).
struct EndpointParams
{
    QString region; // as configured; may carry a "fips-" prefix or "-fips" suffix
    bool useFips = false;
    bool useDualStack = false;
    QString endpoint; // custom endpoint URL; empty means "use the rule set"
};

// Where to send a request and how to sign it.
struct ResolvedEndpoint
{
    QUrl url;              // https://dms.us-east-1.amazonaws.com, or the custom URL as given
    QString host;          // host name only, no port
    QString signingRegion; // the configured region (after fips stripping), even with a custom endpoint
    QString signingName = QStringLiteral("dms");
    QString partitionId; // partition of the signing region; empty if no region was given
    bool custom = false; // true when url came from a custom endpoint
    bool fips = false;   // effective FIPS flag (explicit or implied by the region name)
    bool dualStack = false;

    // Value of the Host header: the host plus the port when it is not the scheme's default,
    // which is what the signer must sign.
    QString hostHeader() const;
};

// A region after the docs/protocol.md §2.1 pre-processing.
struct PreprocessedRegion
{
    QString region; // the real region, e.g. "us-east-1" for "us-east-1-fips"
    bool impliesFips = false;
};

// The DMS endpoint rule set of docs/protocol.md §2.2, evaluated in its documented order.
// Failures are Configuration faults whose message is the rule set's own error text, so
// users can search for it.
class EndpointResolver
{
public:
    // partitions is replaceable only so tests can reach the "not supported" rules.
    static Result<ResolvedEndpoint> resolve(const EndpointParams& params,
                                            const QList<Partition>& partitions = Partition::all());

    // "fips-" / "-fips" handling and the host-label check; an empty region stays empty.
    static Result<PreprocessedRegion> preprocessRegion(const QString& region);

    // RFC 1123 host label: 1-63 letters, digits or '-', neither starting nor ending with '-'.
    static bool isValidHostLabel(const QString& label);

    // The URL as it may be shown or logged: a password in it ("http://u:pw@host") is masked. Works
    // on text that is not a valid URL too, since error messages quote what was given.
    static QString withoutPassword(const QString& url);
    // 127.0.0.0/8, ::1 or "localhost": where plain http:// never leaves the computer.
    static bool isLoopbackHost(const QString& host);
};

} // namespace dmsx
