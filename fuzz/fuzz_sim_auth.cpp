// dms-sim's signature check on a raw request (the SigV4 test suite's form): the Authorization
// header, credential scope, X-Amz-Date skew and the recomputed signature, for DMS and STS, as
// SimAuthVerifier answers every request it serves.
#include "FuzzInput.h"
#include "SimAuthVerifier.h"
#include "SimScenario.h"
#include "sigv4/HttpRequestData.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    HttpRequestData request;
    QString error;
    if (!HttpRequestData::parse(input.bytes(), &request, &error))
        return 0;

    static const QList<SimKeyPair> keys = [] {
        SimKeyPair key;
        key.credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
        key.credentials.secretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        SimKeyPair temporary;
        temporary.credentials.accessKeyId = QStringLiteral("ASIAEXAMPLETEMPORARY");
        temporary.credentials.secretAccessKey = QStringLiteral("TemporarySecretKeyEXAMPLE0000000000000000");
        temporary.credentials.sessionToken = QStringLiteral("FQoGZXIvYXdzEXAMPLETOKEN");
        return QList<SimKeyPair>{key, temporary};
    }();
    static const SimAuthVerifier verifier;
    // The seeds are signed at 2015-08-30T12:36:00Z, the SigV4 suite's time.
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1440938160, Qt::UTC);
    (void)verifier.verify(request, keys, QStringLiteral("us-east-1"), now);
    (void)verifier.verify(request, keys, QStringLiteral("us-east-1"), now, QStringLiteral("sts"));
    // The suite signs for the service "service": the seeds reach the signature comparison.
    (void)verifier.verify(request, keys, QStringLiteral("us-east-1"), now, QStringLiteral("service"));
    return 0;
}
