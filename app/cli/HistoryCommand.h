#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `history` (search and export the request history) and `history show ID`.
class HistoryCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("history"); }
    QString synopsis() const override;
    int run(CliContext& context, const QStringList& args) override;

private:
    int list(CliContext& context, const QStringList& args);
    int show(CliContext& context, const QStringList& args);
};

} // namespace dmsx::cli
