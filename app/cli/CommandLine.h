#pragma once

#include "cli/CliContext.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace dmsx::cli {

// The one grammar of dms-extpack-cli, as the AWS CLI reads a line: global options anywhere
// (before or after the command, its subcommand and its arguments), the command's own options after
// its name, `--` ends the options, and `help` / `--help` / `COMMAND help` ask for help. Every
// command and option is declared here once, so parsing, the error for an unknown option and
// every help text come from the same declaration.
class CommandLine
{
public:
    struct Option
    {
        QString name;      // without the dashes
        QString valueName; // empty: a flag
        QString help;
        // Takes every word up to the next option, as the AWS CLI's list parameters do
        // (`--filters Name=a,Values=b Name=c,Values=d`).
        bool several = false;
    };

    struct Command
    {
        QStringList path;     // {"projects", "list"}
        QString arguments;    // the positionals as shown in the usage line: "PROJECT"
        int minArguments = 0; // how many positionals it takes
        int maxArguments = 0;
        QString summary;     // one line, for the program's list of commands
        QString description; // paragraphs, for its own help
        QList<Option> options;
        // The --output formats it writes; any other is a usage error.
        QList<OutputFormat> outputs{OutputFormat::Table, OutputFormat::Json};
        // What one line of --output text holds, in order ("project name, ARN, ..."), for the help.
        QString textFields;
        // Said when the number of positionals is wrong; empty: a generic sentence.
        QString argumentsError;
    };

    // Options every command accepts, anywhere on the line.
    static const QList<Option>& globalOptions();

    // Splits `arguments` (without the program's name) against `commands`. A line that names no
    // command is valid: it asks for the program's help, its version, or nothing.
    static CommandLine parse(const QStringList& arguments, const QList<Command>& commands);

    // A plain sentence when the line cannot be understood (exit code 2).
    QString error() const { return m_error; }
    // The words that named the command or group ("projects" when no subcommand was given).
    QStringList path() const { return m_path; }
    // The declared command the line names; nullptr for none or a group of subcommands.
    const Command* command() const { return m_command; }
    QStringList arguments() const { return m_arguments; }
    bool helpRequested() const { return m_help; }

    bool isSet(const QString& option) const { return m_values.contains(option); }
    // The last value given (empty when not given).
    QString value(const QString& option) const;
    // Every value given, in order.
    QStringList values(const QString& option) const { return m_values.value(option); }

    // `dms-extpack-cli --help`: usage, the global options, every command, the exit codes.
    static QString programHelp(const QList<Command>& commands);
    // The help of a command, or of a group (its subcommands); starts "Usage: dms-extpack-cli PATH".
    static QString commandHelp(const QStringList& path, const QList<Command>& commands);
    // "--filter, --filters, --yes" for error messages.
    static QString optionNames(const QList<Option>& options);

private:
    QString m_error;
    QStringList m_path;
    const Command* m_command = nullptr;
    QStringList m_arguments;
    bool m_help = false;
    QHash<QString, QStringList> m_values;
};

} // namespace dmsx::cli
