#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `sigv4 sign`: the support tool for "SignatureDoesNotMatch" questions. Signs a raw HTTP
// request read from stdin and shows each intermediate form so it can be compared with the
// canonical request AWS quotes in its error message.
class SigV4Command final : public CliCommand
{
public:
    QList<CommandLine::Command> commands() const override;
    int run(CliContext& context, const CommandLine& line) override;
};

} // namespace dmsx::cli
