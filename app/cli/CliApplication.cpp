#include "cli/CliApplication.h"

#include "cli/ApplyCommand.h"
#include "cli/CheckCommand.h"
#include "cli/DiagnoseCommand.h"
#include "cli/HistoryCommand.h"
#include "cli/ProfilesCommand.h"
#include "cli/ProjectsCommand.h"
#include "cli/SsoCommand.h"
#include "cli/StatusCommand.h"
#include "cli/WhoamiCommand.h"

#include "base/FaultCodes.h"
#include "base/Version.h"
#include "cli/CliCommand.h"
#include "cli/CliContext.h"
#include "cli/CommandSupport.h"
#include "cli/ExitCode.h"
#include "cli/InterruptWatcher.h"
#include "cli/SigV4Command.h"
#include "config/AwsConfigFile.h"

#include <QLoggingCategory>

namespace dmsx::cli {

CliApplication::CliApplication()
{
    m_commands.push_back(std::make_unique<ProjectsCommand>());
    m_commands.push_back(std::make_unique<CheckCommand>());
    m_commands.push_back(std::make_unique<ApplyCommand>());
    m_commands.push_back(std::make_unique<StatusCommand>());
    m_commands.push_back(std::make_unique<HistoryCommand>());
    m_commands.push_back(std::make_unique<SigV4Command>());
    m_commands.push_back(std::make_unique<WhoamiCommand>());
    m_commands.push_back(std::make_unique<DiagnoseCommand>());
    m_commands.push_back(std::make_unique<ProfilesCommand>());
    m_commands.push_back(std::make_unique<SsoCommand>());
    for (const auto& command : m_commands)
        m_grammar += command->commands();
}

CliApplication::~CliApplication() = default;

int CliApplication::applyGlobalOptions(CliContext& ctx, const CommandLine& line)
{
    if (line.isSet(QStringLiteral("no-verify-ssl")))
        return ctx.usageError(QStringLiteral(
            "--no-verify-ssl is refused: TLS verification is never turned off here, as a DMS call carries "
            "credentials. Trust a private CA with AWS_CA_BUNDLE or the profile's ca_bundle instead."));
    ctx.debug = line.isSet(QStringLiteral("debug"));
    ctx.quiet = line.isSet(QStringLiteral("quiet"));
    ctx.profile = line.value(QStringLiteral("profile"));
    ctx.region = line.value(QStringLiteral("region"));
    ctx.endpointUrl = line.value(QStringLiteral("endpoint-url"));
    // An empty value would silently mean "real AWS" to someone who meant the simulator.
    if (line.isSet(QStringLiteral("endpoint-url")) && ctx.endpointUrl.trimmed().isEmpty())
        return ctx.usageError(QStringLiteral("--endpoint-url needs a URL, such as http://127.0.0.1:PORT"));
    ctx.allowInsecureHttp = line.isSet(QStringLiteral("allow-insecure-http"));
    ctx.historyFile = line.value(QStringLiteral("history-file"));
    for (const auto& [name, target] :
         {std::pair{QStringLiteral("cli-connect-timeout"), &ctx.connectTimeoutSeconds},
          std::pair{QStringLiteral("cli-read-timeout"), &ctx.readTimeoutSeconds}}) {
        if (!line.isSet(name))
            continue;
        bool ok = false;
        const int seconds = line.value(name).toInt(&ok);
        if (!ok || seconds < 0 || seconds > 86400)
            return ctx.usageError(
                QStringLiteral("--%1 expects whole seconds from 0 (no limit) to 86400, got '%2'")
                    .arg(name, line.value(name)));
        *target = seconds;
    }
    if (line.isSet(QStringLiteral("output"))) {
        const std::optional<OutputFormat> format = outputFormatFromName(line.value(QStringLiteral("output")));
        if (!format)
            return ctx.usageError(QStringLiteral("--output must be table, text or json, not '%1'")
                                      .arg(line.value(QStringLiteral("output"))));
        ctx.output = *format;
    }
    if (ctx.debug)
        QLoggingCategory::setFilterRules(QStringLiteral("dmsx.*=true"));
    return ExitOk;
}

int CliApplication::applyDefaultOutput(CliContext& ctx, const CommandLine::Command& command)
{
    QString value;
    QString where;
    const QString variable = QStringLiteral("AWS_DEFAULT_OUTPUT");
    if (!ctx.environment.value(variable).trimmed().isEmpty()) {
        value = ctx.environment.value(variable).trimmed();
        where = QStringLiteral("the environment variable ") + variable;
    } else {
        QString profile = ctx.profile;
        if (profile.isEmpty())
            profile = ctx.environment.value(QStringLiteral("AWS_PROFILE"));
        if (profile.isEmpty())
            profile = QStringLiteral("default");
        const AwsConfigFile files = AwsConfigFile::load(ctx.environment);
        const AwsConfigSection* section = files.profile(profile);
        const AwsConfigValue* output = section ? section->find(QStringLiteral("output")) : nullptr;
        if (!output || output->value.isEmpty())
            return ExitOk;
        value = output->value;
        where = QStringLiteral("the 'output' setting of profile %1 (%2:%3)")
                    .arg(profile, output->filePath)
                    .arg(output->line);
    }
    const QString name = value.toLower();
    // The AWS CLI's own YAML formats are a valid shared setting, not a mistake: each command
    // would otherwise fail for someone whose profile says "output = yaml".
    if (name == QLatin1String("yaml") || name == QLatin1String("yaml-stream")) {
        ctx.err() << "dms-extpack-cli: " << CommandSupport::terminalSafe(value) << " (from " << where
                  << ") is an AWS CLI format this tool does not write; writing a table. Give --output "
                     "table, text or json to choose.\n";
        return ExitOk;
    }
    const std::optional<OutputFormat> format = outputFormatFromName(name);
    // csv is the history's own format, never a default the AWS CLI would share.
    if (!format || *format == OutputFormat::Csv) {
        return ctx.reportFault(Fault::make(
            FaultKind::Configuration, FaultCode::InvalidConfigurationValue,
            QStringLiteral("Invalid output format \"%1\" in %2: dms-extpack-cli writes table, text or json. "
                           "Give --output to override it.")
                .arg(CommandSupport::terminalSafe(value), where)));
    }
    // A preference, not a demand: a command that does not write that format writes a table.
    if (command.outputs.contains(*format))
        ctx.output = *format;
    return ExitOk;
}

int CliApplication::run(const QStringList& arguments)
{
    CliContext ctx;
    // Whatever a command does not explain itself (a listing, a look-up) has nothing to undo.
    const InterruptWatcher::Scope cancelled([&ctx] {
        ctx.err() << "Cancelled.\n";
        InterruptWatcher::exitInterrupted(ctx.out(), ctx.err());
    });

    const CommandLine line = CommandLine::parse(arguments.mid(1), m_grammar);
    ctx.commandPath = line.path().join(QLatin1Char(' '));
    if (!line.error().isEmpty())
        return ctx.usageError(line.error());
    if (line.isSet(QStringLiteral("version"))) {
        ctx.out() << "dms-extpack-cli " << DMSX_VERSION << '\n';
        return ExitOk;
    }
    if (line.helpRequested()) {
        ctx.out() << (line.path().isEmpty() ? CommandLine::programHelp(m_grammar)
                                            : CommandLine::commandHelp(line.path(), m_grammar));
        return ExitOk;
    }
    if (line.path().isEmpty()) {
        ctx.err() << CommandLine::programHelp(m_grammar);
        return ExitUsage;
    }
    const CommandLine::Command* command = line.command();
    if (!command) {
        // A group without its subcommand: `projects`.
        ctx.err() << CommandLine::commandHelp(line.path(), m_grammar);
        return ExitUsage;
    }
    if (const int rc = applyGlobalOptions(ctx, line); rc != ExitOk)
        return rc;
    if (!line.isSet(QStringLiteral("output"))) {
        if (const int rc = applyDefaultOutput(ctx, *command); rc != ExitOk)
            return rc;
    } else if (!command->outputs.contains(ctx.output)) {
        QStringList names;
        for (OutputFormat f : command->outputs)
            names.append(outputFormatName(f));
        const QString last = names.takeLast();
        const QString formats =
            names.isEmpty() ? last : names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
        return ctx.usageError(QStringLiteral("%1 writes %2, not %3")
                                  .arg(ctx.commandPath, formats, outputFormatName(ctx.output)));
    }
    const qsizetype count = line.arguments().size();
    if (count < command->minArguments || count > command->maxArguments) {
        QString message = command->argumentsError;
        if (message.isEmpty() && command->maxArguments == 0)
            message = QStringLiteral("%1 takes no arguments, got '%2'")
                          .arg(ctx.commandPath, line.arguments().first());
        else if (message.isEmpty())
            message = QStringLiteral("%1 takes %2").arg(ctx.commandPath, command->arguments);
        return ctx.usageError(message);
    }
    for (const auto& c : m_commands)
        if (c->commands().constFirst().path.constFirst() == line.path().constFirst())
            return c->run(ctx, line);
    return ctx.usageError(QStringLiteral("unknown command '%1'").arg(ctx.commandPath));
}

} // namespace dmsx::cli
