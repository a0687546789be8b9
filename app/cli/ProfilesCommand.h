#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `profiles list|add|remove|import`: the app's own profiles, their keys in the OS keychain and
// their non-secret settings in QSettings. The secret is read from the terminal without echo or
// from standard input (--secret-stdin), never from an argument, where `ps` and shell history
// would see it. The AWS files are only ever read.
class ProfilesCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;

private:
    int list(CliContext& context, const CommandLine& line);
    int add(CliContext& context, const CommandLine& line);
    int remove(CliContext& context, const CommandLine& line);
    int import(CliContext& context, const CommandLine& line);
};

} // namespace dmsx::cli
