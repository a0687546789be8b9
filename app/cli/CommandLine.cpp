#include "cli/CommandLine.h"

#include "base/Version.h"

namespace dmsx::cli {

namespace {

const QString kProgram = QStringLiteral("dms-extpack-cli");

const CommandLine::Option* findOption(const QList<CommandLine::Option>& options, const QString& name)
{
    for (const CommandLine::Option& o : options)
        if (o.name == name)
            return &o;
    return nullptr;
}

bool startsWith(const QStringList& path, const QStringList& prefix)
{
    return path.size() >= prefix.size() && path.mid(0, prefix.size()) == prefix;
}

// The words that may follow `path`: "list" and "show" after "projects".
QStringList children(const QStringList& path, const QList<CommandLine::Command>& commands)
{
    QStringList words;
    for (const CommandLine::Command& c : commands)
        if (c.path.size() > path.size() && startsWith(c.path, path) &&
            !words.contains(c.path.at(path.size())))
            words.append(c.path.at(path.size()));
    return words;
}

const CommandLine::Command* findCommand(const QStringList& path, const QList<CommandLine::Command>& commands)
{
    for (const CommandLine::Command& c : commands)
        if (c.path == path)
            return &c;
    return nullptr;
}

QString orList(QStringList words)
{
    if (words.size() <= 1)
        return words.join(QString());
    const QString last = words.takeLast();
    return words.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

// "  --name VALUE  help" with the help in a column, wrapped at 100 columns.
void appendOption(QString& text, const QString& left, const QString& help)
{
    constexpr int column = 26;
    constexpr int width = 100;
    QString line = QStringLiteral("  ") + left;
    if (line.size() + 2 > column) {
        text += line + QLatin1Char('\n');
        line = QString(column, QLatin1Char(' '));
    } else {
        line = line.leftJustified(column);
    }
    bool first = true;
    for (const QString& paragraph : help.split(QLatin1Char('\n'))) {
        if (!first)
            line = QString(column, QLatin1Char(' '));
        first = false;
        bool empty = true;
        for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!empty && line.size() + 1 + word.size() > width) {
                text += line + QLatin1Char('\n');
                line = QString(column, QLatin1Char(' '));
                empty = true;
            }
            line += (empty ? QString() : QStringLiteral(" ")) + word;
            empty = false;
        }
        text += line + QLatin1Char('\n');
    }
}

QString optionLeft(const CommandLine::Option& o)
{
    QString left = (o.name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + o.name;
    if (o.name == QLatin1String("help"))
        left = QStringLiteral("-h, --help");
    if (!o.valueName.isEmpty())
        left += QLatin1Char(' ') + o.valueName + (o.several ? QStringLiteral(" ...") : QString());
    return left;
}

QString usageLine(const CommandLine::Command& c)
{
    QString line = kProgram + QLatin1Char(' ') + c.path.join(QLatin1Char(' '));
    if (!c.arguments.isEmpty())
        line += QLatin1Char(' ') + c.arguments;
    if (!c.options.isEmpty())
        line += QStringLiteral(" [options]");
    return line;
}

QString formatNames(const QList<OutputFormat>& formats)
{
    QStringList names;
    for (OutputFormat f : formats)
        names.append(outputFormatName(f));
    return orList(names);
}

} // namespace

const QList<CommandLine::Option>& CommandLine::globalOptions()
{
    static const QList<Option> options{
        {QStringLiteral("profile"), QStringLiteral("P"),
         QStringLiteral("AWS profile (default: AWS_PROFILE, else \"default\")")},
        {QStringLiteral("region"), QStringLiteral("R"),
         QStringLiteral("AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)")},
        {QStringLiteral("endpoint-url"), QStringLiteral("URL"),
         QStringLiteral("Send DMS requests to this endpoint instead of AWS (e.g. dms-sim); never STS or SSO "
                        "(AWS_ENDPOINT_URL_STS, _SSO or AWS_ENDPOINT_URL)")},
        {QStringLiteral("allow-insecure-http"), QString(),
         QStringLiteral("Accept http:// endpoints beyond this computer (else loopback only; also "
                        "DMSX_ALLOW_INSECURE_HTTP=true)")},
        {QStringLiteral("history-file"), QStringLiteral("FILE"),
         QStringLiteral("Request history file (default: DMSX_HISTORY_FILE, else ~/.local/share/" DMSX_APP_ID
                        "/history.sqlite)")},
        {QStringLiteral("output"), QStringLiteral("FORMAT"),
         QStringLiteral("table, text or json (default: AWS_DEFAULT_OUTPUT, else the profile's output "
                        "setting, else table); json uses the DMS member names; history also writes csv")},
        {QStringLiteral("debug"), QString(), QStringLiteral("Log every HTTP attempt to stderr (redacted)")},
        {QStringLiteral("quiet"), QString(),
         QStringLiteral("No progress on stderr: only results, warnings and faults")},
        {QStringLiteral("cli-connect-timeout"), QStringLiteral("S"),
         QStringLiteral("Seconds to wait for a connection (0: no limit; at most 86400)")},
        {QStringLiteral("cli-read-timeout"), QStringLiteral("S"),
         QStringLiteral("Seconds to wait for an answer once connected (0: no limit; at most 86400)")},
        {QStringLiteral("no-verify-ssl"), QString(),
         QStringLiteral("Refused: TLS verification is never turned off here; trust a private CA with "
                        "AWS_CA_BUNDLE or the profile's ca_bundle")},
        {QStringLiteral("help"), QString(), QStringLiteral("Show the help (COMMAND --help: a command's)")},
        {QStringLiteral("version"), QString(), QStringLiteral("Show the version")},
    };
    return options;
}

QString CommandLine::value(const QString& option) const
{
    const QStringList v = m_values.value(option);
    return v.isEmpty() ? QString() : v.constLast();
}

QString CommandLine::optionNames(const QList<Option>& options)
{
    QStringList names;
    for (const Option& o : options)
        names.append(QStringLiteral("--") + o.name);
    return names.join(QStringLiteral(", "));
}

CommandLine CommandLine::parse(const QStringList& arguments, const QList<Command>& commands)
{
    CommandLine line;
    bool endOfOptions = false;
    // The path is complete once a word is not a subcommand; later words are arguments.
    bool pathComplete = false;
    const auto fail = [&line](const QString& error) {
        line.m_error = error;
        return line;
    };

    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& word = arguments.at(i);
        const bool isOption = !endOfOptions && word.size() > 1 && word.startsWith(QLatin1Char('-'));
        if (!endOfOptions && word == QLatin1String("--")) {
            endOfOptions = true;
            continue;
        }
        if (isOption) {
            QString name;
            QString inlineValue;
            bool hasInlineValue = false;
            if (word == QLatin1String("-h")) {
                name = QStringLiteral("help");
            } else if (word.startsWith(QLatin1String("--"))) {
                name = word.mid(2);
                const qsizetype eq = name.indexOf(QLatin1Char('='));
                if (eq >= 0) {
                    inlineValue = name.mid(eq + 1);
                    name = name.left(eq);
                    hasInlineValue = true;
                }
            } else {
                name = word; // "-x": reported as unknown below
            }
            const Option* option = findOption(globalOptions(), name);
            if (!option && line.m_command)
                option = findOption(line.m_command->options, name);
            if (!option) {
                const QString shown = name.startsWith(QLatin1Char('-')) ? name : QStringLiteral("--") + name;
                if (line.m_command)
                    return fail(QStringLiteral("unknown option '%1' for %2; its options: %3 (and the global "
                                               "options of '%4 help')")
                                    .arg(shown, line.m_path.join(QLatin1Char(' ')),
                                         line.m_command->options.isEmpty()
                                             ? QStringLiteral("none")
                                             : optionNames(line.m_command->options),
                                         kProgram));
                if (!line.m_path.isEmpty())
                    return fail(QStringLiteral("unknown option '%1' for %2; name its subcommand first (%3)")
                                    .arg(shown, line.m_path.join(QLatin1Char(' ')),
                                         orList(children(line.m_path, commands))));
                return fail(QStringLiteral("unknown option '%1'; the global options are %2, and each "
                                           "command's own options follow its name")
                                .arg(shown, optionNames(globalOptions())));
            }
            if (option->valueName.isEmpty()) {
                if (hasInlineValue)
                    return fail(QStringLiteral("--%1 takes no value").arg(name));
                line.m_values[name].append(QString());
                if (name == QLatin1String("help"))
                    line.m_help = true;
                continue;
            }
            if (!hasInlineValue) {
                if (i + 1 >= arguments.size())
                    return fail(QStringLiteral("--%1 needs a value (%2)").arg(name, option->valueName));
                inlineValue = arguments.at(++i);
            }
            line.m_values[name].append(inlineValue);
            while (option->several && i + 1 < arguments.size() &&
                   !arguments.at(i + 1).startsWith(QLatin1String("--")))
                line.m_values[name].append(arguments.at(++i));
            continue;
        }

        // A word: the command, a subcommand, `help`, or an argument.
        if (line.m_path.isEmpty() && !line.m_help && word == QLatin1String("help") && !endOfOptions) {
            line.m_help = true;
            continue;
        }
        if (!pathComplete) {
            const QStringList next = children(line.m_path, commands);
            if (next.contains(word)) {
                line.m_path.append(word);
                line.m_command = findCommand(line.m_path, commands);
                continue;
            }
            if (line.m_path.isEmpty()) {
                QStringList names = children({}, commands);
                return fail(QStringLiteral("unknown command '%1'; the commands are %2")
                                .arg(word, names.join(QStringLiteral(", "))));
            }
            // `apply help`, `projects list help`: as `aws dms help` (a project named "help" is
            // still reachable after `--`).
            if (!endOfOptions && word == QLatin1String("help")) {
                line.m_help = true;
                continue;
            }
            if (!line.m_command)
                return fail(QStringLiteral("unknown %1 subcommand '%2' (%3)")
                                .arg(line.m_path.join(QLatin1Char(' ')), word, orList(next)));
            pathComplete = true;
        }
        line.m_arguments.append(word);
    }
    return line;
}

