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
    QString name() const override { return QStringLiteral("profiles"); }
    QString synopsis() const override;
    int run(CliContext& context, const QStringList& args) override;

private:
    int list(CliContext& context, const QStringList& args);
    int add(CliContext& context, const QStringList& args);
    int remove(CliContext& context, const QStringList& args);
    int import(CliContext& context, const QStringList& args);
};

} // namespace dmsx::cli
