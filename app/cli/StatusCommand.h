#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `status PROJECT [--request-id ID] [--wait]`: the project's extension pack requests.
class StatusCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;
};

} // namespace dmsx::cli
