#pragma once

#include <QStringList>

#include <memory>
#include <vector>

namespace dmsx::cli {

class CliCommand;

// Parses the global options, picks the command and runs it. main() only constructs
// this and returns run()'s exit code.
class CliApplication
{
public:
    CliApplication();
    ~CliApplication();
    int run(const QStringList& arguments);

private:
    QString helpText() const;
    std::vector<std::unique_ptr<CliCommand>> m_commands;
};

} // namespace dmsx::cli
