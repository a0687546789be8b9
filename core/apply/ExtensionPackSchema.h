#pragma once

#include <QString>

namespace dmsx {

// The schema an extension pack installs in the target, named by the source engine.
class ExtensionPackSchema
{
public:
    // "aws_oracle_ext" for oracle, "aws_sqlserver_ext" for sqlserver (both documented in the DMS
    // user guide). For other engines the guide names no schema, so this returns an empty string
    // and callers describe it in words instead of guessing a name.
    static QString forSourceEngine(const QString& engine);
    // "aws_oracle_ext", or "the extension pack schema for db2" when no name is documented.
    static QString describeForSourceEngine(const QString& engine);
};

} // namespace dmsx
