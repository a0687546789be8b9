#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `sso login` and `sso logout`: signing in to IAM Identity Center (core's SsoLogin) and out, with
// the AWS CLI's words and token cache, so either program's sign-in serves the other.
class SsoCommand final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;

private:
    int login(CliContext& context, const CommandLine& line);
    int logout(CliContext& context);
};

} // namespace dmsx::cli
