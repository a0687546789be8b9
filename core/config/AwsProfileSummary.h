#pragma once

#include "config/AwsConfigFile.h"

#include <QList>
#include <QString>

namespace dmsx {

// What one profile of the AWS files is, for lists that let people pick or import one (the welcome
// view, the profiles dialog): which kind of credentials it holds and where it is written. Reading
// the kind sends nothing and runs nothing; the credential chain decides the same way when used.
struct AwsProfileSummary
{
    enum class Kind
    {
        Keys,      // aws_access_key_id + aws_secret_access_key
        Role,      // role_arn with source_profile or credential_source
        Sso,       // sso_session or sso_start_url
        Process,   // credential_process
        Incomplete // none of these (or half a key pair): picking it will fail with the chain's fault
    };

    QString name;
    Kind kind = Kind::Incomplete;
    QString region; // the profile's region, empty when it has none
    // Kind-specific, never secret: the access key id's first 4 and last 4 characters, the role ARN,
    // the SSO start URL, or the credential_process program (without its arguments).
    QString detail;
    QString location; // "/home/me/.aws/config:7" of the first line that decided the kind, or the section

    // Every profile of `files`, sorted by name as AwsConfigFile::profileNames() is.
    static QList<AwsProfileSummary> list(const AwsConfigFile& files);
    static AwsProfileSummary summarize(const QString& name, const AwsConfigSection& profile);
    // "keys", "role", "SSO", "process", "incomplete": short words for a column.
    static QString kindName(Kind kind);
};

} // namespace dmsx
