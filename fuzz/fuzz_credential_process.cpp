// What a credential_process program prints on stdout (the AWS CLI's JSON document, Version 1),
// and the credential_process command line itself as ~/.aws/config gives it.
#include "FuzzInput.h"
#include "credentials/ProcessCredentialSource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    (void)ProcessCredentialSource::parseOutput(input.bytes(), QStringLiteral("fuzz"));
    (void)ProcessCredentialSource::splitCommand(QString::fromUtf8(input.bytes()));
    return 0;
}
