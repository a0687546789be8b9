#pragma once

#include <QString>
#include <QStringList>

namespace dmsx::cli {

class CliContext;

class CliCommand
{
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;
    virtual QString synopsis() const = 0; // one line for the global --help
    // args: everything after the command name. Returns the process exit code.
    virtual int run(CliContext& context, const QStringList& args) = 0;
};

} // namespace dmsx::cli
