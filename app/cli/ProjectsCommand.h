#pragma once

#include "cli/CliCommand.h"

namespace dmsx::cli {

class CliSession;

// `projects list` and `projects show`.
class ProjectsCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("projects"); }
    QString synopsis() const override;
    int run(CliContext& context, const QStringList& args) override;

private:
    int list(CliContext& context, const QStringList& args);
    int show(CliContext& context, const QStringList& args);
};

} // namespace dmsx::cli
