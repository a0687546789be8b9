#include "cli/CliApplication.h"

#include "cli/ApplyCommand.h"
#include "cli/DiagnoseCommand.h"
#include "cli/HistoryCommand.h"
#include "cli/ProfilesCommand.h"
#include "cli/ProjectsCommand.h"
#include "cli/StatusCommand.h"
#include "cli/WhoamiCommand.h"

#include "base/Version.h"
#include "cli/CliCommand.h"
#include "cli/CliContext.h"
#include "cli/ExitCode.h"
#include "cli/SigV4Command.h"

#include <QCommandLineParser>
#include <QLoggingCategory>

namespace dmsx::cli {

CliApplication::CliApplication()
{
    m_commands.push_back(std::make_unique<ProjectsCommand>());
    m_commands.push_back(std::make_unique<ApplyCommand>());
    m_commands.push_back(std::make_unique<StatusCommand>());
    m_commands.push_back(std::make_unique<HistoryCommand>());
    m_commands.push_back(std::make_unique<SigV4Command>());
    m_commands.push_back(std::make_unique<WhoamiCommand>());
    m_commands.push_back(std::make_unique<DiagnoseCommand>());
    m_commands.push_back(std::make_unique<ProfilesCommand>());
}

CliApplication::~CliApplication() = default;

QString CliApplication::helpText() const
{
    QString text = QStringLiteral(
        "Usage: dms-extpack-cli [--profile P] [--region R] [--endpoint-url URL] [--output table|json] "
        "COMMAND ...\n"
        "\n"
        "Apply and follow AWS DMS Schema Conversion extension packs from the command line.\n"
        "\n"
        "Global options:\n"
        "  --profile P          AWS profile (default: AWS_PROFILE, else \"default\")\n"
        "  --region R           AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)\n"
        "  --endpoint-url URL   Send DMS requests to this endpoint instead of AWS (e.g. dms-sim);\n"
        "                       never STS or SSO (AWS_ENDPOINT_URL_STS, _SSO or AWS_ENDPOINT_URL)\n"
        "  --allow-insecure-http  Accept http:// endpoints beyond this computer (else loopback\n"
        "                       only; also DMSX_ALLOW_INSECURE_HTTP=true)\n"
        "  --history-file FILE  Request history file (default: DMSX_HISTORY_FILE, else\n"
        "                       ~/.local/share/" DMSX_APP_ID "/history.sqlite)\n"
        "  --output FORMAT      table (default) or json; json uses the DMS member names\n"
        "  --debug              Log every HTTP attempt to stderr (redacted)\n"
        "  --quiet              No progress on stderr: only results, warnings and faults\n"
        "  --cli-connect-timeout S  Seconds to wait for a connection (0: no limit)\n"
        "  --cli-read-timeout S Seconds to wait for an answer once connected (0: no limit)\n"
        "  -h, --help           Show this help; COMMAND --help shows a command's options\n"
        "  --version            Show the version\n"
        "\n"
        "Commands:\n");
    for (const auto& command : m_commands)
        text += QStringLiteral("  ") + command->synopsis() + QLatin1Char('\n');
    text += QStringLiteral(
        "\n"
        "Exit codes:\n"
        "  0  success\n"
        "  1  AWS returned a fault (the explanation, code, HTTP status and request id are printed)\n"
        "  2  usage error\n"
        "  3  credentials or configuration problem\n"
        "  4  network, TLS or timeout problem, or an unreadable response\n"
        "  5  the extension pack association ended FAILED or CANCELED\n"
        "  130 cancelled (Ctrl+C)\n");
    return text;
}

int CliApplication::run(const QStringList& arguments)
{
    CliContext ctx;

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QString(), QStringLiteral("P"));
    const QCommandLineOption regionOpt(QStringLiteral("region"), QString(), QStringLiteral("R"));
    const QCommandLineOption endpointOpt(QStringLiteral("endpoint-url"), QString(), QStringLiteral("URL"));
    const QCommandLineOption historyOpt(QStringLiteral("history-file"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption outputOpt(QStringLiteral("output"), QString(), QStringLiteral("FORMAT"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption versionOpt(QStringLiteral("version"));
    const QCommandLineOption debugOpt(QStringLiteral("debug"));
    const QCommandLineOption insecureOpt(QStringLiteral("allow-insecure-http"));
    const QCommandLineOption quietOpt(QStringLiteral("quiet"));
    const QCommandLineOption connectTimeoutOpt(QStringLiteral("cli-connect-timeout"), QString(),
                                               QStringLiteral("S"));
    const QCommandLineOption readTimeoutOpt(QStringLiteral("cli-read-timeout"), QString(),
                                            QStringLiteral("S"));
    parser.addOptions({profileOpt, regionOpt, endpointOpt, historyOpt, outputOpt, helpOpt, versionOpt,
                       debugOpt, insecureOpt, quietOpt, connectTimeoutOpt, readTimeoutOpt});

    if (!parser.parse(arguments))
        return ctx.usageError(parser.errorText());
    if (parser.isSet(versionOpt)) {
        ctx.out() << "dms-extpack-cli " << DMSX_VERSION << '\n';
        return ExitOk;
    }
    const QStringList rest = parser.positionalArguments();
    if (parser.isSet(helpOpt) || rest.isEmpty()) {
        if (rest.isEmpty() && !parser.isSet(helpOpt)) {
            ctx.err() << helpText();
            return ExitUsage;
        }
        ctx.out() << helpText();
        return ExitOk;
    }

    ctx.debug = parser.isSet(debugOpt);
    ctx.quiet = parser.isSet(quietOpt);
    for (const auto& [option, target] : {std::pair{&connectTimeoutOpt, &ctx.connectTimeoutSeconds},
                                         std::pair{&readTimeoutOpt, &ctx.readTimeoutSeconds}}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        const int seconds = parser.value(*option).toInt(&ok);
        if (!ok || seconds < 0 || seconds > 86400)
            return ctx.usageError(
                QStringLiteral("--%1 expects whole seconds from 0 (no limit) to 86400, got '%2'")
                    .arg(option->names().constFirst(), parser.value(*option)));
        *target = seconds;
    }
    if (ctx.debug)
        QLoggingCategory::setFilterRules(QStringLiteral("dmsx.*=true"));
    ctx.profile = parser.value(profileOpt);
    ctx.region = parser.value(regionOpt);
    ctx.endpointUrl = parser.value(endpointOpt);
    // An empty value would silently mean "real AWS" to someone who meant the simulator.
    if (parser.isSet(endpointOpt) && ctx.endpointUrl.trimmed().isEmpty())
        return ctx.usageError(QStringLiteral("--endpoint-url needs a URL, such as http://127.0.0.1:PORT"));
    ctx.allowInsecureHttp = parser.isSet(insecureOpt);
    ctx.historyFile = parser.value(historyOpt);
    if (parser.isSet(outputOpt)) {
        const QString format = parser.value(outputOpt);
        if (format == QLatin1String("json"))
            ctx.output = OutputFormat::Json;
        else if (format == QLatin1String("table"))
            ctx.output = OutputFormat::Table;
        else
            return ctx.usageError(QStringLiteral("--output must be table or json, not '%1'").arg(format));
    }

    for (const auto& command : m_commands) {
        if (command->name() == rest.first())
            return command->run(ctx, rest.mid(1));
    }
    return ctx.usageError(QStringLiteral("unknown command '%1'").arg(rest.first()));
}

} // namespace dmsx::cli
