#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `diagnose`: every effective setting with the place it came from (option, environment, which
// file and line, keychain, default), without sending anything to AWS.
class DiagnoseCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;
};

} // namespace dmsx::cli
