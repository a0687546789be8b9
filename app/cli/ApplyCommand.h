#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `apply PROJECT [--yes] [--wait]`: ApplyWorkflow on a terminal: the plan and the question on
// stderr, the request id or the followed request's end on stdout, and the exit code.
class ApplyCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;
};

} // namespace dmsx::cli
