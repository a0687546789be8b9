#pragma once

#include "cli/CommandLine.h"

#include <QList>

namespace dmsx::cli {

class CliContext;

class CliCommand
{
public:
    virtual ~CliCommand() = default;
    // The command and its subcommands as the grammar knows them; every path starts with the same
    // word, the command's name.
    virtual QList<CommandLine::Command> commands() const = 0;
    // Runs what `line` names (one of commands()), its options and argument count already checked.
    // Returns the process exit code.
    virtual int run(CliContext& context, const CommandLine& line) = 0;
};

} // namespace dmsx::cli