QString CommandLine::programHelp(const QList<Command>& commands)
{
    QString text =
        QStringLiteral("Usage: %1 [global options] COMMAND [SUBCOMMAND] [options] [arguments]\n"
                       "\n"
                       "Apply and follow AWS DMS Schema Conversion extension packs from the command "
                       "line.\n"
                       "Global options may be given anywhere on the line, before or after the "
                       "command, as with the\n"
                       "AWS CLI; '--' ends the options. '%1 help COMMAND', '%1 COMMAND --help' "
                       "and '%1 COMMAND help'\n"
                       "show a command's options.\n"
                       "\n"
                       "Global options:\n")
            .arg(kProgram);
    for (const Option& o : globalOptions())
        appendOption(text, optionLeft(o), o.help);
    text += QStringLiteral("\nCommands:\n");
    int width = 0;
    for (const Command& c : commands)
        width = qMax(width, int(usageLine(c).size() - kProgram.size() - 1));
    for (const Command& c : commands) {
        const QString left = usageLine(c).mid(kProgram.size() + 1);
        text += QStringLiteral("  ") + left.leftJustified(width) + QStringLiteral("  ") + c.summary +
                QLatin1Char('\n');
    }
    text += QStringLiteral(
        "\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  AWS returned a fault (the explanation, code, HTTP status and request id are printed), or\n"
        "     check or apply found a problem that would make the installation fail\n"
        "  2  usage error (an unknown option, a missing or invalid value); nothing was sent\n"
        "  3  credentials or configuration problem\n"
        "  4  network, TLS or timeout problem, or an unreadable response\n"
        "  5  the extension pack association ended FAILED or CANCELED\n"
        "  6  declined at the confirmation: nothing was done\n"
        "  130 interrupted (Ctrl+C)\n");
    return text;
}

