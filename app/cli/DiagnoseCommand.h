#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `diagnose`: every effective setting with the place it came from (option, environment, which
// file and line, keychain, default), without sending anything to AWS.
class DiagnoseCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("diagnose"); }
    QString synopsis() const override;
    int run(CliContext& context, const QStringList& args) override;
};

} // namespace dmsx::cli
