// Region and endpoint handling: the DMS endpoint rule set with each FIPS/dual-stack choice, a
// custom endpoint URL (the second part, after a line "----"), the STS endpoint and the settings
// check of an endpoint URL.
#include "FuzzInput.h"
#include "config/AppSettings.h"
#include "config/EndpointResolver.h"
#include "config/Partition.h"
#include "credentials/StsClient.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    const QList<QByteArray> parts = input.parts();
    const QString region = QString::fromUtf8(parts.value(0));
    const QString endpoint = QString::fromUtf8(parts.value(1));

    for (int flags = 0; flags < 4; ++flags) {
        EndpointParams params;
        params.region = region;
        params.useFips = flags & 1;
        params.useDualStack = flags & 2;
        const Result<ResolvedEndpoint> resolved = EndpointResolver::resolve(params);
        if (resolved.ok())
            (void)resolved.value().hostHeader();
        params.endpoint = endpoint;
        const Result<ResolvedEndpoint> custom = EndpointResolver::resolve(params);
        if (custom.ok())
            (void)custom.value().hostHeader();
    }
    (void)EndpointResolver::preprocessRegion(region);
    (void)EndpointResolver::isValidHostLabel(region);
    (void)EndpointResolver::withoutPassword(endpoint);
    (void)EndpointResolver::isLoopbackHost(region);
    (void)Partition::forRegion(region);
    (void)StsClient::regionalEndpoint(region);
    (void)AppSettings::endpointUrlProblem(endpoint);
    return 0;
}
