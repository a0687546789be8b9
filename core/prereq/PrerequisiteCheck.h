#pragma once

#include "base/Fault.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace dmsx {

// One row of the prerequisite checklist: what is checked, how it came out, and for anything but
// a pass the fault whose catalogue entry (FaultCatalogue) explains the finding and the fix.
// The window shows a row per check; the CLI prints them as a table or JSON.
struct PrerequisiteCheck
{
    // In the order the checklist shows them.
    enum class Id
    {
        TargetDataProvider,   // a real (non-virtual) target database
        ProjectS3Settings,    // SchemaConversionApplicationAttributes.S3BucketPath and S3BucketRoleArn
        TargetSecretSettings, // the target descriptor's SecretsManagerSecretId and ...AccessRoleArn
        Queue,                // other requests of the project RECEIVED or IN_PROGRESS
        S3Bucket,             // the bucket exists and has versioning enabled
        S3Role,               // the S3 role exists and trusts the DMS service principals
        S3RoleAccess,         // the S3 role may use the bucket path (where the caller may ask)
        SecretRole,           // the secret's role exists and trusts the DMS service principals
        SecretRoleAccess,     // the secret's role may read the secret (where the caller may ask)
        Secret,               // the secret exists and is not scheduled for deletion
        SecretKey,            // the secret's KMS key is enabled
    };

    enum class Status
    {
        Pending,       // not finished yet
        Passed,        // nothing wrong
        Notice,        // nothing wrong, but worth knowing (requests queued ahead of this one)
        Problem,       // a definite problem: the installation would fail; blocks unless overridden
        CouldNotCheck, // no answer either way (no permission, no network); never blocks
    };

    Id id = Id::TargetDataProvider;
    Status status = Status::Pending;
    QString subject; // what was looked at: the bucket path, the role ARN, the secret id, ...
    // Passed only: what was found, in plain words. Otherwise the catalogue's words for `fault`.
    QString passedText;
    // Notice, Problem and CouldNotCheck: the finding. Its code has a FaultCatalogue entry.
    std::optional<Fault> fault;
    QString consoleUrl; // the AWS console page where the subject is seen or fixed
    QString cliCommand; // an AWS CLI command that shows or fixes it, ready to paste

    bool blocks() const { return status == Status::Problem; }
    bool isDone() const { return status != Status::Pending; }

    // What the row checks, e.g. "S3 bucket versioning".
    QString label() const;
    static QString label(Id id);
    // The finding in one line: passedText, or the catalogue's title for the fault.
    QString summary() const;
    // The finding in plain words: passedText, or the catalogue's title and cause of the fault.
    QString finding() const;
    // What to do about it (the catalogue's steps, one a line); empty for a pass.
    QString fix() const;
    // "passed", "notice", "problem", "could-not-check", "pending": stable names for JSON and scripts.
    static QString statusName(Status status);
    // "target-data-provider", "s3-bucket", ...: stable names for JSON and scripts.
    static QString idName(Id id);
    QJsonObject toJson() const;
};

} // namespace dmsx
