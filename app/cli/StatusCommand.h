#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `status PROJECT [--request-id ID] [--wait]`: the project's extension pack requests.
class StatusCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("status"); }
    QString synopsis() const override;
    int run(CliContext& context, const QStringList& args) override;
};

} // namespace dmsx::cli