QString CommandLine::commandHelp(const QStringList& path, const QList<Command>& commands)
{
    const Command* command = findCommand(path, commands);
    const QStringList subcommands = children(path, commands);
    QString text;
    if (command) {
        text += QStringLiteral("Usage: ") + usageLine(*command) + QLatin1Char('\n');
    }
    if (!subcommands.isEmpty()) {
        text += (command ? QStringLiteral("       ") : QStringLiteral("Usage: ")) + kProgram +
                QLatin1Char(' ') + path.join(QLatin1Char(' ')) + QStringLiteral(" SUBCOMMAND ...\n");
    }
    if (command && !command->description.isEmpty())
        text += QLatin1Char('\n') + command->description + QLatin1Char('\n');
    if (!subcommands.isEmpty()) {
        text += QStringLiteral("\nSubcommands (%1 %2 SUBCOMMAND --help shows one):\n")
                    .arg(kProgram, path.join(QLatin1Char(' ')));
        for (const Command& c : commands)
            if (c.path.size() == path.size() + 1 && startsWith(c.path, path))
                appendOption(text,
                             c.path.constLast() +
                                 (c.arguments.isEmpty() ? QString() : QLatin1Char(' ') + c.arguments),
                             c.summary);
    }
    if (command) {
        text += QStringLiteral("\nOptions:\n");
        for (const Option& o : command->options)
            appendOption(text, optionLeft(o), o.help);
        appendOption(text, QStringLiteral("-h, --help"), QStringLiteral("Show this help."));
        text += QStringLiteral("\nOutput (--output): %1\n").arg(formatNames(command->outputs));
        if (!command->textFields.isEmpty())
            appendOption(text, QStringLiteral("text:"),
                         QStringLiteral("tab-separated, no header, None for an empty field; ") +
                             command->textFields + QLatin1Char('.'));
    }
    text +=
        QStringLiteral("\nGlobal options (--profile, --region, --endpoint-url, --output, --debug, --quiet, "
                       "...) may be given\nanywhere on the line; '%1 help' lists them.\n")
            .arg(kProgram);
    return text;
}

} // namespace dmsx::cli
