#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <QJsonObject>
#include <optional>

namespace dmsx {

// One element of DescribeInstanceProfiles.InstanceProfiles.
struct InstanceProfile
{
    QString instanceProfileArn;
    QString instanceProfileName;
    QString availabilityZone;
    QString kmsKeyArn;
    std::optional<bool> publiclyAccessible; // model default true when absent
    QString networkType;                    // IPV4 | IPV6 | DUAL
    QString description;
    QDateTime instanceProfileCreationTime;
    QString subnetGroupIdentifier;
    QStringList vpcSecurityGroups;

    static InstanceProfile fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace dmsx
