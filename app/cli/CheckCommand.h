#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `check PROJECT`: the prerequisite checks an apply runs first, on their own; exit 0 when nothing
// is wrong, 1 when a problem was found.
class CheckCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;
};

} // namespace dmsx::cli
