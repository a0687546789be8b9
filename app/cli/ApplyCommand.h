#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

// `apply PROJECT [--yes] [--wait]`: pre-flight, confirmation, StartExtensionPackAssociation,
// and optionally following the request to its end.
class ApplyCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("apply"); }
    QString synopsis() const override;
    int run(CliContext& context, const QStringList& args) override;
};

} // namespace dmsx::cli
