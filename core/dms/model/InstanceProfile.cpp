#include "dms/model/InstanceProfile.h"

#include "base/JsonFields.h"

namespace dmsx {

using L = QLatin1String;

InstanceProfile InstanceProfile::fromJson(const QJsonObject& o)
{
    InstanceProfile p;
    p.instanceProfileArn = JsonFields::string(o, L("InstanceProfileArn"));
    p.instanceProfileName = JsonFields::string(o, L("InstanceProfileName"));
    p.availabilityZone = JsonFields::string(o, L("AvailabilityZone"));
    p.kmsKeyArn = JsonFields::string(o, L("KmsKeyArn"));
    p.publiclyAccessible = JsonFields::boolean(o, L("PubliclyAccessible"));
    p.networkType = JsonFields::string(o, L("NetworkType"));
    p.description = JsonFields::string(o, L("Description"));
    p.instanceProfileCreationTime = JsonFields::timestamp(o, L("InstanceProfileCreationTime"));
    p.subnetGroupIdentifier = JsonFields::string(o, L("SubnetGroupIdentifier"));
    p.vpcSecurityGroups = JsonFields::stringList(o, L("VpcSecurityGroups"));
    return p;
}

QJsonObject InstanceProfile::toJson() const
{
    QJsonObject o;
    JsonFields::putString(o, L("InstanceProfileArn"), instanceProfileArn);
    JsonFields::putString(o, L("InstanceProfileName"), instanceProfileName);
    JsonFields::putString(o, L("AvailabilityZone"), availabilityZone);
    JsonFields::putString(o, L("KmsKeyArn"), kmsKeyArn);
    JsonFields::putBool(o, L("PubliclyAccessible"), publiclyAccessible);
    JsonFields::putString(o, L("NetworkType"), networkType);
    JsonFields::putString(o, L("Description"), description);
    JsonFields::putTimestamp(o, L("InstanceProfileCreationTime"), instanceProfileCreationTime);
    JsonFields::putString(o, L("SubnetGroupIdentifier"), subnetGroupIdentifier);
    JsonFields::putStringList(o, L("VpcSecurityGroups"), vpcSecurityGroups);
    return o;
}

} // namespace dmsx
