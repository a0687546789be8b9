#pragma once

#include "cli/CommandLine.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace dmsx::cli {

class CliCommand;
class CliContext;

// Reads the line with the one grammar, applies the global options and runs the command it names.
// main() only constructs this and returns run()'s exit code.
class CliApplication
{
public:
    CliApplication();
    ~CliApplication();
    // `arguments` as QCoreApplication::arguments(): the program first.
    int run(const QStringList& arguments);

private:
    // The global options into the context; a usage error's exit code, or 0.
    static int applyGlobalOptions(CliContext& context, const CommandLine& line);
    // Without --output: AWS_DEFAULT_OUTPUT, else the profile's `output` in the AWS config file, as
    // the AWS CLI reads them, when `command` writes that format; else table. A value that is no
    // format is a configuration fault naming where it came from; 0 or its exit code.
    static int applyDefaultOutput(CliContext& context, const CommandLine::Command& command);

    std::vector<std::unique_ptr<CliCommand>> m_commands;
    QList<CommandLine::Command> m_grammar;
};

} // namespace dmsx::cli
