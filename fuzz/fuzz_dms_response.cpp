// DMS answers (awsJson 1.1 success bodies) down to the model classes: the protocol's JSON
// check, then every Describe* parser of DmsClient and each model's fromJson on the same object.
#include "FuzzInput.h"
#include "dms/DmsClient.h"
#include "dms/model/DataProvider.h"
#include "dms/model/ErrorDetails.h"
#include "dms/model/InstanceProfile.h"
#include "dms/model/MigrationProject.h"
#include "dms/model/Progress.h"
#include "dms/model/SchemaConversionRequest.h"
#include "net/AwsJsonProtocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace dmsx;
    const fuzz::FuzzInput input(data, size);
    static const AwsJsonProtocol protocol(QStringLiteral("AmazonDMSv20160101"));
    const Result<QJsonObject> parsed = protocol.parseSuccess(input.bytes(), {});
    if (!parsed.ok())
        return 0;
    const QJsonObject& o = parsed.value();
    (void)DmsClient::parseMigrationProjects(o);
    (void)DmsClient::parseDataProviders(o);
    (void)DmsClient::parseInstanceProfiles(o);
    (void)DmsClient::parseExtensionPackAssociations(o);
    (void)MigrationProject::fromJson(o);
    (void)DataProvider::fromJson(o);
    (void)InstanceProfile::fromJson(o);
    const SchemaConversionRequest request = SchemaConversionRequest::fromJson(o);
    (void)SchemaConversionRequest::stateFromString(request.status);
    (void)ErrorDetails::fromJson(o);
    (void)Progress::fromJson(o);
    return 0;
}
