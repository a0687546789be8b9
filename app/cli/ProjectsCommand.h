#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

class CliSession;

// `projects list` and `projects show`.
class ProjectsCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;

private:
    int list(CliContext& context, const CommandLine& line);
    int show(CliContext& context, const CommandLine& line);
};

} // namespace dmsx::cli
