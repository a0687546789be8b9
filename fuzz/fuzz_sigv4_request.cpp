// A raw HTTP request as `dms-extpack-cli sigv4 sign` reads it on stdin (the SigV4 test suite's
// form), then signed as the command signs it: time from X-Amz-Date, each signing variant.
#include "FuzzInput.h"
#include "base/Redactor.h"
#include "sigv4/HttpRequestData.h"
#include "sigv4/SigV4Signer.h"

#include <QTimeZone>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    HttpRequestData request;
    QString error;
    if (!HttpRequestData::parse(input.bytes(), &request, &error))
        return 0;

    SigningParams params;
    params.service = QStringLiteral("dms");
    params.region = QStringLiteral("us-east-1");
    params.credentials.accessKeyId = QStringLiteral("AKIDEXAMPLE");
    params.credentials.secretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    params.time = QDateTime::fromString(QString::fromLatin1(request.header("x-amz-date")),
                                        QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    params.time.setTimeZone(QTimeZone::utc());
    if (!params.time.isValid())
        params.time = QDateTime::fromSecsSinceEpoch(1440938160, Qt::UTC);

    static const SigV4Signer signer;
    for (int variant = 0; variant < 4; ++variant) {
        params.normalizePath = variant & 1;
        params.signBody = variant & 2;
        params.credentials.sessionToken =
            variant == 3 ? QStringLiteral("FQoGZXIvYXdzEXAMPLETOKEN") : QString();
        const SigningOutput out = signer.sign(request, params);
        (void)Redactor::redact(QString::fromUtf8(out.canonicalRequest));
    }
    return 0;
}
