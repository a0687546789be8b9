#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `whoami`: STS GetCallerIdentity with the credentials the chain picks, and which source
// supplied them, so "why am I this account?" has one answer.
class WhoamiCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;
};

} // namespace dmsx::cli
